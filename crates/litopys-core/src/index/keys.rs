//! The identity of archive files across runs, whatever the spelling of the PATH arguments.

use std::path::{Path, PathBuf};

/// The identity of archive files across runs: the PATH argument made canonical, joined
/// with the path below it. So `archive`, `./archive` and `/home/me/archive` name the same
/// files (a rerun from another folder or with another spelling reads nothing), while a
/// file moved or renamed inside the archive is another file (its articles are
/// reindexed, so that results show where they are now).
pub struct Keys {
    roots: Vec<(PathBuf, PathBuf)>,
}

/// `path` made canonical if it exists, else absolute (lexically).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

impl Keys {
    /// Keys for files found under `roots`.
    pub fn new(roots: &[PathBuf]) -> Keys {
        Keys {
            roots: roots.iter().map(|r| (r.clone(), canonical(r))).collect(),
        }
    }

    /// The key of the file at `path`, found under the PATH argument `root`.
    pub fn key(&self, root: &Path, path: &Path) -> PathBuf {
        match self.roots.iter().find(|(r, _)| r == root) {
            Some((r, c)) => match path.strip_prefix(r) {
                Ok(rel) if !rel.as_os_str().is_empty() => c.join(rel),
                _ => c.clone(),
            },
            None => canonical(path),
        }
    }

    /// The key of a path below (or at) one of the roots, e.g. of a skipped folder.
    pub fn key_below_roots(&self, path: &Path) -> PathBuf {
        let root = self
            .roots
            .iter()
            .filter(|(r, _)| path.starts_with(r))
            .max_by_key(|(r, _)| r.components().count());
        match root {
            Some((r, _)) => self.key(&r.clone(), path),
            None => canonical(path),
        }
    }
}
