//! Persons and organisations against BSNLP's document-level gold (news the recogniser was
//! not trained on).
//!
//! **Persons.** A gold person is a PER entity (all mentions sharing a cross-lingual id).
//! A system person matches it when its name, or its surname, equals (case aside) one of
//! the entity's base forms or the last word of one. Precision is matched system persons
//! over system persons, recall matched gold persons over gold persons, and *named right*
//! the share of matched persons whose canonical name is one of the gold base forms (the
//! nominative as BSNLP writes it).
//!
//! **Organisations.** A gold organisation is an ORG entity that is not company-like (no
//! listed company, legal form or corporate suffix: see the companies' protocol). A system
//! organisation is right when it names (same lemma keys, or same words, or one's two or
//! more words inside the other's: the edges of a name are disputed) one of them and
//! wrong otherwise; recall is over the gold organisations.

use litopys_analysis::Analyzer;
use litopys_core::entities::{distinct, EntityExtractor, EntityKind, Mention};

use super::gold::GoldDoc;
use super::judge::{corporate_form, same_name, signatures};
use super::report::{ErrorCase, Scores};

/// Persons and organisations of one data set.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct PeopleScores {
    /// Persons.
    pub persons: Scores,
    /// Matched persons whose canonical name is a gold base form.
    pub persons_named_right: usize,
    /// Organisations other than companies.
    pub organisations: Scores,
    /// Gold persons found (recall's numerator: one system person may match two gold
    /// entities and the other way round).
    pub persons_gold_found: usize,
    /// Gold organisations found.
    pub organisations_gold_found: usize,
}

impl PeopleScores {
    /// Fills in precision and recall.
    pub fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        for (s, found) in [
            (&mut self.persons, self.persons_gold_found),
            (&mut self.organisations, self.organisations_gold_found),
        ] {
            s.precision = ratio(s.tp, s.tp + s.fp);
            s.recall = ratio(found, found + s.missed);
        }
    }

    /// Share of matched persons named as the gold does.
    pub fn named_right(&self) -> f64 {
        self.persons_named_right as f64 / self.persons.tp.max(1) as f64
    }
}

fn key(s: &str) -> String {
    s.to_lowercase().replace(['ґ'], "г").replace('є', "е")
}

/// The surname of a written name: its last word, after an initial's full stop too
/// («Т.Мей» → «Мей»).
fn last_word(s: &str) -> &str {
    s.rsplit(|c: char| c.is_whitespace() || c == '.')
        .next()
        .unwrap_or("")
}

/// Scores persons and organisations of `doc`'s mentions, adding errors to `errors`.
pub fn score_doc(
    ex: &EntityExtractor,
    analyzer: &Analyzer,
    doc: &GoldDoc,
    mentions: &[Mention],
    out: &mut PeopleScores,
    errors: &mut Vec<ErrorCase>,
) {
    let persons = distinct(mentions, EntityKind::Person);
    let gold: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.typ == "PER" || e.typ == "PERS")
        .collect();
    let hit = |sys: &str, e: &super::gold::GoldEntity| {
        let (k, sur) = (key(sys), key(last_word(sys)));
        e.bases
            .iter()
            .chain(&e.forms)
            .any(|b| key(b) == k || key(last_word(b)) == sur || key(b) == sur)
    };
    let mut gold_hit = vec![false; gold.len()];
    for p in &persons {
        let found: Vec<usize> = (0..gold.len()).filter(|&i| hit(&p.name, gold[i])).collect();
        if found.is_empty() {
            out.persons.fp += 1;
            errors.push(ErrorCase {
                kind: EntityKind::Person,
                what: "false positive",
                doc: doc.id.clone(),
                name: p.name.clone(),
                detail: mention_texts(mentions, EntityKind::Person, &p.name),
            });
            continue;
        }
        out.persons.tp += 1;
        let named = found
            .iter()
            .any(|&i| gold[i].bases.iter().any(|b| key(b) == key(&p.name)));
        if named {
            out.persons_named_right += 1;
        } else {
            errors.push(ErrorCase {
                kind: EntityKind::Person,
                what: "named wrong",
                doc: doc.id.clone(),
                name: p.name.clone(),
                detail: gold[found[0]].bases.join(" | "),
            });
        }
        for i in found {
            gold_hit[i] = true;
        }
    }
    // tp counts system persons; recall counts gold persons found.
    for (i, g) in gold.iter().enumerate() {
        if !gold_hit[i] {
            out.persons.missed += 1;
            errors.push(ErrorCase {
                kind: EntityKind::Person,
                what: "missed",
                doc: doc.id.clone(),
                name: g.bases.first().cloned().unwrap_or_default(),
                detail: g.forms.join(" | "),
            });
        }
    }
    out.persons_gold_found += gold_hit.iter().filter(|h| **h).count();

    // Organisations.
    let orgs = distinct(mentions, EntityKind::Organisation);
    let gold_orgs: Vec<_> = doc
        .entities
        .iter()
        .filter(|e| e.typ == "ORG")
        .filter(|e| {
            !e.forms
                .iter()
                .any(|f| corporate_form(f) || ex.resolve(EntityKind::Company, f).is_some())
                && !corporate_form(&e.xling.replace('-', " "))
        })
        .collect();
    let gold_sigs: Vec<Vec<_>> = gold_orgs
        .iter()
        .map(|e| e.forms.iter().flat_map(|f| signatures(analyzer, f)).collect())
        .collect();
    let mut org_hit = vec![false; gold_orgs.len()];
    for o in &orgs {
        let mut sigs = signatures(analyzer, &o.name);
        for m in mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Organisation && m.name == o.name)
        {
            sigs.extend(signatures(analyzer, &m.text));
        }
        let found: Vec<usize> = (0..gold_orgs.len())
            .filter(|&i| {
                gold_orgs[i].forms.iter().any(|f| key(f) == key(&o.name))
                    || gold_sigs[i].iter().any(|g| {
                        sigs.iter()
                            .any(|s| same_name(g, s) || contains(g, s) || contains(s, g))
                    })
            })
            .collect();
        if found.is_empty() {
            out.organisations.fp += 1;
            errors.push(ErrorCase {
                kind: EntityKind::Organisation,
                what: "false positive",
                doc: doc.id.clone(),
                name: o.name.clone(),
                detail: mention_texts(mentions, EntityKind::Organisation, &o.name),
            });
        } else {
            out.organisations.tp += 1;
            for i in found {
                org_hit[i] = true;
            }
        }
    }
    for (i, g) in gold_orgs.iter().enumerate() {
        if !org_hit[i] {
            out.organisations.missed += 1;
            errors.push(ErrorCase {
                kind: EntityKind::Organisation,
                what: "missed",
                doc: doc.id.clone(),
                name: g.bases.first().or(g.forms.first()).cloned().unwrap_or_default(),
                detail: g.forms.join(" | "),
            });
        }
    }
    out.organisations_gold_found += org_hit.iter().filter(|h| **h).count();
}

/// True when the words of `short` (two or more) are a contiguous part of `long`'s: the
/// gold and the system may disagree on a name's edges («британське Міністерство охорони
/// здоров'я», «Верховний суд Пакистану»).
fn contains(long: &[Vec<String>], short: &[Vec<String>]) -> bool {
    short.len() >= 2
        && long.len() > short.len()
        && long
            .windows(short.len())
            .any(|w| w.iter().zip(short).all(|(x, y)| x.iter().any(|k| y.contains(k))))
}

fn mention_texts(mentions: &[Mention], kind: EntityKind, name: &str) -> String {
    let mut v: Vec<&str> = mentions
        .iter()
        .filter(|m| m.kind == kind && m.name == name)
        .map(|m| m.text.as_str())
        .collect();
    v.sort();
    v.dedup();
    v.join(" | ")
}
