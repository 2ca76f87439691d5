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
use super::super::manifest::{read_committed, Committed};
use super::super::observer::Observer;
use super::super::summary::{Report, Summary};
use super::super::transaction::lock::{WriterLock, LOCK_FILE};
use super::super::writer::{build_index, IndexRequest, Selection};
use super::key::ShardBy;
use super::manifest::{FileShare, RoutedFile, ShardEntry, ShardManifest, SHARDS_VERSION};
use super::plan::{plan_paths, ShardPlan, PLAN_FILE, PLAN_VERSION};
use super::routing::{changed, route_files};
use crate::corpus::{discover_with, Discovery, SourceFile};
use crate::index::enrich::DocumentEnricher;
use crate::index::keys::Keys;
use crate::index::meta::META_FILE;
use crate::index::open::{expected_meta, open_index};
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
    /// Its job ran in an `--only` process; `--finish` found it built as planned.
    Built,
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
                        ShardStatus::Skipped | ShardStatus::Built => s.articles,
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

/// Whether `dir` holds anything but a shard manifest's company (shards, its lock, a
/// shard plan and the shards it runs): then it is someone else's folder.
fn foreign(dir: &Path) -> bool {
    let plan = ShardPlan::read(dir).ok().flatten();
    let planned = |name: &str| name == PLAN_FILE || plan.as_ref().is_some_and(|p| p.runs(name));
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name != LOCK_FILE && !name.starts_with('.') && !planned(&name)
        })
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

/// A run's routing: what each archive file feeds, and the files found.
///
/// Exists so that the plain run and an `--only` process (which found the files again)
/// run a shard's job from the same routing, the same way.
struct Routing {
    by: ShardBy,
    /// The files found by discovery, with their keys.
    keyed: Vec<(SourceFile, String)>,
    /// The new routing, by key.
    files: BTreeMap<String, RoutedFile>,
    /// Paths discovery could not read.
    protected: Vec<PathBuf>,
}

impl Routing {
    /// Whether any file still feeds the shard `name`.
    fn feeds(&self, name: &str) -> bool {
        self.files.values().any(|f| f.shares.contains_key(name))
    }

    /// The first and last day of the shard `name`.
    fn days(&self, name: &str) -> (Option<String>, Option<String>) {
        span(
            self.files
                .values()
                .filter_map(|f| f.shares.get(name))
                .map(|s| (&s.first_day, &s.last_day)),
        )
    }

    /// The shard's articles by the routing (for a shard not in the old manifest).
    fn articles(&self, name: &str) -> u64 {
        self.files
            .values()
            .filter_map(|f| f.shares.get(name))
            .map(|s| s.articles)
            .sum()
    }
}

/// The first step of a run: the folder checked, the archive discovered and routed, the
/// shards that run decided.
struct Planned {
    old: Option<ShardManifest>,
    found: Discovery,
    routing: Routing,
    /// Files routed anew.
    routed: usize,
    /// Every shard of the folder before or after the run.
    names: BTreeSet<String>,
    /// The shards whose jobs run (or whose folders are removed).
    run: BTreeSet<String>,
    /// The folder's writer lock, when the step was asked to hold it.
    _lock: Option<WriterLock>,
}

impl Planned {
    /// The articles of a shard that does not run: as the manifest had them.
    fn kept_articles(&self, name: &str) -> u64 {
        self.old
            .as_ref()
            .and_then(|m| m.shard(name))
            .map_or_else(|| self.routing.articles(name), |s| s.articles)
    }

    /// The plan file of this step.
    fn plan(&self, req: &IndexRequest) -> ShardPlan {
        let (mut run, mut remove, mut skip) = (Vec::new(), Vec::new(), Vec::new());
        for name in &self.names {
            match (self.run.contains(name), self.routing.feeds(name)) {
                (true, true) => run.push(name.clone()),
                (true, false) => remove.push(name.clone()),
                (false, _) => skip.push(name.clone()),
            }
        }
        ShardPlan {
            version: PLAN_VERSION,
            shard_by: self.routing.by.to_string(),
            paths: plan_paths(&req.paths),
            rebuild: req.rebuild,
            skipped_articles: skip.iter().map(|n| (n.clone(), self.kept_articles(n))).collect(),
            run,
            remove,
            skip,
            protected: self.routing.protected.clone(),
            routed: self.routed,
            files: self.routing.files.values().cloned().collect(),
        }
    }
}

/// Checks the folder, discovers and routes the archive and decides which shards run;
/// takes the folder's writer lock (after discovery) if `lock` and not `req.dry_run`.
fn plan_run(
    req: &IndexRequest,
    by: ShardBy,
    observer: &mut dyn Observer,
    lock: bool,
) -> Result<Planned, IndexError> {
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
    let lock = if req.dry_run || !lock {
        None
    } else {
        std::fs::create_dir_all(dir).map_err(io_err("cannot create the folder of shards", dir))?;
        Some(WriterLock::acquire(dir, "index --shard-by")?)
    };

    // Route what is new or changed.
    let keyed = keyed_files(req, &found);
    let known = |key: &str| old.as_ref().and_then(|m| m.file(key)).filter(|_| !req.rebuild);
    let to_route: Vec<(&SourceFile, String)> = keyed
        .iter()
        .filter(|(f, key)| known(key).is_none_or(|k| changed(f, k)))
        .map(|(f, key)| (f, key.clone()))
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
    let keys = Keys::new(&req.paths);
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
    Ok(Planned {
        old,
        found,
        routing: Routing {
            by,
            keyed,
            files,
            protected,
        },
        routed: routed_keys.len(),
        names,
        run,
        _lock: lock,
    })
}

/// The files found, each with its key across runs.
fn keyed_files(req: &IndexRequest, found: &Discovery) -> Vec<(SourceFile, String)> {
    let keys = Keys::new(&req.paths);
    found
        .files
        .iter()
        .map(|f| {
            (
                f.clone(),
                keys.key(&f.root, &f.path).to_string_lossy().into_owned(),
            )
        })
        .collect()
}

/// Runs the job of the shard `name` by `routing`, over just the files that feed it and
/// keeping only its articles, in its own folder; or removes its folder if no file feeds
/// it any more.
fn run_shard(
    req: &IndexRequest,
    routing: &Routing,
    name: &str,
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
    observer: &mut dyn Observer,
) -> Result<ShardOutcome, IndexError> {
    let folder = req.dir.join(name);
    if !routing.feeds(name) {
        if !req.dry_run && folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(io_err("cannot remove the emptied shard", &folder))?;
        }
        return Ok(ShardOutcome {
            name: name.to_string(),
            folder,
            status: ShardStatus::Removed,
            summary: None,
            articles: 0,
            days: (None, None),
        });
    }
    let feeding: Vec<SourceFile> = routing
        .keyed
        .iter()
        .filter(|(_, key)| {
            routing
                .files
                .get(key)
                .is_some_and(|f| f.shares.contains_key(name))
        })
        .map(|(f, _)| f.clone())
        .collect();
    let mut sub = req.clone();
    sub.dir = folder.clone();
    let (own, by) = (name.to_string(), routing.by);
    sub.selection = Some(Selection {
        files: feeding,
        protected: routing.protected.clone(),
        keep: Arc::new(move |a| by.shard_of(a) == own),
    });
    let summary = build_index(&sub, analyzer, enricher, observer)?;
    Ok(ShardOutcome {
        name: name.to_string(),
        folder,
        status: ShardStatus::Indexed,
        articles: summary.articles(),
        summary: Some(summary),
        days: routing.days(name),
    })
}

/// Writes the shard manifest of `outcomes` (every shard of the run) and `files`.
fn write_manifest(
    dir: &Path,
    by: ShardBy,
    analyzer: &Analyzer,
    enricher: &dyn DocumentEnricher,
    outcomes: &[ShardOutcome],
    files: Vec<RoutedFile>,
) -> Result<(), IndexError> {
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
        files,
    };
    manifest
        .write(dir)
        .map_err(io_err("cannot write the shard manifest in", dir))
}

/// Indexes the archive of `req` into one index per shard under `req.dir`, by `by`, and
/// writes the shard manifest: creates the shards, or refreshes only those whose articles
/// changed (all of them with `rebuild`). `req.selection` is ignored (each shard gets its
/// own). With `dry_run`, the shards that would change say how, and nothing is written.
///
/// Exists as the whole of `litopys index --shard-by` except argument parsing and output:
/// the plan, each shard's job one after the other (each job uses every core), the
/// manifest; [`plan_shards`], [`run_planned_shards`] and [`finish_shards`] are the same
/// steps in separate processes.
pub fn build_shards(
    req: &IndexRequest,
    by: ShardBy,
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
    observer: &mut dyn Observer,
) -> Result<ShardsSummary, IndexError> {
    let started = Instant::now();
    let planned = plan_run(req, by, observer, true)?;
    let mut outcomes = Vec::new();
    let mut interrupted = false;
    for name in &planned.names {
        if !planned.run.contains(name) || interrupted {
            outcomes.push(ShardOutcome {
                name: name.clone(),
                folder: req.dir.join(name),
                status: ShardStatus::Skipped,
                summary: None,
                articles: planned.kept_articles(name),
                days: planned.routing.days(name),
            });
            continue;
        }
        let outcome = run_shard(req, &planned.routing, name, analyzer, enricher, observer)?;
        interrupted = outcome.summary.as_ref().is_some_and(|s| s.interrupted);
        outcomes.push(outcome);
    }
    let total = totals(
        req,
        &planned.found,
        &planned.routing.files,
        &outcomes,
        planned.routed,
        started,
        interrupted,
    );
    if !req.dry_run && !interrupted {
        let files = planned.routing.files.values().cloned().collect();
        write_manifest(&req.dir, by, analyzer, enricher, &outcomes, files)?;
    }
    Ok(ShardsSummary {
        shard_by: by,
        total: Summary {
            index_bytes: disk_size(&req.dir),
            ..total
        },
        shards: outcomes,
    })
}

/// `--plan`: the first step of [`build_shards`] alone: writes the routing and which
/// shards run into `DIR/shards.plan.json` (holding the folder's writer lock only while
/// it writes) and returns the plan. Writes nothing else.
pub fn plan_shards(
    req: &IndexRequest,
    by: ShardBy,
    observer: &mut dyn Observer,
) -> Result<ShardPlan, IndexError> {
    let planned = plan_run(req, by, observer, false)?;
    let plan = planned.plan(req);
    let dir = &req.dir;
    std::fs::create_dir_all(dir).map_err(io_err("cannot create the folder of shards", dir))?;
    let _lock = WriterLock::acquire(dir, "index --shard-by --plan")?;
    plan.write(dir)
        .map_err(io_err("cannot write the shard plan in", dir))?;
    Ok(plan)
}

/// The plan of `req.dir`, checked against the run's paths and key.
fn read_plan(req: &IndexRequest, by: ShardBy) -> Result<ShardPlan, IndexError> {
    let dir = &req.dir;
    let shown = dir.display();
    let plan = ShardPlan::read(dir)
        .map_err(refuse)?
        .ok_or_else(|| {
            refuse(format!(
                "{shown} has no shard plan ({PLAN_FILE}): make one first with `litopys index … --index {shown} --shard-by {by} --plan`"
            ))
        })?;
    if plan.shard_by != by.to_string() {
        return Err(refuse(format!(
            "the shard plan of {shown} is for --shard-by {}, not {by}: make it again with --plan",
            plan.shard_by
        )));
    }
    if plan.paths != plan_paths(&req.paths) {
        return Err(refuse(format!(
            "the shard plan of {shown} was made for the archive {}, not {}: give the same paths, or make it again with --plan",
            plan.paths.join(", "),
            plan_paths(&req.paths).join(", ")
        )));
    }
    Ok(plan)
}

/// The routing of `plan`, with the archive's files found again.
fn plan_routing(req: &IndexRequest, by: ShardBy, plan: &ShardPlan) -> (Discovery, Routing) {
    let found = discover_with(&req.paths, &req.read);
    let routing = Routing {
        by,
        keyed: keyed_files(req, &found),
        files: plan.files.iter().map(|f| (f.key.clone(), f.clone())).collect(),
        protected: plan.protected.clone(),
    };
    (found, routing)
}

/// `--only NAME…`: runs the jobs of the named shards of the plan of `req.dir`, one after
/// the other, exactly as [`build_shards`] would, each in its own folder under its own
/// writer lock (not the folder's: other processes run other shards at the same time).
/// Writes no shard manifest.
pub fn run_planned_shards(
    req: &IndexRequest,
    by: ShardBy,
    only: &[String],
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
    observer: &mut dyn Observer,
) -> Result<ShardsSummary, IndexError> {
    let started = Instant::now();
    let plan = read_plan(req, by)?;
    if let Some(name) = only.iter().find(|n| !plan.runs(n)) {
        let listed = if plan.run.is_empty() {
            "none".to_string()
        } else {
            plan.run.join(", ")
        };
        return Err(refuse(format!(
            "the shard plan of {} does not run the shard {name} (it runs: {listed})",
            req.dir.display()
        )));
    }
    let mut sub = req.clone();
    sub.rebuild = plan.rebuild;
    let (found, routing) = plan_routing(req, by, &plan);
    let names: BTreeSet<&String> = only.iter().collect();
    let mut outcomes = Vec::new();
    let mut interrupted = false;
    for name in names {
        if interrupted {
            outcomes.push(ShardOutcome {
                name: name.clone(),
                folder: req.dir.join(name),
                status: ShardStatus::Skipped,
                summary: None,
                articles: 0,
                days: routing.days(name),
            });
            continue;
        }
        let outcome = run_shard(&sub, &routing, name, analyzer, enricher, observer)?;
        interrupted = outcome.summary.as_ref().is_some_and(|s| s.interrupted);
        outcomes.push(outcome);
    }
    let total = totals(
        req,
        &found,
        &BTreeMap::new(),
        &outcomes,
        plan.routed.min(found.files.len()),
        started,
        interrupted,
    );
    Ok(ShardsSummary {
        shard_by: by,
        total: Summary {
            index_bytes: outcomes.iter().map(|o| disk_size(&o.folder)).sum(),
            ..total
        },
        shards: outcomes,
    })
}

/// The articles of the shard `name` if it is built as `routing` planned it; else why
/// not: its folder has no index this program can open, or its index has not read every
/// file that feeds it as the plan found them.
fn built(routing: &Routing, folder: &Path, name: &str, analyzer: &Arc<Analyzer>) -> Result<u64, String> {
    let open = open_index(folder, analyzer.clone()).map_err(|e| e.to_string())?;
    let committed = match read_committed(&open.index, folder) {
        Ok(Committed::Found(m)) => m,
        Ok(Committed::Missing) => return Err("its index has no commit".into()),
        Ok(Committed::Damaged(why)) => return Err(why),
        Err(e) => return Err(e.to_string()),
    };
    for (file, key) in &routing.keyed {
        let Some(planned) = routing.files.get(key).filter(|f| f.shares.contains_key(name)) else {
            continue;
        };
        let path = file.path.as_os_str().as_encoded_bytes();
        let read = committed
            .files
            .iter()
            .any(|f| f.path == path && f.size == planned.size && f.modified == planned.modified);
        if !read {
            return Err(format!("it has not read {} as planned", file.path.display()));
        }
    }
    Ok(committed.articles() as u64)
}

/// `--finish`: checks that every shard the plan of `req.dir` runs was built as planned,
/// removes the folders of the shards it removes, writes the shard manifest (each shard's
/// count and days as [`build_shards`] gives them) and deletes the plan. A shard not built
/// fails the step (the plan stays).
pub fn finish_shards(
    req: &IndexRequest,
    by: ShardBy,
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
) -> Result<ShardsSummary, IndexError> {
    let started = Instant::now();
    let dir = &req.dir;
    let plan = read_plan(req, by)?;
    let _lock = WriterLock::acquire(dir, "index --shard-by --finish")?;
    let (found, routing) = plan_routing(req, by, &plan);
    let mut missing = Vec::new();
    let mut outcomes = Vec::new();
    let names: BTreeSet<&String> = plan.run.iter().chain(&plan.remove).chain(&plan.skip).collect();
    for name in names {
        let folder = dir.join(name);
        let days = routing.days(name);
        let outcome = |status, articles, days| ShardOutcome {
            name: name.clone(),
            folder: folder.clone(),
            status,
            summary: None,
            articles,
            days,
        };
        if plan.remove.contains(name) {
            if folder.exists() {
                std::fs::remove_dir_all(&folder)
                    .map_err(io_err("cannot remove the emptied shard", &folder))?;
            }
            outcomes.push(outcome(ShardStatus::Removed, 0, (None, None)));
        } else if plan.run.contains(name) {
            match built(&routing, &folder, name, analyzer) {
                Ok(articles) => outcomes.push(outcome(ShardStatus::Built, articles, days)),
                Err(why) => missing.push(format!("{name} ({why})")),
            }
        } else {
            let articles = plan.skipped_articles.get(name).copied().unwrap_or(0);
            outcomes.push(outcome(ShardStatus::Skipped, articles, days));
        }
    }
    if !missing.is_empty() {
        return Err(refuse(format!(
            "the shard plan of {} is not done: not built: {}; run `--only NAME` for each, then --finish again",
            dir.display(),
            missing.join("; ")
        )));
    }
    write_manifest(dir, by, analyzer, enricher, &outcomes, plan.files.clone())?;
    ShardPlan::remove(dir).map_err(io_err("cannot remove the shard plan in", dir))?;
    let files: BTreeMap<String, RoutedFile> = plan.files.into_iter().map(|f| (f.key.clone(), f)).collect();
    let mut total = totals(
        req,
        &found,
        &files,
        &outcomes,
        plan.routed.min(found.files.len()),
        started,
        false,
    );
    total.unchanged = outcomes.iter().map(|o| o.articles).sum();
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
