//! The shard manifest, `DIR/shards.json`: what a sharded folder holds and which archive
//! file feeds which shard.
//!
//! It is what a cluster coordinator reads to find the shards (and prune them by date),
//! and what a rerun reads to know which shards a changed file touches without reading
//! the unchanged ones. It is written whole, to a temporary file that is synced and then
//! renamed over the old one (and the folder synced), so that a crash leaves either the
//! old manifest or the new one, never a part. Each shard is an ordinary index with its own
//! crash-safe manifest and commits; this file only routes.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::index::meta::SHARDS_FILE;

/// Version of this file's layout.
pub const SHARDS_VERSION: u32 = 1;

/// One shard of the folder.
///
/// Exists for the coordinator (which shards to ask, by date) and for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardEntry {
    /// The shard's name: its key value (`2024-03`, `2024`, `hash-03-of-08`, `undated`).
    pub name: String,
    /// Its index folder, relative to the sharded folder (the name, today).
    pub folder: String,
    /// The day of its earliest article (`YYYY-MM-DD`), `None` if none is dated.
    pub first_day: Option<String>,
    /// The day of its latest article.
    pub last_day: Option<String>,
    /// Articles in the shard's index.
    pub articles: u64,
}

/// What one archive file gives one shard.
///
/// Exists so that a rerun can tell, for a changed file, whether the shard's part of it
/// changed (`digest`) without asking the shard's index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileShare {
    /// Articles of the file in this shard.
    pub articles: u64,
    /// Their earliest day.
    pub first_day: Option<String>,
    /// Their latest day.
    pub last_day: Option<String>,
    /// SHA-256 (hex, first 16 bytes) of their ids, content hashes and positions in file
    /// order: equal digests mean the shard would find nothing to change in this file.
    pub digest: String,
}

/// One archive file as last routed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutedFile {
    /// The file's identity across runs (see [`Keys`](crate::index::keys::Keys)), lossy
    /// UTF-8.
    pub key: String,
    /// Size in bytes when it was routed.
    pub size: u64,
    /// Modification time then (`None`: always routed again).
    pub modified: Option<Duration>,
    /// The shards it feeds, by name.
    pub shares: BTreeMap<String, FileShare>,
    /// Inputs of the file that could not be read, by kind (counted again while the file
    /// is unchanged, as a plain index does).
    #[serde(default)]
    pub skips: BTreeMap<String, u64>,
}

/// The whole manifest.
///
/// Exists so that a sharded folder says what it is: its key, what built its shards, each
/// shard's dates and size, and the routing of the archive's files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardManifest {
    /// [`SHARDS_VERSION`].
    pub version: u32,
    /// The shard key, as `--shard-by` takes it (`month`, `year`, `hash:8`).
    pub shard_by: String,
    /// The index format of the shards ([`IndexMeta::format`](crate::index::meta::IndexMeta)).
    pub format: u32,
    /// The analyzer fingerprint the shards were built with.
    pub analyzer: String,
    /// The lexicon fingerprint.
    pub lexicon: String,
    /// The entity extraction fingerprint.
    pub entities: String,
    /// The shards, by name.
    pub shards: Vec<ShardEntry>,
    /// The archive files, by key.
    pub files: Vec<RoutedFile>,
}

/// Why the shard manifest could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the shard manifest {}: {reason}; rebuild the shards with `litopys index --rebuild --shard-by …`", .path.display())]
pub struct ShardManifestError {
    /// The file.
    pub path: PathBuf,
    /// What was wrong.
    pub reason: String,
}

/// Writes `value` as pretty JSON to `dir/name` atomically: a temporary file, synced,
/// renamed over `name`, and the folder synced, so that a crash leaves the old or the new
/// file whole. Shared by the shard manifest and the shard plan.
pub(crate) fn write_json_atomically(dir: &Path, name: &str, value: &impl Serialize) -> io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut json = serde_json::to_vec_pretty(value)?;
    json.push(b'\n');
    let mut file = fs::File::create(&tmp)?;
    file.write_all(&json)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, dir.join(name))?;
    fs::File::open(dir)?.sync_all()
}

impl ShardManifest {
    /// The manifest of the sharded folder `dir`, `None` if it has none.
    pub fn read(dir: &Path) -> Result<Option<ShardManifest>, ShardManifestError> {
        let path = dir.join(SHARDS_FILE);
        let fail = |reason: String| ShardManifestError {
            path: path.clone(),
            reason,
        };
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(fail(e.to_string())),
        };
        let manifest: ShardManifest = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
        if manifest.version != SHARDS_VERSION {
            return Err(fail(format!(
                "layout version {} (this program writes {SHARDS_VERSION})",
                manifest.version
            )));
        }
        Ok(Some(manifest))
    }

    /// Writes the manifest into `dir` atomically: a temporary file, synced, renamed over
    /// `shards.json`, and the folder synced, so that a crash leaves the old or the new
    /// manifest whole.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        write_json_atomically(dir, SHARDS_FILE, self)
    }

    /// The routing of the file with key `key`, if known.
    pub fn file(&self, key: &str) -> Option<&RoutedFile> {
        self.files
            .binary_search_by(|f| f.key.as_str().cmp(key))
            .ok()
            .map(|i| &self.files[i])
    }

    /// The shard named `name`, if the folder has it.
    pub fn shard(&self, name: &str) -> Option<&ShardEntry> {
        self.shards.iter().find(|s| s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ShardManifest {
        let share = FileShare {
            articles: 2,
            first_day: Some("2024-03-01".into()),
            last_day: Some("2024-03-09".into()),
            digest: "00ff".into(),
        };
        ShardManifest {
            version: SHARDS_VERSION,
            shard_by: "month".into(),
            format: 6,
            analyzer: "uk-1".into(),
            lexicon: "abc".into(),
            entities: "none".into(),
            shards: vec![ShardEntry {
                name: "2024-03".into(),
                folder: "2024-03".into(),
                first_day: share.first_day.clone(),
                last_day: share.last_day.clone(),
                articles: 2,
            }],
            files: vec![
                RoutedFile {
                    key: "/a/x.jsonl".into(),
                    size: 10,
                    modified: Some(Duration::new(1_700_000_000, 5)),
                    shares: BTreeMap::from([("2024-03".to_string(), share)]),
                    skips: BTreeMap::from([("no-text".to_string(), 1)]),
                },
                RoutedFile {
                    key: "/a/y.jsonl".into(),
                    size: 0,
                    modified: None,
                    shares: BTreeMap::new(),
                    skips: BTreeMap::new(),
                },
            ],
        }
    }

    #[test]
    fn writes_atomically_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ShardManifest::read(dir.path()).unwrap().is_none());
        let m = sample();
        m.write(dir.path()).unwrap();
        assert_eq!(ShardManifest::read(dir.path()).unwrap(), Some(m.clone()));
        // No temporary file is left behind, and a rewrite replaces the whole file.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![SHARDS_FILE.to_string()]);
        let mut smaller = m.clone();
        smaller.files.truncate(1);
        smaller.write(dir.path()).unwrap();
        let back = ShardManifest::read(dir.path()).unwrap().unwrap();
        assert_eq!(back, smaller);
        assert_eq!(back.file("/a/x.jsonl").unwrap().size, 10);
        assert!(back.file("/a/y.jsonl").is_none());
        assert_eq!(back.shard("2024-03").unwrap().articles, 2);
    }

    #[test]
    fn a_stale_temporary_file_does_not_count() {
        // A crash between writing the temporary file and the rename leaves the old
        // manifest in force.
        let dir = tempfile::tempdir().unwrap();
        let m = sample();
        m.write(dir.path()).unwrap();
        fs::write(dir.path().join(format!(".{SHARDS_FILE}.tmp")), b"{\"version\":").unwrap();
        assert_eq!(ShardManifest::read(dir.path()).unwrap(), Some(m.clone()));
        m.write(dir.path()).unwrap();
        assert_eq!(ShardManifest::read(dir.path()).unwrap(), Some(m));
    }

    #[test]
    fn refuses_a_damaged_or_foreign_manifest() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SHARDS_FILE), b"{\"version\":").unwrap();
        let err = ShardManifest::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("shards.json") && err.contains("--rebuild"), "{err}");
        let mut m = sample();
        m.version = 99;
        fs::write(dir.path().join(SHARDS_FILE), serde_json::to_vec(&m).unwrap()).unwrap();
        let err = ShardManifest::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("layout version 99"), "{err}");
    }
}
