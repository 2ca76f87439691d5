//! `litopys optimize`: merges the index's segments into one, on demand.

use std::path::PathBuf;

use clap::Args;

use super::common::{format_arg, index_error, write_stdout, CliError};
use crate::output::{self, Format};
use litopys_core::indexer::optimize::optimize;

/// Arguments of `litopys optimize`.
#[derive(Args, Debug)]
pub struct OptimizeArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::optimize::FORMATS))]
    format: Format,
}

/// Runs the command.
pub fn run(args: OptimizeArgs) -> Result<(), CliError> {
    let report = optimize(&args.index).map_err(index_error)?;
    write_stdout(|out| output::optimize::write(out, &args.index, &report, args.format))
}
