//! From a parsed query to a Tantivy query, through the Ukrainian analyzer.
//!
//! Tantivy's own `QueryParser` cannot be used: it turns the several lemmas that one word
//! gets at one position into a phrase (an AND), so «людина» would find nothing, and it
//! chokes on apostrophes. Here every word becomes a disjunction over its keys, and a
//! phrase matches any key at each position. A proximity group is a sloppy phrase in
//! every order of its words; a truncated word is the disjunction of the exact forms the
//! term dictionaries hold under its prefix.

use std::collections::BTreeSet;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::parse::{Expr, QueryError, Scope, MAX_PROXIMITY_WORDS};
use super::prefix::{expand, MAX_EXPANSIONS};
use crate::index::Fields;
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::stopwords::is_stopword;
use litopys_analysis::{AnalyzedWord, Analyzer, Side};

/// The index fields a query can reach.
#[derive(Clone, Copy, Debug)]
pub struct QueryFields {
    /// Headline, lemma keys.
    pub title: Field,
    /// Body, lemma keys.
    pub body: Field,
    /// Headline, exact lower-cased forms.
    pub title_exact: Field,
    /// Body, exact lower-cased forms.
    pub body_exact: Field,
}

impl From<&Fields> for QueryFields {
    /// The fields of an opened index that a query's words reach.
    ///
    /// Built here, from the index's [`Fields`], so that the index knows nothing of queries.
    fn from(fields: &Fields) -> Self {
        QueryFields {
            title: fields.title,
            body: fields.body,
            title_exact: fields.title_exact,
            body_exact: fields.body_exact,
        }
    }
}

/// How much more a match in the headline weighs than one in the body: a headline names
/// what the article is about.
pub const TITLE_BOOST: f32 = 2.0;

/// Phrases whose key combinations exceed this are matched with a regex phrase instead of
/// a union of plain phrases.
const MAX_PHRASE_COMBINATIONS: usize = 32;

/// What the hits should highlight: the keys (and exact forms) of the query's positive
/// parts. Words under `-`/`NOT` are left out: marking them would mislead.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HighlightTerms {
    /// Lemma keys.
    pub keys: BTreeSet<String>,
    /// Exact lower-cased forms from `=word`.
    pub exact_forms: BTreeSet<String>,
}

/// A query ready to run, and what to highlight in its hits.
pub struct BuiltQuery {
    /// The Tantivy query.
    pub query: Box<dyn Query>,
    /// Terms to mark in snippets and headlines.
    pub highlight: HighlightTerms,
}

struct Builder<'a> {
    analyzer: &'a Analyzer,
    /// The term dictionaries truncated words expand through.
    terms: &'a tantivy::Searcher,
    fields: QueryFields,
    highlight: HighlightTerms,
}

fn text_err(message: String, span: &std::ops::Range<usize>) -> QueryError {
    QueryError {
        message,
        offset: span.start,
        column: 0,
    }
}

impl Builder<'_> {
    /// Returns `None` when the part vanished (only stopwords, only punctuation inside an
    /// AND with other parts).
    fn build(&mut self, expr: &Expr, positive: bool) -> Result<Option<Box<dyn Query>>, QueryError> {
        match expr {
            Expr::And(parts) => self.build_and(parts, positive).map(Some),
            Expr::Or(parts) => {
                let mut clauses = Vec::new();
                for p in parts {
                    if let Some(q) = self.build(p, positive)? {
                        clauses.push((Occur::Should, q));
                    }
                }
                Ok(match clauses.len() {
                    0 => None,
                    1 => clauses.pop().map(|(_, q)| q),
                    _ => Some(Box::new(BooleanQuery::new(clauses))),
                })
            }
            Expr::Not(inner) => {
                // A lone negation outside an AND: everything but the part.
                let q = self.build(inner, false)?;
                Ok(q.map(|q| {
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                        (Occur::MustNot, q),
                    ])) as Box<dyn Query>
                }))
            }
            Expr::Text { .. } => self.build_text(expr, positive, false),
        }
    }

    fn build_and(&mut self, parts: &[Expr], positive: bool) -> Result<Box<dyn Query>, QueryError> {
        // Stopwords drop out of an AND only when something else is left to search for.
        let has_content = parts.iter().any(|p| !self.is_stop_only(p));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for p in parts {
            match p {
                Expr::Not(inner) => {
                    if let Some(q) = self.build(inner, false)? {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                _ => {
                    let q = match p {
                        Expr::Text { .. } => self.build_text(p, positive, has_content)?,
                        _ => self.build(p, positive)?,
                    };
                    if let Some(q) = q {
                        clauses.push((Occur::Must, q));
                    }
                }
            }
        }
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn is_stop_only(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Text {
                text,
                phrase: false,
                exact: false,
                ..
            } => {
                let words = self.analyzer.analyze(text, Side::Query);
                words.len() == 1 && is_stopword_only(&words[0])
            }
            Expr::Not(_) => true,
            _ => false,
        }
    }

    fn build_text(
        &mut self,
        expr: &Expr,
        positive: bool,
        drop_stopwords: bool,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let Expr::Text {
            text,
            phrase,
            exact,
            proximity,
            truncated,
            scope,
            span,
        } = expr
        else {
            unreachable!("build_text is only called on text")
        };
        if *truncated {
            return self.build_truncated(text, *scope, span, positive).map(Some);
        }
        let mut words = self.analyzer.analyze(text, Side::Query);
        if words.is_empty() {
            return Err(text_err(
                format!("`{text}` has no word or number to search for"),
                span,
            ));
        }
        if !phrase && !exact && drop_stopwords && words.len() == 1 && is_stopword_only(&words[0]) {
            return Ok(None);
        }
        if proximity.is_some() && words.len() > 1 {
            // In a proximity group order is free, so a stopword says nothing: it only
            // has to be somewhere near. Drop them while other words remain.
            let content: Vec<_> = words.iter().filter(|w| !is_stopword_only(w)).cloned().collect();
            if !content.is_empty() {
                words = content;
            }
            if words.len() > MAX_PROXIMITY_WORDS {
                return Err(text_err(
                    format!(
                        "a proximity group takes at most {MAX_PROXIMITY_WORDS} words; `{text}` has {}",
                        words.len()
                    ),
                    span,
                ));
            }
        }
        let positions: Vec<Vec<String>> = if *exact {
            words
                .iter()
                .map(|w| {
                    let mut lower = String::new();
                    lowercase_into(&w.text, &mut lower);
                    vec![lower]
                })
                .collect()
        } else {
            words.iter().map(|w: &AnalyzedWord| w.keys.clone()).collect()
        };
        if positive {
            let set = if *exact {
                &mut self.highlight.exact_forms
            } else {
                &mut self.highlight.keys
            };
            set.extend(positions.iter().flatten().cloned());
        }
        let (title, body) = if *exact {
            (self.fields.title_exact, self.fields.body_exact)
        } else {
            (self.fields.title, self.fields.body)
        };
        Ok(Some(per_scope(*scope, title, body, |field| match *proximity {
            Some(slop) if positions.len() > 1 => any_order(field, &positions, slop),
            _ => field_query(field, &positions, 0),
        })))
    }

    /// `prefix*`: the exact forms under the prefix in the fields the scope reaches, as
    /// one word (the best-scoring form counts, as for a word's lemmas).
    fn build_truncated(
        &mut self,
        text: &str,
        scope: Scope,
        span: &std::ops::Range<usize>,
        positive: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        let words = self.analyzer.analyze(text, Side::Query);
        let [word] = words.as_slice() else {
            return Err(text_err(
                format!("`{text}*`: truncation works on one word, not on `{text}`"),
                span,
            ));
        };
        let mut prefix = String::new();
        lowercase_into(&word.text, &mut prefix);
        let (title, body) = (self.fields.title_exact, self.fields.body_exact);
        let too_many = || {
            text_err(
                format!("`{text}*` matches more than {MAX_EXPANSIONS} word forms; make the prefix longer"),
                span,
            )
        };
        let expand_in = |field: Field, reached: Scope| -> Result<BTreeSet<String>, QueryError> {
            let mut forms = BTreeSet::new();
            if scope == Scope::All || scope == reached {
                let within = expand(self.terms, field, &prefix, &mut forms).map_err(|e| {
                    text_err(
                        format!("`{text}*`: the term dictionary could not be read: {e}"),
                        span,
                    )
                })?;
                if !within {
                    return Err(too_many());
                }
            }
            Ok(forms)
        };
        let title_forms = expand_in(title, Scope::Title)?;
        let body_forms = expand_in(body, Scope::Body)?;
        if title_forms.union(&body_forms).count() > MAX_EXPANSIONS {
            return Err(too_many());
        }
        if positive {
            let found = title_forms.iter().chain(&body_forms).cloned();
            self.highlight.exact_forms.extend(found);
        }
        Ok(per_scope(scope, title, body, |field| {
            let forms = if field == title { &title_forms } else { &body_forms };
            field_query(field, &[forms.iter().cloned().collect()], 0)
        }))
    }
}

/// True when every key of the word is a stopword: it says nothing on its own.
fn is_stopword_only(word: &AnalyzedWord) -> bool {
    word.keys.iter().all(|k| is_stopword(k))
}

/// One query per field the scope reaches, the headline's boosted, either matching.
fn per_scope(
    scope: Scope,
    title: Field,
    body: Field,
    mut query: impl FnMut(Field) -> Box<dyn Query>,
) -> Box<dyn Query> {
    let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if scope != Scope::Body {
        per_field.push((
            Occur::Should,
            Box::new(BoostQuery::new(query(title), TITLE_BOOST)),
        ));
    }
    if scope != Scope::Title {
        per_field.push((Occur::Should, query(body)));
    }
    if per_field.len() == 1 {
        per_field.pop().expect("one field").1
    } else {
        Box::new(BooleanQuery::new(per_field))
    }
}

/// A proximity group: the words in every order, each order a phrase with `slop`.
///
/// Tantivy's slop is a budget spent on the distance between consecutive words of one
/// order, so over all orders a document matches when some order of the words has at
/// most `slop` other words between the first and the last.
fn any_order(field: Field, positions: &[Vec<String>], slop: u32) -> Box<dyn Query> {
    let mut orders: Vec<Box<dyn Query>> = Vec::new();
    let mut order: Vec<usize> = (0..positions.len()).collect();
    loop {
        let permuted: Vec<Vec<String>> = order.iter().map(|&i| positions[i].clone()).collect();
        orders.push(field_query(field, &permuted, slop));
        if !next_permutation(&mut order) {
            break;
        }
    }
    Box::new(DisjunctionMaxQuery::new(orders))
}

/// Steps `order` to the next permutation in lexicographic order; false after the last.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(i) = (1..order.len()).rev().find(|&i| order[i - 1] < order[i]) else {
        return false;
    };
    let j = (i..order.len())
        .rev()
        .find(|&j| order[j] > order[i - 1])
        .expect("a larger one");
    order.swap(i - 1, j);
    order[i..].reverse();
    true
}

/// The query for one field: a single position is the best of its keys; several
/// positions are a phrase that accepts any key at each position.
fn field_query(field: Field, positions: &[Vec<String>], slop: u32) -> Box<dyn Query> {
    let term = |k: &str| Term::from_field_text(field, k);
    if positions.len() == 1 {
        let keys = &positions[0];
        let mut alternatives: Vec<Box<dyn Query>> = keys
            .iter()
            .map(|k| Box::new(TermQuery::new(term(k), IndexRecordOption::WithFreqs)) as Box<dyn Query>)
            .collect();
        return match alternatives.len() {
            0 => Box::new(EmptyQuery),
            1 => alternatives.pop().expect("one key"),
            // The best key, not the sum: an ambiguous word is one word.
            _ => Box::new(DisjunctionMaxQuery::new(alternatives)),
        };
    }
    let combinations = positions
        .iter()
        .try_fold(1usize, |acc, keys| acc.checked_mul(keys.len().max(1)));
    match combinations {
        Some(n) if n <= MAX_PHRASE_COMBINATIONS => {
            let mut phrases: Vec<Box<dyn Query>> = Vec::new();
            let mut choice = vec![0usize; positions.len()];
            loop {
                let terms = positions
                    .iter()
                    .zip(&choice)
                    .enumerate()
                    .map(|(pos, (keys, &c))| (pos, term(&keys[c])))
                    .collect();
                phrases.push(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)));
                // Next combination, odometer style.
                let mut i = 0;
                while i < choice.len() {
                    choice[i] += 1;
                    if choice[i] < positions[i].len() {
                        break;
                    }
                    choice[i] = 0;
                    i += 1;
                }
                if i == choice.len() {
                    break;
                }
            }
            if phrases.len() == 1 {
                phrases.pop().expect("one phrase")
            } else {
                Box::new(DisjunctionMaxQuery::new(phrases))
            }
        }
        _ => {
            let terms = positions
                .iter()
                .enumerate()
                .map(|(pos, keys)| {
                    let alts: Vec<String> = keys.iter().map(|k| regex_escape(k)).collect();
                    (pos, format!("({})", alts.join("|")))
                })
                .collect();
            Box::new(RegexPhraseQuery::new_with_offset_and_slop(field, terms, slop))
        }
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~\"'<>@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Builds the Tantivy query for a parsed query; truncated words expand through the
/// term dictionaries of `terms`, which should be the snapshot the query runs on.
pub fn build(
    expr: &Expr,
    analyzer: &Analyzer,
    fields: QueryFields,
    terms: &tantivy::Searcher,
) -> Result<BuiltQuery, QueryError> {
    let mut b = Builder {
        analyzer,
        terms,
        fields,
        highlight: HighlightTerms::default(),
    };
    let query = b.build(expr, true)?.unwrap_or_else(|| Box::new(EmptyQuery));
    Ok(BuiltQuery {
        query,
        highlight: b.highlight,
    })
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
    use tantivy::{doc, Index, TantivyDocument};

    use super::*;
    use crate::search::query::parse;
    use litopys_analysis::tantivy_tokenizer::{register, EXACT_TOKENIZER, LEMMA_TOKENIZER};
    use litopys_analysis::test_lexicon;

    fn text_field(tokenizer: &str) -> TextOptions {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    }

    /// An in-memory index of `(title, body)` documents with the four query fields.
    fn index_of(docs: &[(&str, &str)]) -> (std::sync::Arc<Analyzer>, QueryFields, tantivy::Searcher) {
        let mut sb = Schema::builder();
        let title = sb.add_text_field("title", text_field(LEMMA_TOKENIZER) | STORED);
        let body = sb.add_text_field("body", text_field(LEMMA_TOKENIZER));
        let title_exact = sb.add_text_field("title_exact", text_field(EXACT_TOKENIZER));
        let body_exact = sb.add_text_field("body_exact", text_field(EXACT_TOKENIZER));
        let index = Index::create_in_ram(sb.build());
        let analyzer = test_lexicon::analyzer();
        register(&index, &analyzer);
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (t, b) in docs {
            w.add_document(doc!(title => *t, body => *b, title_exact => *t, body_exact => *b))
                .unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let fields = QueryFields {
            title,
            body,
            title_exact,
            body_exact,
        };
        (analyzer, fields, searcher)
    }

    fn empty_index() -> (std::sync::Arc<Analyzer>, QueryFields, tantivy::Searcher) {
        index_of(&[])
    }

    /// The titles of the documents `query` finds, best first.
    fn search(docs: &[(&str, &str)], query: &str) -> Vec<String> {
        let (analyzer, fields, searcher) = index_of(docs);
        let title = fields.title;
        let built = build(&parse(query).unwrap(), &analyzer, fields, &searcher).unwrap();
        let top = searcher
            .search(&built.query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        top.into_iter()
            .map(|(_, addr)| {
                let d: TantivyDocument = searcher.doc(addr).unwrap();
                d.get_first(title)
                    .and_then(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
                    .unwrap()
            })
            .collect()
    }

    const DOCS: &[(&str, &str)] = &[
        (
            "a",
            "Казахстан співпрацює з Китаєм і уклав багато комерційних угод",
        ),
        ("b", "У морі бачили кита"),
        ("c", "Люди і угода про п’ять комп'ютера"),
    ];

    #[test]
    fn a_word_finds_all_its_forms_and_nothing_else() {
        assert_eq!(search(DOCS, "Китай"), ["a"]);
        assert_eq!(search(DOCS, "кит"), ["b"]);
        assert_eq!(search(DOCS, "людина"), ["c"]);
    }

    #[test]
    fn phrases_match_any_form_at_each_position() {
        assert_eq!(search(DOCS, "\"комерційна угода\""), ["a"]);
        assert!(search(DOCS, "\"угода комерційна\"").is_empty());
    }

    #[test]
    fn apostrophes_in_queries_work() {
        assert_eq!(search(DOCS, "п'ять"), ["c"]);
        assert_eq!(search(DOCS, "комп’ютера"), ["c"]);
    }

    #[test]
    fn all_words_are_required_and_or_not_work() {
        let mut both = search(DOCS, "угода OR кит");
        both.sort();
        assert_eq!(both, ["a", "b", "c"]);
        assert_eq!(search(DOCS, "угода -Китай"), ["c"]);
        assert_eq!(search(DOCS, "угода NOT Китай"), ["c"]);
        assert!(search(DOCS, "Китай кит").is_empty());
    }

    #[test]
    fn stopwords_are_ignored_in_words_but_kept_in_phrases() {
        // «в» is a stopword and article "a" has none: the query is just «Китай».
        assert_eq!(search(DOCS, "в Китаєм"), ["a"]);
        assert_eq!(search(DOCS, "\"з Китаєм\""), ["a"]);
        assert!(search(DOCS, "\"в Китаєм\"").is_empty());
    }

    #[test]
    fn exact_form_finds_only_that_form() {
        assert_eq!(search(DOCS, "=Китаєм"), ["a"]);
        assert!(search(DOCS, "=Китаю").is_empty());
    }

    #[test]
    fn title_scope_looks_only_at_headlines() {
        let docs = [("Китай", "нічого"), ("інше", "Китай")];
        assert_eq!(search(&docs, "title:Китай"), ["Китай"]);
        assert_eq!(search(&docs, "Китай"), ["Китай", "інше"]);
    }

    #[test]
    fn proximity_counts_the_words_between_in_either_order() {
        // «Китаєм» is word 3 and «угод» word 8: four words lie between them.
        assert_eq!(search(DOCS, "\"Китай угода\"~4"), ["a"]);
        assert_eq!(search(DOCS, "\"угода Китай\"~4"), ["a"]);
        assert!(search(DOCS, "\"Китай угода\"~3").is_empty());
        assert!(search(DOCS, "\"угода Китай\"~3").is_empty());
        // Казахстан 0, Китаєм 3, угод 8: six other words between the first and last.
        assert_eq!(search(DOCS, "\"угода Казахстан Китай\"~6"), ["a"]);
        assert!(search(DOCS, "\"угода Казахстан Китай\"~5").is_empty());
        // A stopword in a group only has to be absent from the count.
        assert_eq!(search(DOCS, "\"Китай і угода\"~4"), ["a"]);
    }

    #[test]
    fn proximity_groups_have_a_size_limit() {
        let e = parse("\"Казахстан Китай угода кит людина\"~9").unwrap();
        let (analyzer, fields, searcher) = empty_index();
        let err = build(&e, &analyzer, fields, &searcher)
            .err()
            .expect("too many words");
        assert!(err.message.contains("at most 4 words"), "{err}");
    }

    #[test]
    fn truncation_finds_every_form_under_the_prefix() {
        let mut found = search(DOCS, "кит*");
        found.sort();
        assert_eq!(found, ["a", "b"]);
        let mut found = search(DOCS, "угод*");
        found.sort();
        assert_eq!(found, ["a", "c"]);
        assert_eq!(search(DOCS, "комерц* Казахстан"), ["a"]);
        assert!(search(DOCS, "title:кит*").is_empty());
        assert!(search(DOCS, "ябл*").is_empty());
    }

    #[test]
    fn truncation_refuses_a_prefix_that_expands_too_far() {
        let letters: Vec<char> = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя".chars().collect();
        let body: String = letters
            .iter()
            .flat_map(|a| letters.iter().map(move |b| format!("корупц{a}{b} ")))
            .collect();
        assert!(letters.len() * letters.len() > MAX_EXPANSIONS);
        let (analyzer, fields, searcher) = index_of(&[("t", &body)]);
        let err = build(&parse("корупц*").unwrap(), &analyzer, fields, &searcher)
            .err()
            .expect("too many forms");
        assert!(err.message.contains("more than 1024 word forms"), "{err}");
        let ok = build(&parse("корупца*").unwrap(), &analyzer, fields, &searcher).unwrap();
        assert_eq!(ok.highlight.exact_forms.len(), letters.len());
    }
}
