//! Tests of filters, ordering and paging on an in-memory index over the test lexicon.

use tantivy::doc;

use super::*;
use crate::index::test_index::in_memory;

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
    Searcher::new(in_memory(|f, w| {
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
    }))
    .unwrap()
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

mod attention {
    use super::*;
    use crate::search::attention::{AttentionRequest, MAX_QUERIES};
    use crate::search::timeline::Granularity;

    fn compare(
        s: &Searcher,
        queries: &[&str],
        edit: impl FnOnce(&mut SearchRequest),
    ) -> crate::search::attention::Attention {
        let mut base = SearchRequest::new("");
        edit(&mut base);
        s.attention(&AttentionRequest {
            base,
            queries: queries.iter().map(|q| q.to_string()).collect(),
            by: Granularity::Year,
            share: true,
        })
        .unwrap()
    }

    #[test]
    fn lines_share_one_axis_and_shares_divide_by_every_article_of_the_period() {
        let a = compare(&searcher(), &["Китай", "кит"], |_| {});
        let labels: Vec<&str> = a.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2021", "2022", "2023", "2024"]);
        let all: Vec<Option<u64>> = a.periods.iter().map(|p| p.all).collect();
        assert_eq!(all, [Some(1), Some(0), Some(1), Some(2)]);
        assert_eq!(a.series[0].counts, [1, 0, 1, 1]);
        assert_eq!(a.series[0].undated, 1, "«Про Китай» has no date");
        assert_eq!(a.series[1].counts, [0, 0, 0, 1]);
        assert_eq!(
            a.series[0].shares.as_deref(),
            Some(&[Some(1.0), None, Some(1.0), Some(0.5)][..])
        );
        assert_eq!(
            a.series[1].shares.as_deref(),
            Some(&[Some(0.0), None, Some(0.0), Some(0.5)][..])
        );
    }

    #[test]
    fn the_denominator_keeps_the_collection_filters() {
        let a = compare(&searcher(), &["Китай", "кит"], |r| {
            r.sources = vec!["Портал".into()]
        });
        let all: Vec<Option<u64>> = a.periods.iter().map(|p| p.all).collect();
        // Only Портал's articles count: b (2023) and d (2024); e (2024) is Техносвіт's,
        // so Портал's 2024 is d alone, which is about a whale.
        assert_eq!(a.periods[0].period, "2023");
        assert_eq!(all, [Some(1), Some(1)]);
        assert_eq!(a.series[0].counts, [1, 0]);
        assert_eq!(a.series[0].shares.as_deref(), Some(&[Some(1.0), Some(0.0)][..]));
    }

    #[test]
    fn no_query_or_too_many_is_a_user_error_and_a_bad_query_is_named() {
        let s = searcher();
        for n in [0, MAX_QUERIES + 1] {
            let e = s
                .attention(&AttentionRequest {
                    base: SearchRequest::new(""),
                    queries: vec!["Китай".to_string(); n],
                    by: Granularity::Month,
                    share: false,
                })
                .unwrap_err();
            assert!(e.error.is_user_error(), "{e}");
        }
        let e = s
            .attention(&AttentionRequest {
                base: SearchRequest::new(""),
                queries: vec!["Китай".into(), "\"незакрита".into()],
                by: Granularity::Month,
                share: false,
            })
            .unwrap_err();
        assert_eq!(e.query, "\"незакрита");
        assert!(matches!(e.error, SearchError::Query(_)), "{e}");
    }
}
