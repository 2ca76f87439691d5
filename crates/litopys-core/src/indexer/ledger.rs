//! The working state of an incremental job: which article id the index holds, from which
//! file, with which content, and what this job has seen so far.
//!
//! It starts from the committed [`Manifest`], is updated as articles are classified, and
//! gives the manifest of each commit ([`Ledger::snapshot`]). Rules, applied in discovery
//! order so that the result is the one a full rebuild would give:
//!
//! - a file whose size and modification time are those of a complete manifest entry is
//!   not read; its ids count as seen;
//! - in a JSON Lines file that is read, a line with the number and [`LineHash`] of one of
//!   the file's articles is that article, unchanged: the reader does not parse it
//!   ([`Step::Check`], [`Ledger::known_line`]);
//! - an article whose id is not in the index is *added*; one with the same id, content,
//!   file and position is *unchanged*; any other is *updated* (deleted, then added);
//! - the second article with an id seen earlier in the job is a duplicate (skipped);
//! - an id taken over by another file marks its former file incomplete, so that it is
//!   read again next time (it may hold a duplicate now);
//! - at the end of a job that saw every file, ids nobody claimed are deleted. Articles of
//!   a file that could not be read (to the end) are kept until it can be.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::manifest::{mtime, Entry, FileEntry, Manifest};
use crate::corpus::{Article, Format, LineHash, Origin, Skip, SkipReason, SourceFile};
use crate::index::document::Hash;
use crate::index::keys::Keys;

/// Owner of articles no file claims.
const ORPHAN: u32 = u32::MAX;

/// What to do with an article that was read.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// New id: add it.
    Added,
    /// Known id with other content or place: replace it.
    Updated,
    /// Known id, same content and place: nothing to do.
    Unchanged,
    /// Seen earlier in this job: skip it.
    Duplicate(Skip),
}

/// The lines of a JSON Lines file that the index holds, as (line number, [`LineHash`]),
/// sorted by line number.
pub type KnownLines = Arc<Vec<(u32, LineHash)>>;

/// Whether `known` lists line `line` (1-based) with fingerprint `hash`.
pub fn is_known(known: &[(u32, LineHash)], line: usize, hash: LineHash) -> bool {
    let Ok(line) = u32::try_from(line) else {
        return false;
    };
    known
        .binary_search_by_key(&line, |&(n, _)| n)
        .is_ok_and(|i| known[i].1 == hash)
}

/// What to do with a discovered file.
#[derive(Clone, Debug)]
pub enum Step {
    /// Unchanged since the last commit: not read.
    Skip(u32),
    /// Read it.
    Read(u32, SourceFile),
    /// Read this JSON Lines file, but do not parse the lines it lists unchanged: their
    /// articles are in the index as they are (see [`Ledger::known_line`]).
    Check(u32, SourceFile, KnownLines),
}

/// An article the committed manifest gives a file.
#[derive(Debug)]
struct Old {
    id: String,
    pos: u32,
    line: LineHash,
}

#[derive(Debug)]
struct Slot {
    /// The file's identity: see [`Keys`].
    path: PathBuf,
    /// The path as discovered this run (else `path`), for messages.
    shown: PathBuf,
    size: u64,
    modified: Option<Duration>,
    complete: bool,
    /// In the committed manifest, or begun in this job.
    known: bool,
    /// Part of this job's archive.
    discovered: bool,
    /// The articles the committed manifest gives this file, by position.
    old: Vec<Old>,
    /// Skipped inputs by kind, and the first one's message (see [`FileEntry::skips`]).
    skips: BTreeMap<String, u64>,
    first_skip: Option<String>,
    /// A duplicate id was skipped while reading it: read it again next time.
    had_duplicates: bool,
}

/// What an unchanged file holds, without reading it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Unread {
    /// Its articles in the index.
    pub articles: u64,
    /// Its skipped inputs when it was read, by kind.
    pub skips: Vec<(String, u64)>,
    /// The first one's message.
    pub first_skip: Option<String>,
}

#[derive(Debug)]
struct Rec {
    hash: Hash,
    pos: u32,
    line: LineHash,
    owner: u32,
    /// Seen (or kept) in this job.
    claimed: bool,
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct Ledger {
    slots: Vec<Slot>,
    by_path: HashMap<PathBuf, u32>,
    recs: HashMap<String, Rec>,
    dirty: bool,
}

/// An article's position in its file, as stored in [`Entry::pos`].
pub fn position(origin: &Origin) -> u32 {
    let pos = match (origin.line, origin.index) {
        (Some(line), _) => line,
        (None, Some(index)) => index.saturating_add(1),
        (None, None) => 0,
    };
    u32::try_from(pos).unwrap_or(u32::MAX)
}

fn path_of(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

impl Ledger {
    /// The state of an index whose last commit has `manifest`.
    pub fn new(manifest: Manifest) -> Ledger {
        let mut ledger = Ledger::default();
        for f in manifest.files {
            let slot = ledger.slot(path_of(&f.path));
            let s = &mut ledger.slots[slot as usize];
            (s.size, s.modified, s.complete, s.known) = (f.size, f.modified, f.complete, true);
            (s.skips, s.first_skip) = (f.skips.into_iter().collect(), f.first_skip);
            for e in f.articles {
                s.old.push(Old {
                    id: e.id.clone(),
                    pos: e.pos,
                    line: e.line,
                });
                ledger.recs.insert(e.id, rec(e.hash, e.pos, e.line, slot));
            }
            s.old.sort_by_key(|o| o.pos);
        }
        for e in manifest.orphans {
            ledger.recs.insert(e.id, rec(e.hash, 0, 0, ORPHAN));
        }
        ledger
    }

    fn slot(&mut self, path: PathBuf) -> u32 {
        if let Some(&i) = self.by_path.get(&path) {
            return i;
        }
        let i = self.slots.len() as u32;
        self.by_path.insert(path.clone(), i);
        self.slots.push(Slot {
            shown: path.clone(),
            path,
            size: 0,
            modified: None,
            complete: false,
            known: false,
            discovered: false,
            old: Vec::new(),
            skips: BTreeMap::new(),
            first_skip: None,
            had_duplicates: false,
        });
        i
    }

    /// Decides which files to read (`roots`: the PATH arguments). Files of the committed
    /// manifest under `protected` paths (which discovery could not read: a folder
    /// without permission, a broken link) keep their articles as if unchanged.
    pub fn plan(&mut self, roots: &[PathBuf], files: &[SourceFile], protected: &[PathBuf]) -> Vec<Step> {
        let keys = Keys::new(roots);
        let old: Vec<u32> = (0..self.slots.len() as u32).collect();
        let steps = files
            .iter()
            .map(|f| {
                let slot = self.slot(keys.key(&f.root, &f.path));
                let s = &mut self.slots[slot as usize];
                s.shown = f.path.clone();
                s.discovered = true;
                let modified = mtime(f.modified);
                let same = s.known && s.complete && s.size == f.size && modified.is_some();
                if same && s.modified == modified {
                    return Step::Skip(slot);
                }
                let known: Vec<(u32, LineHash)> = if f.format.is_line_based() {
                    s.old
                        .iter()
                        .filter(|o| o.line != 0)
                        .map(|o| (o.pos, o.line))
                        .collect()
                } else {
                    Vec::new()
                };
                if known.is_empty() {
                    Step::Read(slot, f.clone())
                } else {
                    Step::Check(slot, f.clone(), Arc::new(known))
                }
            })
            .collect();
        let protected: Vec<PathBuf> = protected.iter().map(|p| keys.key_below_roots(p)).collect();
        for slot in old {
            let s = &self.slots[slot as usize];
            if !s.discovered && protected.iter().any(|p| s.path.starts_with(p)) {
                self.slots[slot as usize].discovered = true;
                self.skip_file(slot);
            }
        }
        steps
    }

    /// An unchanged file's articles are seen; returns what it holds.
    pub fn skip_file(&mut self, slot: u32) -> Unread {
        let s = &self.slots[slot as usize];
        let mut unread = Unread {
            articles: 0,
            skips: s.skips.iter().map(|(k, n)| (k.clone(), *n)).collect(),
            first_skip: s.first_skip.clone(),
        };
        for Old { id, .. } in &s.old {
            if let Some(r) = self.recs.get_mut(id) {
                if r.owner == slot && !r.claimed {
                    r.claimed = true;
                    unread.articles += 1;
                }
            }
        }
        unread
    }

    /// A file is about to be read.
    pub fn begin_file(&mut self, slot: u32, file: &SourceFile) {
        let s = &mut self.slots[slot as usize];
        (s.size, s.modified, s.complete, s.known) = (file.size, mtime(file.modified), false, true);
        (s.skips, s.first_skip, s.had_duplicates) = (BTreeMap::new(), None, false);
        self.dirty = true;
    }

    /// An input of the file being read was skipped.
    pub fn skipped(&mut self, slot: u32, skip: &Skip) {
        let s = &mut self.slots[slot as usize];
        if let SkipReason::DuplicateId { .. } = skip.reason {
            s.had_duplicates = true;
            return;
        }
        *s.skips.entry(skip.reason.kind().to_string()).or_default() += 1;
        s.first_skip.get_or_insert_with(|| skip.to_string());
    }

    /// Classifies an article read from `slot` (with the [`LineHash`] of its line, 0 if
    /// none), recording it as the index's version.
    pub fn classify(&mut self, slot: u32, article: &Article, hash: Hash, line: LineHash) -> Verdict {
        let pos = position(&article.origin);
        let Some(r) = self.recs.get_mut(&article.id) else {
            self.recs.insert(
                article.id.clone(),
                Rec {
                    claimed: true,
                    ..rec(hash, pos, line, slot)
                },
            );
            self.dirty = true;
            return Verdict::Added;
        };
        if r.claimed {
            let origin = &article.origin;
            return Verdict::Duplicate(duplicate(&self.slots, r, &article.id, &origin.path, origin.line));
        }
        let unchanged = r.owner == slot && r.pos == pos && r.hash == hash;
        if r.owner != slot && r.owner != ORPHAN {
            self.slots[r.owner as usize].complete = false;
        }
        *r = Rec {
            claimed: true,
            ..rec(hash, pos, line, slot)
        };
        if unchanged {
            Verdict::Unchanged
        } else {
            self.dirty = true;
            Verdict::Updated
        }
    }

    /// Line `line` of the file `slot` is one the file had in the index, byte for byte (the
    /// reader found it in the [`KnownLines`] of a [`Step::Check`] and did not parse it):
    /// its article is unchanged, unless an earlier file of this job took its id, which
    /// makes it a duplicate (the skip returned), exactly as if it had been parsed.
    pub fn known_line(&mut self, slot: u32, line: u32) -> Option<Skip> {
        let s = self.slots.get(slot as usize)?;
        let i = s.old.binary_search_by_key(&line, |o| o.pos).ok()?;
        let id = &s.old[i].id;
        let r = self.recs.get_mut(id)?;
        if r.claimed {
            return Some(duplicate(&self.slots, r, id, &s.shown, Some(line as usize)));
        }
        // Unclaimed, so as the manifest gave it: this file's, at this line.
        r.claimed = true;
        None
    }

    /// A file was read to its end. Its former articles not seen again become orphans
    /// (deleted at the end of the job unless another file claims them), except when the
    /// file could not be read to the end (`troubled`): they are kept. `still_same` says
    /// whether the file still had its discovered size and time after reading; if not, it
    /// changed meanwhile and is read again next time.
    pub fn file_done(&mut self, slot: u32, troubled: bool, still_same: bool) {
        // `old` stays: a line of this file reported known again (the file listed twice)
        // must still find its id, to be skipped as a duplicate.
        for Old { id, .. } in &self.slots[slot as usize].old {
            if let Some(r) = self.recs.get_mut(id) {
                if r.owner == slot && !r.claimed {
                    if troubled {
                        r.claimed = true;
                    } else {
                        r.owner = ORPHAN;
                    }
                }
            }
        }
        let s = &mut self.slots[slot as usize];
        s.complete = !troubled && still_same && !s.had_duplicates;
        self.dirty = true;
    }

    /// Ids in the index that this job did not see: to delete after a job that saw every
    /// file.
    pub fn unseen(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .recs
            .iter()
            .filter(|(_, r)| !r.claimed)
            .map(|(id, _)| id.clone())
            .collect();
        v.sort();
        v
    }

    /// Forgets deleted ids.
    pub fn forget(&mut self, ids: &[String]) {
        for id in ids {
            self.recs.remove(id);
        }
        self.dirty |= !ids.is_empty();
    }

    /// Whether anything changed since the last [`Ledger::mark_committed`].
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The state was committed.
    pub fn mark_committed(&mut self) {
        self.dirty = false;
    }

    /// The manifest of the current state.
    pub fn snapshot(&self) -> Manifest {
        let mut per_slot: Vec<Vec<Entry>> = self.slots.iter().map(|_| Vec::new()).collect();
        let mut orphans = Vec::new();
        for (id, r) in &self.recs {
            let e = Entry {
                id: id.clone(),
                hash: r.hash,
                pos: r.pos,
                line: r.line,
            };
            match per_slot.get_mut(r.owner as usize) {
                Some(v) => v.push(e),
                None => orphans.push(e),
            }
        }
        let mut files: Vec<FileEntry> = self
            .slots
            .iter()
            .zip(per_slot)
            .filter(|(s, articles)| !articles.is_empty() || (s.known && s.discovered))
            .map(|(s, mut articles)| {
                articles.sort_by(|a, b| a.pos.cmp(&b.pos).then_with(|| a.id.cmp(&b.id)));
                FileEntry {
                    path: s.path.as_os_str().as_encoded_bytes().to_vec(),
                    size: s.size,
                    modified: s.modified,
                    complete: s.complete,
                    articles,
                    skips: s.skips.iter().map(|(k, n)| (k.clone(), *n)).collect(),
                    first_skip: s.first_skip.clone(),
                }
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        orphans.sort_by(|a, b| a.id.cmp(&b.id));
        Manifest { files, orphans }
    }
}

fn rec(hash: Hash, pos: u32, line: LineHash, owner: u32) -> Rec {
    Rec {
        hash,
        pos,
        line,
        owner,
        claimed: false,
    }
}

/// The skip of an article whose id `r` already claimed in this job, found at `path`,
/// `line`.
fn duplicate(slots: &[Slot], r: &Rec, id: &str, path: &Path, line: Option<usize>) -> Skip {
    let first_seen = match slots.get(r.owner as usize) {
        Some(s) => describe(&s.shown, r.pos),
        None => "an earlier file".to_string(),
    };
    Skip {
        path: path.to_path_buf(),
        line,
        reason: SkipReason::DuplicateId {
            id: id.to_string(),
            first_seen,
        },
    }
}

/// `path:line`, `path#index` or `path`, as [`Origin`] shows it.
fn describe(path: &Path, pos: u32) -> String {
    let shown = path.display();
    match (Format::from_path(path), pos) {
        (_, 0) => shown.to_string(),
        (Some(format), p) if format.positions_are_indices() => format!("{shown}#{}", p - 1),
        (_, p) => format!("{shown}:{p}"),
    }
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
