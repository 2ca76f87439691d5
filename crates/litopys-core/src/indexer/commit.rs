//! When a job commits: the one place that decides.
//!
//! A job commits at intervals, so that a crash or Ctrl-C loses little of its work: after
//! so many added, updated or deleted articles, or after so long since the last commit if
//! anything changed, whichever comes first; and once more at its end. A strict job is all
//! or nothing: it commits only at its end, and not at all if an input was skipped or the
//! reader failed. A dry run never commits.

use std::time::Duration;

/// Default `--commit-every`: articles written between commits. Each commit closes the
/// indexing threads' segments, and more segments mean more merging: commits every 20 000
/// articles made a 100 000-article build 25% slower than one commit at the end. So the
/// time limit ([`DEFAULT_COMMIT_SECS`]) is what usually triggers commits.
pub const DEFAULT_COMMIT_EVERY: u64 = 100_000;

/// Default `--commit-secs`: seconds between commits, i.e. at most about a minute of work
/// lost to a crash.
pub const DEFAULT_COMMIT_SECS: u64 = 60;

/// When to commit during a job.
///
/// Exists so that the settings (`--commit-every`, `--commit-secs`, `--strict`) and every
/// decision made from them (when a commit is due, how much to gather before handing it to
/// Tantivy, whether a failed or skipping job keeps what it read) live in one type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CommitPolicy {
    /// Commit after this many added, updated or deleted articles.
    pub every: u64,
    /// Commit after this long since the last commit (if anything changed).
    pub interval: Duration,
    /// All or nothing: commit only at the end, and only if no input was skipped.
    pub strict: bool,
}

impl Default for CommitPolicy {
    /// The policy of `litopys index` without flags.
    fn default() -> Self {
        CommitPolicy {
            every: DEFAULT_COMMIT_EVERY,
            interval: Duration::from_secs(DEFAULT_COMMIT_SECS),
            strict: false,
        }
    }
}

impl CommitPolicy {
    /// The policy of a dry run, which writes nothing: no commit is ever due, and skips
    /// refuse nothing (a dry run reports them, whether strict or not).
    pub(crate) fn dry_run() -> Self {
        CommitPolicy {
            every: u64::MAX,
            interval: Duration::MAX,
            strict: false,
        }
    }

    /// Whether the job commits before its end.
    fn commits_along_the_way(&self) -> bool {
        !self.strict
    }

    /// How many articles to gather before handing them to Tantivy (at most `batch`): no
    /// more than a commit's worth, so that a commit after [`every`](Self::every) articles
    /// is not late.
    pub fn flush_at(&self, batch: usize) -> usize {
        let batch = batch as u64;
        if self.commits_along_the_way() {
            self.every.clamp(1, batch) as usize
        } else {
            batch as usize
        }
    }

    /// Whether a commit is due before the end of the job, with `changed` articles added,
    /// updated or deleted since the last commit, `elapsed` since it, and `dirty` if
    /// anything at all changed since (a file's record counts too).
    pub fn due(&self, changed: u64, dirty: bool, elapsed: Duration) -> bool {
        self.commits_along_the_way() && (changed >= self.every.max(1) || (dirty && elapsed >= self.interval))
    }

    /// Whether what was read is committed when the reader failed before the end (deleting
    /// nothing): yes, except for a strict job, which commits all or nothing.
    pub fn keeps_partial_work(&self) -> bool {
        !self.strict
    }

    /// Whether a job that met `problems` bad inputs (skips, unreadable dates) must fail
    /// without committing.
    pub fn refuses(&self, problems: u64) -> bool {
        self.strict && problems > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_jobs_commit_only_at_the_end() {
        let strict = CommitPolicy {
            strict: true,
            ..CommitPolicy::default()
        };
        assert!(!strict.due(u64::MAX, true, Duration::MAX));
        assert_eq!(strict.flush_at(256), 256);
        assert!(!strict.keeps_partial_work());
        assert!(strict.refuses(1) && !strict.refuses(0));
    }

    #[test]
    fn commits_come_after_so_many_articles_or_so_long() {
        let p = CommitPolicy {
            every: 7,
            interval: Duration::from_secs(60),
            strict: false,
        };
        assert_eq!(p.flush_at(256), 7);
        assert!(p.due(7, true, Duration::ZERO));
        assert!(!p.due(6, true, Duration::from_secs(59)));
        assert!(p.due(0, true, Duration::from_secs(60)));
        assert!(!p.due(0, false, Duration::from_secs(600)));
        assert!(p.keeps_partial_work() && !p.refuses(3));
    }

    #[test]
    fn a_dry_run_never_commits() {
        let p = CommitPolicy::dry_run();
        assert!(!p.due(1 << 40, true, Duration::from_secs(1 << 40)));
        assert_eq!(p.flush_at(256), 256);
        assert!(!p.refuses(3));
    }
}
