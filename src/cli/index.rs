//! `litopys index` (being written).

use clap::Args;

use super::{CliError, Context};

/// Arguments of `litopys index`.
#[derive(Args, Debug)]
pub struct IndexArgs {}

/// Runs the command.
pub fn run(_ctx: &Context, _args: IndexArgs) -> Result<(), CliError> {
    Err(anyhow::anyhow!("`litopys index` is not available yet").into())
}
