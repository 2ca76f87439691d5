//! The shard plan, `DIR/shards.plan.json`: a run of `litopys index --shard-by` cut in
//! three, so that several processes (on several machines) build its shards at once.
//!
//! `--plan` routes the archive as a run does and writes here the new routing and which
//! shards run, are removed or are left alone; `--only NAME` runs the jobs of named shards
//! by this plan (each in its own folder, under its own writer lock); `--finish` checks
//! that every planned shard was built, writes `shards.json` from the plan and deletes it.
//! Written whole (temporary file, synced, renamed, folder synced) like the manifest.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::manifest::{write_json_atomically, RoutedFile};

/// The plan's file name in the folder of shards.
pub const PLAN_FILE: &str = "shards.plan.json";

/// Version of this file's layout.
pub const PLAN_VERSION: u32 = 1;

/// One planned run of a folder of shards.
///
/// Exists so that `--only` and `--finish`, in other processes, do what the one run that
/// `--plan` decided would have done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardPlan {
    /// [`PLAN_VERSION`].
    pub version: u32,
    /// The shard key, as `--shard-by` takes it.
    pub shard_by: String,
    /// The archive paths of the run (see [`plan_paths`]).
    pub paths: Vec<String>,
    /// Whether the run rebuilds its shards (`--rebuild`).
    pub rebuild: bool,
    /// The shards whose jobs run.
    pub run: Vec<String>,
    /// The shards left without articles, whose folders are removed.
    pub remove: Vec<String>,
    /// The shards left as they are.
    pub skip: Vec<String>,
    /// The articles of each skipped shard.
    pub skipped_articles: BTreeMap<String, u64>,
    /// Paths discovery could not read (their files are kept as they were).
    pub protected: Vec<PathBuf>,
    /// Files routed anew by the plan.
    pub routed: usize,
    /// The new routing, by key.
    pub files: Vec<RoutedFile>,
}

/// The archive paths of a run as a plan records them: absolute and resolved where they
/// exist, so that a plan made and used from different working folders still matches.
pub fn plan_paths(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            fs::canonicalize(p)
                .or_else(|_| std::path::absolute(p))
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect()
}

impl ShardPlan {
    /// The plan of the folder of shards `dir`, `None` if it has none.
    pub fn read(dir: &Path) -> Result<Option<ShardPlan>, String> {
        let path = dir.join(PLAN_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read the shard plan {}: {e}", path.display())),
        };
        let plan: ShardPlan = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "cannot read the shard plan {}: {e}; make it again with --plan",
                path.display()
            )
        })?;
        if plan.version != PLAN_VERSION {
            return Err(format!(
                "cannot read the shard plan {}: layout version {} (this program writes {PLAN_VERSION}); make it again with --plan",
                path.display(),
                plan.version
            ));
        }
        Ok(Some(plan))
    }

    /// Writes the plan into `dir` atomically (replacing an older one).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        write_json_atomically(dir, PLAN_FILE, self)
    }

    /// Deletes the plan of `dir` (and syncs the folder).
    pub fn remove(dir: &Path) -> io::Result<()> {
        match fs::remove_file(dir.join(PLAN_FILE)) {
            Ok(()) => fs::File::open(dir)?.sync_all(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// What `--plan` prints: `{"run": […], "remove": […], "skip": […]}`.
    pub fn lists(&self) -> serde_json::Value {
        serde_json::json!({"run": self.run, "remove": self.remove, "skip": self.skip})
    }

    /// Whether the shard `name` has a job (or a removal) in the plan.
    pub fn runs(&self, name: &str) -> bool {
        self.run.iter().chain(&self.remove).any(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ShardPlan {
        ShardPlan {
            version: PLAN_VERSION,
            shard_by: "month".into(),
            paths: vec!["/a".into()],
            rebuild: false,
            run: vec!["2024-02".into()],
            remove: vec!["2024-05".into()],
            skip: vec!["2024-01".into()],
            skipped_articles: BTreeMap::from([("2024-01".to_string(), 2)]),
            protected: Vec::new(),
            routed: 1,
            files: Vec::new(),
        }
    }

    #[test]
    fn writes_atomically_reads_back_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ShardPlan::read(dir.path()).unwrap().is_none());
        let p = sample();
        p.write(dir.path()).unwrap();
        let mut q = p.clone();
        q.run.push("2024-03".into());
        q.write(dir.path()).unwrap();
        assert_eq!(ShardPlan::read(dir.path()).unwrap(), Some(q.clone()));
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![PLAN_FILE.to_string()]);
        assert!(q.runs("2024-03") && q.runs("2024-05") && !q.runs("2024-01"));
        assert_eq!(
            q.lists(),
            serde_json::json!({"run": ["2024-02", "2024-03"], "remove": ["2024-05"], "skip": ["2024-01"]})
        );
        ShardPlan::remove(dir.path()).unwrap();
        assert!(ShardPlan::read(dir.path()).unwrap().is_none());
        ShardPlan::remove(dir.path()).unwrap();
    }

    #[test]
    fn refuses_a_damaged_plan() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(PLAN_FILE), b"{\"version\":").unwrap();
        let err = ShardPlan::read(dir.path()).unwrap_err();
        assert!(err.contains(PLAN_FILE) && err.contains("--plan"), "{err}");
        let mut p = sample();
        p.version = 7;
        fs::write(dir.path().join(PLAN_FILE), serde_json::to_vec(&p).unwrap()).unwrap();
        assert!(ShardPlan::read(dir.path())
            .unwrap_err()
            .contains("layout version 7"));
    }
}
