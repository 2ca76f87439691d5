//! Serving TCP connections by hand, so that no client holds one open for free.
//!
//! `axum::serve` keeps a connection open as long as the client likes: a few thousand idle
//! or half-sent ones exhaust the process's file descriptors. Here every connection has a
//! watchdog: a request head must arrive within the header timeout of its first byte, and
//! a connection with no request being answered and no bytes moving for the idle timeout
//! is closed. At most `max_connections` are open at once; the next ones are answered
//! `503` with `Retry-After: 1` at once and closed, rather than queued without bound.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How long a client may take, and how many may be connected at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest from the first byte of a request to the end of its head: slow senders
    /// (one byte every few seconds) are cut off here.
    pub header_timeout: Duration,
    /// Longest a connection may stay open with no request being answered and no byte
    /// moving, fresh or between keep-alive requests.
    pub idle_timeout: Duration,
    /// Most connections open at once; more are answered 503.
    pub max_connections: usize,
    /// Connections the kernel keeps waiting to be accepted (the listen backlog): beyond
    /// it, a burst of new clients is refused or retried by the kernel before the server
    /// sees them.
    pub backlog: u32,
}

/// The listen backlog unless `--backlog` says otherwise: what Rust's standard listener
/// uses, and enough since connections are accepted as fast as they come (the cap answers
/// the surplus with 503, rather than leaving it in the kernel's queue).
pub const DEFAULT_BACKLOG: u32 = 128;

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_connections: 512,
            backlog: DEFAULT_BACKLOG,
        }
    }
}

/// Accepts connections until `shutdown` completes, then lets the open ones finish their
/// requests (idle ones close at once) and returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max = limits
        .max_connections
        .clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let open = Arc::new(Semaphore::new(max));
    // Refusals are cheap but not free: at most as many being written as connections.
    let refusing = Arc::new(Semaphore::new(max));
    let (stop, stopped) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: the listener is still good,
                    // so wait a moment instead of spinning or stopping.
                    eprintln!("litopys: warning: cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        match open.clone().try_acquire_owned() {
            Ok(permit) => {
                tokio::spawn(connection(
                    stream,
                    router.clone(),
                    limits,
                    stopped.clone(),
                    permit,
                ));
            }
            Err(_) => {
                if let Ok(permit) = refusing.clone().try_acquire_owned() {
                    tokio::spawn(refuse(stream, permit));
                }
            }
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let _ = open.acquire_many(max as u32).await;
}

/// Answers one connection, closing it when the watchdog says so.
async fn connection(
    stream: TcpStream,
    router: Router,
    limits: ConnectionLimits,
    mut stopped: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Tracked {
        stream,
        activity: activity.clone(),
    });
    let inner = TowerToHyperService::new(router);
    let requests = activity.clone();
    let service = service_fn(move |request: Request<Incoming>| {
        let guard = Activity::begin_request(&requests);
        let answer = hyper::service::Service::call(&inner, request);
        async move {
            let response = answer.await?;
            Ok::<_, Infallible>(response.map(|body| Answering { body, _guard: guard }))
        }
    });
    let conn = http1::Builder::new().serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        // Shutting down, a connection with nothing being answered (idle, or a head still
        // arriving) is closed at once; the others finish their answer first.
        if stopping && !activity.answering() {
            return;
        }
        let deadline = activity.deadline(&limits);
        tokio::select! {
            _ = conn.as_mut() => return,
            () = tokio::time::sleep_until(deadline) => {
                if activity.expired(&limits) {
                    return; // dropping the connection closes the socket
                }
            }
            () = activity.1.notified() => {} // a head began, or an answer ended
            _ = stopped.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// The whole answer to a connection over the cap: a hand-written HTTP/1.1 503, then the
/// socket is closed after reading what the client sent (closing with unread bytes would
/// reset the connection and the client might never see the answer). Two seconds at most.
async fn refuse(mut stream: TcpStream, _permit: OwnedSemaphorePermit) {
    const BODY: &str = r#"{"error":{"status":503,"message":"the server has too many open connections; try again in a second"}}"#;
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        let mut read = 0;
        while read < 64 * 1024 {
            match stream.read(&mut sink).await? {
                0 => break,
                n => read += n,
            }
        }
        io::Result::Ok(())
    })
    .await;
}

/// What the watchdog knows of one connection, and how it is woken when a head begins
/// (the deadline moves earlier) or an answer ends (a shutdown may close it now).
struct Activity(Mutex<ActivityState>, Notify);

struct ActivityState {
    /// When a byte last moved either way (or the connection opened, or an answer ended).
    last: Instant,
    /// When the first byte of a request head arrived, until the head is complete.
    head_started: Option<Instant>,
    /// Requests being answered: their time is bounded by the request time limit, and
    /// a long export may pause between chunks, so the watchdog leaves them alone.
    answering: usize,
}

impl Activity {
    fn new() -> Self {
        Activity(
            Mutex::new(ActivityState {
                last: Instant::now(),
                head_started: None,
                answering: 0,
            }),
            Notify::new(),
        )
    }

    fn state(&self) -> MutexGuard<'_, ActivityState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self, bytes: usize) {
        if bytes > 0 {
            let mut s = self.state();
            s.last = Instant::now();
            if s.answering == 0 && s.head_started.is_none() {
                s.head_started = Some(s.last);
                self.1.notify_one();
            }
        }
    }

    fn wrote(&self, bytes: usize) {
        if bytes > 0 {
            self.state().last = Instant::now();
        }
    }

    /// A head is complete: hyper hands the request to the router.
    fn begin_request(this: &Arc<Self>) -> RequestGuard {
        let mut s = this.state();
        s.answering += 1;
        s.head_started = None;
        RequestGuard(this.clone())
    }

    /// When the connection must be closed if nothing happens before then.
    fn deadline(&self, limits: &ConnectionLimits) -> Instant {
        let s = self.state();
        if s.answering > 0 {
            // Look again later: the answer's end resets `last`.
            return Instant::now() + limits.idle_timeout;
        }
        let idle = s.last + limits.idle_timeout;
        match s.head_started {
            Some(started) => idle.min(started + limits.header_timeout),
            None => idle,
        }
    }

    fn answering(&self) -> bool {
        self.state().answering > 0
    }

    fn expired(&self, limits: &ConnectionLimits) -> bool {
        let busy = self.state().answering > 0;
        !busy && self.deadline(limits) <= Instant::now()
    }
}

/// Counts a request as being answered until its response body is dropped (written out,
/// or abandoned with the connection).
struct RequestGuard(Arc<Activity>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        let mut s = self.0.state();
        s.answering = s.answering.saturating_sub(1);
        s.last = Instant::now();
        self.0 .1.notify_one();
    }
}

/// A response body that keeps its request counted as being answered.
struct Answering {
    body: Body,
    _guard: RequestGuard,
}

impl hyper::body::Body for Answering {
    type Data = hyper::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling the watchdog of every byte that moves.
struct Tracked {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.stream).poll_read(cx, buf);
        this.activity.read(buf.filled().len() - before);
        result
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = result {
            this.activity.wrote(n);
        }
        result
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = result {
            this.activity.wrote(n);
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
