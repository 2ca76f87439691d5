//! The `litopys` binary: the command line, the HTTP server and the rendering of what the
//! library (`litopys-core`) returns. Each command parses its flags, calls the library and
//! renders the answer; the work itself is in the library.
#![warn(missing_docs)]

mod cli;
mod malloc;
mod output;
mod progress;
mod server;
mod setup;

fn main() -> std::process::ExitCode {
    cli::run()
}
