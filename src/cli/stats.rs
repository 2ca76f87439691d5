//! `litopys stats` (being written).

use clap::Args;

use super::{CliError, Context};

/// Arguments of `litopys stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {}

/// Runs the command.
pub fn run(_ctx: &Context, _args: StatsArgs) -> Result<(), CliError> {
    Err(anyhow::anyhow!("`litopys stats` is not available yet").into())
}
