//! `litopys serve`: the HTTP API and the web page over an index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::common::{CliError, Context};
use crate::server::connections::ConnectionLimits;
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
    /// Longest a client may take to send a request's head once it has begun, in
    /// seconds; slower ones are disconnected.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    header_timeout: f64,
    /// Longest a connection may stay open with nothing to answer and no byte moving, in
    /// seconds (fresh, or between keep-alive requests).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    idle_timeout: f64,
    /// Most connections open at once; more are answered 503 with `Retry-After: 1`.
    #[arg(long, value_name = "N", default_value_t = ConnectionLimits::default().max_connections)]
    max_connections: usize,
}

/// A positive number of seconds for `flag`, or a usage error.
fn seconds(flag: &str, value: f64) -> Result<Duration, CliError> {
    if value.is_finite() && value > 0.0 && value < 1e9 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(super::common::usage_error(anyhow::anyhow!(
            "{flag} must be a positive number of seconds"
        )))
    }
}

/// Runs the command until Ctrl-C.
pub fn run(ctx: &Context, args: ServeArgs) -> Result<(), CliError> {
    if args.max_connections == 0 || args.max_connections > u32::MAX as usize {
        return Err(super::common::usage_error(anyhow::anyhow!(
            "--max-connections must be between 1 and {}",
            u32::MAX
        )));
    }
    let connections = ConnectionLimits {
        header_timeout: seconds("--header-timeout", args.header_timeout)?,
        idle_timeout: seconds("--idle-timeout", args.idle_timeout)?,
        max_connections: args.max_connections,
    };
    let limits = Limits {
        timeout: seconds("--timeout", args.timeout)?,
        max_page: args.max_page,
        max_export: args.max_export,
        ..Limits::default()
    };
    let options = ServeOptions {
        addr: args.addr,
        index: args.index,
        limits,
        connections,
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
