//! Entity facets in the index: the countries, companies, persons and organisations of
//! each article, extracted while documents are built and stored in the `country`,
//! `company`, `person` and `organisation` fields, and the
//! user entity file the index keeps (which searches resolve filter names with; the
//! indexer copies it in, see `indexer::transaction::target::keep_user_entities`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::TantivyDocument;

use super::enrich::DocumentEnricher;
use super::schema::{build_schema, country_value, Fields};
use crate::corpus::Article;
use crate::entities::{distinct, doc_entities, EntityError, EntityExtractor, EntityKind};
use litopys_analysis::Analyzer;

/// File name, inside the index folder, of the user entity file the index was built
/// with: searches resolve `--country`/`--company` with the same definitions.
pub const USER_ENTITIES_FILE: &str = "entities.toml";

/// Fills the entity fields of each document from the article's title and body.
pub struct FacetFields {
    extractor: EntityExtractor,
    fields: Fields,
}

impl FacetFields {
    /// An enricher over `extractor` for documents of the current schema.
    pub fn new(extractor: EntityExtractor) -> Self {
        let fields = Fields::from_schema(&build_schema()).expect("the current schema has every field");
        FacetFields { extractor, fields }
    }

    /// The extractor, for resolving user input the same way.
    pub fn extractor(&self) -> &EntityExtractor {
        &self.extractor
    }
}

impl DocumentEnricher for FacetFields {
    fn enrich(&self, article: &Article, doc: &mut TantivyDocument) {
        let mentions = self.extractor.extract(article.title.as_deref(), &article.text);
        let (countries, companies) = doc_entities(&mentions);
        for c in countries {
            doc.add_text(self.fields.country, country_value(c.code.as_deref(), &c.name));
        }
        for c in companies {
            doc.add_text(self.fields.company, &c.name);
        }
        for p in distinct(&mentions, EntityKind::Person) {
            doc.add_text(self.fields.person, &p.name);
        }
        for o in distinct(&mentions, EntityKind::Organisation) {
            doc.add_text(self.fields.organisation, &o.name);
        }
    }

    fn fingerprint(&self) -> String {
        self.extractor.fingerprint()
    }
}

/// The user entity file to use for the index in `dir`: the one given, else the copy the
/// index keeps from its last build, else none.
pub fn user_entities_for(dir: &Path, given: Option<&Path>) -> Option<PathBuf> {
    given
        .map(Path::to_path_buf)
        .or_else(|| Some(dir.join(USER_ENTITIES_FILE)).filter(|p| p.is_file()))
}

/// Builds the extractor for the index in `dir` (see [`user_entities_for`]).
pub fn extractor_for(
    analyzer: Arc<Analyzer>,
    dir: &Path,
    given: Option<&Path>,
) -> Result<EntityExtractor, EntityError> {
    let user = user_entities_for(dir, given);
    EntityExtractor::new(analyzer, user.as_deref())
}
