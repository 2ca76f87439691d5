//! In-memory indexes over the test lexicon, for the tests of search and export: one place
//! that knows how an index is made ready (schema, tokenizers, metadata).

use tantivy::{Index, IndexWriter};

use super::{build_schema, expected_meta, Fields, OpenIndex};
use litopys_analysis::{tantivy_tokenizer, test_lexicon};

/// An index in memory whose documents `fill` adds (committing when it likes, for several
/// segments); committed once more at the end.
pub(crate) fn in_memory(fill: impl FnOnce(&Fields, &mut IndexWriter)) -> OpenIndex {
    let analyzer = test_lexicon::analyzer();
    let index = Index::create_in_ram(build_schema());
    tantivy_tokenizer::register(&index, &analyzer);
    let fields = Fields::from_schema(&index.schema()).unwrap();
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    fill(&fields, &mut writer);
    writer.commit().unwrap();
    OpenIndex {
        index,
        fields,
        meta: expected_meta(&analyzer),
        analyzer,
    }
}
