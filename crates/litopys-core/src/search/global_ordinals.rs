//! Global ordinals: one number per distinct value of a facet field across every segment
//! of a snapshot, and each segment's term ordinals mapped to them (Lucene's `OrdinalMap`,
//! Elasticsearch's global ordinals).
//!
//! Exists because adding up facet counts by value costs more than counting them: each
//! segment's values are decompressed from its dictionary and hashed for every query,
//! which took more time than the counting itself for the commonest word (8 of 15 ms on
//! 100k articles). With the maps built once per snapshot, counts from every segment are
//! added up as integers and only the values shown are looked up.
//!
//! Building reads every facet dictionary of the index once, so only a long-lived
//! searcher (the server, the benchmarks) keeps them ([`OrdinalCache`]); a one-shot query
//! reads only the dictionary blocks of the values it counted.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use tantivy::index::SegmentId;
use tantivy::TantivyError;

/// The distinct values of one field over one snapshot's segments.
pub struct GlobalOrdinals {
    /// Every value, one after the other.
    text: String,
    /// Where each value ends in `text`, by global ordinal.
    ends: Vec<u32>,
    /// For each segment (by its ordinal in the snapshot), its term ordinals' global ones.
    segments: Vec<Vec<u32>>,
}

impl GlobalOrdinals {
    /// Reads the dictionaries of `field` in every segment of `searcher`.
    pub fn build(searcher: &tantivy::Searcher, field: &str) -> tantivy::Result<Self> {
        let mut ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut segments = Vec::new();
        for reader in searcher.segment_readers() {
            let Some(column) = reader.fast_fields().str(field)? else {
                segments.push(Vec::new());
                continue;
            };
            let mut map = Vec::with_capacity(column.num_terms());
            let mut stream = column.dictionary().stream()?;
            while stream.advance() {
                let value = std::str::from_utf8(stream.key()).map_err(|e| {
                    TantivyError::InternalError(format!("a {field} value that is not UTF-8: {e}"))
                })?;
                let id = match ids.get(value) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(ends.len())
                            .map_err(|_| TantivyError::InternalError(format!("too many {field} values")))?;
                        text.push_str(value);
                        ends.push(u32::try_from(text.len()).map_err(|_| {
                            TantivyError::InternalError(format!("the {field} values pass 4 GiB"))
                        })?);
                        ids.insert(value.into(), id);
                        id
                    }
                };
                map.push(id);
            }
            if map.len() != column.num_terms() {
                return Err(TantivyError::InternalError(format!(
                    "the {field} dictionary of segment {} ended after {} of its {} values",
                    reader.segment_id().short_uuid_string(),
                    map.len(),
                    column.num_terms()
                )));
            }
            segments.push(map);
        }
        Ok(GlobalOrdinals { text, ends, segments })
    }

    /// Distinct values over all segments.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no segment holds a value.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The value of global ordinal `id`.
    pub fn value(&self, id: u32) -> &str {
        let end = self.ends[id as usize] as usize;
        let start = match id {
            0 => 0,
            _ => self.ends[id as usize - 1] as usize,
        };
        &self.text[start..end]
    }

    /// Segment `segment`'s term ordinals mapped to global ones (empty when the
    /// segment has no such column).
    pub fn of_segment(&self, segment: u32) -> &[u32] {
        self.segments.get(segment as usize).map_or(&[], Vec::as_slice)
    }
}

/// The global ordinals of the newest snapshot a long-lived searcher answered from, field
/// by field, built when first needed and dropped when the segments change.
#[derive(Default)]
pub struct OrdinalCache {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    segments: Vec<SegmentId>,
    fields: FxHashMap<String, Arc<GlobalOrdinals>>,
}

impl OrdinalCache {
    /// The global ordinals of each of `fields` over `searcher`'s segments, built (in
    /// parallel) for the fields not kept yet.
    pub fn get(
        &self,
        searcher: &tantivy::Searcher,
        fields: &[&str],
    ) -> tantivy::Result<Vec<Arc<GlobalOrdinals>>> {
        let segments: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.segment_id())
            .collect();
        let missing: Vec<&str> = {
            let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if kept.segments != segments {
                *kept = Kept {
                    segments: segments.clone(),
                    fields: FxHashMap::default(),
                };
            }
            fields
                .iter()
                .copied()
                .filter(|f| !kept.fields.contains_key(*f))
                .collect()
        };
        let built = missing
            .par_iter()
            .map(|field| {
                Ok((
                    field.to_string(),
                    Arc::new(GlobalOrdinals::build(searcher, field)?),
                ))
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.segments == segments {
            kept.fields.extend(built.iter().cloned());
        }
        fields
            .iter()
            .map(|field| {
                let found = built.iter().find(|(f, _)| f == field).map(|(_, o)| o.clone());
                found
                    .or_else(|| kept.fields.get(*field).cloned())
                    .ok_or_else(|| TantivyError::InternalError(format!("no global ordinals for {field}")))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, FAST, STRING};
    use tantivy::{doc, Index};

    use super::*;

    #[test]
    fn one_number_per_value_across_segments() {
        let mut sb = Schema::builder();
        let company = sb.add_text_field("company", STRING | FAST);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for batch in [&["BYD", "Chery"][..], &["Нафтогаз України", "BYD"], &["Chery"]] {
            for c in batch {
                w.add_document(doc!(company => *c)).unwrap();
            }
            w.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        let g = GlobalOrdinals::build(&searcher, "company").unwrap();
        assert_eq!(g.len(), 3);
        let mut seen = Vec::new();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let column = reader.fast_fields().str("company").unwrap().unwrap();
            let map = g.of_segment(segment as u32);
            assert_eq!(map.len(), column.num_terms());
            for (ord, &id) in map.iter().enumerate() {
                let mut local = String::new();
                column.ord_to_str(ord as u64, &mut local).unwrap();
                assert_eq!(g.value(id), local);
                seen.push((local, id));
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 3, "each value has one global ordinal: {seen:?}");
        assert!(GlobalOrdinals::build(&searcher, "nothing").unwrap().is_empty());
    }

    #[test]
    fn the_cache_follows_the_segments() {
        let mut sb = Schema::builder();
        let company = sb.add_text_field("company", STRING | FAST);
        let index = Index::create_in_ram(sb.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(doc!(company => "BYD")).unwrap();
        w.commit().unwrap();
        let reader = index.reader().unwrap();
        let cache = OrdinalCache::default();
        let first = cache.get(&reader.searcher(), &["company"]).unwrap();
        let again = cache.get(&reader.searcher(), &["company"]).unwrap();
        assert!(Arc::ptr_eq(&first[0], &again[0]), "kept while the segments stay");
        w.add_document(doc!(company => "Chery")).unwrap();
        w.commit().unwrap();
        reader.reload().unwrap();
        let after = cache.get(&reader.searcher(), &["company"]).unwrap();
        assert_eq!(after[0].len(), 2, "rebuilt for the new segment");
    }
}
