//! `cargo xtask bench`: every performance figure of the project in one run.
//!
//! 1. Per-call cost and code generation time: runs
//!    `cargo run --release --example bench` (see `examples/bench.rs`).
//! 2. Build cost of the generated code: `cargo build -p aitoearn` of the crate
//!    alone (dependencies already built) with the vendored spec and with the
//!    full upstream spec, and proof that editing `src/` does not rerun
//!    `build.rs`.
//! 3. Refresh time against a local mirror of the docs site.
//! 4. Instructions per call, SDK against raw, counted by valgrind's callgrind
//!    (repeatable where wall-clock figures on a shared machine are not).

use crate::paths::cargo;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Run every benchmark and print the tables.
pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    per_call(root, quick)?;
    build_cost(root)?;
    refresh_time(root)?;
    instructions(root)?;
    Ok(())
}

/// User-space instructions per call (client and server threads together),
/// from two runs of different lengths so that start-up cancels out.
fn instructions(root: &Path) -> Result<(), String> {
    println!("\nInstructions per call (valgrind --tool=callgrind; start-up cancelled out):\n");
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("skipped: valgrind is not installed");
        return Ok(());
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binary = target.join("release/examples/bench");
    let count = |which: &str, payload: &str, calls: u32| -> Result<f64, String> {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&binary)
            .args(["--single", which, payload, &calls.to_string()])
            .output()
            .map_err(|e| format!("cannot run valgrind: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        stderr
            .lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("no instruction count in valgrind's output:\n{stderr}"))
    };
    println!("| payload | SDK | raw | ratio |");
    println!("|---|---|---|---|");
    for (payload, label, short, long) in [
        ("record", "record detail", 200, 1200),
        ("works", "works list ×100", 100, 600),
    ] {
        let per_call = |which: &str| -> Result<f64, String> {
            Ok(
                (count(which, payload, long)? - count(which, payload, short)?)
                    / f64::from(long - short),
            )
        };
        let (sdk, raw) = (per_call("sdk")?, per_call("raw")?);
        println!("| {label} | {sdk:.0} | {raw:.0} | {:.3} |", sdk / raw);
    }
    Ok(())
}

fn per_call(root: &Path, quick: bool) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.current_dir(root)
        .args(["run", "--quiet", "--release", "--example", "bench"]);
    if quick {
        cmd.args(["--", "--quick"]);
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the bench example failed: {status}"));
    }
    Ok(())
}

/// Build the crate; return the elapsed time and cargo's stderr.
fn build(
    root: &Path,
    target: &Path,
    spec_dir: Option<&Path>,
) -> Result<(Duration, String), String> {
    let mut cmd = cargo();
    cmd.current_dir(root)
        .args(["build", "-v", "-p", "aitoearn", "--target-dir"])
        .arg(target);
    match spec_dir {
        Some(dir) => cmd.env("AITOEARN_OPENAPI_DIR", dir),
        None => cmd.env_remove("AITOEARN_OPENAPI_DIR"),
    };
    let started = Instant::now();
    let output = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("cargo build failed:\n{stderr}"));
    }
    Ok((elapsed, stderr))
}

fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn ran_build_script(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        l.contains("Running") && l.contains("aitoearn-") && l.contains("build-script-build")
    })
}

fn build_cost(root: &Path) -> Result<(), String> {
    let target: PathBuf = root.join("target/bench-build");
    eprintln!("building dependencies into {} (untimed)…", target.display());
    build(root, &target, None)?;

    let spec = root.join("openapi/zh/aitoearn.openapi.json");
    touch(&spec)?;
    let (vendored, stderr) = build(root, &target, None)?;
    if !ran_build_script(&stderr) {
        return Err("touching the spec did not rerun build.rs".into());
    }

    touch(&root.join("src/lib.rs"))?;
    let (_, stderr) = build(root, &target, None)?;
    let reran = ran_build_script(&stderr);

    let upstream = root.join("../shared/upstream");
    let full = if upstream.is_dir() {
        let (t, _) = build(root, &target, Some(&upstream))?;
        build(root, &target, None)?; // leave the vendored build in place
        Some(t)
    } else {
        None
    };

    println!("\nBuild of the crate alone (dependencies built; includes build.rs and rustc):\n");
    println!("| spec | seconds |");
    println!("|---|---|");
    println!(
        "| vendored (5 operations) | {:.1} |",
        vendored.as_secs_f64()
    );
    match full {
        Some(t) => {
            println!("| full upstream | {:.1} |", t.as_secs_f64());
            println!(
                "| ratio full / vendored | {:.1} |",
                t.as_secs_f64() / vendored.as_secs_f64()
            );
        }
        None => println!("| full upstream | skipped: {} absent |", upstream.display()),
    }
    println!(
        "\nEditing src/lib.rs reran build.rs: {}",
        if reran { "YES (regression)" } else { "no" }
    );
    if reran {
        return Err("editing src/ reran build.rs".into());
    }
    Ok(())
}

/// Build cost of the crate against the full upstream spec, here and at git
/// revision `rev`, measured alternately in one run (the same target
/// directory, so only the crate itself is rebuilt): the figure a change of
/// the generator is held to.
pub fn compare_build_cost(root: &Path, rev: &str, rounds: u32) -> Result<(), String> {
    let upstream = root.join("../shared/upstream");
    if !upstream.is_dir() {
        println!("skipped: {} absent", upstream.display());
        return Ok(());
    }
    let other = root.join("target/bench-rev");
    let _ = Command::new("git")
        .current_dir(root)
        .args(["worktree", "remove", "--force"])
        .arg(&other)
        .status();
    let status = Command::new("git")
        .current_dir(root)
        .args(["worktree", "add", "--detach"])
        .arg(&other)
        .arg(rev)
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !status.success() {
        return Err(format!("cannot check out `{rev}` into {}", other.display()));
    }
    let target = root.join("target/bench-build");
    eprintln!("building dependencies into {} (untimed)…", target.display());
    build(root, &target, Some(&upstream))?;
    build(&other, &target, Some(&upstream))?;
    let mut here = Vec::new();
    let mut there = Vec::new();
    for _ in 0..rounds {
        for (dir, times) in [(root, &mut here), (other.as_path(), &mut there)] {
            touch(&dir.join("build.rs"))?;
            times.push(build(dir, &target, Some(&upstream))?.0.as_secs_f64());
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut here), median(&mut there));
    println!("\nBuild of the crate against the full upstream spec (median of {rounds} alternating rounds):\n");
    println!("| revision | seconds |");
    println!("|---|---|");
    println!("| {rev} | {b:.1} |");
    println!("| working tree | {a:.1} |");
    println!("| ratio | {:.2} |", a / b);
    let _ = Command::new("git")
        .current_dir(root)
        .args(["worktree", "remove", "--force"])
        .arg(&other)
        .status();
    Ok(())
}

fn refresh_time(root: &Path) -> Result<(), String> {
    let mirror = root.join("../shared/docsite");
    println!("\nRefresh against a local mirror of the docs site (every page fetched, 8 at a time, spec cross-checked, validated, generated):\n");
    if !mirror.is_dir() {
        println!("skipped: {} absent", mirror.display());
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    runtime.block_on(async {
        let site = static_site::serve(mirror.clone())
            .await
            .map_err(|e| format!("cannot serve the mirror: {e}"))?;
        let out =
            std::env::temp_dir().join(format!("aitoearn-bench-refresh-{}", std::process::id()));
        let mut opts = crate::refresh::Options::new(site.clone(), out.clone());
        opts.progress = false;
        println!("| step | seconds |");
        println!("|---|---|");
        for (label, codegen) in [
            ("refresh, with the generator check", true),
            ("refresh, --no-codegen-check", false),
        ] {
            opts.codegen_check = codegen;
            let _ = std::fs::remove_dir_all(&out);
            let started = Instant::now();
            match crate::refresh::refresh(&opts).await {
                Ok(_) => println!("| {label} | {:.2} |", started.elapsed().as_secs_f64()),
                Err(e) => println!("| {label} | failed: {e} |"),
            }
        }
        let _ = std::fs::remove_dir_all(&out);
        Ok(())
    })
}

/// A minimal static file server on 127.0.0.1 for the refresh benchmark.
mod static_site {
    use std::path::PathBuf;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Serve `dir` on a free port; returns the site URL.
    pub async fn serve(dir: PathBuf) -> std::io::Result<url::Url> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let dir = dir.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::with_capacity(4096);
                    let mut chunk = [0u8; 4096];
                    loop {
                        let Ok(n) = socket.read(&mut chunk).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                            buf.drain(..end + 4);
                            let path = head
                                .split_whitespace()
                                .nth(1)
                                .unwrap_or("/")
                                .split('?')
                                .next()
                                .unwrap_or("/")
                                .to_string();
                            let decoded = percent_encoding::percent_decode_str(&path)
                                .decode_utf8_lossy()
                                .into_owned();
                            let file = dir.join(decoded.trim_start_matches('/'));
                            let safe = !decoded.split('/').any(|seg| seg == "..");
                            let response = match (safe, std::fs::read(&file)) {
                                (true, Ok(body)) => {
                                    let mut r = format!(
                                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n",
                                        body.len()
                                    )
                                    .into_bytes();
                                    r.extend_from_slice(&body);
                                    r
                                }
                                _ => {
                                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".to_vec()
                                }
                            };
                            if socket.write_all(&response).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        url::Url::parse(&format!("http://{addr}/"))
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}
