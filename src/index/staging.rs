//! Where an indexing run writes, and how the result replaces what was there.
//!
//! Three cases: a new index is built in place in an empty (or missing) folder and removed
//! again if the run fails; an existing index is updated in place (Tantivy only makes the
//! new documents visible at the commit, so a failed run leaves it as it was); `--rebuild`
//! builds a fresh index in a sibling folder `DIR.rebuild-tmp` and swaps it in at the end,
//! so that a failed rebuild leaves the old index intact.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::meta::META_FILE;

/// The placeholder that keeps the default index folder in git; it is not index content.
pub const KEEP_FILE: &str = ".gitkeep";

/// What an index folder holds before a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirState {
    /// Nothing there, or only [`KEEP_FILE`]: a new index can be built in it.
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
        empty &= name == KEEP_FILE;
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
/// Exists so that every way out of a run (success, error, `--strict` refusal, a panic)
/// either publishes the index or leaves the folder as it was: dropping a staging that was
/// not [`finish`](Staging::finish)ed cleans up.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    work: PathBuf,
    kind: Kind,
    done: bool,
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
        }
    }

    /// Builds a new index in `dir`, which must be [`DirState::Empty`]; creates it if
    /// needed.
    pub fn fresh(dir: &Path) -> io::Result<Staging> {
        let created = !dir.exists();
        fs::create_dir_all(dir)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            work: dir.to_path_buf(),
            kind: Kind::Fresh { created },
            done: false,
        })
    }

    /// Builds a new index in `DIR.rebuild-tmp` (removing a stale one from a crashed run),
    /// to replace `dir` at [`finish`](Staging::finish).
    pub fn rebuild(dir: &Path) -> io::Result<Staging> {
        let work = sibling(dir, ".rebuild-tmp")?;
        remove_if_exists(&work)?;
        fs::create_dir_all(&work)?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            work,
            kind: Kind::Rebuild,
            done: false,
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

    /// Publishes the result. For a rebuild: moves the old index to `DIR.rebuild-old`, the
    /// new one to `DIR`, then deletes the old one (a `.gitkeep` is carried over). If the
    /// second move fails, the old index is put back.
    pub fn finish(mut self) -> io::Result<()> {
        self.done = true;
        if !matches!(self.kind, Kind::Rebuild) {
            return Ok(());
        }
        let keep = self.dir.join(KEEP_FILE);
        if keep.is_file() {
            fs::copy(&keep, self.work.join(KEEP_FILE))?;
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

impl Drop for Staging {
    fn drop(&mut self) {
        if self.done {
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
        let s = Staging::fresh(&missing).unwrap();
        fs::write(s.work_dir().join("meta.json"), "{}").unwrap();
        drop(s);
        assert!(!missing.exists());

        let kept = t.path().join("kept");
        fs::create_dir(&kept).unwrap();
        fs::write(kept.join(KEEP_FILE), "").unwrap();
        let s = Staging::fresh(&kept).unwrap();
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

        let s = Staging::rebuild(&dir).unwrap();
        assert_eq!(s.work_dir(), t.path().join("index.rebuild-tmp"));
        fs::write(s.work_dir().join("meta.json"), "new").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(dir.join("meta.json")).unwrap(), "old");
        assert!(!t.path().join("index.rebuild-tmp").exists());

        let s = Staging::rebuild(&dir).unwrap();
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
    fn rebuild_into_a_missing_folder() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("fresh");
        let s = Staging::rebuild(&dir).unwrap();
        fs::write(s.work_dir().join("meta.json"), "new").unwrap();
        s.finish().unwrap();
        assert!(dir.join("meta.json").exists());
        assert!(!dir.join(KEEP_FILE).exists());
    }
}
