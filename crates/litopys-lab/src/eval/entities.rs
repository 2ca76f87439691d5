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
//!
//! The files: [`gold`] reads the two gold formats, `judge` holds the rules above (one
//! function each), [`report`] the figures, [`cost`] the `--bench` timing; this file
//! scores the documents.

mod cost;
mod gold;
mod judge;
mod people;
mod report;

use std::collections::BTreeSet;

use litopys_analysis::Analyzer;
use litopys_core::entities::names::name_key;
use litopys_core::entities::quoted::clean_name;
use litopys_core::entities::{doc_entities, Canonical, EntityExtractor, EntityKind, Mention};

pub use cost::cost;
use gold::GoldDoc;
pub use gold::{read_bsnlp, read_ner_uk};
use judge::{bsnlp_country, corporate_form, is_institution, same_name, signatures, span_countries};
use report::{ErrorCase, Report, Scores};

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
        people: None,
        errors: Vec::new(),
    };
    let mut people = people::PeopleScores::default();
    for doc in docs {
        let mentions = ex.extract(doc.title.as_deref(), &doc.text);
        let (sys_countries, sys_companies) = doc_entities(&mentions);
        if dataset == Dataset::Bsnlp {
            people::score_doc(ex, analyzer, doc, &mentions, &mut people, &mut report.errors);
        }
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
    if dataset == Dataset::Bsnlp {
        people.finish();
        report.people = Some(people);
    }
    report
}
