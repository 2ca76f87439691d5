//! Trains the named-entity recogniser on NER-UK 2.0's training (DEV) split and scores it
//! on a held-back part of it.
//!
//! The split is fixed: a document is held back when the XXH3 hash of its id, modulo 100,
//! is below the held-back percentage, so every run and every machine holds back the same
//! documents. The model written is the one trained on the rest, so the scores printed are
//! the shipped model's. Scores are exact span matches (type, start and end), per type,
//! after quotes, brackets and spaces at either end of both spans are set aside: NER-UK
//! writes «товариства « Меморіал »» with its closing quote and «Житомирщина» without.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use litopys_core::entities::ner::train::{train, Sentence, TrainOptions};
use litopys_core::entities::ner::{training_sentences, NerSpan, NerType, Recogniser};
use litopys_core::entities::{EntityExtractor, EntityKind};

/// One gold document: text and its PERS/ORG/LOC spans (byte offsets).
pub struct GoldText {
    /// Document id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Gold names.
    pub spans: Vec<NerSpan>,
}

/// Reads NER-UK's span-level JSON Lines; character offsets become byte offsets and types
/// other than PERS, ORG and LOC are left out.
pub fn read_ner_uk(path: &Path) -> anyhow::Result<Vec<GoldText>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let text = v["text"].as_str().unwrap_or("").to_string();
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let mut spans = Vec::new();
        for e in v["entities"].as_array().into_iter().flatten() {
            let Some(typ) = e["type"].as_str().and_then(NerType::from_gold) else {
                continue;
            };
            let (Some(s), Some(t)) = (e["start"].as_u64(), e["end"].as_u64()) else {
                continue;
            };
            let (Some(&start), Some(&end)) = (bytes.get(s as usize), bytes.get(t as usize)) else {
                anyhow::bail!("{}:{}: entity offsets past the text", path.display(), n + 1);
            };
            spans.push(NerSpan { typ, start, end });
        }
        spans.sort_by_key(|s| (s.start, s.end));
        out.push(GoldText {
            id: v["id"].as_str().unwrap_or("").to_string(),
            text,
            spans,
        });
    }
    Ok(out)
}

/// True when the document is in the held-back part.
pub fn held_back(id: &str, percent: u64) -> bool {
    xxh3_64(id.as_bytes()) % 100 < percent
}

/// The gazetteer's matches in a text, as the recogniser's features take them.
pub fn listed(extractor: &EntityExtractor, text: &str) -> Vec<(usize, usize, EntityKind)> {
    extractor
        .extract_listed(None, text)
        .into_iter()
        .map(|m| (m.start, m.end, m.kind))
        .collect()
}

/// Precision, recall and F1 of one type.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct TypeScore {
    /// Gold names.
    pub gold: usize,
    /// Names found.
    pub found: usize,
    /// Found names equal to a gold one.
    pub correct: usize,
}

impl TypeScore {
    /// correct / found.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.found.max(1) as f64
    }
    /// correct / gold.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }
    /// Their harmonic mean.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// What a training run reports.
#[derive(Debug, Serialize)]
pub struct TrainReport {
    /// Training documents.
    pub train_docs: usize,
    /// Held-back documents.
    pub held_docs: usize,
    /// Training sentences.
    pub sentences: usize,
    /// Gold names of the training part no decoded word sequence can hold.
    pub lost_names: usize,
    /// Features in the model.
    pub features: usize,
    /// The model file's size.
    pub model_bytes: usize,
    /// The model's fingerprint.
    pub fingerprint: String,
    /// Exact-span scores on the held-back part, per type.
    pub scores: Vec<(NerType, TypeScore)>,
    /// Examples of errors on the held-back part.
    pub errors: Vec<SpanError>,
}

/// A name found and not in the gold (`false positive`) or in the gold and not found.
#[derive(Clone, Debug, Serialize)]
pub struct SpanError {
    /// Its type.
    pub typ: NerType,
    /// True: found but not gold; false: gold but missed.
    pub found: bool,
    /// The name as written.
    pub text: String,
    /// A little of the text around it.
    pub context: String,
}

/// Scores `rec` on documents, keeping up to `keep` errors of each type and direction.
pub fn score(
    rec: &Recogniser,
    extractor: &EntityExtractor,
    docs: &[&GoldText],
    keep: usize,
    errors: &mut Vec<SpanError>,
) -> Vec<(NerType, TypeScore)> {
    let lexicon = extractor_lexicon(extractor);
    let mut scores: Vec<(NerType, TypeScore)> =
        NerType::ALL.iter().map(|t| (*t, TypeScore::default())).collect();
    for d in docs {
        let trim = |x: &NerSpan| trimmed(&d.text, x);
        let found: Vec<NerSpan> = rec
            .recognise(lexicon, &d.text, &listed(extractor, &d.text))
            .iter()
            .map(trim)
            .collect();
        let gold: Vec<NerSpan> = d.spans.iter().map(trim).collect();
        for (t, s) in &mut scores {
            let g: Vec<_> = gold.iter().filter(|x| x.typ == *t).collect();
            let f: Vec<_> = found.iter().filter(|x| x.typ == *t).collect();
            s.gold += g.len();
            s.found += f.len();
            s.correct += f
                .iter()
                .filter(|x| g.iter().any(|y| y.start == x.start && y.end == x.end))
                .count();
            for (mine, other, found) in [(&f, &g, true), (&g, &f, false)] {
                for x in mine
                    .iter()
                    .filter(|x| !other.iter().any(|y| y.start == x.start && y.end == x.end))
                {
                    if errors.iter().filter(|e| e.typ == *t && e.found == found).count() < keep {
                        errors.push(SpanError {
                            typ: *t,
                            found,
                            text: d.text[x.start..x.end].to_string(),
                            context: around(&d.text, x.start, x.end),
                        });
                    }
                }
            }
        }
    }
    scores
}

/// The span without quotes, brackets, dashes and spaces at its ends.
fn trimmed(text: &str, x: &NerSpan) -> NerSpan {
    let s = &text[x.start..x.end];
    let edge = |c: char| !c.is_alphanumeric();
    let inner = s.trim_start_matches(edge);
    let start = x.end - inner.len();
    let inner = inner.trim_end_matches(edge);
    NerSpan {
        typ: x.typ,
        start,
        end: start + inner.len(),
    }
}

/// Up to 40 bytes either side of a span, cut at character boundaries, one line.
fn around(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[{}]{}", &text[a..start], &text[start..end], &text[end..b]).replace('\n', " ")
}

fn extractor_lexicon(extractor: &EntityExtractor) -> &litopys_analysis::lexicon::Lexicon {
    extractor.analyzer().lexicon()
}

/// Trains on the documents not held back, scores on the rest, and returns the model's
/// bytes with the report.
pub fn run(
    docs: &[GoldText],
    extractor: &EntityExtractor,
    held_percent: u64,
    opts: TrainOptions,
    keep_errors: usize,
    mut progress: impl FnMut(usize, f64),
) -> (Vec<u8>, TrainReport) {
    let lexicon = extractor_lexicon(extractor);
    let (held, trained): (Vec<&GoldText>, Vec<&GoldText>) =
        docs.iter().partition(|d| held_back(&d.id, held_percent));
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut lost = 0;
    for d in &trained {
        let (s, l) = training_sentences(lexicon, &d.text, &listed(extractor, &d.text), &d.spans);
        sentences.extend(s);
        lost += l;
    }
    let weights = train(&sentences, opts, &mut progress);
    let bytes = weights.to_bytes();
    let rec = Recogniser::from_bytes(&bytes).expect("a model just written reads back");
    let mut errors = Vec::new();
    let scores = score(&rec, extractor, &held, keep_errors, &mut errors);
    let report = TrainReport {
        train_docs: trained.len(),
        held_docs: held.len(),
        sentences: sentences.len(),
        lost_names: lost,
        features: rec.weights().len(),
        model_bytes: bytes.len(),
        fingerprint: rec.fingerprint().to_string(),
        scores,
        errors,
    };
    (bytes, report)
}
