//! Where an indexing job writes, and how the result replaces what was there.
//!
//! Three cases: a new index is built in place in an empty (or missing) folder, and
//! removed again if the job fails before its first commit; an existing index is updated
//! in place (Tantivy only makes new documents visible at a commit, and every commit is
//! atomic, so a failed or killed job leaves the last commit intact); `--rebuild` builds a
//! fresh index in a sibling folder `DIR.rebuild-tmp` and swaps it in at the end, so that
//! searches use the old index until then and a failed rebuild leaves it intact. An
//! interrupted rebuild keeps its folder, and the next `--rebuild` continues it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::lock::LOCK_FILE;
use crate::index::meta::META_FILE;

/// The placeholder that keeps the default index folder in git; it is not index content.
pub const KEEP_FILE: &str = ".gitkeep";

/// What an index folder holds before a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirState {
    /// Nothing there, or only [`KEEP_FILE`] (and a job's lock file): a new index can be
    /// built in it.
    Empty,
    /// A Litopys (or at least a Tantivy) index.
    Index,
    /// Other files: not ours to write into or replace.
    Foreign,
}

/// Looks at `dir` without changing it.
///
/// Exists so that the indexer never writes into, or deletes, a folder of someone else's
/// files because of a wrong `--index`.
pub fn inspect(dir: &Path) -> io::Result<DirState> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(DirState::Empty),
        Err(e) => return Err(e),
    };
    let mut empty = true;
    for entry in entries {
        let name = entry?.file_name();
        if name == META_FILE || name == "meta.json" {
            return Ok(DirState::Index);
        }
        empty &= name == KEEP_FILE || name == LOCK_FILE || name == RETIRED_FILE;
    }
    Ok(if empty { DirState::Empty } else { DirState::Foreign })
}

#[derive(Debug)]
enum Kind {
    /// Updating an existing index in place: nothing to undo.
    Update,
    /// A new index in `dir`; `created` if the folder did not exist.
    Fresh { created: bool },
    /// A new index in `work`, to be swapped in for `dir`.
    Rebuild,
}

/// The folder a run writes to, and what to do with it at the end.
///
/// Exists so that every way out of a job (success, error, `--strict` refusal, a panic)
/// either publishes the index or leaves the folder as it was: dropping a staging that was
/// not [`finish`](Staging::finish)ed cleans up, unless something was committed in it
/// ([`Staging::committed`]): a committed index is kept, to be continued by the next job.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    work: PathBuf,
    kind: Kind,
    done: bool,
    committed: bool,
}

/// The folder a `--rebuild` of `dir` builds in: `DIR.rebuild-tmp`.
///
/// Exists for messages, and to look for an interrupted rebuild to continue.
pub fn rebuild_dir(dir: &Path) -> io::Result<PathBuf> {
    sibling(dir, ".rebuild-tmp")
}

/// `DIR` with `suffix` appended to its last component (`index.rebuild-tmp`).
fn sibling(dir: &Path, suffix: &str) -> io::Result<PathBuf> {
    let name = dir.file_name().ok_or_else(|| {
        io::Error::other(format!(
            "cannot rebuild `{}` in place: pass the index folder by name with --index",
            dir.display()
        ))
    })?;
    let mut name = name.to_os_string();
    name.push(suffix);
    Ok(dir.with_file_name(name))
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

impl Staging {
    /// Updates the index in `dir` in place.
    pub fn update(dir: &Path) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            work: dir.to_path_buf(),
            kind: Kind::Update,
            done: false,
            committed: false,
        }
    }

    /// Builds a new index in `dir`, an existing [`DirState::Empty`] folder; `created` says
    /// whether this job created it (then a failure removes it).
    pub fn fresh(dir: &Path, created: bool) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            work: dir.to_path_buf(),
            kind: Kind::Fresh { created },
            done: false,
            committed: false,
        }
    }

    /// Builds a new index in `DIR.rebuild-tmp`, to replace `dir` at
    /// [`finish`](Staging::finish). With `resume`, continues the index an interrupted
    /// rebuild left there; else starts over (removing whatever is there).
    pub fn rebuild(dir: &Path, resume: bool) -> io::Result<Staging> {
        let work = rebuild_dir(dir)?;
        if !resume {
            remove_if_exists(&work)?;
        }
        fs::create_dir_all(&work)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            work,
            kind: Kind::Rebuild,
            done: false,
            committed: resume,
        })
    }

    /// The folder to open or create the Tantivy index in.
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    /// Whether the run builds a new index (which then needs its metadata written) rather
    /// than updating one.
    pub fn is_new(&self) -> bool {
        !matches!(self.kind, Kind::Update)
    }

    /// Something was committed in the working folder: from now on a failure keeps it (a
    /// new index stays, searchable; a rebuild's folder waits to be continued).
    pub fn committed(&mut self) {
        self.committed = true;
    }

    /// Whether this is a rebuild (whose result replaces the index only at the end).
    pub fn is_rebuild(&self) -> bool {
        matches!(self.kind, Kind::Rebuild)
    }

    /// Ends an interrupted job: keeps what was committed without publishing a rebuild,
    /// which the next `--rebuild` continues.
    pub fn suspend(mut self) {
        self.done = self.committed;
    }

    /// Publishes the result. For a rebuild: the new folder takes the place of `DIR` in
    /// one atomic exchange where the system allows it (Linux), so that a search opening
    /// the index finds either the old or the new one, never none; the old one is then
    /// deleted (a `.gitkeep` is carried over). Elsewhere: the old index is moved to
    /// `DIR.rebuild-old`, the new one to `DIR`, and the old one put back if that fails.
    pub fn finish(mut self) -> io::Result<()> {
        self.done = true;
        if !matches!(self.kind, Kind::Rebuild) {
            return Ok(());
        }
        let keep = self.dir.join(KEEP_FILE);
        if keep.is_file() {
            fs::copy(&keep, self.work.join(KEEP_FILE))?;
        }
        if self.dir.exists() {
            // Marks the old index, so that if the job dies right after the exchange, the
            // next one knows the folder left at `work` is not a rebuild to continue.
            fs::write(self.dir.join(RETIRED_FILE), "")?;
            if exchange(&self.work, &self.dir).is_ok() {
                return remove_if_exists(&self.work);
            }
            let _ = fs::remove_file(self.dir.join(RETIRED_FILE));
        }
        let old = sibling(&self.dir, ".rebuild-old")?;
        remove_if_exists(&old)?;
        let had_old = self.dir.exists();
        if had_old {
            fs::rename(&self.dir, &old)?;
        }
        if let Err(e) = fs::rename(&self.work, &self.dir) {
            if had_old {
                let _ = fs::rename(&old, &self.dir);
            }
            self.done = false;
            return Err(e);
        }
        if had_old {
            remove_if_exists(&old)?;
        }
        Ok(())
    }
}

/// Marks an index folder that a rebuild replaced (see [`Staging::finish`]).
const RETIRED_FILE: &str = ".litopys-replaced";

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Tidies up after a job that died while publishing a rebuild (called with the lock held):
/// removes the replaced index if it is still there, or puts it back if the new one never
/// arrived. Returns `true` in the latter case: `dir` is then another folder, whose lock
/// must be taken again.
///
/// Exists because a SIGKILL can come between any two steps of [`Staging::finish`].
pub fn recover(dir: &Path) -> io::Result<bool> {
    let _ = fs::remove_file(dir.join(RETIRED_FILE));
    let work = rebuild_dir(dir)?;
    if work.join(RETIRED_FILE).exists() {
        remove_if_exists(&work)?;
    }
    let old = sibling(dir, ".rebuild-old")?;
    if !old.exists() {
        return Ok(false);
    }
    if inspect(dir)? == DirState::Index {
        remove_if_exists(&old)?;
        return Ok(false);
    }
    let _ = fs::remove_dir_all(dir);
    fs::rename(&old, dir)?;
    Ok(true)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.done || self.committed {
            return;
        }
        match self.kind {
            Kind::Update => {}
            Kind::Rebuild => {
                let _ = fs::remove_dir_all(&self.work);
            }
            Kind::Fresh { created: true } => {
                let _ = fs::remove_dir_all(&self.dir);
            }
            Kind::Fresh { created: false } => {
                // The folder held nothing but a `.gitkeep`: everything else is ours.
                if let Ok(entries) = fs::read_dir(&self.dir) {
                    for entry in entries.flatten() {
                        if entry.file_name() == KEEP_FILE {
                            continue;
                        }
                        let path = entry.path();
                        let _ = if path.is_dir() {
                            fs::remove_dir_all(&path)
                        } else {
                            fs::remove_file(&path)
                        };
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("ix");
        assert_eq!(inspect(&dir).unwrap(), DirState::Empty);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(KEEP_FILE), "").unwrap();
        fs::write(dir.join(LOCK_FILE), "").unwrap();
        assert_eq!(inspect(&dir).unwrap(), DirState::Empty);
        fs::write(dir.join("notes.txt"), "x").unwrap();
        assert_eq!(inspect(&dir).unwrap(), DirState::Foreign);
        fs::write(dir.join("meta.json"), "{}").unwrap();
        assert_eq!(inspect(&dir).unwrap(), DirState::Index);
    }

    #[test]
    fn failed_fresh_builds_leave_nothing_but_the_keep_file() {
        let t = tempfile::tempdir().unwrap();
        let missing = t.path().join("new");
        fs::create_dir(&missing).unwrap();
        let s = Staging::fresh(&missing, true);
        fs::write(s.work_dir().join("meta.json"), "{}").unwrap();
        drop(s);
        assert!(!missing.exists());

        let kept = t.path().join("kept");
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join(KEEP_FILE), "").unwrap();
        let s = Staging::fresh(&kept, false);
        fs::write(s.work_dir().join("meta.json"), "{}").unwrap();
        fs::create_dir(s.work_dir().join("sub")).unwrap();
        drop(s);
        let names: Vec<_> = fs::read_dir(&kept)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [KEEP_FILE]);
    }

    #[test]
    fn rebuild_swaps_on_finish_and_keeps_the_old_index_on_failure() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("index");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(KEEP_FILE), "").unwrap();
        fs::write(dir.join("meta.json"), "old").unwrap();

        let s = Staging::rebuild(&dir, false).unwrap();
        assert_eq!(s.work_dir(), t.path().join("index.rebuild-tmp"));
        fs::write(s.work_dir().join("meta.json"), "new").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(dir.join("meta.json")).unwrap(), "old");
        assert!(!t.path().join("index.rebuild-tmp").exists());

        // An interrupted rebuild that committed keeps its folder, and the next continues it.
        let mut s = Staging::rebuild(&dir, false).unwrap();
        fs::write(s.work_dir().join("meta.json"), "half").unwrap();
        s.committed();
        s.suspend();
        assert_eq!(fs::read_to_string(dir.join("meta.json")).unwrap(), "old");
        let s = Staging::rebuild(&dir, true).unwrap();
        assert_eq!(
            fs::read_to_string(s.work_dir().join("meta.json")).unwrap(),
            "half"
        );
        fs::write(s.work_dir().join("meta.json"), "new").unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read_to_string(dir.join("meta.json")).unwrap(), "new");
        assert!(dir.join(KEEP_FILE).exists());
        let left: Vec<_> = fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["index"]);
    }

    #[test]
    fn a_rebuild_that_died_while_publishing_is_tidied_up() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("index");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("meta.json"), "new").unwrap();
        // Died right after the exchange: the replaced index is at the rebuild folder.
        let work = rebuild_dir(&dir).unwrap();
        fs::create_dir(&work).unwrap();
        fs::write(work.join(RETIRED_FILE), "").unwrap();
        assert!(!recover(&dir).unwrap());
        assert!(!work.exists());
        // Died between the two renames of the fallback: the old index comes back.
        let old = sibling(&dir, ".rebuild-old").unwrap();
        fs::rename(&dir, &old).unwrap();
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(LOCK_FILE), "").unwrap();
        assert!(recover(&dir).unwrap());
        assert_eq!(fs::read_to_string(dir.join("meta.json")).unwrap(), "new");
        assert!(!old.exists());
    }

    #[test]
    fn rebuild_into_a_missing_folder() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("fresh");
        let s = Staging::rebuild(&dir, false).unwrap();
        fs::write(s.work_dir().join("meta.json"), "new").unwrap();
        s.finish().unwrap();
        assert!(dir.join("meta.json").exists());
        assert!(!dir.join(KEEP_FILE).exists());
    }
}
