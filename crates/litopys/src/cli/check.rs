//! `litopys check`: verifies an index on disk, file by file (see `litopys_core::check`).

use std::path::PathBuf;

use clap::Args;

use super::common::{write_stdout, CliError, DAMAGED};
use crate::output;
use litopys_core::check::check_index;

/// Arguments of `litopys check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
}

/// Runs the command: exit status 0 when the index is whole, [`DAMAGED`] when not.
pub fn run(args: CheckArgs) -> Result<(), CliError> {
    if !args.index.join("meta.json").exists() {
        return Err(super::common::usage_error(anyhow::anyhow!(
            "{} holds no index: nothing to check",
            args.index.display()
        )));
    }
    let report = check_index(&args.index);
    write_stdout(|out| output::check::write(out, &report))?;
    if report.is_whole() {
        Ok(())
    } else {
        Err(CliError {
            status: DAMAGED,
            error: anyhow::anyhow!("the index {} is damaged", args.index.display()),
        })
    }
}
