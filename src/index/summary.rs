//! The one-line report of an indexing run, and the skip counts it contains.
//!
//! Kept apart from the writer so that its wording (read by people and grepped by scripts)
//! is unit-tested without building an index.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::budget::Mb;

/// How many inputs were skipped, by [`SkipReason::kind`](crate::corpus::SkipReason::kind).
///
/// Exists so that the summary can say why articles are missing ("1 malformed-json,
/// 1 no-text") without keeping every skip in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkipCounts {
    by_kind: BTreeMap<&'static str, u64>,
    total: u64,
}

impl SkipCounts {
    /// Counts one skip of `kind`.
    pub fn add(&mut self, kind: &'static str) {
        *self.by_kind.entry(kind).or_default() += 1;
        self.total += 1;
    }

    /// Number of skips of every kind.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// `(kind, count)`, most frequent first, ties by name.
    pub fn by_kind(&self) -> Vec<(&'static str, u64)> {
        let mut v: Vec<_> = self.by_kind.iter().map(|(k, n)| (*k, *n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

impl fmt::Display for SkipCounts {
    /// `0`, or `2 (1 malformed-json, 1 no-text)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.total)?;
        if self.total > 0 {
            let parts: Vec<String> = self.by_kind().iter().map(|(k, n)| format!("{n} {k}")).collect();
            write!(f, " ({})", parts.join(", "))?;
        }
        Ok(())
    }
}

/// What an indexing run did, for the summary line.
///
/// Exists as the result of [`build_index`](super::writer::build_index); its `Display` is
/// the line printed at the end of `litopys index`.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Articles added (or replaced) in the index.
    pub articles: u64,
    /// Bytes of title and body text of those articles.
    pub text_bytes: u64,
    /// Archive files read.
    pub files: usize,
    /// Wall time from discovery to the end of the commit.
    pub elapsed: Duration,
    /// Inputs skipped, by kind.
    pub skips: SkipCounts,
    /// The index folder, as given.
    pub index_dir: PathBuf,
    /// Size of the index folder on disk after the run.
    pub index_bytes: u64,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    /// `indexed 41 articles (0.2 MB) from 23 files in 0.4 s (105 articles/s, 0.5 MB/s);
    /// skipped 2 (1 malformed-json, 1 no-text); index: index/ (1.2 MB)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-3);
        let mut dir = self.index_dir.display().to_string();
        if !dir.ends_with(std::path::MAIN_SEPARATOR) && !dir.ends_with('/') {
            dir.push('/');
        }
        write!(
            f,
            "indexed {} ({}) from {} in {:.1} s ({:.0} articles/s, {:.1} MB/s); skipped {}; index: {} ({})",
            plural(self.articles, "article", "articles"),
            Mb(self.text_bytes),
            plural(self.files as u64, "file", "files"),
            self.elapsed.as_secs_f64(),
            self.articles as f64 / secs,
            self.text_bytes as f64 / 1e6 / secs,
            self.skips,
            dir,
            Mb(self.index_bytes),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_counts_most_frequent_first() {
        let mut s = SkipCounts::default();
        assert_eq!(s.to_string(), "0");
        s.add("no-text");
        s.add("malformed-json");
        assert_eq!(s.to_string(), "2 (1 malformed-json, 1 no-text)");
        s.add("no-text");
        assert_eq!(s.to_string(), "3 (2 no-text, 1 malformed-json)");
        assert_eq!(s.total(), 3);
    }

    #[test]
    fn summary_line() {
        let mut skips = SkipCounts::default();
        skips.add("malformed-json");
        skips.add("no-text");
        let s = Summary {
            articles: 41,
            text_bytes: 210_000,
            files: 23,
            elapsed: Duration::from_millis(400),
            skips,
            index_dir: "index".into(),
            index_bytes: 1_230_000,
        };
        assert_eq!(
            s.to_string(),
            "indexed 41 articles (0.2 MB) from 23 files in 0.4 s (102 articles/s, 0.5 MB/s); \
             skipped 2 (1 malformed-json, 1 no-text); index: index/ (1.2 MB)"
        );
    }

    #[test]
    fn summary_singular_and_zero_time() {
        let s = Summary {
            articles: 1,
            text_bytes: 0,
            files: 1,
            elapsed: Duration::ZERO,
            skips: SkipCounts::default(),
            index_dir: "/tmp/ix/".into(),
            index_bytes: 0,
        };
        assert_eq!(
            s.to_string(),
            "indexed 1 article (0.0 MB) from 1 file in 0.0 s (1000 articles/s, 0.0 MB/s); \
             skipped 0; index: /tmp/ix/ (0.0 MB)"
        );
    }
}

/// The machine-readable form of a [`Summary`] (`litopys index --report FILE`), for
/// scheduled jobs and benchmarks that must not parse the human summary line.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Articles added or replaced.
    pub added: u64,
    /// Bytes of title and body text indexed.
    pub text_bytes: u64,
    /// Archive files read.
    pub files: usize,
    /// Inputs skipped, in total.
    pub skipped: u64,
    /// Skips by kind (`malformed-json`, `no-text`, …).
    pub skipped_by_kind: BTreeMap<String, u64>,
    /// Wall time in seconds.
    pub duration_s: f64,
    /// Size of the index folder after the run.
    pub index_bytes: u64,
}

impl Summary {
    /// The report of this run.
    pub fn report(&self) -> Report {
        Report {
            added: self.articles,
            text_bytes: self.text_bytes,
            files: self.files,
            skipped: self.skips.total(),
            skipped_by_kind: self
                .skips
                .by_kind()
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect(),
            duration_s: self.elapsed.as_secs_f64(),
            index_bytes: self.index_bytes,
        }
    }
}
