//! The manifest: what each archive file contributed to the index, so that a rerun can skip
//! unchanged files without reading them and knows which articles vanished.
//!
//! # Why it can never describe another state than the committed one
//!
//! The manifest of a commit is written to its own file, `litopys-manifest-<opstamp>.bin`,
//! *before* the commit, and made durable (`fsync` of the file and the folder). The Tantivy
//! commit then records the file's name and SHA-256 as its payload inside `meta.json`,
//! which Tantivy replaces atomically. So the payload of the committed `meta.json` always
//! names the manifest written for exactly that commit:
//!
//! - killed before the commit: `meta.json` still names the previous manifest, which is
//!   still there (older manifests are deleted only after the new commit); the new file is
//!   an orphan, removed by the next job;
//! - killed after it: `meta.json` names the new manifest, already on disk.
//!
//! Tantivy keeps the payload when background merges rewrite `meta.json`, and its garbage
//! collector only deletes files it created, so the manifest files are left alone. A
//! manifest that is missing or does not match its checksum is treated as absent: the next
//! job reads every file again and replaces every article (see
//! [`Manifest::from_ids`]), which is slow but correct.
//!
//! The manifest is not kept in the payload itself because every reader parses
//! `meta.json` when it opens or reloads the index: a manifest of a million articles
//! (about 50 MB) would slow every search down.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::Index;

use crate::corpus::{LineHash, READER_VERSION};
use crate::index::document::Hash;

/// The hash of articles whose content is unknown (an index without a manifest): never
/// equal to a real content hash, so such articles are always replaced.
pub const UNKNOWN_HASH: Hash = [0; 16];

/// One article as the index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The article id.
    pub id: String,
    /// Its content hash.
    pub hash: Hash,
    /// Where in its file: 0 for a whole file, else the JSON Lines line (1-based) or the
    /// JSON array position (0-based) plus one. An article that moves is reindexed, so that
    /// the `path` shown in results stays right.
    pub pos: u32,
    /// The [`LineHash`] of its JSON Lines line, 0 if none (other formats, or listed by
    /// an older version): a line with the same number and fingerprint on a rerun is this
    /// article, unchanged, and is not parsed again.
    pub line: LineHash,
}

/// One archive file as of the commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    /// The path as found by discovery (the one stored in the documents), as bytes.
    pub path: Vec<u8>,
    /// Size in bytes when it was read.
    pub size: u64,
    /// Modification time when it was read (`None` if the platform gave none: such files
    /// are always read again).
    pub modified: Option<Duration>,
    /// Whether every article of the file (as of `size` and `modified`) is in the index as
    /// listed. False while a file is being read, when it could not be read to the end, or
    /// when another file took one of its ids: such files are read again next time.
    pub complete: bool,
    /// Its articles in the index.
    pub articles: Vec<Entry>,
    /// Inputs of the file that were skipped, by kind (not duplicate ids: a file with
    /// those is always read again, since which copy wins depends on other files). An
    /// unchanged file still has them, so they are counted again without reading it.
    pub skips: Vec<(String, u64)>,
    /// The message of the file's first skip (for `--strict`).
    pub first_skip: Option<String>,
}

/// What the committed index holds, by archive file.
///
/// Exists so that a rerun needs neither to read unchanged files nor to scan the index.
/// Invariant: the ids of all files and of `orphans` are exactly the ids in the committed
/// index, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The files, in no particular order.
    pub files: Vec<FileEntry>,
    /// Articles in the index that no file claims any more (their file changed or vanished
    /// during a job that was interrupted before deleting them).
    pub orphans: Vec<Entry>,
}

/// A modification time as stored: time since the Unix epoch (`None` before it).
pub fn mtime(t: Option<SystemTime>) -> Option<Duration> {
    t.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
}

/// Version 3 added [`Entry::line`]. Version 2 manifests are still read (without line
/// fingerprints: the files that changed are parsed whole once more, and get them).
const MAGIC: &[u8] = b"LITOPYS-MANIFEST-3\n";
const MAGIC_V2: &[u8] = b"LITOPYS-MANIFEST-2\n";
const PREFIX: &str = "litopys-manifest-";
const SUFFIX: &str = ".bin";

/// The commit payload: which manifest belongs to the commit.
#[derive(Serialize, Deserialize)]
struct Payload {
    manifest: String,
    sha256: String,
    /// The [`READER_VERSION`] of the job that committed; empty before it was recorded.
    #[serde(default)]
    reader: String,
    /// Bytes of the story table ([`crate::stories::STORIES_FILE`]) this commit holds;
    /// absent before story ids existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stories: Option<u64>,
}

impl Manifest {
    /// A manifest for an index whose content is not described (built before manifests
    /// existed, or whose manifest was lost): its ids are known, from the index, but not
    /// which file they came from nor their content.
    pub fn from_ids(ids: impl IntoIterator<Item = String>) -> Manifest {
        Manifest {
            files: Vec::new(),
            orphans: ids
                .into_iter()
                .map(|id| Entry {
                    id,
                    hash: UNKNOWN_HASH,
                    pos: 0,
                    line: 0,
                })
                .collect(),
        }
    }

    /// Number of articles listed.
    pub fn articles(&self) -> usize {
        self.files.iter().map(|f| f.articles.len()).sum::<usize>() + self.orphans.len()
    }

    /// The binary form.
    pub fn encode(&self) -> Vec<u8> {
        self.encode_as(true)
    }

    /// The binary form of this version, or (`lines` false, for tests) of version 2.
    fn encode_as(&self, lines: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.articles() * 56);
        out.extend_from_slice(if lines { MAGIC } else { MAGIC_V2 });
        put_u64(&mut out, self.files.len() as u64);
        for f in &self.files {
            put_bytes(&mut out, &f.path);
            put_u64(&mut out, f.size);
            match f.modified {
                Some(d) => {
                    out.push(1);
                    put_u64(&mut out, d.as_secs());
                    put_u64(&mut out, u64::from(d.subsec_nanos()));
                }
                None => out.push(0),
            }
            out.push(u8::from(f.complete));
            put_entries(&mut out, &f.articles, lines);
            put_u64(&mut out, f.skips.len() as u64);
            for (kind, n) in &f.skips {
                put_bytes(&mut out, kind.as_bytes());
                put_u64(&mut out, *n);
            }
            match &f.first_skip {
                Some(m) => {
                    out.push(1);
                    put_bytes(&mut out, m.as_bytes());
                }
                None => out.push(0),
            }
        }
        put_entries(&mut out, &self.orphans, lines);
        out
    }

    /// Reads the binary form (of this version or of version 2).
    pub fn decode(bytes: &[u8]) -> Option<Manifest> {
        let (rest, lines) = match bytes.strip_prefix(MAGIC) {
            Some(rest) => (rest, true),
            None => (bytes.strip_prefix(MAGIC_V2)?, false),
        };
        let mut r = Reader { rest, lines };
        let n = r.u64()?;
        let mut files = Vec::with_capacity(n.min(1 << 20) as usize);
        for _ in 0..n {
            let path = r.bytes()?.to_vec();
            let size = r.u64()?;
            let modified = match r.byte()? {
                0 => None,
                _ => Some(Duration::new(r.u64()?, u32::try_from(r.u64()?).ok()?)),
            };
            let complete = r.byte()? != 0;
            let articles = r.entries()?;
            let mut skips = Vec::new();
            for _ in 0..r.u64()? {
                skips.push((r.string()?, r.u64()?));
            }
            let first_skip = match r.byte()? {
                0 => None,
                _ => Some(r.string()?),
            };
            files.push(FileEntry {
                path,
                size,
                modified,
                complete,
                articles,
                skips,
                first_skip,
            });
        }
        let orphans = r.entries()?;
        r.rest.is_empty().then_some(Manifest { files, orphans })
    }
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u64(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_entries(out: &mut Vec<u8>, entries: &[Entry], lines: bool) {
    put_u64(out, entries.len() as u64);
    for e in entries {
        put_bytes(out, e.id.as_bytes());
        out.extend_from_slice(&e.hash);
        out.extend_from_slice(&e.pos.to_le_bytes());
        if lines {
            out.extend_from_slice(&e.line.to_le_bytes());
        }
    }
}

struct Reader<'a> {
    rest: &'a [u8],
    /// Entries have [`Entry::line`] (not in version 2).
    lines: bool,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        (self.rest.len() >= n).then(|| {
            let (head, rest) = self.rest.split_at(n);
            self.rest = rest;
            head
        })
    }
    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }
    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    fn entries(&mut self) -> Option<Vec<Entry>> {
        let n = self.u64()?;
        let mut out = Vec::with_capacity(n.min(1 << 24) as usize);
        for _ in 0..n {
            let id = self.string()?;
            let hash = self.take(16)?.try_into().ok()?;
            let pos = u32::from_le_bytes(self.take(4)?.try_into().ok()?);
            let line = if self.lines { self.u64()? } else { 0 };
            out.push(Entry { id, hash, pos, line });
        }
        Some(out)
    }
}

/// A manifest file name for the commit `opstamp` that no file in `dir` has yet.
///
/// Tantivy gives a commit without document operations the opstamp of the last commit (a
/// new writer's stamper starts there), so the plain name may be the committed manifest
/// itself: overwriting it and then being killed before the commit would leave `meta.json`
/// naming a file whose checksum no longer matches. A numbered variant keeps the committed
/// file untouched until the commit that replaces it is durable.
fn free_name(dir: &Path, opstamp: u64) -> String {
    let plain = format!("{PREFIX}{opstamp:020}{SUFFIX}");
    if !dir.join(&plain).exists() {
        return plain;
    }
    (1u32..)
        .map(|n| format!("{PREFIX}{opstamp:020}-{n}{SUFFIX}"))
        .find(|name| !dir.join(name).exists())
        .expect("a free manifest name")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `manifest` durably as the manifest of the commit `opstamp` in `dir` and
/// returns the payload to commit with it, which also records the length of the story
/// table (`stories`, already synced by the caller).
///
/// Exists as the first half of a commit (see the module documentation): the file must be
/// on disk before `meta.json` names it.
pub fn write_for_commit(
    dir: &Path,
    opstamp: u64,
    manifest: &Manifest,
    stories: Option<u64>,
) -> io::Result<String> {
    let bytes = manifest.encode();
    let name = free_name(dir, opstamp);
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = fs::File::create(&tmp)?;
    f.write_all(&bytes)?;
    f.sync_all()?;
    drop(f);
    fs::rename(&tmp, dir.join(&name))?;
    sync_dir(dir)?;
    let payload = Payload {
        manifest: name,
        sha256: hex(&Sha256::digest(&bytes)),
        reader: READER_VERSION.to_string(),
        stories,
    };
    Ok(serde_json::to_string(&payload)?)
}

/// The length of the story table the last commit of `index` recorded (`None`: no
/// commit, or one made before story ids).
///
/// Exists so that the indexer loads exactly the committed part of the table.
pub fn committed_stories(index: &Index) -> tantivy::Result<Option<u64>> {
    let payload = index.load_metas()?.payload;
    Ok(payload
        .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
        .and_then(|p| p.stories))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// What the committed index says about its manifest.
#[derive(Debug)]
pub enum Committed {
    /// The manifest of the last commit.
    Found(Manifest),
    /// No manifest (an index built before manifests existed, or a fresh one).
    Missing,
    /// The payload names a manifest that is missing or damaged.
    Damaged(String),
}

/// Reads the manifest of the last commit of `index` (in `dir`).
///
/// Exists for the indexer (what is there) and for tests and `--dry-run`.
pub fn read_committed(index: &Index, dir: &Path) -> tantivy::Result<Committed> {
    let Some(payload) = index.load_metas()?.payload else {
        return Ok(Committed::Missing);
    };
    let Ok(payload) = serde_json::from_str::<Payload>(&payload) else {
        return Ok(Committed::Missing);
    };
    let path = dir.join(&payload.manifest);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => return Ok(Committed::Damaged(format!("{}: {e}", path.display()))),
    };
    if hex(&Sha256::digest(&bytes)) != payload.sha256 {
        return Ok(Committed::Damaged(format!(
            "{}: checksum mismatch",
            path.display()
        )));
    }
    Ok(match Manifest::decode(&bytes) {
        Some(mut m) if payload.reader != READER_VERSION => {
            // Read by other rules: the same unchanged files may give other articles now
            // (a field name or a date form the older reader refused). Every file is read
            // again once; articles whose content is the same stay as they are.
            for file in &mut m.files {
                file.complete = false;
            }
            Committed::Found(m)
        }
        Some(m) => Committed::Found(m),
        None if bytes.starts_with(b"LITOPYS-MANIFEST-")
            && !bytes.starts_with(MAGIC)
            && !bytes.starts_with(MAGIC_V2) =>
        {
            Committed::Damaged(format!(
                "{}: written by a newer version of litopys",
                path.display()
            ))
        }
        None => Committed::Damaged(format!("{}: unreadable", path.display())),
    })
}

/// Deletes manifest files other than `keep` (and temporary ones) in `dir`: those of
/// older commits and those written for commits that never happened.
///
/// Exists to run after each commit and when a job starts (with the lock held).
pub fn remove_stale(dir: &Path, keep: Option<&str>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(PREFIX) && name.ends_with(SUFFIX)
            || name.starts_with(&format!(".{PREFIX}")) && name.ends_with(".tmp");
        if ours && Some(name.as_ref()) != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The manifest file name in a payload written by [`write_for_commit`].
pub fn payload_file(payload: &str) -> Option<String> {
    serde_json::from_str::<Payload>(payload).ok().map(|p| p.manifest)
}

/// The manifest files currently in `dir`, for tests.
#[doc(hidden)]
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(PREFIX))
        })
        .collect();
    v.sort();
    v
}

#[cfg(test)]
#[path = "manifest_tests.rs"]
mod tests;
