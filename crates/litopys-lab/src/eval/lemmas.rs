//! Lemmatisation quality against a gold CoNLL-U treebank (UD Ukrainian-IU).
//!
//! Search cares about conflation, not about naming the lemma: two word forms should
//! share a key exactly when they are forms of the same word. So the main scores are
//! pairwise over word types: precision is the share of the type pairs the analyzer
//! conflates that share a gold lemma, recall the share of the gold-related pairs it
//! conflates. Lemma coverage (the gold lemma is among a token's keys) is printed too.
//!
//! Conventions: only NOUN, PROPN, ADJ and VERB tokens count; a type is a normalised,
//! lower-cased form, whose keys are those of all the spellings (with their capitals) it
//! occurs as, since the analyzer is case-aware as in running text; gold
//! lemmas are lower-cased with ґ→г and є→е folded like our keys, because UD keeps the
//! 2019 spelling variants (проект/проєкт) apart while they are one word for a reader.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use litopys_analysis::normalize::{fold_key, normalize_word};
use litopys_analysis::{Analyzer, Side};

/// Parts of speech whose conflation matters for search.
pub const CONTENT_POS: &[&str] = &["NOUN", "PROPN", "ADJ", "VERB"];

/// One gold token: its surface form and gold lemma (both normalised, lemma folded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldToken {
    /// Surface form, normalised, case kept.
    pub form: String,
    /// Gold lemma, normalised and folded like a key.
    pub lemma: String,
    /// Universal part of speech.
    pub upos: String,
}

/// Reads the content-word tokens of a CoNLL-U file (multi-word ranges and empty nodes
/// skipped).
pub fn read_conllu(reader: impl BufRead) -> std::io::Result<Vec<GoldToken>> {
    let mut out = Vec::new();
    let (mut form, mut lemma) = (String::new(), String::new());
    for line in reader.lines() {
        let line = line?;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 || cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        if !CONTENT_POS.contains(&cols[3]) {
            continue;
        }
        normalize_word(cols[1], &mut form);
        normalize_word(cols[2], &mut lemma);
        let mut folded = String::new();
        fold_key(&lemma, &mut folded);
        out.push(GoldToken {
            form: form.clone(),
            lemma: folded,
            upos: cols[3].to_string(),
        });
    }
    Ok(out)
}

/// The scores of one evaluation run.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LemmaScores {
    /// Content-word tokens evaluated.
    pub tokens: usize,
    /// Distinct word types (lower-cased forms).
    pub types: usize,
    /// Type pairs that share a gold lemma.
    pub gold_pairs: usize,
    /// Type pairs that share a key.
    pub system_pairs: usize,
    /// Pairs in both sets.
    pub correct_pairs: usize,
    /// correct / system pairs.
    pub precision: f64,
    /// correct / gold pairs.
    pub recall: f64,
    /// Share of tokens whose gold lemma is among their keys.
    pub lemma_coverage: f64,
    /// Share of tokens the dictionary did not know (their key is a `~stem`).
    pub oov_rate: f64,
}

/// Evaluation result with examples of the errors, for people improving the analyzer.
pub struct LemmaReport {
    /// The scores.
    pub scores: LemmaScores,
    /// Conflated pairs with no gold lemma in common: (form, form, shared keys).
    pub false_merges: Vec<(String, String, String)>,
    /// Gold-related pairs the analyzer keeps apart: (form, form, gold lemma).
    pub missed_merges: Vec<(String, String, String)>,
}

fn pairs_of_groups<'a>(groups: impl Iterator<Item = &'a Vec<u32>>) -> HashSet<(u32, u32)> {
    let mut pairs = HashSet::new();
    for members in groups {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs
}

/// Type keys as the index sees them. A type the analyzer cuts into several words (UD
/// keeps «Ростов-на-Дону» or «14-річні» as one token) is found by a phrase, so its keys
/// are the key sequences it can match, joined with a space: it conflates with another
/// type only when a phrase for one would find the other.
fn type_keys(analyzer: &Analyzer, form: &str) -> Vec<String> {
    let words = analyzer.analyze(form, Side::Index);
    let mut seqs: Vec<String> = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let mut next = Vec::new();
        for prefix in &seqs {
            for k in &w.keys {
                let seq = if i == 0 {
                    k.clone()
                } else {
                    format!("{prefix} {k}")
                };
                if !next.contains(&seq) {
                    next.push(seq);
                }
            }
        }
        seqs = next;
        if seqs.len() > 64 {
            seqs.truncate(64);
        }
    }
    seqs.retain(|s| !s.is_empty());
    seqs
}

/// Scores `analyzer` on gold tokens.
pub fn evaluate(analyzer: &Analyzer, tokens: &[GoldToken]) -> LemmaReport {
    // A type is a lower-cased form; its keys are the union of the keys of the surface
    // forms (with their case) it was seen as, which is what the index holds for it.
    let lowered: Vec<String> = tokens.iter().map(|t| t.form.to_lowercase()).collect();
    let mut type_ids: HashMap<&str, u32> = HashMap::new();
    let mut types: Vec<&str> = Vec::new();
    let mut surfaces: Vec<Vec<&str>> = Vec::new();
    let mut gold_groups: HashMap<&str, Vec<u32>> = HashMap::new();
    for (t, low) in tokens.iter().zip(&lowered) {
        let id = *type_ids.entry(low).or_insert_with(|| {
            types.push(low);
            surfaces.push(Vec::new());
            types.len() as u32 - 1
        });
        if !surfaces[id as usize].contains(&t.form.as_str()) {
            surfaces[id as usize].push(&t.form);
        }
        let group = gold_groups.entry(&t.lemma).or_default();
        if !group.contains(&id) {
            group.push(id);
        }
    }
    let keys: Vec<Vec<String>> = surfaces
        .iter()
        .map(|forms| {
            let mut ks: Vec<String> = Vec::new();
            for f in forms {
                for k in type_keys(analyzer, f) {
                    if !ks.contains(&k) {
                        ks.push(k);
                    }
                }
            }
            ks
        })
        .collect();
    let mut key_groups: HashMap<&str, Vec<u32>> = HashMap::new();
    for (id, ks) in keys.iter().enumerate() {
        for k in ks {
            key_groups.entry(k).or_default().push(id as u32);
        }
    }
    let gold = pairs_of_groups(gold_groups.values());
    let system = pairs_of_groups(key_groups.values());
    let correct = gold.intersection(&system).count();

    let (mut covered, mut oov) = (0usize, 0usize);
    for (t, low) in tokens.iter().zip(&lowered) {
        let ks = &keys[type_ids[low.as_str()] as usize];
        covered += ks.contains(&t.lemma) as usize;
        oov += ks.iter().any(|k| k.starts_with(litopys_analysis::STEM_PREFIX)) as usize;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let mut false_merges: Vec<(String, String, String)> = system
        .difference(&gold)
        .map(|&(a, b)| {
            let shared: Vec<&str> = keys[a as usize]
                .iter()
                .filter(|k| keys[b as usize].contains(k))
                .map(String::as_str)
                .collect();
            (
                types[a as usize].to_string(),
                types[b as usize].to_string(),
                shared.join(","),
            )
        })
        .collect();
    false_merges.sort();
    let lemma_of: HashMap<u32, &str> = gold_groups
        .iter()
        .flat_map(|(l, ids)| ids.iter().map(move |&i| (i, *l)))
        .collect();
    let mut missed_merges: Vec<(String, String, String)> = gold
        .difference(&system)
        .map(|&(a, b)| {
            (
                types[a as usize].to_string(),
                types[b as usize].to_string(),
                lemma_of[&a].to_string(),
            )
        })
        .collect();
    missed_merges.sort();
    LemmaReport {
        scores: LemmaScores {
            tokens: tokens.len(),
            types: types.len(),
            gold_pairs: gold.len(),
            system_pairs: system.len(),
            correct_pairs: correct,
            precision: ratio(correct, system.len()),
            recall: ratio(correct, gold.len()),
            lemma_coverage: ratio(covered, tokens.len()),
            oov_rate: ratio(oov, tokens.len()),
        },
        false_merges,
        missed_merges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_words_and_skips_ranges_and_function_words() {
        let text =
            "# text = x\n1-2\tзі\t_\t_\n1\tДідусь\tдідусь\tNOUN\n2\tй\tй\tCCONJ\n3\tпроєкту\tпроєкт\tNOUN\n";
        let toks = read_conllu(text.as_bytes()).unwrap();
        assert_eq!(toks.len(), 2);
        assert_eq!(toks[0].form, "Дідусь");
        assert_eq!(toks[1].lemma, "проект");
    }

    #[test]
    fn pairs_are_unordered_and_unique() {
        let groups = [vec![0, 1, 2], vec![2, 1]];
        let pairs = pairs_of_groups(groups.iter());
        assert_eq!(pairs.len(), 3);
        assert!(pairs.contains(&(1, 2)));
    }
}
