//! Entity facets against gold data: document-level precision and recall for countries
//! and for companies, on BSNLP (document-level gold) and NER-UK (span-level gold).
//!
//! The facets answer "which countries and companies does this article name", so the
//! unit is a (document, canonical entity) pair. System pairs come from
//! [`EntityExtractor::extract`] over the title and text, deduplicated by canonical name.
//!
//! **Countries.**
//! - BSNLP: a gold entity (all mentions sharing a cross-lingual id in a document, any
//!   type, mentions with `found_in_text: false` left out) is a country when its English id
//!   (`GPE-Great-Britain` → "Great Britain") resolves to a country; when the id is a
//!   blocked phrase (`GPE-East-Germany`, `GPE-Northern-Ireland`) it is not one; otherwise
//!   (numeric ids of the 2017 topic, unknown spellings) it is one when one of its base or
//!   mention forms resolves to a country. Resolution is [`EntityExtractor::resolve`]:
//!   the whole name, any case, any inflection the dictionary knows.
//! - NER-UK: a gold country is one that a LOC or ORG span names, as a whole («Україні»)
//!   or as a part («Західної України», «Посольство США»): the longest run of the span's
//!   words that resolves to a country. Nested LOC annotation is missing from NER-UK (the
//!   country inside an organisation's name is not annotated), and such a country is
//!   named in the text all the same.
//!
//! **Companies.** Neither data set types companies apart from other organisations, so a
//! gold ORG entity (BSNLP: per cross-lingual id; NER-UK: per ORG span) counts as:
//! - a *company found* when one of its forms names a system company of the document: same
//!   name (quotes and legal forms ignored, compared by lemma keys, so «Альткому» =
//!   «Альтком»), or it resolves to that company;
//! - a *company missed* when no system company matches but it is company-like on its own:
//!   it resolves to a listed company, it carries a legal form (ТОВ, ПрАТ, ДП …) or a
//!   corporate suffix (AG, Ltd, Group …), also in the BSNLP id (`ORG-Nord-Stream-2-AG`);
//! - otherwise an *organisation of unknown kind*: ministries, parties, courts and
//!   unknown outlets, not counted (their number is printed).
//!
//! A system company is correct when a gold ORG entity of the document matches it and
//! that entity is not an institution (ministry, court, party, council … by its words);
//! otherwise it is a false positive. So precision checks that what the system calls a
//! company is an annotated organisation and not a government body, and recall checks
//! that listed and legally-marked companies are found. BSNLP annotates some platforms
//! and outlets as products (PRO: Twitter, «Економічна правда»): a system company that
//! matches only such an entity is counted separately (`as PRO`), neither right nor wrong.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use litopys_analysis::{Analyzer, Side};
use litopys_core::entities::names::name_key;
use litopys_core::entities::quoted::clean_name;
use litopys_core::entities::vocab::is_legal_form;
use litopys_core::entities::{doc_entities, Canonical, EntityExtractor, EntityKind, Mention};

/// One gold document.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Title, if any.
    pub title: Option<String>,
    /// Text.
    pub text: String,
    /// Gold entities.
    pub entities: Vec<GoldEntity>,
}

/// One gold entity of a document: its type and every form it takes.
#[derive(Clone, Debug)]
pub struct GoldEntity {
    /// BSNLP/NER-UK type: LOC, ORG, PER(S), PRO, …
    pub typ: String,
    /// BSNLP cross-lingual id (empty for NER-UK).
    pub xling: String,
    /// Mentions and base forms.
    pub forms: Vec<String>,
}

/// Reads the BSNLP document-level gold (JSON Lines).
pub fn read_bsnlp(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let mut entities: Vec<GoldEntity> = Vec::new();
        for e in v.get("entities").and_then(|e| e.as_array()).into_iter().flatten() {
            if e.get("found_in_text").and_then(|f| f.as_bool()) == Some(false) {
                continue;
            }
            let g = |k: &str| e.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let (typ, xling) = (g("type"), g("xling_id"));
            let forms = [g("mention"), g("base")];
            match entities.iter_mut().find(|x| x.typ == typ && x.xling == xling) {
                Some(x) => x.forms.extend(forms),
                None => entities.push(GoldEntity {
                    typ,
                    xling,
                    forms: forms.to_vec(),
                }),
            }
        }
        for e in &mut entities {
            e.forms.retain(|f| !f.trim().is_empty());
            e.forms.sort();
            e.forms.dedup();
        }
        docs.push(GoldDoc {
            id: s("id").unwrap_or_default(),
            title: s("title"),
            text: s("text").unwrap_or_default(),
            entities,
        });
    }
    Ok(docs)
}

/// Reads the NER-UK span-level gold (JSON Lines); each span is one entity.
pub fn read_ner_uk(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let entities = v
            .get("entities")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
            .map(|e| GoldEntity {
                typ: e.get("type").and_then(|x| x.as_str()).unwrap_or("").to_string(),
                xling: String::new(),
                forms: vec![e
                    .get("text")
                    .and_then(|x| x.as_str())
                    .unwrap_or("")
                    .replace('\n', " ")],
            })
            .collect();
        docs.push(GoldDoc {
            id: v.get("id").and_then(|x| x.as_str()).unwrap_or("").to_string(),
            title: None,
            text: v.get("text").and_then(|x| x.as_str()).unwrap_or("").to_string(),
            entities,
        });
    }
    Ok(docs)
}

/// Precision and recall of one kind.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Scores {
    /// Correct system pairs.
    pub tp: usize,
    /// Wrong system pairs.
    pub fp: usize,
    /// Missed gold pairs.
    pub missed: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + missed).
    pub recall: f64,
}

impl Scores {
    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.missed);
    }
}

/// One error, for `--errors`.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorCase {
    /// Country or company.
    pub kind: EntityKind,
    /// `false positive` or `missed`.
    pub what: &'static str,
    /// Document id.
    pub doc: String,
    /// The entity.
    pub name: String,
    /// Mentions (system) or gold forms.
    pub detail: String,
}

/// The evaluation of one data set.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Data set name.
    pub dataset: String,
    /// Documents.
    pub docs: usize,
    /// Countries.
    pub countries: Scores,
    /// Companies.
    pub companies: Scores,
    /// Gold organisations of unknown kind (not counted).
    pub unjudged_orgs: usize,
    /// System companies that match only a BSNLP product (not counted).
    pub matched_products: usize,
    /// Errors, in document order.
    pub errors: Vec<ErrorCase>,
}

/// Words that make an organisation a public body, a party or an association rather
/// than a company (stems, lower case).
const INSTITUTION_STEMS: &[&str] = &[
    "міністерств",
    "мін",
    "комітет",
    "рад",
    "суд",
    "парті",
    "уряд",
    "служб",
    "управлінн",
    "департамент",
    "прокуратур",
    "парламент",
    "конгрес",
    "сенат",
    "комісі",
    "інспекці",
    "адміністраці",
    "академі",
    "університет",
    "інститут",
    "союз",
    "асоціаці",
    "фонд",
    "церкв",
    "кабмін",
    "кабінет",
    "палат",
    "ministry",
    "court",
    "party",
    "council",
    "commission",
    "parliament",
    "government",
];

fn is_institution(form: &str) -> bool {
    let head_institution = form
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_lowercase();
            litopys_core::entities::vocab::INSTITUTION_STEMS
                .iter()
                .any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 4)
        });
    // A company form (ТОВ, ПАТ …) is a company whatever its name says.
    const PRIVATE: &[&str] = &[
        "ТОВ", "ТзОВ", "ТДВ", "ПАТ", "ПрАТ", "ПуАТ", "АТ", "ВАТ", "ЗАТ", "ПП",
    ];
    if form
        .split(|c: char| c.is_whitespace() || c == '«' || c == '"')
        .next()
        .is_some_and(|w| PRIVATE.contains(&w))
    {
        return false;
    }
    head_institution
        || form
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .any(|w| {
                let w = w.to_lowercase();
                INSTITUTION_STEMS
                    .iter()
                    .any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 4)
            })
}

const CORPORATE_SUFFIXES: &[&str] = &[
    "ag",
    "ltd",
    "llc",
    "inc",
    "plc",
    "gmbh",
    "group",
    "corporation",
    "corp",
    "sa",
    "se",
    "nv",
    "bv",
    "holding",
    "holdings",
    "investment",
    "company",
    "limited",
    "груп",
    "холдинг",
    "інвест",
];

/// Company-like on its own: a legal form or a corporate suffix.
fn corporate_form(form: &str) -> bool {
    let words: Vec<&str> = form
        .split(|c: char| c.is_whitespace() || c == '-' || c == '«' || c == '»' || c == '"')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return false;
    }
    words.first().is_some_and(|w| is_legal_form(w))
        || words
            .last()
            .is_some_and(|w| CORPORATE_SUFFIXES.contains(&w.to_lowercase().trim_end_matches('.')))
}

/// The lemma-key signatures of a name: one key set per word, for the name without
/// quotes and leading legal forms, for its innermost quoted part («ДП «Міжнародний
/// аеропорт «Бориспіль»» → «Бориспіль») and without a trailing corporate suffix
/// («MAKO Holding B. V.» → «MAKO Holding»).
fn signatures(analyzer: &Analyzer, name: &str) -> Vec<Vec<Vec<String>>> {
    let sig = |text: &str| -> Vec<Vec<String>> {
        analyzer
            .analyze(text, Side::Index)
            .into_iter()
            .map(|w| {
                let mut k = w.keys;
                k.push(w.text.to_lowercase());
                k
            })
            .collect()
    };
    let clean = clean_name(name);
    let mut out = vec![sig(&clean)];
    if let Some(pos) = clean.rfind(['«', '"', '“', '„']) {
        let inner = clean_name(&clean[pos..]);
        if !inner.is_empty() {
            out.push(sig(&inner));
        }
    }
    let mut words: Vec<&str> = clean.split_whitespace().collect();
    let mut trimmed = false;
    while words.len() > 1 {
        let last = words[words.len() - 1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if CORPORATE_SUFFIXES.contains(&last.as_str()) || last.chars().count() == 1 {
            words.pop();
            trimmed = true;
        } else {
            break;
        }
    }
    if trimmed {
        out.push(sig(&words.join(" ")));
    }
    out.retain(|s| !s.is_empty());
    out
}

fn same_name(a: &[Vec<String>], b: &[Vec<String>]) -> bool {
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.iter().any(|k| y.contains(k)))
}

/// The country a gold entity names (BSNLP), see the module docs.
fn bsnlp_country(ex: &EntityExtractor, e: &GoldEntity) -> Option<Canonical> {
    if let Some(rest) = e
        .xling
        .split_once('-')
        .map(|(_, r)| r)
        .filter(|_| !e.xling.starts_with(char::is_numeric))
    {
        let english = rest.replace('-', " ");
        if let Some(c) = ex.resolve(EntityKind::Country, &english) {
            return Some(c);
        }
        if ex.is_blocked(EntityKind::Country, &english) {
            return None;
        }
    }
    e.forms.iter().find_map(|f| ex.resolve(EntityKind::Country, f))
}

/// The country named by a gold span: the whole span, else its longest run of words
/// that resolves (not counting two-letter Latin words, which would be ISO codes).
fn span_countries(ex: &EntityExtractor, form: &str) -> Option<Canonical> {
    let resolve = |part: &str| {
        let code_like = part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic());
        (!code_like)
            .then(|| ex.resolve(EntityKind::Country, part))
            .flatten()
    };
    if ex.is_blocked(EntityKind::Country, form) {
        return None;
    }
    if let Some(c) = resolve(form) {
        return Some(c);
    }
    let words: Vec<&str> = form.split_whitespace().collect();
    for len in (1..words.len()).rev() {
        for start in 0..=words.len() - len {
            let part = words[start..start + len].join(" ");
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if ex.is_blocked(EntityKind::Country, part) {
                continue;
            }
            if let Some(c) = resolve(part) {
                return Some(c);
            }
        }
    }
    None
}

/// Which data set a document comes from (decides how gold countries are read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dataset {
    /// BSNLP: cross-lingual ids.
    Bsnlp,
    /// NER-UK: spans.
    NerUk,
}

/// Evaluates `docs`; keeps every error in the report.
pub fn evaluate(ex: &EntityExtractor, analyzer: &Analyzer, docs: &[GoldDoc], dataset: Dataset) -> Report {
    let mut report = Report {
        dataset: match dataset {
            Dataset::Bsnlp => "bsnlp".into(),
            Dataset::NerUk => "ner-uk".into(),
        },
        docs: docs.len(),
        countries: Scores::default(),
        companies: Scores::default(),
        unjudged_orgs: 0,
        matched_products: 0,
        errors: Vec::new(),
    };
    for doc in docs {
        let mentions = ex.extract(doc.title.as_deref(), &doc.text);
        let (sys_countries, sys_companies) = doc_entities(&mentions);
        let texts_of = |name: &str| -> Vec<&Mention> { mentions.iter().filter(|m| m.name == name).collect() };
        let detail = |name: &str| {
            let ms = texts_of(name);
            let mut v: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
            v.sort();
            v.dedup();
            let mut out = v.join(" | ");
            if let Some(m) = ms.first() {
                let field = match m.field {
                    litopys_core::entities::Field::Title => doc.title.as_deref().unwrap_or(""),
                    litopys_core::entities::Field::Body => doc.text.as_str(),
                };
                let mut from = m.start.saturating_sub(60);
                while !field.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (m.end + 60).min(field.len());
                while !field.is_char_boundary(to) {
                    to += 1;
                }
                out.push_str(&format!(" — «…{}…»", field[from..to].replace('\n', " ")));
            }
            out
        };

        // Countries.
        let mut gold: BTreeSet<String> = BTreeSet::new();
        let mut gold_forms: Vec<(String, String)> = Vec::new();
        for e in &doc.entities {
            let c = match dataset {
                Dataset::Bsnlp if e.typ == "ORG" => {
                    bsnlp_country(ex, e).or_else(|| e.forms.iter().find_map(|f| span_countries(ex, f)))
                }
                Dataset::Bsnlp => bsnlp_country(ex, e),
                Dataset::NerUk if e.typ == "LOC" || e.typ == "ORG" => span_countries(ex, &e.forms[0]),
                Dataset::NerUk => None,
            };
            if let Some(c) = c {
                gold.insert(c.name.clone());
                gold_forms.push((c.name, e.forms.join(" | ")));
            }
        }
        for c in &sys_countries {
            if gold.contains(&c.name) {
                report.countries.tp += 1;
            } else {
                report.countries.fp += 1;
                report.errors.push(ErrorCase {
                    kind: EntityKind::Country,
                    what: "false positive",
                    doc: doc.id.clone(),
                    name: c.name.clone(),
                    detail: detail(&c.name),
                });
            }
        }
        for g in &gold {
            if !sys_countries.iter().any(|c| &c.name == g) {
                report.countries.missed += 1;
                let forms: Vec<&str> = gold_forms
                    .iter()
                    .filter(|(n, _)| n == g)
                    .map(|(_, f)| f.as_str())
                    .collect();
                report.errors.push(ErrorCase {
                    kind: EntityKind::Country,
                    what: "missed",
                    doc: doc.id.clone(),
                    name: g.clone(),
                    detail: forms.join(" || "),
                });
            }
        }

        // Companies.
        let sys_sigs: Vec<Vec<Vec<Vec<String>>>> = sys_companies
            .iter()
            .map(|c| {
                let mut sigs = signatures(analyzer, &c.name);
                for m in texts_of(&c.name) {
                    sigs.extend(signatures(analyzer, &m.text));
                }
                sigs
            })
            .collect();
        let mut matched = vec![false; sys_companies.len()];
        let mut product_only = vec![false; sys_companies.len()];
        let mut missed: Vec<(String, String)> = Vec::new();
        for e in &doc.entities {
            let org = e.typ == "ORG";
            let product = match dataset {
                Dataset::Bsnlp => matches!(e.typ.as_str(), "PRO" | "MISC"),
                Dataset::NerUk => matches!(e.typ.as_str(), "MISC" | "ART"),
            };
            if !org && !product {
                continue;
            }
            let sigs: Vec<_> = e.forms.iter().flat_map(|f| signatures(analyzer, f)).collect();
            let resolved: Vec<Canonical> = e
                .forms
                .iter()
                .filter_map(|f| ex.resolve(EntityKind::Company, f))
                .collect();
            let institution = e.forms.iter().any(|f| is_institution(f)) && resolved.is_empty();
            let mut any = false;
            for (i, c) in sys_companies.iter().enumerate() {
                let hit = resolved.iter().any(|r| r.name == c.name)
                    || sigs.iter().any(|s| sys_sigs[i].iter().any(|t| same_name(s, t)));
                if hit {
                    any = true;
                    if org && !institution {
                        matched[i] = true;
                    } else if product {
                        product_only[i] = true;
                    }
                }
            }
            if any || !org {
                continue;
            }
            let corporate = !resolved.is_empty()
                || e.forms.iter().any(|f| corporate_form(f))
                || corporate_form(&e.xling.replace('-', " "));
            if corporate && !institution {
                let name = resolved
                    .first()
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| name_key(&clean_name(&e.forms[0])));
                if !missed.iter().any(|(n, _)| n == &name) {
                    missed.push((name, e.forms.join(" | ")));
                }
            } else {
                report.unjudged_orgs += 1;
            }
        }
        // A company matched under one form and missed under another is found.
        missed.retain(|(n, _)| !sys_companies.iter().any(|c| &c.name == n));
        for (i, c) in sys_companies.iter().enumerate() {
            if matched[i] {
                report.companies.tp += 1;
            } else if product_only[i] {
                report.matched_products += 1;
            } else {
                report.companies.fp += 1;
                report.errors.push(ErrorCase {
                    kind: EntityKind::Company,
                    what: "false positive",
                    doc: doc.id.clone(),
                    name: c.name.clone(),
                    detail: detail(&c.name),
                });
            }
        }
        for (name, forms) in missed {
            report.companies.missed += 1;
            report.errors.push(ErrorCase {
                kind: EntityKind::Company,
                what: "missed",
                doc: doc.id.clone(),
                name,
                detail: forms,
            });
        }
    }
    report.countries.finish();
    report.companies.finish();
    report
}

/// Time of `extract` over the texts against the analyzer alone, single thread.
#[derive(Clone, Debug, Serialize)]
pub struct Cost {
    /// Input size in bytes.
    pub bytes: usize,
    /// Best analysis pass (seconds): the analyzer with a per-thread word cache, as indexing
    /// runs it.
    pub analyze_s: f64,
    /// Best extraction pass (seconds).
    pub extract_s: f64,
    /// extract / analyze.
    pub ratio: f64,
    /// Mentions found per pass.
    pub mentions: usize,
}

/// Measures [`Cost`] over `texts` (best of `passes`).
pub fn cost(
    ex: &EntityExtractor,
    analyzer: &std::sync::Arc<Analyzer>,
    texts: &[String],
    passes: usize,
) -> Cost {
    use std::time::Instant;
    let mut best_a = f64::MAX;
    let mut best_e = f64::MAX;
    let mut mentions = 0;
    let mut words = 0usize;
    for _ in 0..passes.max(1) {
        let t = Instant::now();
        let mut session = litopys_analysis::Session::new(analyzer.clone(), Side::Index, 200_000);
        for text in texts {
            session.analyze_with(text, |_, keys| words += keys.len());
        }
        best_a = best_a.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let mut n = 0;
        for text in texts {
            n += ex.extract(None, text).len();
        }
        best_e = best_e.min(t.elapsed().as_secs_f64());
        mentions = n;
    }
    std::hint::black_box(words);
    Cost {
        bytes: texts.iter().map(|t| t.len()).sum(),
        analyze_s: best_a,
        extract_s: best_e,
        ratio: best_e / best_a,
        mentions,
    }
}
