//! Who may read the archive through `litopys serve`: loopback without a token as before, a
//! token enforced on every `/api/*` request when given, and no start on a network address
//! without a token or `--public` (tested with `0.0.0.0:0`, refused before anything binds).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::server::{index_of, RunningServer, ONE_ARTICLE};
use crate::common::{s, text, tiny_lexicon, BIN};

fn index(dir: &Path) -> String {
    index_of(dir, &[ONE_ARTICLE])
}

/// GET `url` with an optional `Authorization` value: status, `WWW-Authenticate`, body.
fn get(url: &str, authorization: Option<&str>) -> (u16, Option<String>, String) {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut request = agent.get(url);
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    let mut response = request.call().expect("HTTP request");
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    let status = response.status().as_u16();
    (status, challenge, response.body_mut().read_to_string().unwrap())
}

#[test]
fn loopback_without_a_token_answers_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(Path::new(&index(dir.path())), &[]);
    assert!(server.line.contains("only this machine"), "{}", server.line);
    let (status, _, body) = get(&server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0"), None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"total\":1"), "{body}");
}

#[test]
fn a_token_is_required_on_every_api_request() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let token_file = dir.path().join("token");
    fs::write(&token_file, "correct-horse-battery\n").unwrap();
    let server = RunningServer::start(Path::new(&idx), &["--token-file", s(&token_file)]);
    assert!(server.line.contains("with the token"), "{}", server.line);

    for path in [
        "/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0",
        "/api/stats",
        "/api/articles/a",
        "/api/export?format=jsonl",
        "/api/nothing-here",
    ] {
        let url = server.url(path);
        for wrong in [
            None,
            Some("Bearer wrong"),
            Some("Bearer correct-horse-batter"),
            Some("correct-horse-battery"),
        ] {
            let (status, challenge, body) = get(&url, wrong);
            assert_eq!(status, 401, "{path} with {wrong:?}: {body}");
            assert_eq!(challenge.as_deref(), Some("Bearer"), "{path}");
            assert!(!body.contains("Казахстан"), "{path} leaked the archive: {body}");
        }
    }
    let (status, _, body) = get(
        &server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0"),
        Some("Bearer correct-horse-battery"),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"total\":1"), "{body}");
    let (status, _, body) = get(
        &server.url("/api/export?format=jsonl"),
        Some("Bearer correct-horse-battery"),
    );
    assert_eq!(status, 200);
    assert!(body.contains("Казахстан"), "{body}");
    // The page holds no archive content and asks for the token itself.
    let (status, _, page) = get(&server.url("/"), None);
    assert_eq!(status, 200);
    assert!(page.contains("<html"), "{page}");
    let (status, _, _) = get(&server.url("/assets/api.js"), None);
    assert_eq!(status, 200);
}

/// `litopys serve --addr ADDR ARGS…` with `LITOPYS_TOKEN` as given: the status and stderr.
fn serve_refused(idx: &str, addr: &str, args: &[&str], env_token: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("--lexicon")
        .arg(tiny_lexicon())
        .args(["serve", "--index", idx, "--addr", addr])
        .args(args)
        .env_remove("LITOPYS_LEXICON")
        .env_remove("LITOPYS_TOKEN");
    if let Some(token) = env_token {
        cmd.env("LITOPYS_TOKEN", token);
    }
    let out = cmd.output().expect("run litopys serve");
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

#[test]
fn a_network_address_needs_a_token_or_public() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let (status, stderr) = serve_refused(&idx, "0.0.0.0:0", &[], None);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("without an access token"), "{stderr}");
    assert!(
        stderr.contains("--token-file") && stderr.contains("--public"),
        "{stderr}"
    );
    let (status, stderr) = serve_refused(&idx, "[::]:0", &[], None);
    assert_eq!(status, 2, "{stderr}");
    // An empty token is no token.
    let (status, stderr) = serve_refused(&idx, "0.0.0.0:0", &[], Some("  "));
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("empty"), "{stderr}");
    let empty = dir.path().join("empty-token");
    fs::write(&empty, "\n").unwrap();
    let (status, stderr) = serve_refused(&idx, "0.0.0.0:0", &["--token-file", s(&empty)], None);
    assert_eq!(status, 2, "{stderr}");
    let (status, stderr) = serve_refused(
        &idx,
        "0.0.0.0:0",
        &["--token-file", s(&dir.path().join("missing"))],
        None,
    );
    assert_ne!(status, 0, "{stderr}");
    assert!(stderr.contains("cannot read the token file"), "{stderr}");
}

#[test]
fn the_token_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let mut child = Command::new(BIN)
        .arg("--lexicon")
        .arg(tiny_lexicon())
        .args(["serve", "--index", &idx, "--addr", "127.0.0.1:0"])
        .env_remove("LITOPYS_LEXICON")
        .env("LITOPYS_TOKEN", "from-env")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let without = get(&format!("{base}/api/stats"), None).0;
    let with = get(&format!("{base}/api/stats"), Some("Bearer from-env")).0;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!((without, with), (401, 200));
}
