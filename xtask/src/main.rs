//! Project automation for aitoearn-rs, run as `cargo xtask <command>`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use xtask::args::Args;
use xtask::diff::{self, render};
use xtask::paths::{self, workspace_root};
use xtask::refresh::{self, From};
use xtask::{check, drift_job, drift_pr, semver, semver_checks, surface, variants, Error, Result};

const HELP: &str = "\
cargo xtask <command>

Commands:
  refresh [--site URL] [--primary zh] [--out DIR] [--from auto|spec|pages]
          [--timeout SECS] [--retries N] [--no-codegen-check]
              Rebuild the vendored specs, every language the docs site lists
              in its llms.txt (DIR/<lang>/aitoearn.openapi.json; DIR defaults
              to openapi/), validate them, check the SDK generates from the
              set, write them together in canonical form (or nothing), remove
              a language the site no longer publishes, and print the drift of
              the primary language (a change to translations only is reported
              as docs-only). The site is --site, else the AITOEARN_DOCS_SITE
              environment variable, else https://docs.aitoearn.ai.
  diff OLD NEW [--format md|json] [--fail-on-breaking]
              Report API drift between two specs (each a spec file or directory,
              read as the build reads it), breaking changes first.
              Exits with 1 when --fail-on-breaking is given and something breaks.
  drift-pr OLD NEW --out-dir DIR [--manifest Cargo.toml] [--changelog CHANGELOG.md] [--apply]
              Write the API-drift pull request's title.txt, body.md, labels.txt,
              changelog.md and version.txt into DIR (nothing when the specs are
              equal). --apply also sets the manifest's [package] version and adds
              the entry to the changelog.
  drift-job --out-dir DIR [--site URL] [--from auto|spec|pages] [--github-output FILE]
            [--target-dir DIR]
              The API-drift job, end to end: refresh every language of the spec
              (site: --site, else $AITOEARN_DOCS_SITE, else the docs site); when
              openapi/ changed, write the pull request's files into DIR (as
              drift-pr does, plus from-version.txt), apply the CHANGELOG entry
              and version bump, regenerate the surface file and name locks, then
              build, test and run the sandbox quickstart. A failing check is
              reported in the pull request body (label drift-checks-failing),
              never a reason to stop; a failed refresh fails the command.
              --github-output appends `changed`, `title` and `labels`.
  drift-semver --out-dir DIR --outcome success|failure|skipped|cancelled
            [--github-output FILE]
              Feed cargo-semver-checks' verdict into the drift job's pull request
              in DIR: add it to the body; on a breaking change the report missed,
              raise the version bump and add the breaking label.
  surface [--lang zh]
              Regenerate openapi/<lang>/aitoearn.surface.txt, the listing of the
              SDK's operations and types, and openapi/method-names.txt and
              openapi/type-names.txt, the locks that keep every method name and
              every enum type name.
  check [--lang zh]
              Fail unless the vendored spec is canonical and the surface file and
              the name locks are current.
  variants --out DIR
              Write spec variants of openapi/ (one upstream change each: added
              optional query parameter, body property, response property, enum
              value, operation; removed response property, added required
              parameter) into DIR/<variant>/, each with the layout of openapi/.
  caller-check [--each] [--work-dir DIR] [--target-dir DIR]
              Type-check tests/call_style.rs (code written against the vendored
              spec) against the SDK generated with every non-breaking spec
              variant applied at once; --each also checks each variant alone.
  semver-variants [--work-dir DIR] [--target-dir DIR] [--only VARIANT]
              Run cargo-semver-checks on the SDK's rustdoc JSON built from
              openapi/ against each variant's (variants and JSON in the work
              dir, default target/semver-variants; builds in the target dir,
              default target/); fails unless the non-breaking variants need
              no major release and the breaking ones do.
  bench [--quick]
              Print every performance figure: per-call cost of the SDK against
              raw reqwest, code generation time, build cost with the vendored
              and the full upstream spec (and that editing src/ does not rerun
              build.rs), and refresh time against ../shared/docsite.
  bench --build-cost-against REV [--rounds N]
              Only the build cost against the full upstream spec, of the working
              tree and of git revision REV, measured alternately (default 3 rounds).
  help        Show this message

Project automation for aitoearn-rs (the xtask pattern: plain Rust, no shell scripts).
";

fn run_bench(rest: &[String]) -> Result<ExitCode> {
    let args = Args::parse(rest, &["build-cost-against", "rounds"], &["quick"])?;
    let root = workspace_root();
    let outcome = match args.value("build-cost-against") {
        Some(rev) => {
            let rounds = match args.value("rounds") {
                Some(n) => n
                    .parse()
                    .map_err(|_| Error::Usage(format!("`--rounds {n}` is not a number")))?,
                None => 3,
            };
            xtask::bench::compare_build_cost(&root, rev, rounds)
        }
        None => xtask::bench::run(&root, args.flag("quick")),
    };
    outcome.map(|()| ExitCode::SUCCESS).map_err(Error::Bench)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first().map(String::as_str) else {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    };
    let rest = &args[1..];
    let result = match command {
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(ExitCode::SUCCESS)
        }
        "refresh" => run_refresh(rest),
        "diff" => run_diff(rest),
        "drift-pr" => run_drift_pr(rest),
        "drift-job" => run_drift_job(rest),
        "drift-semver" => run_drift_semver(rest),
        "surface" => run_surface(rest),
        "check" => run_check(rest),
        "variants" => run_variants(rest),
        "caller-check" => run_caller_check(rest),
        "semver-variants" => run_semver_variants(rest),
        "bench" => run_bench(rest),
        other => Err(Error::Usage(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(Error::Usage(message)) => {
            eprintln!("error: {message}\n\n{HELP}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_refresh(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(
        raw,
        &["site", "primary", "out", "from", "timeout", "retries"],
        &["no-codegen-check"],
    )?;
    args.expect_positionals(0, "no positional arguments")?;
    let site = refresh::site(args.value("site"))?;
    let out = args
        .value("out")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("openapi"));
    let mut opts = refresh::Options::new(site, out);
    if let Some(primary) = args.value("primary") {
        if !aitoearn_codegen::languages::is_language_tag(primary) {
            return Err(Error::Usage(format!(
                "`--primary {primary}`: not a language tag"
            )));
        }
        opts.primary = primary.to_string();
    }
    if let Some(from) = args.value("from") {
        opts.from = from.parse::<From>()?;
    }
    if let Some(t) = args.value("timeout") {
        let secs: f64 = t
            .parse()
            .map_err(|_| Error::Usage(format!("`--timeout {t}`: expected seconds")))?;
        opts.fetch.timeout = Duration::try_from_secs_f64(secs)
            .map_err(|_| Error::Usage(format!("`--timeout {t}`: expected seconds")))?;
    }
    if let Some(r) = args.value("retries") {
        opts.fetch.retries = r
            .parse()
            .map_err(|_| Error::Usage(format!("`--retries {r}`: expected a number")))?;
    }
    opts.codegen_check = !args.flag("no-codegen-check");
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Error::Usage(format!("cannot start the async runtime: {e}")))?;
    let outcome = runtime.block_on(refresh::refresh(&opts))?;
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!("from {}:", outcome.sources);
    for lang in &outcome.languages {
        let ops = aitoearn_codegen::spec::read_json(&lang.path)
            .map(|spec| aitoearn_codegen::spec::operations(&spec).count())
            .unwrap_or(0);
        eprintln!(
            "  {} {} ({ops} operations)",
            if lang.changed { "wrote" } else { "unchanged:" },
            lang.path.display(),
        );
    }
    for lang in &outcome.removed {
        eprintln!(
            "  removed {}: the site no longer publishes `{lang}`",
            outcome.root.join(lang).join(paths::SPEC_FILE).display()
        );
    }
    if outcome.docs_only {
        println!(
            "Docs-only refresh: the primary (`{}`) spec is unchanged; only translations changed.",
            opts.primary
        );
    }
    match &outcome.drift {
        Some(report) => print!("{}", render::markdown(report)),
        None => println!("(no previous spec to compare with)"),
    }
    Ok(ExitCode::SUCCESS)
}

/// One side of a comparison (a spec file or directory), read as the build
/// reads a spec; what reading changed is printed as warnings.
fn read_spec(path: &str) -> Result<serde_json::Value> {
    let loaded = aitoearn_codegen::load_spec_path(std::path::Path::new(path), None)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(loaded.spec)
}

fn run_diff(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["format"], &["fail-on-breaking"])?;
    let files = args.expect_positionals(2, "two specs (files or directories): OLD NEW")?;
    let report = diff::compare(&read_spec(&files[0])?, &read_spec(&files[1])?);
    match args.value("format").unwrap_or("md") {
        "md" => print!("{}", render::markdown(&report)),
        "json" => print!("{}", render::json(&report)),
        other => {
            return Err(Error::Usage(format!(
                "`--format {other}`: expected md or json"
            )))
        }
    }
    if args.flag("fail-on-breaking") && report.has_breaking() {
        eprintln!("error: {} breaking change(s)", report.breaking_count());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn run_drift_pr(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["out-dir", "manifest", "changelog"], &["apply"])?;
    let files = args.expect_positionals(2, "two specs (files or directories): OLD NEW")?;
    let out_dir = PathBuf::from(
        args.value("out-dir")
            .ok_or_else(|| Error::Usage("`--out-dir DIR` is required".into()))?,
    );
    let root = workspace_root();
    let manifest = args
        .value("manifest")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("Cargo.toml"));
    let changelog = args
        .value("changelog")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("CHANGELOG.md"));
    let manifest_text = std::fs::read_to_string(&manifest).map_err(|e| Error::io(&manifest, e))?;
    let current = semver::manifest_version(&manifest_text)?;
    let Some(pr) = drift_pr::prepare(&read_spec(&files[0])?, &read_spec(&files[1])?, current)
    else {
        eprintln!("no drift: the specs are equal, nothing written");
        return Ok(ExitCode::SUCCESS);
    };
    drift_pr::write(&pr, &out_dir)?;
    if args.flag("apply") {
        drift_pr::apply(&pr, &manifest, &changelog)?;
    }
    eprintln!(
        "{} ({} → {}); files in {}",
        pr.title,
        pr.from_version,
        pr.version,
        out_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_drift_job(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(
        raw,
        &["out-dir", "site", "from", "github-output", "target-dir"],
        &[],
    )?;
    args.expect_positionals(0, "no positional arguments")?;
    let out_dir = PathBuf::from(
        args.value("out-dir")
            .ok_or_else(|| Error::Usage("`--out-dir DIR` is required".into()))?,
    );
    let site = refresh::site(args.value("site"))?;
    let mut opts = drift_job::Options::new(workspace_root(), site, out_dir);
    if let Some(from) = args.value("from") {
        opts.refresh.from = from.parse::<From>()?;
    }
    opts.target_dir = args.value("target-dir").map(PathBuf::from);
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Error::Usage(format!("cannot start the async runtime: {e}")))?;
    let outcome = runtime.block_on(drift_job::run(&opts))?;
    if let Some(file) = args.value("github-output") {
        drift_job::github_outputs(
            std::path::Path::new(file),
            &drift_job::outputs_of(outcome.pr.as_ref()),
        )?;
    }
    match &outcome.pr {
        Some(pr) => eprintln!(
            "{} ({} → {}); {} of {} checks failed; files in {}",
            pr.title,
            pr.from_version,
            pr.version,
            outcome.checks.iter().filter(|c| !c.passed).count(),
            outcome.checks.len(),
            opts.out_dir.display()
        ),
        None => eprintln!("no drift: nothing to open a pull request for"),
    }
    Ok(ExitCode::SUCCESS)
}

fn run_drift_semver(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["out-dir", "outcome", "github-output"], &[])?;
    args.expect_positionals(0, "no positional arguments")?;
    let value = |name: &str| {
        args.value(name)
            .ok_or_else(|| Error::Usage(format!("`--{name}` is required")))
    };
    let pr_dir = PathBuf::from(value("out-dir")?);
    let verdict = drift_job::verdict::apply(&workspace_root(), &pr_dir, value("outcome")?)?;
    if let Some(file) = args.value("github-output") {
        drift_job::github_outputs(
            std::path::Path::new(file),
            &[("labels", verdict.labels.join(","))],
        )?;
    }
    eprintln!(
        "cargo-semver-checks verdict added; version {}{}",
        verdict.version,
        if verdict.raised { " (raised)" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

fn run_surface(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["lang"], &[])?;
    args.expect_positionals(0, "no positional arguments")?;
    let lang = args.value("lang").unwrap_or("zh");
    let changed = surface::write(&workspace_root().join("openapi"), lang)?;
    eprintln!(
        "{} openapi/{lang}/{}",
        if changed { "wrote" } else { "unchanged:" },
        paths::SURFACE_FILE
    );
    Ok(ExitCode::SUCCESS)
}

fn run_check(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["lang"], &[])?;
    args.expect_positionals(0, "no positional arguments")?;
    check::check(
        &workspace_root().join("openapi"),
        args.value("lang").unwrap_or("zh"),
    )?;
    eprintln!("check: vendored spec is canonical and the surface file is current");
    Ok(ExitCode::SUCCESS)
}

fn run_caller_check(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["work-dir", "target-dir"], &["each"])?;
    args.expect_positionals(0, "no positional arguments")?;
    let root = workspace_root();
    let work = args
        .value("work-dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target").join("caller-check"));
    let target = args
        .value("target-dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    xtask::caller_check::run(&root, &work, &target, args.flag("each"))?;
    Ok(ExitCode::SUCCESS)
}

fn run_variants(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["out"], &[])?;
    args.expect_positionals(0, "no positional arguments")?;
    let out = PathBuf::from(
        args.value("out")
            .ok_or_else(|| Error::Usage("`--out DIR` is required".into()))?,
    );
    for dir in variants::write_all(&workspace_root().join("openapi"), &out)? {
        println!("{}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn run_semver_variants(raw: &[String]) -> Result<ExitCode> {
    let args = Args::parse(raw, &["work-dir", "target-dir", "only"], &[])?;
    args.expect_positionals(0, "no positional arguments")?;
    let root = workspace_root();
    let work = args
        .value("work-dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target").join("semver-variants"));
    let target = args
        .value("target-dir")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let outcomes = semver_checks::run(&root, &work, &target, args.value("only"))?;
    let mut failed = 0;
    for o in &outcomes {
        let expected = if o.variant.breaking {
            "major"
        } else {
            "no major"
        };
        let found = if o.major { "major" } else { "no major" };
        let mark = if o.as_expected() { "ok" } else { "UNEXPECTED" };
        println!(
            "{mark:10} {:34} expected {expected:8}, cargo-semver-checks: {found:8} {}",
            o.variant.name, o.summary
        );
        failed += usize::from(!o.as_expected());
    }
    if failed > 0 {
        eprintln!("error: {failed} variant(s) with an unexpected verdict");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
