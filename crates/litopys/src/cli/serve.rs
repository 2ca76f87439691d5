//! `litopys serve`: the HTTP API and the web page over an index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::common::{open_error, CliError, Context};
use crate::server::auth::AccessToken;
use crate::server::connections::{ConnectionLimits, DEFAULT_BACKLOG};
use crate::server::limits::Limits;
use crate::server::{ServeOptions, Server};

/// Arguments of `litopys serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Address to listen on. Localhost by default; any other address needs an access
    /// token (`--token-file`, or `LITOPYS_TOKEN`) or `--public`, so that opening the
    /// archive to a network is a deliberate choice. Port 0 picks a free port.
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
    /// Connections the kernel holds waiting to be accepted (the listen backlog; the
    /// system may cap it, see `net.core.somaxconn`).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BACKLOG)]
    backlog: u32,
    /// A file holding the access token that every `/api/*` request must send as
    /// `Authorization: Bearer TOKEN` (surrounding whitespace ignored). Without it, the
    /// environment variable `LITOPYS_TOKEN` is used if set.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Serve on a network address without a token: anyone who can reach it reads the
    /// whole archive.
    #[arg(long)]
    public: bool,
}

/// The environment variable holding the access token when `--token-file` is not given.
const TOKEN_VARIABLE: &str = "LITOPYS_TOKEN";

/// The access token, if any, and a refusal to open the archive to a network without
/// one (unless `--public`): decided before anything is bound.
fn access(args: &ServeArgs) -> Result<Option<AccessToken>, CliError> {
    let (text, from) = match &args.token_file {
        Some(file) => (
            std::fs::read_to_string(file)
                .map_err(|e| anyhow::anyhow!("cannot read the token file {}: {e}", file.display()))?,
            file.display().to_string(),
        ),
        None => match std::env::var(TOKEN_VARIABLE) {
            Ok(text) => (text, TOKEN_VARIABLE.to_string()),
            Err(_) => (String::new(), String::new()),
        },
    };
    let token = AccessToken::new(&text);
    if token.is_none() && !from.is_empty() {
        return Err(super::common::usage_error(anyhow::anyhow!(
            "the access token in {from} is empty"
        )));
    }
    if token.is_none() && !args.public && !args.addr.ip().is_loopback() {
        return Err(super::common::usage_error(anyhow::anyhow!(
            "refusing to serve the archive on {} without an access token: anyone on the network could read it. \
             Give --token-file FILE (or {TOKEN_VARIABLE}), or --public to open it to everyone",
            args.addr
        )));
    }
    Ok(token)
}

/// Who can reach the server, for its start-up line.
fn audience(addr: &SocketAddr, token: bool) -> &'static str {
    match (addr.ip().is_loopback(), token) {
        (true, false) => "only this machine",
        (true, true) => "only this machine, with the token",
        (false, true) => "anyone on the network with the token",
        (false, false) => "anyone on the network, without a token (--public)",
    }
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
    let token = access(&args)?;
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
        backlog: args.backlog.max(1),
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
        token,
    };
    let who = audience(&options.addr, options.token.is_some());
    let server = Server::bind(options, ctx.analyzer()?).map_err(open_error)?;
    if let Some(warning) = server.warning() {
        eprintln!("litopys: warning: {warning}");
    }
    // On stdout, one line, so that scripts (and tests) can read the port chosen for :0.
    println!(
        "litopys: listening on http://{}/ — {who} (Ctrl-C stops)",
        server.local_addr()?
    );
    server.run()?;
    Ok(())
}
