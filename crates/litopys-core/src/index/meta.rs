//! The index's own metadata file, beside Tantivy's: which format, analyzer, lexicon and
//! entity extraction built it. An index is only correct for queries analysed the same way it was, so a
//! mismatch must be detected when the index is opened, not noticed as missing hits.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Version of the index layout (schema and metadata). Bump on any schema change (5: the
/// `story` field and the story table).
pub const INDEX_FORMAT: u32 = 6;

/// File name of the metadata inside the index folder.
pub const META_FILE: &str = "litopys.json";

/// File name of the shard manifest of a folder of shards (`litopys index --shard-by`).
///
/// Defined here, beside [`META_FILE`], so that opening a folder for searching can tell a
/// folder of shards from a missing index without knowing about the indexer.
pub const SHARDS_FILE: &str = "shards.json";

/// What an analyzer or lexicon mismatch does to searches.
const WORDS_DIFFER: &str = "its words were analysed differently, so searches would miss articles";

/// What an entity mismatch does to searches.
const ENTITIES_DIFFER: &str =
    "its entity facets were extracted differently, so entity filters and counts would be wrong";

/// The entity fingerprint of an index built without entity extraction.
pub const NO_ENTITIES: &str = "none";

fn no_entities() -> String {
    NO_ENTITIES.to_string()
}

/// What built an index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// [`INDEX_FORMAT`] at build time.
    pub format: u32,
    /// The analyzer rules version ([`litopys_analysis::ANALYZER_VERSION`]).
    pub analyzer: String,
    /// The lexicon fingerprint.
    pub lexicon: String,
    /// The fingerprint of what added entity facets to the documents
    /// ([`DocumentEnricher::fingerprint`](super::enrich::DocumentEnricher::fingerprint)):
    /// documents of unchanged articles are kept as they are, so another entity list means
    /// a rebuild. Indexes from before entity extraction have none ([`NO_ENTITIES`]).
    #[serde(default = "no_entities")]
    pub entities: String,
    /// The Litopys version that created the index.
    pub created_by: String,
}

/// Why an index cannot be used by this program as it is.
#[derive(Debug, thiserror::Error)]
pub enum MetaError {
    /// No index at the path.
    #[error("no Litopys index at {}: build one with `litopys index [PATHS…] --index {}`", .0.display(), .0.display())]
    NotAnIndex(PathBuf),
    /// A folder of shards (`litopys index --shard-by`), not one index: each shard folder
    /// is searched on its own, or all together by the cluster coordinator.
    #[error("{} holds shards (see its shards.json), not one index: point --index at one shard folder such as {}, or serve them together with the cluster coordinator (cluster/)", .dir.display(), .example.display())]
    Sharded {
        /// The folder of shards.
        dir: PathBuf,
        /// One of its shard folders.
        example: PathBuf,
    },
    /// The metadata file is unreadable or damaged.
    #[error("cannot read the index metadata {path}: {1}; rebuild with `litopys index --rebuild`", path = .0.display())]
    Unreadable(PathBuf, String),
    /// Built by another format, analyzer, lexicon or entity extraction.
    #[error("the index at {path} was built {what}: {why}; rebuild it with `litopys index --rebuild --index {path}`")]
    Incompatible {
        /// The index folder.
        path: String,
        /// What differs, in words.
        what: String,
        /// What the difference does to searches.
        why: &'static str,
    },
}

impl IndexMeta {
    /// Metadata for an index built now with the given analyzer fingerprint parts.
    pub fn current(analyzer: &str, lexicon: &str) -> Self {
        IndexMeta {
            format: INDEX_FORMAT,
            analyzer: analyzer.to_string(),
            lexicon: lexicon.to_string(),
            entities: NO_ENTITIES.to_string(),
            created_by: format!("litopys {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The same metadata with the entity fingerprint `entities`.
    ///
    /// Exists so that the indexer can state which entity extraction filled the documents
    /// without every caller of [`IndexMeta::current`] knowing about entities.
    pub fn with_entities(mut self, entities: &str) -> Self {
        self.entities = entities.to_string();
        self
    }

    /// Reads the metadata of the index in `dir`.
    pub fn read(dir: &Path) -> Result<IndexMeta, MetaError> {
        let path = dir.join(META_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if dir.join(SHARDS_FILE).is_file() {
                    return Err(MetaError::Sharded {
                        dir: dir.to_path_buf(),
                        example: first_shard(dir),
                    });
                }
                return Err(MetaError::NotAnIndex(dir.to_path_buf()));
            }
            Err(e) => return Err(MetaError::Unreadable(path, e.to_string())),
        };
        serde_json::from_str(&text).map_err(|e| MetaError::Unreadable(path, e.to_string()))
    }

    /// Writes the metadata atomically (temporary file, then rename).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let tmp = dir.join(format!(".{META_FILE}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&tmp, dir.join(META_FILE))
    }

    /// Checks that an index with this metadata answers correctly for `expected`.
    pub fn check_compatible(&self, expected: &IndexMeta, dir: &Path) -> Result<(), MetaError> {
        let what = if self.format != expected.format {
            format!(
                "in index format {} (this program uses {})",
                self.format, expected.format
            )
        } else if self.analyzer != expected.analyzer {
            format!(
                "with analyzer {} (this program has {})",
                self.analyzer, expected.analyzer
            )
        } else if self.lexicon != expected.lexicon {
            format!(
                "with lexicon {} (the installed one is {})",
                self.lexicon, expected.lexicon
            )
        } else if self.entities != expected.entities {
            return Err(MetaError::Incompatible {
                path: dir.display().to_string(),
                what: format!(
                    "with entity extraction {} (this program has {})",
                    self.entities, expected.entities
                ),
                why: ENTITIES_DIFFER,
            });
        } else {
            return Ok(());
        };
        Err(MetaError::Incompatible {
            path: dir.display().to_string(),
            what,
            why: WORDS_DIFFER,
        })
    }
}

/// The first (by name) folder under `dir` that holds an index, for the message of
/// [`MetaError::Sharded`]; `dir/SHARD` if none does yet.
fn first_shard(dir: &Path) -> PathBuf {
    let mut shards: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join(META_FILE).is_file())
        .collect();
    shards.sort();
    shards.into_iter().next().unwrap_or_else(|| dir.join("SHARD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_mismatch_messages() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            IndexMeta::read(dir.path()),
            Err(MetaError::NotAnIndex(_))
        ));
        let meta = IndexMeta::current("uk-analyzer-1", "abc");
        meta.write(dir.path()).unwrap();
        let read = IndexMeta::read(dir.path()).unwrap();
        assert_eq!(read, meta);
        assert!(read.check_compatible(&meta, dir.path()).is_ok());
        let other = IndexMeta::current("uk-analyzer-1", "def");
        let err = read.check_compatible(&other, dir.path()).unwrap_err().to_string();
        assert!(err.contains("lexicon abc") && err.contains("--rebuild"), "{err}");
        let other = meta.clone().with_entities("entities-2:abc");
        let err = read.check_compatible(&other, dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("entity extraction none") && err.contains("--rebuild"),
            "{err}"
        );
        // A folder of shards says so and names a shard to use.
        let sharded = tempfile::tempdir().unwrap();
        std::fs::write(sharded.path().join(SHARDS_FILE), "{}").unwrap();
        std::fs::create_dir(sharded.path().join("2024-03")).unwrap();
        meta.write(&sharded.path().join("2024-03")).unwrap();
        let err = IndexMeta::read(sharded.path()).unwrap_err().to_string();
        assert!(err.contains("holds shards") && err.contains("2024-03"), "{err}");
        // Metadata written before entity extraction existed reads as "none".
        let old = r#"{"format":1,"analyzer":"a","lexicon":"l","created_by":"x"}"#;
        std::fs::write(dir.path().join(META_FILE), old).unwrap();
        assert_eq!(IndexMeta::read(dir.path()).unwrap().entities, NO_ENTITIES);
    }
}
