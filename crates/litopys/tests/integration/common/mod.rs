//! Helpers shared by the end-to-end tests: a tiny lexicon (so that the tests pass on a
//! fresh clone without the real dictionary) and running the real `litopys` binary.
#![allow(dead_code)] // each test module uses a part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_litopys");

/// The repository's sample archive (49 articles).
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// The tiny lexicon as `form<TAB>lemma<TAB>LanguageTool tag` lines: the one test
/// lexicon of the workspace (`litopys_analysis::test_lexicon`), enough Ukrainian to check
/// that inflected forms meet (Китаєм → Китай, угод → угода, комерційних → комерційний,
/// інвестує → інвестувати).
pub fn tiny_tsv() -> String {
    litopys_analysis::test_lexicon::tsv()
}

/// Builds a lexicon from TSV lines with `litopys lexicon build-tsv` into `out`.
pub fn build_lexicon(tsv: &str, out: &Path) {
    let input = out.with_extension(format!("{}.tsv", std::process::id()));
    std::fs::write(&input, tsv).expect("write the TSV");
    let output = Command::new(BIN)
        .args(["lexicon", "build-tsv"])
        .arg(&input)
        .arg(out)
        .output()
        .expect("run litopys");
    let _ = std::fs::remove_file(&input);
    assert!(
        output.status.success(),
        "build-tsv failed: {}",
        text(&output.stderr)
    );
}

/// The tiny lexicon ([`tiny_tsv`]), built once per test process under Cargo's test temp
/// folder (the build replaces the file atomically, so concurrent processes are safe).
pub fn tiny_lexicon() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let path = dir.join("tiny-lexicon.fst");
        build_lexicon(&tiny_tsv(), &path);
        path
    })
}

/// Runs `litopys --lexicon LEXICON ARGS…` in `cwd` (the current folder if `None`).
pub fn litopys_with(lexicon: &Path, cwd: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--lexicon").arg(lexicon).args(args);
    cmd.env_remove("LITOPYS_LEXICON");
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    cmd.output().expect("run litopys")
}

/// Runs `litopys ARGS…` with the tiny lexicon.
pub fn litopys(args: &[&str]) -> Output {
    litopys_with(tiny_lexicon(), None, args)
}

/// Indexes the sample corpus with the tiny lexicon into `dir/index` and returns that
/// folder: the index most end-to-end tests of answers start from.
pub fn index_sample(dir: &Path) -> PathBuf {
    let index = dir.join("index");
    ok(&litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&index),
        "--quiet",
    ]));
    index
}

/// Bytes as text (lossy), for messages and assertions.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts success and returns stdout.
pub fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// `litopys search QUERY --index INDEX --format json` (with the tiny lexicon), parsed.
pub fn search_json(index: &Path, query: &str) -> serde_json::Value {
    let out = ok(&litopys(&[
        "search",
        query,
        "--index",
        s(index),
        "--format",
        "json",
    ]));
    serde_json::from_str(&out).unwrap()
}

/// A path as `&str` for argument lists.
pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Starts `litopys --lexicon LEXICON ARGS…` without waiting, its output captured.
pub fn spawn_with(lexicon: &Path, args: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .arg("--lexicon")
        .arg(lexicon)
        .args(args)
        .env_remove("LITOPYS_LEXICON")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start litopys")
}

/// Writes JSON Lines articles `(id, title, text)` to `path`.
pub fn write_jsonl(path: &Path, articles: &[(String, String, String)]) {
    let lines: Vec<String> = articles
        .iter()
        .map(|(id, title, text)| {
            serde_json::json!({"id": id, "title": title, "date": "2024-03-12", "text": text}).to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write the archive file");
}

/// A small deterministic pseudo-random generator (xorshift64*), so that tests with
/// "random" choices are reproducible without a dependency.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub mod browser;
pub mod reindex;
pub mod server;

/// The `(name, count)` values of a JSON facet report (`facets --format json`), in order.
pub fn facet_counts(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["values"]
        .as_array()
        .expect("a facet report")
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The ids of a JSON answer's hits, sorted: what tests compare when the order is not
/// the point.
pub fn sorted_ids(v: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}
