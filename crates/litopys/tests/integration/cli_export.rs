//! `litopys export`: golden files of every format on a small fixed archive, round trips
//! on the sample corpus (the annotated markup and the pre-analyzed JSON read back give
//! the tokens of `tokens-jsonl`: same words, keys, positions and offsets), and errors.
//!
//! The golden files live in `tests/integration/golden/export/`. After a deliberate change
//! of a format, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --release -p litopys --test integration cli_export`
//! and review the diff; without the variable a difference fails the test.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{
    build_lexicon, index_sample, litopys, litopys_with, ok, s, text, tiny_lexicon, tiny_tsv,
};

/// The fixed archive of the golden files (written for these tests): inflected forms the
/// tiny lexicon knows, a Latin name with a stem, an emoji, apostrophes, characters the
/// markup must escape and a literal `[x](y)` between words.
const GOLDEN_ARCHIVE: &str = concat!(
    r#"{"id":"g1","date":"2024-03-01T09:30:00+02:00","source":"Вісник","url":"https://example.org/g1","language":"uk","#,
    r#""title":"Китай і Україна: угода 😀","text":"Компанія BYD Investments підписала угоду з Китаєм. Віце-прем'єр сказав: 100% [—](→) [див.](→) «зерно» +5 = експорт (Польщі)."}"#,
    "\n",
    r#"{"id":"g2","date":"2024-03-02","source":"Портал","title":"Люди знають","text":"Люди знають п’ять комп'ютера; 𝕏 в Україні."}"#,
    "\n",
);

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/golden/export")
}

/// Compares `got` with the golden file `name`, or rewrites it under `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, got: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; create it with UPDATE_GOLDEN=1", path.display()));
    assert!(
        got == want,
        "{name} differs from its golden file (rerun with UPDATE_GOLDEN=1 if the change is meant)\n--- got:\n{got}\n--- want:\n{want}"
    );
}

fn export(index: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "--index", s(index), "--format", format];
    args.extend_from_slice(extra);
    ok(&litopys(&args))
}

#[test]
fn every_format_matches_its_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("golden.jsonl");
    std::fs::write(&archive, GOLDEN_ARCHIVE).unwrap();
    let index = dir.path().join("index");
    ok(&litopys(&["index", s(&archive), "--index", s(&index), "--quiet"]));
    // Articles come in the index's document order, which depends on how the indexing
    // threads split the archive into segments: compare them in a fixed order.
    let sorted = |mut records: Vec<String>| {
        records.sort();
        records.concat()
    };
    let lines = |out: String| sorted(out.lines().map(|l| format!("{l}\n")).collect());
    let pairs = |out: String| {
        let lines: Vec<&str> = out.lines().collect();
        sorted(lines.chunks(2).map(|p| format!("{}\n{}\n", p[0], p[1])).collect())
    };
    check_golden("tokens.jsonl", &lines(export(&index, "tokens-jsonl", &[])));
    check_golden(
        "opensearch.ndjson",
        &pairs(export(&index, "opensearch-bulk", &["--index-name", "news"])),
    );
    check_golden("solr.jsonl", &lines(export(&index, "solr-preanalyzed", &[])));
    check_golden(
        "opensearch-mapping.json",
        &export(&index, "opensearch-bulk", &["--schema"]),
    );
    check_golden(
        "solr-schema.xml",
        &export(&index, "solr-preanalyzed", &["--schema"]),
    );
}

/// One word as `tokens-jsonl` gives it.
#[derive(Debug, PartialEq)]
struct Tok {
    text: String,
    start: usize,
    end: usize,
    position: usize,
    keys: Vec<String>,
    exact: String,
}

fn toks(field: &Value) -> Vec<Tok> {
    field["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| Tok {
            text: t["text"].as_str().unwrap().to_string(),
            start: t["start"].as_u64().unwrap() as usize,
            end: t["end"].as_u64().unwrap() as usize,
            position: t["position"].as_u64().unwrap() as usize,
            keys: t["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
                .collect(),
            exact: t["exact"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// A port of the annotated-text plugin's `AnnotatedText.parse`, written apart from the
/// library's: leftmost matches of `\[([^\]\[]*)\]\(([^)(]*)\)`, the bracketed text kept,
/// the value list split on `&`, each value URL-decoded, `key=value` refused. Returns the
/// plain text and (start byte, end byte, value) of every annotation.
fn parse_annotated(markup: &str) -> (String, Vec<(usize, usize, String)>) {
    let chars: Vec<(usize, char)> = markup.char_indices().collect();
    let mut plain = String::new();
    let mut annotations = Vec::new();
    let mut i = 0;
    let mut copied = 0;
    'scan: while i < chars.len() {
        if chars[i].1 != '[' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && !matches!(chars[j].1, '[' | ']') {
            j += 1;
        }
        if j + 1 >= chars.len() || chars[j].1 != ']' || chars[j + 1].1 != '(' {
            i += 1;
            continue 'scan;
        }
        let mut k = j + 2;
        while k < chars.len() && !matches!(chars[k].1, '(' | ')') {
            k += 1;
        }
        if k >= chars.len() || chars[k].1 != ')' {
            i += 1;
            continue 'scan;
        }
        plain.push_str(&markup[copied..chars[i].0]);
        let start = plain.len();
        plain.push_str(&markup[chars[i].0 + 1..chars[j].0]);
        for value in markup[chars[j + 1].0 + 1..chars[k].0].split('&') {
            assert!(!value.contains('='), "key=value in {value}");
            let decoded = url_decode(value);
            if !decoded.is_empty() {
                annotations.push((start, plain.len(), decoded));
            }
        }
        copied = chars[k].0 + 1;
        i = k + 1;
    }
    plain.push_str(&markup[copied..]);
    (plain, annotations)
}

fn url_decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).expect("a %XX escape"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// The annotated field read back must be the text, and its annotations the words' keys
/// (prefixed `l:`), at the words' offsets, in position order.
fn assert_annotated(markup: &str, text: &str, tokens: &[Tok]) {
    let (plain, annotations) = parse_annotated(markup);
    assert_eq!(plain, text);
    let want: Vec<_> = tokens
        .iter()
        .flat_map(|t| t.keys.iter().map(move |k| (t.start, t.end, format!("l:{k}"))))
        .collect();
    assert_eq!(annotations, want);
    // Positions: one per annotated word, consecutive from 0 as in the tokens.
    let mut spans: Vec<_> = annotations.iter().map(|a| (a.0, a.1)).collect();
    spans.dedup();
    let positions: Vec<_> = tokens.iter().map(|t| t.position).collect();
    assert_eq!(positions, (0..spans.len()).collect::<Vec<_>>());
}

/// A pre-analyzed field read back: sliced by UTF-16 offsets, its tokens are the words,
/// its increments their positions, its terms their keys (or exact forms).
fn assert_preanalyzed(value: &str, text: &str, tokens: &[Tok], exact: bool) {
    let v: Value = serde_json::from_str(value).unwrap();
    assert_eq!(v["v"], "1");
    if exact {
        assert!(v.get("str").is_none());
    } else {
        assert_eq!(v["str"], text);
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut position: i64 = -1;
    let mut got = Vec::new();
    for t in v["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["s"].as_u64().unwrap() as usize,
            t["e"].as_u64().unwrap() as usize,
        );
        position += t["i"].as_i64().unwrap();
        got.push((
            String::from_utf16(&units[s..e]).unwrap(),
            position as usize,
            t["t"].as_str().unwrap().to_string(),
        ));
    }
    let want: Vec<_> = tokens
        .iter()
        .flat_map(|t| {
            let forms = if exact {
                vec![t.exact.clone()]
            } else {
                t.keys.clone()
            };
            forms.into_iter().map(move |f| (t.text.clone(), t.position, f))
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn annotated_markup_and_preanalyzed_json_read_back_as_the_tokens_on_the_sample_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let index = index_sample(dir.path());
    let mut articles: HashMap<String, Value> = HashMap::new();
    for line in export(&index, "tokens-jsonl", &[]).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        articles.insert(v["id"].as_str().unwrap().to_string(), v);
    }
    assert_eq!(articles.len(), 49);
    let mut words = 0;
    for (id, a) in &articles {
        for field in ["title", "body"] {
            if a.get(field).is_none() {
                continue;
            }
            let text = a[field]["text"].as_str().unwrap();
            for t in toks(&a[field]) {
                assert_eq!(t.text, text[t.start..t.end], "{id} {field}");
                assert!(!t.keys.is_empty(), "{id}: {t:?}");
                words += 1;
            }
        }
    }
    assert!(words > 5000, "{words} words");

    let bulk = export(&index, "opensearch-bulk", &[]);
    let lines: Vec<&str> = bulk.lines().collect();
    assert_eq!(lines.len(), 2 * articles.len());
    for pair in lines.chunks(2) {
        let action: Value = serde_json::from_str(pair[0]).unwrap();
        let doc: Value = serde_json::from_str(pair[1]).unwrap();
        let id = action["index"]["_id"].as_str().unwrap();
        assert_eq!(action["index"]["_index"], "litopys");
        assert_eq!(doc["id"], id);
        let a = &articles[id];
        for field in ["title", "body"] {
            match a.get(field) {
                None => assert!(doc.get(field).is_none()),
                Some(f) => assert_annotated(
                    doc[field].as_str().unwrap(),
                    f["text"].as_str().unwrap(),
                    &toks(f),
                ),
            }
        }
        assert_eq!(doc.get("story"), a.get("story"));
        assert_eq!(doc.get("date"), a.get("date"));
    }

    let solr = export(&index, "solr-preanalyzed", &[]);
    let mut docs = 0;
    for line in solr.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        let a = &articles[doc["id"].as_str().unwrap()];
        for field in ["title", "body"] {
            let Some(f) = a.get(field) else {
                assert!(doc.get(field).is_none());
                continue;
            };
            let (text, tokens) = (f["text"].as_str().unwrap(), toks(f));
            assert_preanalyzed(doc[field].as_str().unwrap(), text, &tokens, false);
            let exact = format!("{field}_exact");
            assert_preanalyzed(doc[exact.as_str()].as_str().unwrap(), text, &tokens, true);
        }
        docs += 1;
    }
    assert_eq!(docs, articles.len());
}

#[test]
fn the_port_of_the_plugin_parser_finds_what_the_plugin_finds() {
    let (plain, ann) = parse_annotated("a [b](l:x&l:%28y%29) [c] [[d](e+f)](g");
    assert_eq!(plain, "a b [c] [d](g");
    assert_eq!(
        ann,
        vec![
            (2, 3, "l:x".to_string()),
            (2, 3, "l:(y)".to_string()),
            (9, 10, "e f".to_string())
        ]
    );
}

#[test]
fn an_export_to_a_file_replaces_it_only_when_complete_and_bad_states_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let index = index_sample(dir.path());
    let out = dir.path().join("out.ndjson");
    let run = litopys(&[
        "export",
        "--index",
        s(&index),
        "--format",
        "opensearch-bulk",
        "--out",
        s(&out),
    ]);
    ok(&run);
    assert!(
        text(&run.stderr).contains("exported 49 articles"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 98);
    assert!(!dir.path().join("out.ndjson.partial").exists());

    let missing = litopys(&[
        "export",
        "--index",
        s(&dir.path().join("none")),
        "--format",
        "tokens-jsonl",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("no Litopys index"),
        "{}",
        text(&missing.stderr)
    );

    let bad_format = litopys(&["export", "--index", s(&index), "--format", "csv"]);
    assert_eq!(bad_format.status.code(), Some(2));
    assert!(text(&bad_format.stderr).contains("tokens-jsonl"));

    let unwritable = dir.path().join("no-such-folder/out.jsonl");
    let run = litopys(&[
        "export",
        "--index",
        s(&index),
        "--format",
        "tokens-jsonl",
        "--out",
        s(&unwritable),
    ]);
    assert_eq!(run.status.code(), Some(3));
    assert!(
        text(&run.stderr).contains("cannot write"),
        "{}",
        text(&run.stderr)
    );

    let no_schema = litopys(&["export", "--format", "tokens-jsonl", "--schema"]);
    assert_eq!(no_schema.status.code(), Some(2));

    // An index built with another lexicon is refused as searches refuse it.
    let other = dir.path().join("other.fst");
    build_lexicon(&format!("{}кіт\tкіт\tnoun:anim:m:v_naz\n", tiny_tsv()), &other);
    let run = litopys_with(
        &other,
        None,
        &["export", "--index", s(&index), "--format", "tokens-jsonl"],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(text(&run.stderr).contains("rebuild"), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty());
    let _ = tiny_lexicon();
}
