//! Tests of `bench::facets`: the top-10 comparison, and both methods on a tiny index.

use super::*;

fn tc(v: &str, n: u64) -> TermCount {
    TermCount {
        value: v.into(),
        count: n,
    }
}

#[test]
fn top_lists_agree_only_on_equal_counts_and_values() {
    let a = [tc("BYD", 3), tc("Chery", 2), tc("Ford", 1)];
    assert_eq!(compare_top(&a, &a, 3), None);
    let fewer = [tc("BYD", 3), tc("Chery", 1), tc("Ford", 1)];
    assert!(compare_top(&a, &fewer, 3).unwrap().contains("counts differ"));
    let other = [tc("BYD", 3), tc("Geely", 2), tc("Ford", 1)];
    assert!(compare_top(&a, &other, 3).unwrap().contains("count 2"));
    // A tie at the last place of a full list may be cut at another value…
    let cut = [tc("BYD", 3), tc("Chery", 2), tc("Audi", 1)];
    assert_eq!(compare_top(&a, &cut, 3), None);
    // …but not when the list holds every value.
    assert!(compare_top(&a, &cut, 10).unwrap().contains("count 1"));
}

fn article(text: &str, year: i32, countries: &[&str], companies: &[&str]) -> Article {
    let secs = ArticleDate::new(year, 6, 1).unwrap().unix_seconds();
    Article {
        text: text.into(),
        date: Some(DateTime::from_timestamp_secs(secs)),
        countries: countries.iter().map(|s| s.to_string()).collect(),
        companies: companies.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn both_methods_count_the_same_on_a_tiny_index() {
    let index = Index::create_in_ram(side_schema());
    let schema = index.schema();
    let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let rows = [
        article(
            "Газ і нафта",
            2015,
            &["UA|Україна", "CN|Китай"],
            &["Нафтогаз України", "BYD"],
        ),
        article("газ", 2015, &["UA|Україна"], &["Нафтогаз України"]),
        article("Авто", 2016, &["CN|Китай"], &["BYD", "Chery"]),
        article("газ і авто", 2016, &["CN|Китай", "|Сомаліленд"], &["BYD"]),
        article("нічого", 2017, &[], &[]),
    ];
    for (i, a) in rows.iter().enumerate() {
        w.add_document(side_document(&schema, a)).unwrap();
        if i == 2 {
            w.commit().unwrap(); // two segments
        }
    }
    w.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let all = select(&schema, Select::All);
    let facet = facet_top(&searcher, &*all, "country", TOP).unwrap();
    let terms = terms_top(&searcher, &*all, "country", TOP).unwrap();
    assert_eq!(facet, [tc("Китай", 3), tc("Україна", 2), tc("Сомаліленд", 1)]);
    assert_eq!(compare_top(&facet, &terms, TOP), None);
    let gas = select(&schema, Select::Word("газ"));
    assert_eq!(searcher.search(&*gas, &Count).unwrap(), 3);
    let facet = facet_top(&searcher, &*gas, "company", 2).unwrap();
    let terms = terms_top(&searcher, &*gas, "company", 2).unwrap();
    assert_eq!(facet, [tc("BYD", 2), tc("Нафтогаз України", 2)]);
    assert_eq!(compare_top(&facet, &terms, 2), None);
    let year = select(&schema, Select::Year(2016));
    let facet = facet_top(&searcher, &*year, "company", TOP).unwrap();
    assert_eq!(facet, [tc("BYD", 2), tc("Chery", 1)]);
    assert_eq!(
        compare_top(
            &facet,
            &terms_top(&searcher, &*year, "company", TOP).unwrap(),
            TOP
        ),
        None
    );
    let both = select(&schema, Select::WordCountry("газ", "UA|Україна"));
    assert_eq!(searcher.search(&*both, &Count).unwrap(), 2);
}

#[test]
fn space_usage_sees_both_representations() {
    let index = Index::create_in_ram(side_schema());
    let schema = index.schema();
    let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
    w.add_document(side_document(
        &schema,
        &article("газ", 2015, &["UA|Україна"], &["BYD"]),
    ))
    .unwrap();
    w.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    for b in [
        field_bytes(&searcher, &[ENTITY]).unwrap(),
        field_bytes(&searcher, &["country", "company"]).unwrap(),
    ] {
        assert!(b.terms > 0 && b.postings > 0 && b.fast > 0, "{b:?}");
        assert!(b.total >= b.terms + b.postings + b.fast);
    }
}
