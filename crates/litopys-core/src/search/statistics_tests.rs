//! Shards that rank as one index: an archive split by year into three in-memory indexes,
//! searched with the summed statistics and merged by (score, id), against one index of
//! the same articles written in another order and in several segments.

use std::sync::Arc;

use tantivy::{doc, DateTime};

use super::*;
use crate::corpus::ArticleDate;
use crate::index::test_index::in_memory;
use crate::search::results::SearchResults;
use crate::search::searcher::{SearchRequest, Searcher, SortOrder};

/// An article: id, title, body, year.
type Row = (String, String, String, i32);

/// Sixty articles over three years whose words are common in one year and rare in
/// another, so that each year alone scores them differently; every fifth article is a
/// reprint of the one before (same title and body), so that scores tie.
fn rows() -> Vec<Row> {
    let words = [
        "Китай",
        "Китаю",
        "Китаєм",
        "кит",
        "кита",
        "угода",
        "угод",
        "комерційних",
        "Києва",
        "України",
        "люди",
        "людей",
    ];
    let mut rows = Vec::new();
    let mut seed: u64 = 7;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..60_usize {
        let year = 2019 + (i % 3) as i32;
        let (title, body) = if i % 5 == 4 {
            let prev: &Row = rows.last().expect("a reprint follows an article");
            (prev.1.clone(), prev.2.clone())
        } else {
            // The year shifts which words are frequent.
            let len = 3 + next() % 9;
            let body: Vec<&str> = (0..len)
                .map(|_| words[(next() % 7 + (year as usize - 2019) * 2) % words.len()])
                .collect();
            (words[next() % words.len()].to_string(), body.join(" "))
        };
        rows.push((format!("a{:02}", (i * 37) % 60), title, body, year));
    }
    rows
}

/// Adds one article; its month follows the article, not the order of writing.
fn add_row(f: &crate::index::Fields, w: &mut tantivy::IndexWriter, (id, title, body, year): &Row) {
    let month = 1 + id.bytes().map(usize::from).sum::<usize>() % 12;
    let mut d = doc!(
        f.id => id.as_str(), f.title => title.as_str(), f.body => body.as_str(),
        f.title_exact => title.as_str(), f.body_exact => body.as_str(),
    );
    let day = ArticleDate::new(*year, month as u8, 1).unwrap();
    d.add_date(f.date, DateTime::from_timestamp_secs(day.unix_seconds()));
    w.add_document(d).unwrap();
}

/// An in-memory index of `rows`, committed every `batch` articles (several segments).
fn index_of(rows: &[&Row], batch: usize) -> Searcher {
    Searcher::new(in_memory(|f, w| {
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for (n, row) in rows.iter().enumerate() {
            add_row(f, w, row);
            if (n + 1) % batch == 0 {
                w.commit().unwrap();
            }
        }
    }))
    .unwrap()
}

/// One index of every article, written newest year first in segments of seven.
fn one_index(rows: &[Row]) -> Searcher {
    let mut order: Vec<&Row> = rows.iter().collect();
    order.sort_by_key(|r| std::cmp::Reverse(r.3));
    index_of(&order, 7)
}

/// One shard per year, each in one segment.
fn shards(rows: &[Row]) -> Vec<Searcher> {
    (2019..=2021)
        .map(|year| index_of(&rows.iter().filter(|r| r.3 == year).collect::<Vec<_>>(), 1000))
        .collect()
}

/// (id, score bits) of the hits.
fn ranked(results: &SearchResults) -> Vec<(String, u32)> {
    results
        .hits
        .iter()
        .map(|h| (h.header.id.clone(), h.score.to_bits()))
        .collect()
}

/// What a coordinator does: the summed statistics, every shard's first `offset + limit`
/// hits, merged by (score, id) for relevance or (day, score, id) for dates.
fn sharded(
    shards: &[Searcher],
    request: &SearchRequest,
    with_statistics: bool,
) -> (usize, Vec<(String, u32)>) {
    let mut stats = QueryStatistics::default();
    for shard in shards {
        stats.add(&shard.statistics(request).unwrap());
    }
    let limit = request.limit.unwrap();
    let mut total = 0;
    let mut hits = Vec::new();
    for shard in shards {
        let mut asked = request.clone();
        asked.offset = 0;
        asked.limit = Some(request.offset + limit);
        asked.statistics = with_statistics.then(|| Arc::new(stats.clone()));
        let answer = shard.search(&asked).unwrap();
        total += answer.total;
        hits.extend(
            answer
                .hits
                .into_iter()
                .map(|h| (h.header.date, h.score, h.header.id)),
        );
    }
    hits.sort_by(|a, b| {
        let by_day = match request.sort {
            SortOrder::Date => b.0.cmp(&a.0),
            SortOrder::Relevance => std::cmp::Ordering::Equal,
        };
        by_day.then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
    });
    let page = hits
        .into_iter()
        .skip(request.offset)
        .take(limit)
        .map(|(_, score, id)| (id, score.to_bits()))
        .collect();
    (total, page)
}

fn request(query: &str, sort: SortOrder, offset: usize, limit: usize) -> SearchRequest {
    let mut r = SearchRequest::new(query);
    r.sort = sort;
    r.offset = offset;
    r.limit = Some(limit);
    r
}

const QUERIES: &[&str] = &[
    "Китай",
    "кит угода",
    "\"комерційних угод\"",
    "Києва OR людей",
    "України -кит",
];

#[test]
fn shards_searched_with_summed_statistics_rank_exactly_as_one_index() {
    let rows = rows();
    let one = one_index(&rows);
    let shards = shards(&rows);
    let mut compared = 0;
    for query in QUERIES {
        for sort in [SortOrder::Relevance, SortOrder::Date] {
            for (offset, limit) in [(0, 10), (3, 4), (0, 60)] {
                let r = request(query, sort, offset, limit);
                let expected = one.search(&r).unwrap();
                let (total, page) = sharded(&shards, &r, true);
                assert_eq!(total, expected.total, "{query} {sort:?}");
                assert_eq!(
                    page,
                    ranked(&expected),
                    "{query} {sort:?} offset {offset} limit {limit}"
                );
                compared += page.len();
            }
        }
    }
    assert!(
        compared > 100,
        "the queries matched too little to compare: {compared}"
    );
}

#[test]
fn without_summed_statistics_the_shards_score_differently() {
    let rows = rows();
    let one = one_index(&rows);
    let shards = shards(&rows);
    let r = request("Китай", SortOrder::Relevance, 0, 60);
    let expected = ranked(&one.search(&r).unwrap());
    let (_, local) = sharded(&shards, &r, false);
    assert_ne!(
        local, expected,
        "each year's own statistics should rank differently"
    );
}

#[test]
fn summed_statistics_equal_the_statistics_of_one_index() {
    let rows = rows();
    let one = one_index(&rows);
    let shards = shards(&rows);
    for query in QUERIES {
        let r = SearchRequest::new(*query);
        let mut summed = QueryStatistics::default();
        for shard in &shards {
            summed.add(&shard.statistics(&r).unwrap());
        }
        let whole = one.statistics(&r).unwrap();
        assert_eq!(summed, whole, "{query}");
        assert!(
            !whole.terms.is_empty() && !whole.tokens.is_empty(),
            "{query}: {whole:?}"
        );
    }
}

#[test]
fn ties_of_day_and_score_are_ordered_by_id_in_date_order() {
    // Ids whose bytes add up alike modulo 12: one month (see `add_row`), one day.
    let rows: Vec<Row> = ["y", "m", "a"]
        .iter()
        .map(|id| {
            (
                id.to_string(),
                "Китай".to_string(),
                "Китаю угода".to_string(),
                2020,
            )
        })
        .collect();
    let forward = index_of(&rows.iter().collect::<Vec<_>>(), 1);
    let backward = index_of(&rows.iter().rev().collect::<Vec<_>>(), 1000);
    for (offset, limit) in [(0, 3), (0, 1), (1, 1), (0, 2)] {
        let r = request("Китай", SortOrder::Date, offset, limit);
        for index in [&forward, &backward] {
            let got = ranked(&index.search(&r).unwrap());
            let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
            let expected: Vec<&str> = ["a", "m", "y"].into_iter().skip(offset).take(limit).collect();
            assert_eq!(ids, expected, "offset {offset} limit {limit}");
        }
    }
}

#[test]
fn ties_are_ordered_by_id_whatever_the_order_of_writing() {
    let rows: Vec<Row> = ["e", "b", "d", "a", "c"]
        .iter()
        .map(|id| {
            (
                id.to_string(),
                "Китай".to_string(),
                "Китаю угода".to_string(),
                2020,
            )
        })
        .collect();
    let forward = index_of(&rows.iter().collect::<Vec<_>>(), 2);
    let backward = index_of(&rows.iter().rev().collect::<Vec<_>>(), 1000);
    for (offset, limit) in [(0, 5), (0, 2), (1, 2), (3, 1)] {
        let r = request("Китай", SortOrder::Relevance, offset, limit);
        let a = ranked(&forward.search(&r).unwrap());
        let b = ranked(&backward.search(&r).unwrap());
        let ids: Vec<&str> = a.iter().map(|(id, _)| id.as_str()).collect();
        let expected: Vec<&str> = ["a", "b", "c", "d", "e"]
            .into_iter()
            .skip(offset)
            .take(limit)
            .collect();
        assert_eq!(ids, expected, "offset {offset} limit {limit}");
        assert_eq!(a, b, "offset {offset} limit {limit}");
    }
}

#[test]
fn statistics_for_another_query_are_refused_with_a_clear_error() {
    let rows = rows();
    let one = one_index(&rows);
    let stats = one.statistics(&SearchRequest::new("кит")).unwrap();
    let mut r = SearchRequest::new("угода");
    r.statistics = Some(Arc::new(stats));
    let e = one.search(&r).unwrap_err();
    assert!(e.is_user_error(), "{e}");
    assert!(
        e.to_string().contains("угода") && e.to_string().contains("statistics"),
        "{e}"
    );
}

#[test]
fn statistics_travel_as_json() {
    let rows = rows();
    let one = one_index(&rows);
    let stats = one.statistics(&SearchRequest::new("Китай кит")).unwrap();
    let json = serde_json::to_string(&stats).unwrap();
    let back: QueryStatistics = serde_json::from_str(&json).unwrap();
    assert_eq!(back, stats);
    assert_eq!(back.docs, 60);
}

/// The same articles in segments of seven, one of them deleted and written again (a
/// re-indexed article), and then, if `merge`, every segment merged into one.
fn churned(rows: &[Row], merge: bool) -> Searcher {
    Searcher::new(in_memory(|f, w| {
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for (n, row) in rows.iter().enumerate() {
            add_row(f, w, row);
            if (n + 1) % 7 == 0 {
                w.commit().unwrap();
            }
            if n == 40 {
                w.delete_term(tantivy::Term::from_field_text(f.id, &rows[3].0));
                add_row(f, w, &rows[3]);
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        if merge {
            let ids = w.index().searchable_segment_ids().unwrap();
            w.merge(&ids).wait().unwrap();
        }
    }))
    .unwrap()
}

#[test]
fn a_replaced_article_scores_as_if_written_once() {
    let rows = rows();
    let fresh = index_of(&rows.iter().collect::<Vec<_>>(), 1000);
    let churned = churned(&rows, false);
    assert!(churned
        .tantivy_searcher()
        .segment_readers()
        .iter()
        .any(|s| s.has_deletes()));
    for query in QUERIES {
        let r = request(query, SortOrder::Relevance, 0, 60);
        assert_eq!(
            ranked(&churned.search(&r).unwrap()),
            ranked(&fresh.search(&r).unwrap()),
            "{query}"
        );
    }
}

#[test]
fn merged_segments_score_as_freshly_written_ones() {
    // Bodies long enough that field norms are rounded (Tantivy keeps lengths above 40 in
    // steps), which a merge's estimated token total would show.
    let rows: Vec<Row> = rows()
        .into_iter()
        .map(|(id, title, body, year)| (id, title, [body.as_str(); 9].join(" "), year))
        .collect();
    let fresh = index_of(&rows.iter().collect::<Vec<_>>(), 1000);
    let merged = churned(&rows, true);
    assert_eq!(merged.tantivy_searcher().segment_readers().len(), 1, "merged");
    for query in QUERIES {
        let r = request(query, SortOrder::Relevance, 0, 60);
        assert_eq!(
            ranked(&merged.search(&r).unwrap()),
            ranked(&fresh.search(&r).unwrap()),
            "{query}"
        );
    }
}
