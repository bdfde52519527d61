//! Project automation for aitoearn-rs, run as `cargo xtask <command>`.

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

Commands:
  help        Show this message

Project automation for aitoearn-rs (the xtask pattern: plain Rust, no shell scripts).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown command `{other}`\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}
