//! `litopys index --shard-by`: one ordinary index per shard under the folder, built and
//! refreshed by the ordinary job, and the shard manifest beside them.
//!
//! A run: discover the archive once; route again only the files that are new or changed
//! (size or time) since the manifest; a shard runs its job only if its part of a routed or
//! vanished file changed (by the digests of [`FileShare`]), over just the files that feed
//! it, keeping only its own articles; every other shard is not touched at all. The shard
//! manifest is written at the end, after every shard's last commit, so that a crash or
//! Ctrl-C leaves the old one, and the rerun routes the same files and runs the same
//! shards again (their own jobs finish their work, as they always do).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::super::error::{io_err, IndexError};
use super::super::observer::Observer;
use super::super::summary::{Report, Summary};
use super::super::transaction::lock::{WriterLock, LOCK_FILE};
use super::super::writer::{build_index, IndexRequest, Selection};
use super::key::ShardBy;
use super::manifest::{FileShare, RoutedFile, ShardEntry, ShardManifest, SHARDS_VERSION};
use super::routing::{changed, route_files};
use crate::corpus::{discover_with, SourceFile};
use crate::index::enrich::DocumentEnricher;
use crate::index::keys::Keys;
use crate::index::meta::META_FILE;
use crate::index::open::expected_meta;
use crate::index::stats::disk_size;
use litopys_analysis::Analyzer;

/// What a run did to one shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShardStatus {
    /// Its job ran (the summary says what it added, updated, deleted).
    Indexed,
    /// None of its articles changed: its folder was not touched.
    Skipped,
    /// No article of the archive belongs to it any more: its folder was removed.
    Removed,
}

/// One shard's part of a run.
#[derive(Clone, Debug)]
pub struct ShardOutcome {
    /// Its name (and folder under the sharded folder).
    pub name: String,
    /// Its index folder.
    pub folder: PathBuf,
    /// What was done to it.
    pub status: ShardStatus,
    /// The summary of its job, when it ran.
    pub summary: Option<Summary>,
    /// Its articles after the run (as of the manifest for a skipped shard).
    pub articles: u64,
    /// Its first and last day after the run.
    pub days: (Option<String>, Option<String>),
}

/// What a sharded run did: the totals (as a plain run reports them) and each shard.
///
/// Exists as the result of [`build_shards`], for the summary lines and `--report`.
#[derive(Clone, Debug)]
pub struct ShardsSummary {
    /// The shard key.
    pub shard_by: ShardBy,
    /// The sums over every shard; `unchanged` includes the articles of skipped shards,
    /// `index_dir` is the sharded folder.
    pub total: Summary,
    /// Every shard of the folder before or after the run, by name.
    pub shards: Vec<ShardOutcome>,
}

/// One shard in the `--report` JSON.
#[derive(Clone, Debug, Serialize)]
pub struct ShardReport {
    /// Its name.
    pub name: String,
    /// Its folder.
    pub folder: String,
    /// `indexed`, `skipped` or `removed`.
    pub status: ShardStatus,
    /// Articles added by its job.
    pub added: u64,
    /// Articles replaced.
    pub updated: u64,
    /// Articles deleted.
    pub deleted: u64,
    /// Articles as the shard had them (all of them, for a skipped shard).
    pub unchanged: u64,
    /// Articles in the shard after the run.
    pub articles: u64,
    /// Its first day.
    pub first_day: Option<String>,
    /// Its last day.
    pub last_day: Option<String>,
}

/// The `--report` JSON of a sharded run: the plain report of the totals plus the shard
/// key and every shard.
#[derive(Clone, Debug, Serialize)]
pub struct ShardsReport {
    /// The totals, as a plain run reports them.
    #[serde(flatten)]
    pub total: Report,
    /// The shard key.
    pub shard_by: String,
    /// Every shard.
    pub shards: Vec<ShardReport>,
}

impl ShardsSummary {
    /// The `--report` form.
    pub fn report(&self) -> ShardsReport {
        let shards = self
            .shards
            .iter()
            .map(|s| {
                let n = |f: fn(&Summary) -> u64| s.summary.as_ref().map_or(0, f);
                ShardReport {
                    name: s.name.clone(),
                    folder: s.folder.display().to_string(),
                    status: s.status,
                    added: n(|x| x.added),
                    updated: n(|x| x.updated),
                    deleted: n(|x| x.deleted),
                    unchanged: match s.status {
                        ShardStatus::Skipped => s.articles,
                        _ => n(|x| x.unchanged),
                    },
                    articles: s.articles,
                    first_day: s.days.0.clone(),
                    last_day: s.days.1.clone(),
                }
            })
            .collect();
        ShardsReport {
            total: self.total.report(),
            shard_by: self.shard_by.to_string(),
            shards,
        }
    }
}

fn refuse(message: String) -> IndexError {
    IndexError::Shards(message)
}

/// Whether `dir` holds anything but a shard manifest's company (shards, its lock): then
/// it is someone else's folder.
fn foreign(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name() != LOCK_FILE && !e.file_name().to_string_lossy().starts_with('.'))
    })
}

/// The earliest and latest of optional days written `YYYY-MM-DD` (which sort as text).
fn span<'a>(
    days: impl Iterator<Item = (&'a Option<String>, &'a Option<String>)>,
) -> (Option<String>, Option<String>) {
    let (mut first, mut last): (Option<&String>, Option<&String>) = (None, None);
    for (f, l) in days {
        if let Some(f) = f {
            first = Some(first.map_or(f, |x| x.min(f)));
        }
        if let Some(l) = l {
            last = Some(last.map_or(l, |x| x.max(l)));
        }
    }
    (first.cloned(), last.cloned())
}

/// Indexes the archive of `req` into one index per shard under `req.dir`, by `by`, and
/// writes the shard manifest: creates the shards, or refreshes only those whose articles
/// changed (all of them with `rebuild`). `req.selection` is ignored (each shard gets its
/// own). With `dry_run`, the shards that would change say how, and nothing is written.
///
/// Exists as the whole of `litopys index --shard-by` except argument parsing and output.
pub fn build_shards(
    req: &IndexRequest,
    by: ShardBy,
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
    observer: &mut dyn Observer,
) -> Result<ShardsSummary, IndexError> {
    let started = Instant::now();
    let dir = &req.dir;
    let shown = dir.display();
    if dir.join(META_FILE).is_file() {
        return Err(refuse(format!(
            "{shown} holds one plain index, not shards: build the shards into a new folder (`--index NEW --shard-by {by}`), or index it without --shard-by"
        )));
    }
    let old = ShardManifest::read(dir).map_err(|e| refuse(e.to_string()))?;
    if let Some(old) = &old {
        if old.shard_by != by.to_string() {
            return Err(refuse(format!(
                "{shown} holds shards by {}, not by {by}: rebuild into a new folder (`--index NEW --shard-by {by}`), or rerun with --shard-by {}",
                old.shard_by, old.shard_by
            )));
        }
    } else if foreign(dir) {
        return Err(IndexError::Foreign(shown.to_string()));
    }
    let found = discover_with(&req.paths, &req.read);
    for skip in &found.skips {
        observer.skip(skip);
    }
    if found.files.is_empty() {
        let paths: Vec<String> = req.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(IndexError::NoFiles(paths.join(", ")));
    }
    let _lock = if req.dry_run {
        None
    } else {
        std::fs::create_dir_all(dir).map_err(io_err("cannot create the folder of shards", dir))?;
        Some(WriterLock::acquire(dir, "index --shard-by")?)
    };

    // Route what is new or changed.
    let keys = Keys::new(&req.paths);
    let keyed: Vec<(&SourceFile, String)> = found
        .files
        .iter()
        .map(|f| (f, keys.key(&f.root, &f.path).to_string_lossy().into_owned()))
        .collect();
    let known = |key: &str| old.as_ref().and_then(|m| m.file(key)).filter(|_| !req.rebuild);
    let to_route: Vec<(&SourceFile, String)> = keyed
        .iter()
        .filter(|(f, key)| known(key).is_none_or(|k| changed(f, k)))
        .cloned()
        .collect();
    let routed = route_files(&to_route, by);
    let (mut skips, mut undated, mut first_problem) = (0u64, 0u64, None);
    for r in &routed {
        for skip in &r.skips {
            observer.skip(skip);
            first_problem.get_or_insert_with(|| skip.to_string());
        }
        skips += r.skips.len() as u64;
        undated += r.undated;
    }
    if req.commit.strict && skips + undated > 0 {
        let mut counts = super::super::summary::SkipCounts::default();
        for r in &routed {
            for s in &r.skips {
                counts.add(s.reason.kind());
            }
        }
        let first = first_problem
            .or_else(|| routed.iter().find_map(|r| r.first_undated.clone()))
            .unwrap_or_default();
        return Err(IndexError::Strict {
            skips: counts,
            undated,
            first,
        });
    }

    // The new routing: unchanged files as they were, routed ones anew, files under paths
    // discovery could not read as they were.
    let mut files: BTreeMap<String, RoutedFile> = BTreeMap::new();
    let routed_keys: BTreeSet<String> = routed.iter().map(|r| r.file.key.clone()).collect();
    for (_, key) in &keyed {
        if let Some(k) = known(key) {
            files.insert(key.clone(), k.clone());
        }
    }
    for r in routed {
        files.insert(r.file.key.clone(), r.file);
    }
    let protected: Vec<PathBuf> = found.skips.iter().map(|s| s.path.clone()).collect();
    let protected_keys: Vec<PathBuf> = protected.iter().map(|p| keys.key_below_roots(p)).collect();
    let mut vanished = Vec::new();
    for f in old.iter().flat_map(|m| &m.files) {
        if files.contains_key(&f.key) {
            continue;
        }
        if protected_keys.iter().any(|p| Path::new(&f.key).starts_with(p)) {
            files.insert(f.key.clone(), f.clone());
        } else {
            vanished.push(f.key.clone());
        }
    }

    // Which shards run.
    let mut names: BTreeSet<String> = files.values().flat_map(|f| f.shares.keys().cloned()).collect();
    let old_names: BTreeSet<String> = old
        .iter()
        .flat_map(|m| m.shards.iter().map(|s| s.name.clone()))
        .collect();
    let mut run: BTreeSet<String> = BTreeSet::new();
    if req.rebuild {
        run.extend(names.iter().cloned());
        run.extend(old_names.iter().cloned());
    } else {
        let none = BTreeMap::new();
        for key in routed_keys.iter().chain(&vanished) {
            let before = old
                .as_ref()
                .and_then(|m| m.file(key))
                .map_or(&none, |f| &f.shares);
            let after = files.get(key).map_or(&none, |f| &f.shares);
            let same = |name: &String| {
                let digest = |s: Option<&FileShare>| s.map(|s| (s.articles, s.digest.clone()));
                digest(before.get(name)) == digest(after.get(name))
            };
            run.extend(before.keys().chain(after.keys()).filter(|n| !same(n)).cloned());
        }
        // A shard the manifest does not list, or whose folder lost its index, is built.
        for name in &names {
            if !old_names.contains(name) || !dir.join(name).join(META_FILE).is_file() {
                run.insert(name.clone());
            }
        }
        run.extend(old_names.difference(&names).cloned());
    }
    names.extend(old_names.iter().cloned());

    // Run them, one after the other (each job uses every core).
    let mut outcomes = Vec::new();
    let mut interrupted = false;
    for name in &names {
        let folder = dir.join(name);
        let shares = || files.values().filter_map(|f| f.shares.get(name));
        let days = span(shares().map(|s| (&s.first_day, &s.last_day)));
        if !run.contains(name) || interrupted {
            let articles = old
                .as_ref()
                .and_then(|m| m.shard(name))
                .map_or_else(|| shares().map(|s| s.articles).sum(), |s| s.articles);
            outcomes.push(ShardOutcome {
                name: name.clone(),
                folder,
                status: ShardStatus::Skipped,
                summary: None,
                articles,
                days,
            });
            continue;
        }
        let feeding: Vec<SourceFile> = keyed
            .iter()
            .filter(|(_, key)| files.get(key).is_some_and(|f| f.shares.contains_key(name)))
            .map(|(f, _)| (*f).clone())
            .collect();
        let kept_elsewhere = files.values().any(|f| f.shares.contains_key(name));
        if feeding.is_empty() && !kept_elsewhere {
            if !req.dry_run && folder.exists() {
                std::fs::remove_dir_all(&folder)
                    .map_err(io_err("cannot remove the emptied shard", &folder))?;
            }
            outcomes.push(ShardOutcome {
                name: name.clone(),
                folder,
                status: ShardStatus::Removed,
                summary: None,
                articles: 0,
                days: (None, None),
            });
            continue;
        }
        let mut sub = req.clone();
        sub.dir = folder.clone();
        let own = name.clone();
        sub.selection = Some(Selection {
            files: feeding,
            protected: protected.clone(),
            keep: Arc::new(move |a| by.shard_of(a) == own),
        });
        let summary = build_index(&sub, analyzer, enricher, observer)?;
        interrupted = summary.interrupted;
        outcomes.push(ShardOutcome {
            name: name.clone(),
            folder,
            status: ShardStatus::Indexed,
            articles: summary.articles(),
            summary: Some(summary),
            days,
        });
    }

    let total = totals(
        req,
        &found,
        &files,
        &outcomes,
        routed_keys.len(),
        started,
        interrupted,
    );
    if !req.dry_run && !interrupted {
        let expected = expected_meta(analyzer).with_entities(&enricher.fingerprint());
        let manifest = ShardManifest {
            version: SHARDS_VERSION,
            shard_by: by.to_string(),
            format: expected.format,
            analyzer: expected.analyzer,
            lexicon: expected.lexicon,
            entities: expected.entities,
            shards: outcomes
                .iter()
                .filter(|o| o.status != ShardStatus::Removed)
                .map(|o| ShardEntry {
                    name: o.name.clone(),
                    folder: o.name.clone(),
                    first_day: o.days.0.clone(),
                    last_day: o.days.1.clone(),
                    articles: o.articles,
                })
                .collect(),
            files: files.into_values().collect(),
        };
        manifest
            .write(dir)
            .map_err(io_err("cannot write the shard manifest in", dir))?;
    }
    Ok(ShardsSummary {
        shard_by: by,
        total: Summary {
            index_bytes: disk_size(dir),
            ..total
        },
        shards: outcomes,
    })
}

/// The sums of a sharded run, as one plain run would report them.
fn totals(
    req: &IndexRequest,
    found: &crate::corpus::Discovery,
    files: &BTreeMap<String, RoutedFile>,
    outcomes: &[ShardOutcome],
    routed: usize,
    started: Instant,
    interrupted: bool,
) -> Summary {
    let mut total = Summary {
        files: found.files.len(),
        files_read: routed,
        files_unchanged: found.files.len() - routed,
        ignored: found.ignored.clone(),
        interrupted,
        dry_run: req.dry_run,
        index_dir: req.dir.clone(),
        ..Summary::default()
    };
    for f in files.values() {
        for (kind, n) in &f.skips {
            total.skips.add_n(kind, *n);
        }
    }
    for o in outcomes {
        let Some(s) = &o.summary else {
            if o.status == ShardStatus::Skipped {
                total.unchanged += o.articles;
            }
            continue;
        };
        total.added += s.added;
        total.updated += s.updated;
        total.unchanged += s.unchanged;
        total.deleted += s.deleted;
        total.text_bytes += s.text_bytes;
        total.undated += s.undated;
        total.commits += s.commits;
        for (kind, n) in s.skips.by_kind() {
            total.skips.add_n(kind, n);
        }
        total.warnings.extend(s.warnings.iter().cloned());
        for d in &s.detected {
            if !total.detected.contains(d) {
                total.detected.push(d.clone());
            }
        }
        for note in &s.notes {
            total.notes.push(format!("shard {}: {note}", o.name));
        }
    }
    total.elapsed = started.elapsed();
    total
}
