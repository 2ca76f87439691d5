//! `litopys index`: the one line that says what a run did (what was indexed, how fast,
//! what changed, what was skipped, where the index is).

use std::fmt::{self, Write};

use litopys_core::indexer::budget::Mb;
use litopys_core::indexer::summary::Summary;

/// The summary line: `indexed 41 articles (0.2 MB) from 23 files in 0.4 s (105
/// articles/s, 0.5 MB/s): 41 added, 0 updated, 0 unchanged, 0 deleted; skipped 2 (1
/// malformed-json, 1 no-text); 1 commit; index: index/ (1.2 MB)`; rates count the added
/// and updated articles only. A dry run says what would change; an interrupted run says so.
pub fn summary_line(s: &Summary) -> String {
    let mut line = String::new();
    // Writing into a String cannot fail.
    let _ = write_summary(&mut line, s);
    line
}

fn write_summary(out: &mut String, s: &Summary) -> fmt::Result {
    let secs = s.elapsed.as_secs_f64().max(1e-3);
    let mut dir = s.index_dir.display().to_string();
    if !dir.ends_with(std::path::MAIN_SEPARATOR) && !dir.ends_with('/') {
        dir.push('/');
    }
    if s.dry_run {
        return write!(
                out,
                "dry run: would add {}, update {} and delete {}; {} unchanged, from {} in {:.1} s; skipped {}; nothing was written to {}",
                s.added,
                s.updated,
                s.deleted,
                s.unchanged,
                files_part(s),
                s.elapsed.as_secs_f64(),
                skipped_part(s),
                dir,
            );
    }
    if s.interrupted {
        write!(out, "interrupted, the work so far is committed: ")?;
    }
    let written = (s.added + s.updated) as f64;
    write!(
            out,
            "indexed {} ({}) from {} in {:.1} s ({:.0} articles/s, {:.1} MB/s): {} added, {} updated, {} unchanged, {} deleted; skipped {}; {}; index: {} ({})",
            plural(s.articles(), "article", "articles"),
            Mb(s.text_bytes),
            files_part(s),
            s.elapsed.as_secs_f64(),
            written / secs,
            s.text_bytes as f64 / 1e6 / secs,
            s.added,
            s.updated,
            s.unchanged,
            s.deleted,
            skipped_part(s),
            plural(s.commits, "commit", "commits"),
            dir,
            Mb(s.index_bytes),
        )?;
    if s.interrupted {
        write!(out, "; rerun to finish")?;
    }
    Ok(())
}

/// `ignored 3 files of unknown type: .pdf 2, .docx 1`, when the archive's folders held
/// files of no type Litopys reads; `None` otherwise.
pub fn ignored_note(s: &Summary) -> Option<String> {
    let total: u64 = s.ignored.values().sum();
    if total == 0 {
        return None;
    }
    let mut kinds: Vec<(&String, &u64)> = s.ignored.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = kinds.iter().map(|(ext, n)| format!("{ext} {n}")).collect();
    Some(format!(
        "ignored {} of unknown type: {}",
        plural(total, "file", "files"),
        list.join(", ")
    ))
}

/// `read 3 files in a detected encoding (windows-1251 2, koi8-u 1); --encoding NAME forces
/// one`, when the detector chose any file's encoding; `None` otherwise.
pub fn detected_note(s: &Summary) -> Option<String> {
    if s.detected.is_empty() {
        return None;
    }
    let mut by_name: std::collections::BTreeMap<&str, u64> = Default::default();
    for (_, name) in &s.detected {
        *by_name.entry(name).or_default() += 1;
    }
    let mut names: Vec<(&str, u64)> = by_name.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = names
        .iter()
        .map(|(n, c)| format!("{} {c}", n.to_lowercase()))
        .collect();
    Some(format!(
        "read {} in a detected encoding ({}); `--report` lists them, `--encoding NAME` forces one",
        plural(s.detected.len() as u64, "file", "files"),
        list.join(", ")
    ))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `2 (1 malformed-json, 1 no-text)`, and `, 3 undated (unreadable date)` when dates could
/// not be read.
fn skipped_part(s: &Summary) -> String {
    let mut part = s.skips.to_string();
    if s.undated > 0 {
        part.push_str(&format!(", {} undated (unreadable date)", s.undated));
    }
    part
}

/// `23 files`, or `25 files (22 unchanged)`.
fn files_part(s: &Summary) -> String {
    let mut part = plural(s.files as u64, "file", "files");
    if s.files_unchanged > 0 {
        part.push_str(&format!(" ({} unchanged)", s.files_unchanged));
    }
    part
}

/// One line per shard of a `--shard-by` run: `shard 2024-03: 1 added, 2 updated, 0
/// deleted, 14 unchanged; 17 articles, 2024-03-01..2024-03-31`, `shard 2024-04: skipped
/// (no article changed); 9 articles, …` or `shard 2023-12: removed (no article left)`,
/// so that a scheduled job's log says which shards were touched.
pub fn shard_lines(s: &litopys_core::indexer::shards::ShardsSummary) -> Vec<String> {
    use litopys_core::indexer::shards::ShardStatus;
    s.shards
        .iter()
        .map(|o| {
            let days = match &o.days {
                (Some(first), Some(last)) => format!(", {first}..{last}"),
                _ => String::new(),
            };
            let size = format!("{}{days}", plural(o.articles, "article", "articles"));
            match (o.status, &o.summary) {
                (ShardStatus::Indexed, Some(j)) => format!(
                    "shard {}: {} added, {} updated, {} deleted, {} unchanged; {size}",
                    o.name, j.added, j.updated, j.deleted, j.unchanged
                ),
                (ShardStatus::Removed, _) => format!("shard {}: removed (no article left)", o.name),
                (ShardStatus::Built, _) => format!("shard {}: built as planned; {size}", o.name),
                _ => format!("shard {}: skipped (no article changed); {size}", o.name),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use litopys_core::indexer::summary::SkipCounts;
    use std::time::Duration;

    #[test]
    fn a_full_run() {
        let mut skips = SkipCounts::default();
        skips.add("malformed-json");
        skips.add("no-text");
        let s = Summary {
            added: 41,
            text_bytes: 210_000,
            files: 23,
            elapsed: Duration::from_millis(400),
            skips,
            commits: 1,
            index_dir: "index".into(),
            index_bytes: 1_230_000,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "indexed 41 articles (0.2 MB) from 23 files in 0.4 s (102 articles/s, 0.5 MB/s): \
             41 added, 0 updated, 0 unchanged, 0 deleted; \
             skipped 2 (1 malformed-json, 1 no-text); 1 commit; index: index/ (1.2 MB)"
        );
    }

    #[test]
    fn summary_of_an_incremental_run() {
        let s = Summary {
            added: 3,
            updated: 1,
            unchanged: 37,
            deleted: 2,
            text_bytes: 20_000,
            files: 25,
            files_read: 3,
            files_unchanged: 22,
            elapsed: Duration::from_millis(200),
            commits: 2,
            index_dir: "/tmp/ix/".into(),
            index_bytes: 0,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "indexed 41 articles (0.0 MB) from 25 files (22 unchanged) in 0.2 s (20 articles/s, 0.1 MB/s): \
             3 added, 1 updated, 37 unchanged, 2 deleted; skipped 0; 2 commits; index: /tmp/ix/ (0.0 MB)"
        );
        let dry = Summary {
            dry_run: true,
            commits: 0,
            ..s.clone()
        };
        assert_eq!(
            summary_line(&dry),
            "dry run: would add 3, update 1 and delete 2; 37 unchanged, from 25 files (22 unchanged) \
             in 0.2 s; skipped 0; nothing was written to /tmp/ix/"
        );
        let stopped = Summary {
            interrupted: true,
            ..s
        };
        let line = summary_line(&stopped);
        assert!(
            line.starts_with("interrupted, the work so far is committed: indexed 41 articles")
                && line.ends_with("; rerun to finish"),
            "{line}"
        );
    }

    #[test]
    fn summary_singular_and_zero_time() {
        let s = Summary {
            added: 1,
            files: 1,
            commits: 1,
            index_dir: "/tmp/ix/".into(),
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s),
            "indexed 1 article (0.0 MB) from 1 file in 0.0 s (1000 articles/s, 0.0 MB/s): \
             1 added, 0 updated, 0 unchanged, 0 deleted; skipped 0; 1 commit; index: /tmp/ix/ (0.0 MB)"
        );
        let r = s.report();
        assert_eq!((r.added, r.files, r.commits, r.interrupted), (1, 1, 1, false));
    }
}
