//! The `litopys` binary: all the work is in the library; this only hands over to the CLI.

fn main() -> std::process::ExitCode {
    litopys::cli::run()
}
