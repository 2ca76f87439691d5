//! Tests of the highlighter and fragmenter, over the tiny in-memory lexicon.

use super::*;
use crate::index::{build_schema, Fields};
use crate::search::query::{build, parse, QueryFields};
use litopys_analysis::test_lexicon;

/// The highlight terms of `query`, through the real parser and builder.
fn terms(analyzer: &Analyzer, query: &str) -> HighlightTerms {
    let fields = QueryFields::from(&Fields::from_schema(&build_schema()).unwrap());
    let empty = tantivy::Index::create_in_ram(build_schema())
        .reader()
        .unwrap()
        .searcher();
    build(&parse(query).unwrap(), analyzer, fields, &empty)
        .unwrap()
        .highlight
}

/// The marked words of `text` for `query`.
fn marked(query: &str, text: &str) -> Vec<String> {
    let analyzer = test_lexicon::analyzer();
    let t = terms(&analyzer, query);
    let mut h = Highlighter::new(&analyzer, &t);
    h.highlight(text)
        .iter()
        .map(|&[s, e]| text[s..e].to_string())
        .collect()
}

fn snippets(query: &str, body: &str) -> Vec<Snippet> {
    let analyzer = test_lexicon::analyzer();
    let t = terms(&analyzer, query);
    Highlighter::new(&analyzer, &t).snippets(body)
}

fn marked_in(s: &Snippet) -> Vec<&str> {
    s.highlights.iter().map(|&[a, b]| &s.text[a..b]).collect()
}

/// Filler without any test-lexicon word: Cyrillic, multi-byte, stemmed to its own keys.
fn filler(words: usize) -> String {
    let pool = [
        "розвиток",
        "торгівлі",
        "співпраця",
        "зерна",
        "перевезення",
        "потужностей",
    ];
    (0..words)
        .map(|i| pool[i % pool.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_form_of_the_word_is_marked_exactly_in_a_headline() {
    assert_eq!(
        marked("Китай", "Казахстан співпрацює з Китаєм, а Китаю потрібні угоди"),
        ["Китаєм", "Китаю"]
    );
    assert!(marked("Китай", "У морі бачили кита").is_empty());
}

#[test]
fn excluded_words_are_not_marked_and_exact_forms_mark_only_themselves() {
    assert_eq!(marked("угода -Китай", "угода з Китаєм"), ["угода"]);
    assert_eq!(marked("=Китаєм", "Китаю і Китаєм"), ["Китаєм"]);
}

#[test]
fn phrase_stopwords_are_marked_only_beside_a_real_match() {
    let text = "з ними; з Китаєм уклали угоду";
    let got = marked("\"з Китаєм\"", text);
    assert_eq!(got, ["з", "Китаєм"]);
    let analyzer = test_lexicon::analyzer();
    let t = terms(&analyzer, "\"з Китаєм\"");
    let spans = Highlighter::new(&analyzer, &t).highlight(text);
    assert_eq!(spans[0][0], text.find("з Китаєм").unwrap());
}

#[test]
fn snippet_offsets_fall_exactly_on_the_words_and_html_escapes() {
    let body = "Сторони <b>&</b> \"домовилися\" про 'співпрацю' з Китаєм.\n\nНовий   рядок про Китаю.";
    let s = &snippets("Китай", body)[0];
    assert_eq!(marked_in(s), ["Китаєм", "Китаю"]);
    assert!(!s.text.contains('\n') && !s.text.contains("  "), "{}", s.text);
    assert_eq!(
        s.html,
        "Сторони &lt;b&gt;&amp;&lt;/b&gt; &quot;домовилися&quot; про &#39;співпрацю&#39; з \
         <mark>Китаєм</mark>. Новий рядок про <mark>Китаю</mark>."
    );
}

#[test]
fn long_cyrillic_texts_are_cut_at_word_boundaries_with_ellipses() {
    let body = format!(
        "{} Китаєм {} комерційних угод {} Китаю {}",
        filler(80),
        filler(90),
        filler(70),
        filler(100)
    );
    let got = snippets("Китай угода", &body);
    assert_eq!(got.len(), 3);
    for s in &got {
        assert!(
            s.text.starts_with(ELLIPSIS) && s.text.ends_with(ELLIPSIS),
            "{}",
            s.text
        );
        let inner = s.text.trim_start_matches(ELLIPSIS).trim_end_matches(ELLIPSIS);
        assert!(
            inner.chars().count() <= FRAGMENT_CHARS,
            "{}",
            inner.chars().count()
        );
        // Whole words only: every word of the fragment is a word of the body.
        for w in inner.split(' ') {
            assert!(body.split(' ').any(|b| b == w), "`{w}` is a cut word");
        }
        for &[a, b] in &s.highlights {
            assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
        }
    }
    let all: Vec<&str> = got.iter().flat_map(marked_in).collect();
    for w in ["Китаєм", "угод", "Китаю"] {
        assert!(all.contains(&w), "{w} in {all:?}");
    }
}

#[test]
fn the_fragment_with_most_distinct_terms_comes_first_then_most_matches() {
    let body = format!(
        "{} Китаю {} Китаєм і Китаю {} Китаю комерційних угод {}",
        filler(60),
        filler(60),
        filler(60),
        filler(60)
    );
    let got = snippets("Китай угода", &body);
    assert_eq!(marked_in(&got[0]), ["Китаю", "угод"]);
    assert_eq!(marked_in(&got[1]), ["Китаєм", "Китаю"]);
    assert_eq!(marked_in(&got[2]), ["Китаю"]);
    let got = snippets("Китай", &body);
    assert_eq!(marked_in(&got[0]), ["Китаєм", "Китаю"]);
}

#[test]
fn fragments_never_overlap_and_are_at_most_three() {
    let body = (0..40)
        .map(|i| format!("{} {i} Китаю", filler(20)))
        .collect::<Vec<_>>()
        .join(" ");
    let got = snippets("Китай", &body);
    assert_eq!(got.len(), MAX_FRAGMENTS);
    let mut ranges: Vec<(usize, usize)> = got
        .iter()
        .map(|s| {
            let inner = s.text.trim_start_matches(ELLIPSIS).trim_end_matches(ELLIPSIS);
            let at = body.find(inner).unwrap();
            (at, at + inner.len())
        })
        .collect();
    ranges.sort();
    assert!(ranges.windows(2).all(|w| w[0].1 <= w[1].0), "{ranges:?}");
}

#[test]
fn a_headline_only_hit_shows_the_opening_of_the_body_unmarked() {
    let body = format!("Вступ. {}", filler(100));
    let got = snippets("Китай", &body);
    assert_eq!(got.len(), 1);
    assert!(got[0].highlights.is_empty());
    assert!(got[0].text.starts_with("Вступ.") && got[0].text.ends_with(ELLIPSIS));
    let short = snippets("Китай", "Лише кілька слів.");
    assert_eq!(short[0].text, "Лише кілька слів.");
    assert!(snippets("Китай", "").is_empty());
    assert_eq!(snippets("Китай", "— … —")[0].text, "— … —");
}

#[test]
fn a_match_starts_its_sentence_when_the_sentence_is_near() {
    let body = format!("{}. Китай підписав угоду {}", filler(40), filler(40));
    let s = &snippets("Китай", &body)[0];
    assert!(s.text.starts_with("…Китай підписав"), "{}", s.text);
}

#[test]
fn hyphenated_compounds_and_quotes_stay_whole_at_the_edges() {
    let body = format!("{} \"віце-прем'єр\" Китаю {}", filler(30), filler(30));
    let analyzer = test_lexicon::analyzer();
    let t = terms(&analyzer, "Китай");
    let got = Highlighter::new(&analyzer, &t)
        .with_fragments(30, 1)
        .snippets(&body);
    assert!(
        got[0].text.starts_with("…\"віце-прем'єр\" Китаю"),
        "{}",
        got[0].text
    );
}
