//! Opening an existing index for searching, with the analyzer it needs.

use std::path::Path;
use std::sync::Arc;

use tantivy::Index;

use super::access::Access;
use super::meta::{IndexMeta, MetaError};
use super::schema::{Fields, MissingField};
use litopys_analysis::{tantivy_tokenizer, Analyzer, ANALYZER_VERSION};

/// An opened index: Tantivy's handle, the resolved fields and what built it.
pub struct OpenIndex {
    /// Tantivy's index, with the Ukrainian tokenizers registered.
    pub index: Index,
    /// The schema's fields.
    pub fields: Fields,
    /// The index's metadata.
    pub meta: IndexMeta,
    /// The analyzer the index was checked against.
    pub analyzer: Arc<Analyzer>,
}

/// Why an index could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Missing, damaged or incompatible metadata.
    #[error(transparent)]
    Meta(#[from] MetaError),
    /// The schema lacks a field this program needs.
    #[error(transparent)]
    Schema(#[from] MissingField),
    /// Tantivy could not open the index files.
    #[error("cannot open the index at {path}: {source}; if it was built by another version, rebuild it with `litopys index --rebuild`")]
    Tantivy {
        /// The folder.
        path: String,
        /// Tantivy's error.
        source: tantivy::TantivyError,
    },
}

/// The metadata an index built now with `analyzer` gets.
pub fn expected_meta(analyzer: &Analyzer) -> IndexMeta {
    IndexMeta::current(ANALYZER_VERSION, analyzer.lexicon().fingerprint())
}

/// Opens the index in `dir` for searching, refusing one built with another analyzer or
/// lexicon (its keys would not match the queries' keys). Entity facets do not change how
/// queries match, so their fingerprint is not checked here. Reads only the metadata:
/// the files are mapped for [`Access::Lookup`] (no readahead).
pub fn open_index(dir: &Path, analyzer: Arc<Analyzer>) -> Result<OpenIndex, OpenError> {
    open_index_for(dir, analyzer, Access::Lookup)
}

/// [`open_index`] for a reader that says how it will go through the files.
///
/// Exists for `litopys export`, which must refuse an index built with another analyzer
/// or lexicon as strictly as a search (its tokens would not be the index's) but reads
/// every stored document in order, so it wants [`Access::Scan`] (readahead kept).
pub fn open_index_for(dir: &Path, analyzer: Arc<Analyzer>, access: Access) -> Result<OpenIndex, OpenError> {
    let meta = IndexMeta::read(dir)?;
    let expected = expected_meta(&analyzer).with_entities(&meta.entities);
    meta.check_compatible(&expected, dir)?;
    open_checked(dir, analyzer, meta, access)
}

/// Opens the index in `dir` for searching even if it was built with another analyzer,
/// lexicon or entity extraction (`entities`: the fingerprint `litopys index` would use
/// now), returning the mismatch as a warning to show; refuses only another index format
/// (whose files this program may not read right).
///
/// Exists for `litopys search`: a slightly stale index still finds most articles, and
/// refusing would leave the user with nothing while a rebuild runs. `access` says how the
/// caller will read the files (queries or a full export). Only the metadata is read here:
/// no manifest, ledger or segment checksum, whose size grows with the archive.
pub fn open_index_lenient(
    dir: &Path,
    analyzer: Arc<Analyzer>,
    entities: &str,
    access: Access,
) -> Result<(OpenIndex, Option<MetaError>), OpenError> {
    let meta = IndexMeta::read(dir)?;
    let expected = expected_meta(&analyzer).with_entities(entities);
    let warning = match meta.check_compatible(&expected, dir) {
        Ok(()) => None,
        Err(e) if meta.format != expected.format => return Err(e.into()),
        Err(e) => Some(e),
    };
    Ok((open_checked(dir, analyzer, meta, access)?, warning))
}

fn open_checked(
    dir: &Path,
    analyzer: Arc<Analyzer>,
    meta: IndexMeta,
    access: Access,
) -> Result<OpenIndex, OpenError> {
    let tantivy_error = |source| OpenError::Tantivy {
        path: dir.display().to_string(),
        source,
    };
    let directory = access
        .open_directory(dir)
        .map_err(|e| tantivy_error(tantivy::TantivyError::from(e)))?;
    let index = Index::open(directory).map_err(tantivy_error)?;
    tantivy_tokenizer::register(&index, &analyzer);
    let fields = Fields::from_schema(&index.schema())?;
    Ok(OpenIndex {
        index,
        fields,
        meta,
        analyzer,
    })
}
