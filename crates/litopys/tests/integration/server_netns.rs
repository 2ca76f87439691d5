//! `litopys serve` on a real non-loopback address: a network namespace made by the test
//! (its only interface is loopback, given the address 10.77.0.1), so nothing outside the
//! machine can reach it. Without a token the server refuses to start there; with one,
//! every API request needs it while the page itself loads. Needs root for `ip netns`;
//! elsewhere the test says why it did nothing.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::{litopys, ok, s, text, tiny_lexicon, BIN};

/// A network namespace, deleted when dropped (with the server it ran, by its pid).
struct Namespace {
    name: String,
    server: Option<Child>,
}

impl Namespace {
    fn create() -> Option<Namespace> {
        let name = format!("litopys-test-{}", std::process::id());
        let ok = |args: &[&str]| {
            Command::new("ip")
                .args(args)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !ok(&["netns", "add", &name]) {
            return None;
        }
        let ns = Namespace { name, server: None };
        let inside = |args: &[&str]| {
            let mut all = vec!["netns", "exec", &ns.name, "ip"];
            all.extend(args);
            ok(&all)
        };
        (inside(&["link", "set", "lo", "up"]) && inside(&["addr", "add", "10.77.0.1/32", "dev", "lo"]))
            .then_some(ns)
    }

    /// A command run inside the namespace.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name, program]);
        cmd
    }

    /// `curl` inside the namespace: the HTTP status of `url`.
    fn status(&self, url: &str, token: Option<&str>) -> String {
        let mut cmd = self.command("curl");
        cmd.args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"]);
        if let Some(token) = token {
            cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
        }
        text(&cmd.arg(url).output().expect("run curl").stdout)
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.name]).status();
    }
}

#[test]
fn on_a_network_address_the_archive_is_served_only_with_the_token() {
    let curl = Command::new("curl")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    if !curl.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no curl to send requests from inside the namespace");
        return;
    }
    let Some(mut ns) = Namespace::create() else {
        eprintln!("skipped: cannot make a network namespace here (needs root and `ip`)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("archive")).unwrap();
    fs::write(
        dir.path().join("archive/a.jsonl"),
        r#"{"id":"a","title":"Угода","text":"Казахстан підписав угоду з Китаєм."}"#,
    )
    .unwrap();
    let ix = dir.path().join("ix");
    ok(&litopys(&[
        "index",
        s(&dir.path().join("archive")),
        "--index",
        s(&ix),
        "--quiet",
    ]));
    let serve = |extra: &[&str]| {
        let mut cmd = ns.command(BIN);
        cmd.arg("--lexicon")
            .arg(tiny_lexicon())
            .args(["serve", "--addr", "10.77.0.1:8080", "--index", s(&ix)])
            .args(extra)
            .env_remove("LITOPYS_TOKEN")
            .env_remove("LITOPYS_LEXICON");
        cmd
    };

    // No token: refused, and nothing listens.
    let out = serve(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("token"), "{}", text(&out.stderr));
    assert_eq!(ns.status("http://10.77.0.1:8080/", None), "000");

    let token_file = dir.path().join("token");
    fs::write(&token_file, "correct-horse\n").unwrap();
    let mut child = serve(&["--token-file", s(&token_file)])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    ns.server = Some(child);
    assert!(line.contains("anyone on the network with the token"), "{line}");

    let search = "http://10.77.0.1:8080/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0";
    assert_eq!(ns.status(search, None), "401");
    assert_eq!(ns.status(search, Some("wrong")), "401");
    assert_eq!(ns.status("http://10.77.0.1:8080/api/article?id=a", None), "401");
    assert_eq!(ns.status(search, Some("correct-horse")), "200");
    assert_eq!(
        ns.status("http://10.77.0.1:8080/", None),
        "200",
        "the page asks for the token itself"
    );
}
