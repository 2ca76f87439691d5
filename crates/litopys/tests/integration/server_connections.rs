//! Hostile and idle clients against a real `litopys serve`: hundreds of idle, half-sent and
//! trickling connections are closed by the server within its timeouts while normal
//! requests keep answering, connections over the cap are answered 503 at once, and a
//! shutdown does not wait for clients that have nothing being answered.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::server::{index_of, RunningServer, ONE_ARTICLE};

/// Slack on every "closed within its timeout" check: the machine may be busy.
const MARGIN: Duration = Duration::from_secs(3);

fn index(dir: &Path) -> String {
    index_of(dir, &[ONE_ARTICLE])
}

/// A normal search, on a fresh connection: its status.
fn search(server: &RunningServer) -> u16 {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .new_agent();
    let response = agent
        .get(server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0"))
        .call()
        .expect("search request");
    response.status().as_u16()
}

fn connect(server: &RunningServer) -> TcpStream {
    TcpStream::connect(server.base.trim_start_matches("http://")).expect("connect")
}

/// Waits until the server closes `stream` (a read gives 0 bytes or an error) and returns
/// when, or panics at `deadline`.
fn closed_by(mut stream: TcpStream, deadline: Instant, what: &str) -> Instant {
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "the server left a {what} connection open");
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return Instant::now(),
            Ok(_) => continue, // an error answer (408) before the close is fine
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                panic!("the server left a {what} connection open")
            }
            Err(_) => return Instant::now(), // reset
        }
    }
}

#[test]
fn idle_and_half_sent_connections_are_closed_while_searches_answer() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let header = Duration::from_secs(1);
    let idle = Duration::from_secs(2);
    let server = RunningServer::start(
        Path::new(&idx),
        &[
            "--header-timeout",
            "1",
            "--idle-timeout",
            "2",
            "--max-connections",
            "400",
        ],
    );
    let opened = Instant::now();
    let idle_ones: Vec<TcpStream> = (0..200).map(|_| connect(&server)).collect();
    let half_sent: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut c = connect(&server);
            c.write_all(b"GET /api/search?q=%D1%83").unwrap();
            c
        })
        .collect();
    // A trickling client sends a byte every 200 ms: never idle, but its head never ends.
    let trickle = std::thread::spawn({
        let mut c = connect(&server);
        move || {
            let started = Instant::now();
            for byte in b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nX-Slow: "
                .iter()
                .cycle()
            {
                if c.write_all(&[*byte]).is_err() || started.elapsed() > Duration::from_secs(20) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            started.elapsed()
        }
    });

    let connected = opened.elapsed();
    // Normal requests answer while the 250 are open (well before any timeout).
    for _ in 0..5 {
        assert_eq!(search(&server), 200);
    }
    let answered = opened.elapsed();

    let deadline_half = opened + header + MARGIN;
    let deadline_idle = opened + idle + MARGIN;
    let mut last_half = opened;
    for c in half_sent {
        last_half = last_half.max(closed_by(c, deadline_half, "half-sent"));
    }
    let mut last_idle = opened;
    for c in idle_ones {
        last_idle = last_idle.max(closed_by(c, deadline_idle, "idle"));
    }
    // The header timeout counts from the head's first byte, however slowly it comes; the
    // writes fail once the server has closed (the first one after the close may pass).
    let trickled = trickle.join().unwrap();
    assert!(
        trickled < header + MARGIN + Duration::from_secs(1),
        "a trickling client kept its connection for {trickled:?}"
    );
    // And the server still answers afterwards.
    assert_eq!(search(&server), 200);
    eprintln!(
        "250 connected after {connected:?}, searches answered after {answered:?}; half-sent closed by {:?}, idle by {:?}, trickling after {trickled:?}",
        last_half - opened,
        last_idle - opened
    );
}

#[test]
fn connections_over_the_cap_get_503_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let server = RunningServer::start(Path::new(&idx), &["--max-connections", "5"]);
    let mut held: Vec<TcpStream> = (0..5).map(|_| connect(&server)).collect();

    // The sixth is accepted after the five (the backlog is first in, first out).
    let mut sixth = connect(&server);
    sixth
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    sixth.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut answer = String::new();
    sixth.read_to_string(&mut answer).expect("the 503 and the close");
    let head = answer.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 503 "), "{answer}");
    assert!(head.contains("\r\nretry-after: 1\r\n"), "{answer}");

    // A freed slot serves again (once the server has seen the close).
    held.pop();
    let deadline = Instant::now() + MARGIN;
    loop {
        let status = search(&server);
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(Instant::now() < deadline, "no slot freed by a closed connection");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn shutdown_does_not_wait_for_idle_or_half_sent_clients() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    // Timeouts far beyond the test: only the shutdown may close these.
    let mut server = RunningServer::start(
        Path::new(&idx),
        &["--header-timeout", "60", "--idle-timeout", "60"],
    );
    let _idle: Vec<TcpStream> = (0..20).map(|_| connect(&server)).collect();
    let mut half = connect(&server);
    half.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut kept = connect(&server);
    kept.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    kept.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert_eq!(search(&server), 200);

    let asked = Instant::now();
    let status = server.terminate();
    let took = asked.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(
        took < Duration::from_secs(10),
        "shutdown waited {took:?} for idle clients"
    );
    eprintln!("shut down in {took:?} with 20 idle, 1 half-sent and 1 kept-alive connection");
}
