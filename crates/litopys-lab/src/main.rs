//! `litopys-lab`: the benchmarks and evaluations behind the project's figures, kept out
//! of the product binary. Timing goals live here, never in tests; every benchmark runs
//! its baseline in the same run and reports ratios.
#![warn(missing_docs)]

mod bench;
mod cli;
mod eval;
mod train;

fn main() -> std::process::ExitCode {
    cli::run()
}
