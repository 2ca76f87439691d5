//! `litopys search` (being written).

use clap::Args;

use super::{CliError, Context};

/// Arguments of `litopys search`.
#[derive(Args, Debug)]
pub struct SearchArgs {}

/// Runs the command.
pub fn run(_ctx: &Context, _args: SearchArgs) -> Result<(), CliError> {
    Err(anyhow::anyhow!("`litopys search` is not available yet").into())
}
