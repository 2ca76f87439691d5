//! Property tests: whatever a person types or an archive holds, the query parser, the
//! query builder and the snippet builder answer without panicking, and what they return
//! points inside the text it describes.

use proptest::prelude::*;

use crate::index::{build_schema, Fields};
use crate::search::query::{build, parse, QueryFields};
use crate::search::snippets::{to_html, Highlighter};
use litopys_analysis::test_lexicon;

/// Pieces a query or an article is made of: words of the test lexicon in several forms,
/// the query language's operators, quotes of every kind, apostrophes, stress marks,
/// hyphens, digits and a few characters that are not letters at all.
const PIECES: &[&str] = &[
    "Китай",
    "Китаєм",
    "китаю",
    "КИТАЙ",
    "угод",
    "комерційних",
    "інвестує",
    "п'ять",
    "п’ять",
    "прем'єр",
    "віце-прем'єр",
    "BYD",
    "Tesla",
    "2012-го",
    "3,5",
    "OR",
    "AND",
    "NOT",
    "or",
    "-",
    "=",
    "title:",
    "body:",
    "source:",
    "(",
    ")",
    "\"",
    "«",
    "»",
    "„",
    "“",
    "'",
    "’",
    "ʼ",
    "\u{301}",
    "\u{AD}",
    "\u{200B}",
    "\u{FEFF}",
    " ",
    "  ",
    "\t",
    "\n",
    ",",
    ".",
    ":",
    "*",
    "?",
    "\\",
    "/",
    "😀",
    "ß",
    "İ",
    "ǅ",
    "ﬁ",
    "\u{0}",
    "й",
    "и\u{306}",
];

/// A string of 0–30 pieces and random characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "\\PC{1,6}",
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

/// Checks that `spans` are ordered byte ranges on character boundaries of `text`.
fn spans_inside(text: &str, spans: &[[usize; 2]]) -> Result<(), TestCaseError> {
    for &[a, b] in spans {
        prop_assert!(a < b && b <= text.len(), "{a}..{b} outside {} bytes", text.len());
        prop_assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "{a}..{b} cuts a char"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_parser_answers_everything_and_points_inside_the_query(query in text()) {
        match parse(&query) {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(e.offset <= query.len() && query.is_char_boundary(e.offset));
                prop_assert!(e.column >= 1 && e.column <= query.chars().count() + 1);
                let _ = e.pointer(&query);
            }
        }
    }

    #[test]
    fn built_queries_and_their_snippets_stay_inside_the_text(query in text(), body in text()) {
        let analyzer = test_lexicon::analyzer();
        let Ok(expr) = parse(&query) else { return Ok(()) };
        let fields = QueryFields::from(&Fields::from_schema(&build_schema()).unwrap());
        let empty = tantivy::Index::create_in_ram(build_schema()).reader().unwrap().searcher();
        let Ok(built) = build(&expr, &analyzer, fields, &empty) else { return Ok(()) };
        let mut highlighter = Highlighter::new(&analyzer, &built.highlight);
        let spans = highlighter.highlight(&body);
        spans_inside(&body, &spans)?;
        let _ = to_html(&body, &spans);
        for snippet in highlighter.snippets(&body) {
            spans_inside(&snippet.text, &snippet.highlights)?;
        }
    }
}
