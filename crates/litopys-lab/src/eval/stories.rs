//! Near-duplicate stories on the development news with planted reprints: every article
//! gets one reprint, edited the way outlets edit agency copy, and the grouping must find
//! each (recall) without joining different articles (precision); same-topic articles
//! (the BSNLP topics: covid-19, Brexit, Nord Stream, …) are the hard negatives.
//!
//! A reprint of article `i` (deterministic, by `i`): the headline is not part of the
//! signature, so it is the body that is edited: paragraphs rotated by one (reordered),
//! one line added at the end ("the source said"), and for every third article also the
//! last paragraph dropped when there are at least four. Pairs the grouping finds between
//! two *original* articles are reported apart: the corpus itself may hold real reprints.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use litopys_core::stories::group::{similar_pairs, Member};
use litopys_core::stories::Signature;

/// One article of the development news.
struct Article {
    id: String,
    text: String,
    topic: Option<String>,
}

fn read(path: &Path) -> anyhow::Result<Vec<Article>> {
    let file =
        std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let reader: Box<dyn std::io::Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut out = Vec::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(reader)) {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        out.push(Article {
            id: v["id"].as_str().unwrap_or_default().to_string(),
            text: v["text"].as_str().unwrap_or_default().to_string(),
            topic: v["topic"].as_str().map(str::to_string),
        });
    }
    Ok(out)
}

/// The planted reprint of article number `i`.
pub fn reprint(i: usize, text: &str) -> String {
    let mut paragraphs: Vec<&str> = text.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    if i.is_multiple_of(3) && paragraphs.len() >= 4 {
        paragraphs.pop();
    }
    if paragraphs.len() > 1 {
        paragraphs.rotate_left(1);
    }
    let mut out = paragraphs.join("\n\n");
    out.push_str("\n\nПро це повідомило джерело редакції.");
    out
}

/// The scores.
#[derive(Debug, Serialize)]
pub struct StoriesReport {
    /// Original articles (each with one reprint).
    pub articles: usize,
    /// The similarity threshold used.
    pub threshold: f64,
    /// Planted pairs found.
    pub planted_found: usize,
    /// Planted pairs in all.
    pub planted: usize,
    /// Pairs found that involve a reprint but are not planted (false positives, unless
    /// the two originals are themselves near-duplicates).
    pub wrong_with_reprint: usize,
    /// Pairs found between two originals (real reprints in the corpus, or errors: see
    /// `original_examples`).
    pub original_pairs: usize,
    /// Of those, pairs of two articles of the same BSNLP topic.
    pub original_same_topic: usize,
    /// Pair precision: planted found ÷ (planted found + wrong with reprint), counting a
    /// reprint pair as right when its originals are a found original pair.
    pub precision: f64,
    /// Pair recall: planted found ÷ planted.
    pub recall: f64,
    /// Same-topic pairs (hard negatives) compared exactly, and the largest similarity
    /// among them.
    pub same_topic_pairs: usize,
    /// The largest similarity between two same-topic articles.
    pub same_topic_max: f64,
    /// A few original pairs found, as (id, id, similarity).
    pub original_examples: Vec<(String, String, f64)>,
}

/// Runs the evaluation on the JSON Lines file `news` at `threshold`.
pub fn evaluate(news: &Path, threshold: f64) -> anyhow::Result<StoriesReport> {
    let articles: Vec<Article> = read(news)?
        .into_iter()
        .filter(|a| Signature::of(&a.text).is_some())
        .collect();
    let n = articles.len();
    let mut members: Vec<Member> = Vec::with_capacity(2 * n);
    for a in &articles {
        members.push(Member {
            id: a.id.clone(),
            date: String::new(),
            signature: Signature::of(&a.text).expect("filtered above"),
        });
    }
    for (i, a) in articles.iter().enumerate() {
        members.push(Member {
            id: format!("{}~reprint", a.id),
            date: String::new(),
            signature: Signature::of(&reprint(i, &a.text)).expect("a reprint has words"),
        });
    }
    let pairs = similar_pairs(&members, threshold);
    let originals: HashSet<(usize, usize)> = pairs.iter().copied().filter(|&(a, b)| a < n && b < n).collect();
    let origin = |k: usize| if k < n { k } else { k - n };
    let (mut found, mut wrong) = (0, 0);
    for &(a, b) in &pairs {
        if a < n && b < n {
            continue;
        }
        let (oa, ob) = (origin(a), origin(b));
        if oa == ob {
            found += 1;
        } else if !originals.contains(&(oa.min(ob), oa.max(ob))) {
            wrong += 1;
        }
    }
    let same_topic =
        |a: usize, b: usize| articles[a].topic.is_some() && articles[a].topic == articles[b].topic;
    let original_same_topic = originals.iter().filter(|&&(a, b)| same_topic(a, b)).count();
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(t) = &a.topic {
            by_topic.entry(t).or_default().push(i);
        }
    }
    let (mut same_topic_pairs, mut same_topic_max) = (0, 0.0f64);
    for list in by_topic.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                if originals.contains(&(a, b)) {
                    continue; // a real reprint in the corpus, not a negative
                }
                same_topic_pairs += 1;
                same_topic_max = same_topic_max.max(members[a].signature.similarity(&members[b].signature));
            }
        }
    }
    let mut examples: Vec<(String, String, f64)> = originals
        .iter()
        .map(|&(a, b)| {
            (
                articles[a].id.clone(),
                articles[b].id.clone(),
                members[a].signature.similarity(&members[b].signature),
            )
        })
        .collect();
    examples.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    examples.truncate(10);
    Ok(StoriesReport {
        articles: n,
        threshold,
        planted_found: found,
        planted: n,
        wrong_with_reprint: wrong,
        original_pairs: originals.len(),
        original_same_topic,
        precision: found as f64 / (found + wrong).max(1) as f64,
        recall: found as f64 / n.max(1) as f64,
        same_topic_pairs,
        same_topic_max,
        original_examples: examples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reprint_is_reordered_extended_and_sometimes_shortened() {
        let text = "один\n\nдва\n\nтри\n\nчотири";
        assert_eq!(
            reprint(1, text),
            "два\n\nтри\n\nчотири\n\nодин\n\nПро це повідомило джерело редакції."
        );
        assert_eq!(
            reprint(0, text),
            "два\n\nтри\n\nодин\n\nПро це повідомило джерело редакції."
        );
    }
}
