//! `litopys serve`: the HTTP API and the web page over an index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::common::{CliError, Context};
use crate::server::limits::Limits;
use crate::server::{ServeOptions, Server};

/// Arguments of `litopys serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Address to listen on. Localhost by default: the API has no authentication, so
    /// opening it to a network is a deliberate choice (`--addr 0.0.0.0:8080`). Port 0
    /// picks a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Longest a request may take, in seconds, before it is answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,
    /// Most hits on one page of `/api/search`.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_page)]
    max_page: usize,
    /// Most hits one export writes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_export)]
    max_export: usize,
}

/// Runs the command until Ctrl-C.
pub fn run(ctx: &Context, args: ServeArgs) -> Result<(), CliError> {
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        return Err(super::common::usage_error(anyhow::anyhow!(
            "--timeout must be a positive number of seconds"
        )));
    }
    let limits = Limits {
        timeout: Duration::from_secs_f64(args.timeout),
        max_page: args.max_page,
        max_export: args.max_export,
        ..Limits::default()
    };
    let options = ServeOptions {
        addr: args.addr,
        index: args.index,
        limits,
    };
    let server = Server::bind(options, ctx.analyzer()?)?;
    if let Some(warning) = server.warning() {
        eprintln!("litopys: warning: {warning}");
    }
    // On stdout, one line, so that scripts (and tests) can read the port chosen for :0.
    println!("litopys: serving http://{}/ (Ctrl-C stops)", server.local_addr()?);
    server.run()?;
    Ok(())
}
