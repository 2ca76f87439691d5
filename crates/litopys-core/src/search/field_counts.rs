//! Every value of several fast text fields counted in one pass over the matching
//! documents: the facet lists of a search (countries, companies, persons, organisations,
//! sources, languages) and the `facets` command.
//!
//! Exists because a search with facets used to run its query once per facet field,
//! through a general terms aggregation each time: six passes over half a million hits for
//! the commonest word of a million articles. Here one pass reads the term ordinals of
//! every field's column in blocks and counts them in a plain array per field; pieces of
//! one segment are added up by ordinal, each segment's values are looked up in its
//! dictionary once, in order, and segments are added up by value, or, when a long-lived
//! searcher keeps [`super::global_ordinals`], by global ordinal, looking up only the
//! values shown. Counts are exact: every value of every segment is kept until the end,
//! so there is no top-N per segment to miss a value.

use std::cmp::Ordering;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::global_ordinals::GlobalOrdinals;

/// One value of an entity field and how many matching articles carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermCount {
    /// The stored value (a country code or a company name).
    pub value: String,
    /// Matching articles that carry it.
    pub count: u64,
}

/// Counts the values of the fast text fields `fields` among the documents collected,
/// and keeps the most frequent of each.
pub struct FieldCounts {
    fields: Vec<String>,
    limit: usize,
    ordinals: Option<Vec<Arc<GlobalOrdinals>>>,
}

impl FieldCounts {
    /// The `limit` most frequent values of each of `fields` (fields missing from a
    /// segment count nothing there).
    pub fn new(fields: &[&str], limit: usize) -> Self {
        FieldCounts {
            fields: fields.iter().map(|f| f.to_string()).collect(),
            limit,
            ordinals: None,
        }
    }

    /// Adds up the segments by the global ordinals of each field (one per field, in the
    /// order of the fields, built over the snapshot this collector will run on).
    pub fn with_ordinals(mut self, ordinals: Vec<Arc<GlobalOrdinals>>) -> Self {
        self.ordinals = Some(ordinals);
        self
    }
}

/// Each field's most frequent values, most frequent first and ties by value, in the
/// order the fields were given.
pub type ValueCounts = Vec<Vec<TermCount>>;

/// One field's column in one segment and its counts by term ordinal.
struct ColumnCounts {
    column: StrColumn,
    counts: Vec<u32>,
}

/// [`FieldCounts`]'s work on one segment, or on one piece of it (see
/// [`super::parallel`]).
pub struct SegmentFieldCounts {
    segment: SegmentOrdinal,
    fields: Vec<Option<ColumnCounts>>,
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

/// What one segment collector found: counts by term ordinal, not yet by value, so
/// that the pieces of one segment are added up before any value is looked up.
pub struct OrdinalCounts {
    segment: SegmentOrdinal,
    fields: Vec<Option<ColumnCounts>>,
}

impl Collector for FieldCounts {
    type Fruit = ValueCounts;
    type Child = SegmentFieldCounts;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            fields.push(reader.fast_fields().str(name)?.map(|column| ColumnCounts {
                counts: vec![0; column.num_terms()],
                column,
            }));
        }
        Ok(SegmentFieldCounts {
            segment,
            fields,
            docs: Vec::new(),
            rows: Vec::new(),
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<OrdinalCounts>) -> tantivy::Result<ValueCounts> {
        // Pieces of one segment first, by ordinal (fruits come in piece order, which is
        // segment order; sorting keeps that true for any caller).
        let mut fruits = fruits;
        fruits.sort_by_key(|fruit| fruit.segment);
        let mut segments: Vec<OrdinalCounts> = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            match segments.last_mut() {
                Some(sum) if sum.segment == fruit.segment => {
                    for (sum, piece) in sum.fields.iter_mut().zip(fruit.fields) {
                        if let (Some(sum), Some(piece)) = (sum, piece) {
                            sum.counts
                                .iter_mut()
                                .zip(&piece.counts)
                                .for_each(|(s, p)| *s += p);
                        }
                    }
                }
                _ => segments.push(fruit),
            }
        }
        match &self.ordinals {
            Some(ordinals) => Ok(ordinals
                .iter()
                .enumerate()
                .map(|(i, global)| by_global_ordinal(global, &segments, i, self.limit))
                .collect()),
            None => {
                // Each segment's values, looked up in order, added up by value.
                let mut out = vec![FxHashMap::default(); self.fields.len()];
                for segment in segments {
                    for (values, field) in out.iter_mut().zip(segment.fields) {
                        if let Some(field) = field {
                            add_values(values, &field)?;
                        }
                    }
                }
                Ok(out
                    .into_iter()
                    .map(|values| most_frequent(values, self.limit))
                    .collect())
            }
        }
    }
}

/// The `limit` most frequent values of field `i` over every segment, added up by global
/// ordinal; only the values kept are looked up.
fn by_global_ordinal(
    global: &GlobalOrdinals,
    segments: &[OrdinalCounts],
    i: usize,
    limit: usize,
) -> Vec<TermCount> {
    let mut sums = vec![0u64; global.len()];
    for segment in segments {
        let Some(Some(field)) = segment.fields.get(i) else {
            continue;
        };
        let map = global.of_segment(segment.segment);
        for (&id, &n) in map.iter().zip(&field.counts) {
            sums[id as usize] += u64::from(n);
        }
    }
    let mut found: Vec<(u64, u32)> = sums
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(id, &n)| (n, id as u32))
        .collect();
    let order = |a: &(u64, u32), b: &(u64, u32)| {
        b.0.cmp(&a.0)
            .then_with(|| global.value(a.1).cmp(global.value(b.1)))
    };
    keep_first(&mut found, limit, order);
    found
        .into_iter()
        .map(|(count, id)| TermCount {
            value: global.value(id).to_string(),
            count,
        })
        .collect()
}

/// The `limit` largest counts, most frequent first and ties by value, without sorting
/// the long tail.
pub fn most_frequent(values: FxHashMap<String, u64>, limit: usize) -> Vec<TermCount> {
    let mut out: Vec<TermCount> = values
        .into_iter()
        .map(|(value, count)| TermCount { value, count })
        .collect();
    keep_first(&mut out, limit, |a, b| {
        b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
    });
    out
}

/// Keeps the `limit` first items of `items` in `order`, sorted, without sorting the rest.
fn keep_first<T>(items: &mut Vec<T>, limit: usize, order: impl Fn(&T, &T) -> Ordering) {
    if limit == 0 {
        items.clear();
        return;
    }
    if items.len() > limit {
        items.select_nth_unstable_by(limit - 1, &order);
        items.truncate(limit);
    }
    items.sort_unstable_by(order);
}

/// Adds one segment's counts of one field to `values`, by value.
fn add_values(values: &mut FxHashMap<String, u64>, field: &ColumnCounts) -> tantivy::Result<()> {
    let (ords, counts): (Vec<u64>, Vec<u32>) = field
        .counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(ord, &n)| (ord as u64, n))
        .unzip();
    let mut counts = counts.into_iter();
    let mut failed = None;
    field.column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        let n = u64::from(counts.next().unwrap_or(0));
        match std::str::from_utf8(bytes) {
            Ok(value) => match values.get_mut(value) {
                Some(sum) => *sum += n,
                None => {
                    values.insert(value.to_string(), n);
                }
            },
            Err(e) => failed = Some(e),
        }
    })?;
    match failed {
        None => Ok(()),
        Some(e) => Err(tantivy::TantivyError::InternalError(format!(
            "a facet value that is not UTF-8: {e}"
        ))),
    }
}

impl SegmentCollector for SegmentFieldCounts {
    type Fruit = OrdinalCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for field in self.fields.iter_mut().flatten() {
            let ords_column = field.column.ords();
            self.docs.clear();
            self.rows.clear();
            ords_column.row_ids_for_docs(docs, &mut self.docs, &mut self.rows);
            self.ords.clear();
            self.ords.resize(self.rows.len(), 0);
            ords_column.values.get_vals(&self.rows, &mut self.ords);
            for &ord in &self.ords {
                // An ordinal of the segment's own column is always below its term count.
                if let Some(n) = field.counts.get_mut(ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> OrdinalCounts {
        OrdinalCounts {
            segment: self.segment,
            fields: self.fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, FAST, STRING};
    use tantivy::{doc, Index, Term};

    use super::*;
    use crate::search::global_ordinals::OrdinalCache;
    use crate::search::parallel;

    /// Companies and sources over three segments; `tag` selects some articles.
    fn index(articles: usize) -> (Index, tantivy::schema::Field) {
        let mut sb = Schema::builder();
        let company = sb.add_text_field("company", STRING | FAST);
        let source = sb.add_text_field("source", STRING | FAST);
        let tag = sb.add_text_field("tag", STRING);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..articles {
            let mut d = doc!(tag => if i % 3 == 0 { "a" } else { "b" });
            if i % 2 == 0 {
                d.add_text(company, "BYD");
            }
            if i % 5 == 0 {
                d.add_text(company, format!("Firm {}", i % 7));
            }
            if i % 11 != 0 {
                d.add_text(
                    source,
                    if i % 4 == 0 {
                        "УНІАН"
                    } else {
                        "Укрінформ"
                    },
                );
            }
            w.add_document(d).unwrap();
            if i == articles / 2 || i == articles / 2 + 1 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        (index, tag)
    }

    /// The counts as a plain loop over the stored values would give them, most
    /// frequent first.
    fn expected(articles: usize, selected: impl Fn(usize) -> bool) -> (Vec<TermCount>, Vec<TermCount>) {
        let (mut company, mut source) = (FxHashMap::default(), FxHashMap::default());
        for i in (0..articles).filter(|&i| selected(i)) {
            if i % 2 == 0 {
                *company.entry("BYD".to_string()).or_default() += 1;
            }
            if i % 5 == 0 {
                *company.entry(format!("Firm {}", i % 7)).or_default() += 1;
            }
            if i % 11 != 0 {
                let s = if i % 4 == 0 {
                    "УНІАН"
                } else {
                    "Укрінформ"
                };
                *source.entry(s.to_string()).or_default() += 1;
            }
        }
        let sorted = |counts: FxHashMap<String, u64>| {
            let mut v: Vec<TermCount> = counts
                .into_iter()
                .map(|(value, count)| TermCount { value, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v
        };
        (sorted(company), sorted(source))
    }

    #[test]
    fn counts_every_value_of_every_field_in_one_pass() {
        let (index, tag) = index(1_000);
        let searcher = index.reader().unwrap().searcher();
        let counts = searcher
            .search(
                &AllQuery,
                &FieldCounts::new(&["company", "source", "missing"], 100),
            )
            .unwrap();
        let (company, source) = expected(1_000, |_| true);
        assert_eq!(counts[0], company);
        assert_eq!(counts[1], source);
        assert!(counts[2].is_empty());
        let q = TermQuery::new(Term::from_field_text(tag, "a"), IndexRecordOption::Basic);
        let counts = searcher
            .search(&q, &FieldCounts::new(&["company", "source"], 100))
            .unwrap();
        let (company, source) = expected(1_000, |i| i % 3 == 0);
        assert_eq!((&counts[0], &counts[1]), (&company, &source));
        let top = searcher.search(&q, &FieldCounts::new(&["company"], 3)).unwrap();
        assert_eq!(top[0], company[..3]);
    }

    #[test]
    fn global_ordinals_give_the_same_counts() {
        let (index, tag) = index(1_000);
        let searcher = index.reader().unwrap().searcher();
        let cache = OrdinalCache::default();
        let fields = ["company", "source", "missing"];
        for q in [
            Box::new(AllQuery) as Box<dyn tantivy::query::Query>,
            Box::new(TermQuery::new(
                Term::from_field_text(tag, "b"),
                IndexRecordOption::Basic,
            )),
        ] {
            for limit in [1, 3, 100] {
                let plain = searcher.search(&*q, &FieldCounts::new(&fields, limit)).unwrap();
                let global =
                    FieldCounts::new(&fields, limit).with_ordinals(cache.get(&searcher, &fields).unwrap());
                assert_eq!(searcher.search(&*q, &global).unwrap(), plain, "limit {limit}");
            }
        }
    }

    #[test]
    fn pieces_on_every_thread_give_the_counts_of_one_loop() {
        // Big enough to be cut into pieces (see `parallel::pieces`).
        let articles = 150_000;
        let (index, tag) = index(articles);
        let searcher = index.reader().unwrap().searcher();
        let q = TermQuery::new(Term::from_field_text(tag, "a"), IndexRecordOption::Basic);
        let (company, source) = expected(articles, |i| i % 3 == 0);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
        let cache = OrdinalCache::default();
        for global in [false, true] {
            let mut collector = FieldCounts::new(&["company", "source"], 100);
            if global {
                collector = collector.with_ordinals(cache.get(&searcher, &["company", "source"]).unwrap());
            }
            let pieces = pool.install(|| parallel::plan(&searcher, &collector)).unwrap();
            assert!(pieces.len() > searcher.segment_readers().len(), "{pieces:?}");
            let cut = pool
                .install(|| parallel::collect(&searcher, &q, &collector, &pieces, None))
                .unwrap();
            assert_eq!(
                (&cut[0], &cut[1]),
                (&company, &source),
                "global ordinals: {global}"
            );
        }
    }
}
