//! The routing pass: which shards each archive file feeds, found by reading and parsing
//! the file (no analysis, no entities, no index), so that a rerun runs only the shards
//! whose part of a changed file changed, each over just the files that feed it.

use std::collections::BTreeMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::super::ledger::position;
use super::super::manifest::mtime;
use super::key::ShardBy;
use super::manifest::{FileShare, RoutedFile};
use crate::corpus::{content_hash, read_file, ArticleDate, Skip, SourceFile};
use crate::index::document::make_storable;

/// What routing one file found.
///
/// Exists to hand the routing and, apart, what the run must report (skips, dates it
/// could not read) to the caller, which reports them once (not once per shard).
#[derive(Debug)]
pub struct Routed {
    /// The file's routing, for the shard manifest.
    pub file: RoutedFile,
    /// The inputs that could not be read, in file order.
    pub skips: Vec<Skip>,
    /// Articles that will be indexed undated because their date could not be read or
    /// stored.
    pub undated: u64,
    /// Where the first of them is.
    pub first_undated: Option<String>,
}

/// One shard's part of a file, being gathered.
#[derive(Default)]
struct Share {
    articles: u64,
    first: Option<ArticleDate>,
    last: Option<ArticleDate>,
    digest: Sha256,
}

/// Reads and parses `file` (known across runs as `key`) and says which shards its
/// articles go to under `by`, as the indexer will see them (a date the index cannot store
/// counts as none).
pub fn route_file(file: &SourceFile, key: String, by: ShardBy) -> Routed {
    let mut shares: BTreeMap<String, Share> = BTreeMap::new();
    let mut skips = Vec::new();
    let mut undated = 0;
    let mut first_undated = None;
    read_file(file, &mut |read| {
        let parsed = match read {
            Ok(parsed) => parsed,
            Err(skip) => return skips.push(skip),
        };
        let mut article = parsed.article;
        let unreadable = parsed.date_problem.is_some();
        if make_storable(&mut article).is_some() || unreadable {
            undated += 1;
            first_undated.get_or_insert_with(|| article.origin.to_string());
        }
        let share = shares.entry(by.shard_of(&article)).or_default();
        share.articles += 1;
        if let Some(d) = article.date {
            share.first = Some(share.first.map_or(d, |f| f.min(d)));
            share.last = Some(share.last.map_or(d, |l| l.max(d)));
        }
        share.digest.update(article.id.as_bytes());
        share.digest.update([0]);
        share.digest.update(content_hash(&article));
        share.digest.update(position(&article.origin).to_le_bytes());
    });
    let mut skip_kinds: BTreeMap<String, u64> = BTreeMap::new();
    for skip in &skips {
        *skip_kinds.entry(skip.reason.kind().to_string()).or_default() += 1;
    }
    let shares = shares
        .into_iter()
        .map(|(name, s)| {
            let digest = s.digest.finalize();
            let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            let share = FileShare {
                articles: s.articles,
                first_day: s.first.map(|d| d.to_string()),
                last_day: s.last.map(|d| d.to_string()),
                digest: hex,
            };
            (name, share)
        })
        .collect();
    Routed {
        file: RoutedFile {
            key,
            size: file.size,
            modified: mtime(file.modified),
            shares,
            skips: skip_kinds,
        },
        skips,
        undated,
        first_undated,
    }
}

/// [`route_file`] for many files, in parallel (one file per thread at a time), in the
/// order given.
pub fn route_files(files: &[(&SourceFile, String)], by: ShardBy) -> Vec<Routed> {
    files
        .par_iter()
        .map(|(file, key)| route_file(file, key.clone(), by))
        .collect()
}

/// Whether `file` may have changed since it was routed as `known` (another size or time,
/// or no time to compare): then it must be routed again.
pub fn changed(file: &SourceFile, known: &RoutedFile) -> bool {
    let modified = mtime(file.modified);
    modified.is_none() || known.size != file.size || known.modified != modified
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{discover_with, ReadOptions};
    use std::sync::Arc;

    fn files(dir: &std::path::Path) -> Vec<SourceFile> {
        discover_with(&[dir.to_path_buf()], &Arc::new(ReadOptions::default())).files
    }

    const LINES: &str = concat!(
        r#"{"id":"a","date":"2024-03-02","title":"Т","text":"Перший."}"#,
        "\n",
        r#"{"id":"b","date":"2024-03-20","text":"Другий."}"#,
        "\n",
        r#"{"id":"c","date":"2024-04-01","text":"Третій."}"#,
        "\n",
        r#"{"id":"d","date":"вчора","text":"Без дати."}"#,
        "\n",
        "{not json\n",
        r#"{"id":"e","date":"2024-04-30","text":"П'ятий."}"#,
        "\n",
    );

    #[test]
    fn routes_articles_to_their_shards_with_counts_and_days() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), LINES).unwrap();
        let found = files(dir.path());
        let routed = route_file(&found[0], "k".into(), ShardBy::Month);
        let shares = &routed.file.shares;
        assert_eq!(
            shares.keys().collect::<Vec<_>>(),
            ["2024-03", "2024-04", "undated"]
        );
        let march = &shares["2024-03"];
        assert_eq!(march.articles, 2);
        assert_eq!(march.first_day.as_deref(), Some("2024-03-02"));
        assert_eq!(march.last_day.as_deref(), Some("2024-03-20"));
        assert_eq!(shares["2024-04"].articles, 2);
        assert_eq!(shares["undated"].articles, 1);
        assert_eq!(shares["undated"].first_day, None);
        assert_eq!(routed.undated, 1);
        assert_eq!(routed.skips.len(), 1);
        assert_eq!(routed.file.skips.values().sum::<u64>(), 1);
        assert_eq!(routed.file.size, LINES.len() as u64);
        assert!(!changed(&found[0], &routed.file));
        let by_year = route_file(&found[0], "k".into(), ShardBy::Year);
        assert_eq!(by_year.file.shares["2024"].articles, 4);
    }

    #[test]
    fn a_change_shows_in_its_shard_digest_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, LINES).unwrap();
        let before = route_file(&files(dir.path())[0], "k".into(), ShardBy::Month).file;
        std::fs::write(&path, LINES.replace("Третій.", "Третій, виправлений.")).unwrap();
        let found = files(dir.path());
        assert!(changed(&found[0], &before));
        let after = route_file(&found[0], "k".into(), ShardBy::Month).file;
        assert_eq!(before.shares["2024-03"], after.shares["2024-03"]);
        assert_eq!(before.shares["undated"], after.shares["undated"]);
        assert_ne!(before.shares["2024-04"].digest, after.shares["2024-04"].digest);
        assert_eq!(
            before.shares["2024-04"].articles,
            after.shares["2024-04"].articles
        );
    }

    #[test]
    fn many_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), LINES).unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            r#"[{"id":"x","date":"2023-01-05","text":"Ікс."}]"#,
        )
        .unwrap();
        let found = files(dir.path());
        let keyed: Vec<(&SourceFile, String)> =
            found.iter().map(|f| (f, f.path.display().to_string())).collect();
        let routed = route_files(&keyed, ShardBy::Hash(4));
        assert_eq!(routed.len(), 2);
        assert!(routed[0].file.key.ends_with("a.jsonl"));
        let total: u64 = routed[0].file.shares.values().map(|s| s.articles).sum();
        assert_eq!(total, 5);
        assert_eq!(routed[1].file.shares.len(), 1);
        assert!(routed[1].file.shares.keys().all(|k| k.ends_with("-of-04")));
    }
}
