//! A real `litopys serve` process on a free port, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::{litopys, ok, s, tiny_lexicon, BIN};

/// A running server.
pub struct RunningServer {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    /// The start-up line (who can reach the server).
    pub line: String,
}

impl RunningServer {
    /// Starts `litopys serve --index INDEX --addr 127.0.0.1:0 EXTRA…` with the tiny
    /// lexicon and waits for the line that names its address.
    pub fn start(index: &Path, extra: &[&str]) -> Self {
        Self::start_with(tiny_lexicon(), index, extra)
    }

    /// Like [`RunningServer::start`] with a given lexicon.
    pub fn start_with(lexicon: &Path, index: &Path, extra: &[&str]) -> Self {
        let mut child = Command::new(BIN)
            .arg("--lexicon")
            .arg(lexicon)
            .args(["serve", "--addr", "127.0.0.1:0", "--index"])
            .arg(index)
            .args(extra)
            .env_remove("LITOPYS_LEXICON")
            .env_remove("LITOPYS_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start litopys serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the server's address");
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in «{line}»"))
            .trim_end_matches('/')
            .to_string();
        RunningServer { child, base, line }
    }

    /// Sends SIGTERM (what a service manager sends) and waits for the process to end.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM failed");
        self.child.wait().expect("wait for the server")
    }

    /// The URL of `path_and_query` on this server.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One short article, for servers whose tests are about connections and access rather
/// than answers.
pub const ONE_ARTICLE: &str =
    r#"{"id":"a","date":"2024-03-01","title":"Угода","text":"Казахстан підписав угоду з Китаєм."}"#;

/// Writes `lines` (JSON Lines articles) to `dir/archive/news.jsonl` and indexes them into
/// `dir/idx` with the tiny lexicon; returns the index folder.
pub fn index_of(dir: &Path, lines: &[&str]) -> String {
    std::fs::create_dir_all(dir.join("archive")).unwrap();
    std::fs::write(dir.join("archive/news.jsonl"), lines.join("\n")).unwrap();
    let idx = dir.join("idx").display().to_string();
    ok(&litopys(&[
        "index",
        s(&dir.join("archive")),
        "--index",
        &idx,
        "--quiet",
    ]));
    idx
}
