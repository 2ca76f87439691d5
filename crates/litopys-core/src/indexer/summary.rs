//! The one-line report of an indexing run, and the skip counts it contains.
//!
//! Kept apart from the writer so that its wording (read by people and grepped by scripts)
//! is unit-tested without building an index.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// How many inputs were skipped, by [`SkipReason::kind`](crate::corpus::SkipReason::kind).
///
/// Exists so that the summary can say why articles are missing ("1 malformed-json,
/// 1 no-text") without keeping every skip in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SkipCounts {
    by_kind: BTreeMap<String, u64>,
    total: u64,
}

impl SkipCounts {
    /// Counts one skip of `kind`.
    pub fn add(&mut self, kind: &str) {
        self.add_n(kind, 1);
    }

    /// Counts `n` skips of `kind` (those an unchanged, unread file had when it was read).
    pub fn add_n(&mut self, kind: &str, n: u64) {
        *self.by_kind.entry(kind.to_string()).or_default() += n;
        self.total += n;
    }

    /// Number of skips of every kind.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// `(kind, count)`, most frequent first, ties by name.
    pub fn by_kind(&self) -> Vec<(&str, u64)> {
        let mut v: Vec<_> = self.by_kind.iter().map(|(k, n)| (k.as_str(), *n)).collect();
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
/// Exists as the result of [`build_index`](super::writer::build_index); the binary renders
/// it as the line printed at the end of `litopys index`.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Articles new to the index.
    pub added: u64,
    /// Articles replaced because their content (or place in the archive) changed.
    pub updated: u64,
    /// Articles found as the index has them (including those of unread files).
    pub unchanged: u64,
    /// Articles deleted because they vanished from the archive.
    pub deleted: u64,
    /// Bytes of title and body text of the added and updated articles.
    pub text_bytes: u64,
    /// Archive files found.
    pub files: usize,
    /// Files read (new or changed since the last job).
    pub files_read: usize,
    /// Files not read because unchanged (same size and modification time).
    pub files_unchanged: usize,
    /// Wall time from discovery to the end of the last commit.
    pub elapsed: Duration,
    /// Inputs skipped, by kind.
    pub skips: SkipCounts,
    /// Articles indexed undated because their date could not be read or stored.
    pub undated: u64,
    /// One line per file read with something to warn about (unreadable dates…).
    pub warnings: Vec<String>,
    /// Files under the archive's folders that are of no type Litopys reads, by extension
    /// (`.pdf`, `.docx`; `(none)` for names without one).
    pub ignored: BTreeMap<String, u64>,
    /// Files read in an encoding the detector guessed (not declared, marked or forced),
    /// with its name (`windows-1251`).
    pub detected: Vec<(PathBuf, &'static str)>,
    /// Commits made.
    pub commits: u64,
    /// Stopped by Ctrl-C (or SIGTERM) after committing what was read; a rerun finishes.
    pub interrupted: bool,
    /// Nothing was written: the counts say what a run would do.
    pub dry_run: bool,
    /// Things the user should know (a rebuild waiting, an index without manifest).
    pub notes: Vec<String>,
    /// The index folder, as given.
    pub index_dir: PathBuf,
    /// Size of the index folder on disk after the run.
    pub index_bytes: u64,
}

impl Summary {
    /// Articles of the archive in the index after the run: added, updated and unchanged.
    pub fn articles(&self) -> u64 {
        self.added + self.updated + self.unchanged
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
}

/// The machine-readable form of a [`Summary`] (`litopys index --report FILE`), for
/// scheduled jobs and benchmarks that must not parse the human summary line.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Articles new to the index.
    pub added: u64,
    /// Articles replaced.
    pub updated: u64,
    /// Articles deleted because they vanished from the archive.
    pub deleted: u64,
    /// Articles as the index had them.
    pub unchanged: u64,
    /// Bytes of title and body text of the added and updated articles.
    pub text_bytes: u64,
    /// Archive files found.
    pub files: usize,
    /// Files read.
    pub files_read: usize,
    /// Files not read because unchanged.
    pub files_unchanged: usize,
    /// Inputs skipped, in total.
    pub skipped: u64,
    /// Skips by kind (`malformed-json`, `no-text`, …).
    pub skipped_by_kind: BTreeMap<String, u64>,
    /// Articles indexed undated because their date could not be read.
    #[serde(default)]
    pub undated: u64,
    /// One line per file with something to warn about.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Files of types Litopys does not read, by extension.
    #[serde(default)]
    pub ignored_by_type: BTreeMap<String, u64>,
    /// Files whose text encoding was detected rather than declared: path → encoding.
    #[serde(default)]
    pub detected_encodings: BTreeMap<String, String>,
    /// Wall time in seconds.
    pub duration_s: f64,
    /// Commits made.
    pub commits: u64,
    /// Whether Ctrl-C (or SIGTERM) stopped the run after a last commit.
    pub interrupted: bool,
    /// Whether nothing was written (`--dry-run`).
    pub dry_run: bool,
    /// Size of the index folder after the run.
    pub index_bytes: u64,
}

impl Summary {
    /// The report of this run.
    pub fn report(&self) -> Report {
        Report {
            added: self.added,
            updated: self.updated,
            deleted: self.deleted,
            unchanged: self.unchanged,
            text_bytes: self.text_bytes,
            files: self.files,
            files_read: self.files_read,
            files_unchanged: self.files_unchanged,
            skipped: self.skips.total(),
            skipped_by_kind: self
                .skips
                .by_kind()
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect(),
            undated: self.undated,
            warnings: self.warnings.clone(),
            ignored_by_type: self.ignored.clone(),
            detected_encodings: self
                .detected
                .iter()
                .map(|(path, name)| (path.display().to_string(), name.to_string()))
                .collect(),
            duration_s: self.elapsed.as_secs_f64(),
            commits: self.commits,
            interrupted: self.interrupted,
            dry_run: self.dry_run,
            index_bytes: self.index_bytes,
        }
    }
}
