//! From a sample's counts and the archive's frequencies to the significant terms: the
//! JLH score, the thresholds and the order. Separate from the sampling so that a
//! coordinator of shards can sum the shards' counts and frequencies first and score once,
//! exactly as one index would.

use std::collections::HashSet;

use super::sample::SampleCounts;
use super::{SignificantTerm, TermKind};
use crate::index::schema::split_country_value;
use litopys_analysis::STEM_PREFIX;

/// The JLH score of a term in `fg` of `fg_size` sampled articles and `bg` of `bg_size`
/// articles overall; 0 when it is not more frequent in the sample.
pub fn jlh(fg: u64, fg_size: u64, bg: u64, bg_size: u64) -> f64 {
    if fg_size == 0 || bg_size == 0 {
        return 0.0;
    }
    let fg_share = fg as f64 / fg_size as f64;
    let bg_share = bg.max(fg) as f64 / bg_size as f64;
    if fg_share <= bg_share || bg_share == 0.0 {
        return 0.0;
    }
    (fg_share - bg_share) * (fg_share / bg_share)
}

/// Sampled articles a term must be in: 3, or 2 when fewer than 30 were sampled.
pub fn min_docs(sample: u64) -> u64 {
    if sample < 30 {
        2
    } else {
        3
    }
}

/// The terms whose archive frequency decides whether they are shown: words in enough
/// sampled articles that are not part of a sampled entity's name, and entities in enough
/// sampled articles, each with its sampled articles. What a coordinator asks every shard
/// the frequency of.
pub fn candidates(counts: &SampleCounts) -> Vec<(TermKind, &str, u64)> {
    let least = min_docs(counts.sample as u64);
    let words = counts
        .words
        .iter()
        .filter(|(key, c)| c.docs >= least && !counts.entity_words.contains(*key))
        .map(|(key, c)| (TermKind::Word, key.as_str(), c.docs));
    let entities = counts
        .entities
        .iter()
        .filter(|e| e.docs >= least)
        .map(|e| (e.kind, e.value.as_str(), e.docs));
    words.chain(entities).collect()
}

/// The `limit` most significant of the [`candidates`], given each one's articles in the
/// archive (`background`) and the archive's size: most significant first, ties by key;
/// an ambiguous word (a key per lemma with the same counts) shown once.
pub fn score<E>(
    counts: &SampleCounts,
    mut background: impl FnMut(TermKind, &str) -> Result<u64, E>,
    archive: u64,
    limit: usize,
) -> Result<Vec<SignificantTerm>, E> {
    let fg_size = counts.sample as u64;
    let mut terms = Vec::new();
    for (kind, key, fg) in candidates(counts) {
        let term = match kind {
            // The most frequent form; among equals, the first in order.
            TermKind::Word => counts.words[key]
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(form, _)| form.clone())
                .unwrap_or_else(|| key.trim_start_matches(STEM_PREFIX).to_string()),
            TermKind::Country => split_country_value(key).1.to_string(),
            TermKind::Company => key.to_string(),
        };
        let bg = background(kind, key)?;
        let score = jlh(fg, fg_size, bg, archive);
        if score > 0.0 {
            terms.push(SignificantTerm {
                term,
                key: key.to_string(),
                kind,
                foreground: fg,
                background: bg,
                score,
            });
        }
    }
    terms.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    let mut shown: HashSet<(TermKind, String)> = HashSet::new();
    terms.retain(|t| shown.insert((t.kind, t.term.clone())));
    terms.truncate(limit);
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::terms::sample::{EntityCount, WordCount};

    #[test]
    fn jlh_rewards_terms_common_in_the_results_and_rare_elsewhere() {
        // In 50% of the results and 1% of the archive beats 50% / 25%.
        assert!(jlh(50, 100, 100, 10_000) > jlh(50, 100, 2_500, 10_000));
        // Not over-represented: no score.
        assert_eq!(jlh(10, 100, 1_000, 10_000), 0.0);
        assert_eq!(jlh(5, 100, 1_000, 10_000), 0.0);
        assert_eq!(jlh(0, 0, 0, 0), 0.0);
        // (0.5 - 0.01) * (0.5 / 0.01)
        assert!((jlh(50, 100, 100, 10_000) - 24.5).abs() < 1e-9);
    }

    fn word(docs: u64, forms: &[(&str, u64)]) -> WordCount {
        WordCount {
            docs,
            forms: forms.iter().map(|(f, n)| (f.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn entity_words_rare_words_and_common_words_are_left_out() {
        let mut counts = SampleCounts {
            total: 40,
            sample: 10,
            ..Default::default()
        };
        counts
            .words
            .insert("кукурудза".into(), word(6, &[("кукурудзи", 4), ("кукурудза", 4)]));
        counts
            .words
            .insert("рідкісне".into(), word(1, &[("рідкісне", 1)]));
        counts.words.insert("рік".into(), word(9, &[("році", 9)]));
        counts.words.insert("китай".into(), word(5, &[("китаю", 5)]));
        counts.entity_words.insert("китай".into());
        counts.entities.push(EntityCount {
            kind: TermKind::Country,
            value: "CN|Китай".into(),
            docs: 5,
        });
        let background = |kind: TermKind, key: &str| -> Result<u64, ()> {
            Ok(match (kind, key) {
                (TermKind::Word, "рік") => 900,
                (TermKind::Word, _) => 10,
                _ => 20,
            })
        };
        let terms = score(&counts, background, 1_000, 10).unwrap();
        let shown: Vec<(&str, TermKind)> = terms.iter().map(|t| (t.term.as_str(), t.kind)).collect();
        // «рік» is in 90% of the sample and 90% of the archive; «китай» is the country.
        assert_eq!(
            shown,
            [("кукурудза", TermKind::Word), ("Китай", TermKind::Country)]
        );
        assert_eq!((terms[0].foreground, terms[0].background), (6, 10));
    }
}
