//! Tests of filters, ordering and paging on an in-memory index over the test lexicon.

use tantivy::{doc, Index};

use super::*;
use crate::index::{build_schema, expected_meta};
use litopys_analysis::{tantivy_tokenizer, test_lexicon};

/// (id, title, body, date, source)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

const ROWS: &[Row] = &[
    (
        "a",
        "Казахстан і Китай",
        "Уклали багато комерційних угод з Китаєм.",
        Some("2021-03-01"),
        "Вісник",
    ),
    (
        "b",
        "Торгівля",
        "Китаю продали зерно.",
        Some("2023-06-20"),
        "Портал",
    ),
    ("c", "Огляд", "Про Китай і угода.", None, "Вісник"),
    ("d", "Кити", "У морі бачили кита.", Some("2024-01-31"), "Портал"),
    (
        "e",
        "Новини",
        "Китаєм цікавляться.",
        Some("2024-02-01"),
        "Техносвіт",
    ),
];

fn searcher() -> Searcher {
    let analyzer = test_lexicon::analyzer();
    let index = Index::create_in_ram(build_schema());
    tantivy_tokenizer::register(&index, &analyzer);
    let f = Fields::from_schema(&index.schema()).unwrap();
    let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for (id, title, body, date, source) in ROWS {
        let mut d = doc!(
            f.id => *id, f.title => *title, f.body => *body, f.title_exact => *title,
            f.body_exact => *body, f.source => *source, f.path => format!("{id}.txt"),
        );
        if let Some(date) = date {
            let secs = ArticleDate::parse(date).unwrap().unix_seconds();
            d.add_date(f.date, DateTime::from_timestamp_secs(secs));
        }
        w.add_document(d).unwrap();
    }
    w.commit().unwrap();
    let open = OpenIndex {
        index,
        fields: f,
        meta: expected_meta(&analyzer),
        analyzer,
    };
    Searcher::new(open).unwrap()
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.header.id.as_str()).collect()
}

fn run(s: &Searcher, edit: impl FnOnce(&mut SearchRequest)) -> SearchResults {
    let mut r = SearchRequest::new("Китай");
    edit(&mut r);
    s.search(&r).unwrap()
}

#[test]
fn relevance_puts_the_headline_match_first_and_counts_all() {
    let s = searcher();
    let r = run(&s, |_| {});
    assert_eq!(r.total, 4);
    assert_eq!(r.hits[0].header.id, "a");
    let mut sorted = ids(&r);
    sorted.sort();
    assert_eq!(sorted, ["a", "b", "c", "e"]);
    let a = &r.hits[0];
    let at = a.header.title.as_ref().unwrap().find("Китай").unwrap();
    assert_eq!(a.title_highlights, [[at, at + "Китай".len()]]);
    assert_eq!(a.title_html.as_deref(), Some("Казахстан і <mark>Китай</mark>"));
    assert_eq!(a.header.date.unwrap().to_string(), "2021-03-01");
    assert_eq!(a.path.as_deref(), Some("a.txt"));
    assert_eq!(a.header.url, None);
}

#[test]
fn date_order_is_newest_first_with_undated_last() {
    let s = searcher();
    let r = run(&s, |r| r.sort = SortOrder::Date);
    assert_eq!(ids(&r), ["e", "b", "a", "c"]);
    assert!(r.hits.iter().all(|h| h.score > 0.0));
}

#[test]
fn date_range_is_inclusive_of_both_days() {
    let s = searcher();
    let range = |from: &str, to: &str| {
        let r = run(&s, |r| {
            r.from = Some(ArticleDate::parse(from).unwrap());
            r.to = Some(ArticleDate::parse(to).unwrap());
            r.sort = SortOrder::Date;
        });
        ids(&r).join(",")
    };
    assert_eq!(range("2021-03-01", "2023-06-20"), "b,a");
    assert_eq!(range("2023-06-21", "2024-02-01"), "e");
    assert_eq!(range("2024-02-02", "2030-01-01"), "");
    let r = run(&s, |r| r.to = Some(ArticleDate::parse("2022-01-01").unwrap()));
    assert_eq!(ids(&r), ["a"]);
    let bad = SearchRequest {
        from: Some(ArticleDate::parse("2024-01-02").unwrap()),
        to: Some(ArticleDate::parse("2024-01-01").unwrap()),
        ..SearchRequest::new("Китай")
    };
    let err = s.search(&bad).unwrap_err();
    assert!(
        err.is_user_error() && err.to_string().contains("2024-01-02"),
        "{err}"
    );
}

#[test]
fn filters_do_not_change_scores() {
    let s = searcher();
    let plain = run(&s, |_| {});
    let filtered = run(&s, |r| r.sources = vec!["Вісник".into(), "Портал".into()]);
    assert_eq!(filtered.total, 3);
    for h in &filtered.hits {
        let same = plain.hits.iter().find(|p| p.header.id == h.header.id).unwrap();
        assert_eq!(h.score, same.score);
    }
    let one = run(&s, |r| r.sources = vec!["Техносвіт".into()]);
    assert_eq!(ids(&one), ["e"]);
}

#[test]
fn paging_and_every_hit() {
    let s = searcher();
    let all = run(&s, |r| r.limit = None);
    assert_eq!(all.hits.len(), 4);
    let page = run(&s, |r| {
        r.limit = Some(2);
        r.offset = 1;
    });
    assert_eq!(page.total, 4);
    assert_eq!(ids(&page), ids(&all)[1..3]);
    let past = run(&s, |r| {
        r.limit = None;
        r.offset = 10;
    });
    assert_eq!((past.total, past.hits.len()), (4, 0));
    let count = run(&s, |r| r.limit = Some(0));
    assert_eq!((count.total, count.hits.len()), (4, 0));
}

#[test]
fn bad_queries_are_user_errors_with_a_column() {
    let s = searcher();
    let err = s.search(&SearchRequest::new("угода \"Китай")).unwrap_err();
    let SearchError::Query(q) = &err else {
        panic!("{err}")
    };
    assert_eq!(q.column, 7);
    assert!(err.is_user_error());
    let err = s.search(&SearchRequest::new("«…»")).unwrap_err();
    assert!(matches!(err, SearchError::Query(ref q) if q.column == 1), "{err}");
}
