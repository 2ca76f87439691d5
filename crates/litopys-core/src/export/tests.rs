//! Tests of the export formats on small texts over the test lexicon, and of the tokens
//! against what an index built from the same texts holds.

use std::collections::BTreeSet;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{doc, DateTime, DocSet, Term, TERMINATED};

use super::analyse::TextAnalysis;
use super::annotated::{escape_value, markup, neutralise, parse, ParseError, NEUTRALISER};
use super::columns::{OPENSEARCH, SOLR};
use super::preanalyzed::preanalyzed;
use super::*;
use crate::corpus::ArticleDate;
use crate::index::test_index::in_memory;
use litopys_analysis::test_lexicon;

fn analysis() -> TextAnalysis {
    TextAnalysis::new(test_lexicon::analyzer())
}

#[test]
fn values_escape_what_the_plugin_decodes_or_parses() {
    let mut out = String::new();
    escape_value("a%b&c=d+e(f)g[h]i~к:ю", &mut out);
    assert_eq!(out, "a%25b%26c%3Dd%2Be%28f%29g%5Bh%5Di~к:ю");
}

#[test]
fn several_keys_stack_on_one_word_and_read_back() {
    let text = "BYD Investments і Китаєм";
    let words = analysis().words(text);
    let investments = &words[1];
    assert!(investments.keys.len() >= 2, "{:?}", investments.keys);
    let m = markup(text, &words);
    assert!(m.contains("[Investments](l:investments&l:~invest"), "{m}");
    assert!(m.contains("[Китаєм](l:китай)"), "{m}");
    let (plain, annotations) = parse(&m).unwrap();
    assert_eq!(plain, text);
    let got: Vec<_> = annotations
        .iter()
        .map(|a| (a.start, a.end, a.value.as_str()))
        .collect();
    let want: Vec<_> = words
        .iter()
        .flat_map(|w| w.keys.iter().map(move |k| (w.start, w.end, k)))
        .collect();
    assert_eq!(got.len(), want.len());
    for ((s, e, v), (ws, we, k)) in got.iter().zip(&want) {
        assert_eq!((s, e), (ws, we));
        assert_eq!(v.strip_prefix("l:"), Some(k.as_str()));
    }
}

#[test]
fn literal_annotations_between_words_are_neutralised() {
    let text = "Китаю [—](→) і [a](b]) та [ ](";
    let words = analysis().words(text);
    let m = markup(text, &words);
    let (plain, annotations) = parse(&m).unwrap();
    // Only the words are annotated; the one literal `[x](y)` is broken after its `]`.
    assert!(
        annotations.iter().all(|a| a.value.starts_with("l:")),
        "{annotations:?}"
    );
    assert_eq!(plain, text.replacen("](→", &format!("]{NEUTRALISER}(→"), 1));
    let mut out = String::new();
    neutralise("x [y](z) [[w](v)", &mut out);
    assert_eq!(out, format!("x [y]{NEUTRALISER}(z) [[w]{NEUTRALISER}(v)"));
    let mut clean = String::new();
    neutralise("(a) [b] ](c)", &mut clean);
    assert_eq!(clean, "(a) [b] ](c)");
}

#[test]
fn the_parser_refuses_what_the_plugin_refuses() {
    assert!(matches!(parse("[a](k=v)"), Err(ParseError::KeyValue(_))));
    assert!(matches!(parse("[a](%zz)"), Err(ParseError::Encoding(_))));
    assert_eq!(parse("[a]()").unwrap(), ("a".to_string(), vec![]));
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

#[test]
fn preanalyzed_offsets_count_utf16_units_through_emoji_and_cyrillic() {
    let text = "😀 Китай 𝕏: BYD Investments, Китаю!";
    let words = analysis().words(text);
    let v = json(&preanalyzed(text, &words, false));
    assert_eq!(v["v"], "1");
    assert_eq!(v["str"], text);
    let units: Vec<u16> = text.encode_utf16().collect();
    let tokens = v["tokens"].as_array().unwrap();
    let mut position: i64 = -1;
    let mut seen = Vec::new();
    for t in tokens {
        let (s, e) = (
            t["s"].as_u64().unwrap() as usize,
            t["e"].as_u64().unwrap() as usize,
        );
        position += t["i"].as_i64().unwrap();
        seen.push((
            position as usize,
            String::from_utf16(&units[s..e]).unwrap(),
            t["t"].clone(),
        ));
    }
    let want: Vec<_> = words
        .iter()
        .flat_map(|w| {
            w.keys.iter().map(move |k| {
                (
                    w.position,
                    text[w.start..w.end].to_string(),
                    serde_json::Value::from(k.as_str()),
                )
            })
        })
        .collect();
    assert_eq!(seen, want);
    // «Китай» starts after the emoji (2 units) and a space: unit 3, byte 5.
    assert_eq!(tokens[0]["s"], 3);
    assert_eq!(words[0].start, 5);
    // Stacked keys: the second key of «Investments» does not advance.
    let stacked: Vec<_> = tokens.iter().filter(|t| t["i"] == 0).collect();
    assert!(!stacked.is_empty());
    let exact = json(&preanalyzed(text, &words, true));
    assert!(exact.get("str").is_none());
    let forms: Vec<_> = exact["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["t"].clone())
        .collect();
    assert_eq!(
        forms,
        words
            .iter()
            .map(|w| serde_json::Value::from(w.exact.as_str()))
            .collect::<Vec<_>>()
    );
    assert!(exact["tokens"].as_array().unwrap().iter().all(|t| t["i"] == 1));
}

const ROWS: &[(&str, &str, &str)] = &[
    (
        "a",
        "Китай і Україна: угода",
        "Віце-прем'єр сказав: BYD Investments підписала угоду з Китаєм. 😀 Ще раз КИТАЄМ!",
    ),
    ("b", "Видалена", "Цю статтю видалено."),
    ("c", "Кити", "У морі бачили кита, люди знають п’ять комп'ютера."),
];

fn index() -> OpenIndex {
    in_memory(|f, w| {
        for (id, title, body) in ROWS {
            let mut d = doc!(
                f.id => *id, f.title => *title, f.body => *body, f.title_exact => *title,
                f.body_exact => *body, f.source => "Вісник", f.country => "CN|Китай",
                f.company => "BYD", f.story => 42u64,
            );
            let secs = ArticleDate::parse("2024-03-01").unwrap().unix_seconds();
            d.add_date(f.date, DateTime::from_timestamp_secs(secs));
            w.add_document(d).unwrap();
        }
        w.commit().unwrap();
        w.delete_term(Term::from_field_text(f.id, "b"));
    })
}

/// Every (term, position) of `field` in document `doc` of the index's only segment.
fn indexed(open: &OpenIndex, field: tantivy::schema::Field, doc: u32) -> BTreeSet<(String, u32)> {
    let searcher = open.index.reader().unwrap().searcher();
    let segment = &searcher.segment_readers()[0];
    let inverted = segment.inverted_index(field).unwrap();
    let mut stream = inverted.terms().stream().unwrap();
    let mut out = BTreeSet::new();
    while stream.advance() {
        let term = String::from_utf8(stream.key().to_vec()).unwrap();
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqsAndPositions)
            .unwrap();
        while postings.doc() != TERMINATED {
            if postings.doc() == doc {
                let mut positions = Vec::new();
                postings.positions(&mut positions);
                out.extend(positions.into_iter().map(|p| (term.clone(), p)));
            }
            postings.advance();
        }
    }
    out
}

#[test]
fn exported_keys_and_exact_forms_are_what_the_index_holds() {
    let open = index();
    let mut analysis = TextAnalysis::new(open.analyzer.clone());
    let mut docs = 0;
    for_each_article(&open, |a| {
        let doc = ROWS.iter().position(|r| r.0 == a.id).unwrap() as u32;
        for (text, lemma, exact) in [
            (
                a.title.as_deref().unwrap(),
                open.fields.title,
                open.fields.title_exact,
            ),
            (a.body.as_str(), open.fields.body, open.fields.body_exact),
        ] {
            let words = analysis.words(text);
            let keys: BTreeSet<_> = words
                .iter()
                .flat_map(|w| w.keys.iter().map(|k| (k.clone(), w.position as u32)))
                .collect();
            assert_eq!(keys, indexed(&open, lemma, doc), "{text}");
            let forms: BTreeSet<_> = words
                .iter()
                .map(|w| (w.exact.clone(), w.position as u32))
                .collect();
            assert_eq!(forms, indexed(&open, exact, doc), "{text}");
        }
        docs += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(docs, 2, "the deleted article is skipped");
}

fn export_lines(format: ExportFormat) -> Vec<serde_json::Value> {
    let open = index();
    let options = ExportOptions {
        format,
        index_name: DEFAULT_INDEX_NAME.to_string(),
    };
    let mut out = Vec::new();
    let summary = export(&open, &options, &mut out).unwrap();
    assert_eq!(summary.articles, 2);
    String::from_utf8(out).unwrap().lines().map(json).collect()
}

#[test]
fn tokens_lines_hold_the_stored_fields_and_every_token() {
    let lines = export_lines(ExportFormat::TokensJsonl);
    assert_eq!(lines.len(), 2);
    let a = &lines[0];
    assert_eq!(a["id"], "a");
    assert_eq!(a["date"], "2024-03-01");
    assert_eq!(a["story"], "42");
    assert_eq!(a["country"][0]["code"], "CN");
    assert_eq!(a["company"][0], "BYD");
    let body = a["body"]["text"].as_str().unwrap();
    for t in a["body"]["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(t["text"], body[s..e]);
    }
}

#[test]
fn documents_hold_only_the_fields_the_mapping_and_schema_declare() {
    let mapping = json(&annotated::mapping());
    let properties = mapping["mappings"]["properties"].as_object().unwrap();
    assert_eq!(properties.len(), OPENSEARCH.len());
    let lines = export_lines(ExportFormat::OpenSearchBulk);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], json(r#"{"index":{"_index":"litopys","_id":"a"}}"#));
    for key in lines[1].as_object().unwrap().keys() {
        assert!(properties.contains_key(key), "{key} is not mapped");
    }
    assert_eq!(properties["title"]["type"], "annotated_text");
    assert_eq!(lines[1]["country_code"], json(r#"["CN"]"#));

    let schema = preanalyzed::schema();
    assert!(schema.contains(r#"class="solr.PreAnalyzedField" parserImpl="json""#));
    assert_eq!(schema.matches("<field ").count(), SOLR.len());
    let docs = export_lines(ExportFormat::SolrPreAnalyzed);
    for key in docs[0].as_object().unwrap().keys() {
        assert!(
            schema.contains(&format!(r#"<field name="{key}" "#)),
            "{key} is not in the schema"
        );
    }
    assert_eq!(docs[0]["date"], "2024-03-01T00:00:00Z");
    let title = json(docs[0]["title"].as_str().unwrap());
    assert_eq!(title["str"], ROWS[0].1);
}

#[test]
fn format_names_parse_and_unknown_ones_are_refused() {
    for f in ExportFormat::ALL {
        assert_eq!(f.name().parse::<ExportFormat>().unwrap(), f);
    }
    assert!("csv"
        .parse::<ExportFormat>()
        .unwrap_err()
        .to_string()
        .contains("tokens-jsonl"));
    assert!(schema(ExportFormat::TokensJsonl).is_none());
}
