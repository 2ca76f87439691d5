//! End to end in a real browser: `litopys serve` on an index of the sample corpus (the
//! real lexicon when `LITOPYS_LEXICON` names one, else the tiny test lexicon), the page
//! driven in headless Chromium through ChromeDriver (WebDriver, via fantoccini; the
//! harness is `common::browser`), and the page on a server with an access token.
//!
//! Skips with a printed reason when chromedriver or Chromium is missing, unless
//! `LITOPYS_REQUIRE_BROWSER=1` (CI), then it fails. `CHROMEDRIVER` and `CHROME` may name
//! the programs. Screenshots of each step go to `target/screenshots/*.png`.

use std::path::PathBuf;

use crate::common::browser::{js, screenshot, settle, url_param, wait_js, Browser, STEP};
use crate::common::server::RunningServer;
use crate::common::{index_sample, litopys_with, ok, s, sample_corpus, tiny_lexicon};
use fantoccini::{Client, Locator};
use serde_json::json;

/// The real lexicon when `LITOPYS_LEXICON` names one, else the tiny test lexicon.
fn lexicon() -> PathBuf {
    match std::env::var_os("LITOPYS_LEXICON").map(PathBuf::from) {
        Some(path) if path.is_file() => path,
        _ => tiny_lexicon().to_path_buf(),
    }
}

#[test]
fn search_facets_timeline_and_article_in_a_browser() {
    let Some(browser) = Browser::find() else {
        return;
    };

    let dir = tempfile::tempdir().unwrap();
    let lexicon = lexicon();
    let index = dir.path().join("index");
    ok(&litopys_with(
        &lexicon,
        None,
        &["index", s(&sample_corpus()), "--index", s(&index), "--quiet"],
    ));

    let server = RunningServer::start_with(&lexicon, &index, &[]);
    let home = server.url("/");
    browser.run(dir.path(), |client| steps(client, home));
}

#[test]
fn the_page_asks_for_the_token_once_and_keeps_it_for_the_tab() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = index_sample(dir.path());
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "page-token\n").unwrap();
    let server = RunningServer::start(&index, &["--token-file", s(&token_file)]);
    let home = server.url("/");
    browser.run(dir.path(), |c| async move {
        c.goto(&home).await.unwrap();
        // The page's first API calls get 401: one prompt asks for the token.
        let started = std::time::Instant::now();
        let question = loop {
            match c.get_alert_text().await {
                Ok(text) => break text,
                Err(_) if started.elapsed() < STEP => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await
                }
                Err(e) => panic!("the page did not ask for the token: {e}"),
            }
        };
        assert!(question.contains("ключ"), "{question}");
        c.send_alert_text("page-token").await.unwrap();
        c.accept_alert().await.unwrap();
        settle(&c).await;
        assert!(c.get_alert_text().await.is_err(), "the page asked twice");
        assert!(total(&c).await > 0, "the page shows results with the token");
        // Kept for the tab: a reload asks nothing.
        c.goto(&home).await.unwrap();
        settle(&c).await;
        assert!(
            c.get_alert_text().await.is_err(),
            "the page asked again after a reload"
        );
        assert!(total(&c).await > 0);
        let kept = js(&c, "return sessionStorage.getItem('litopys-token')").await;
        assert_eq!(kept, json!("page-token"));
    });
}

/// The total the page shows.
async fn total(c: &Client) -> u64 {
    let v = wait_js(
        c,
        "the result count",
        "const t = document.querySelector('[data-testid=total]'); return t ? t.dataset.total : null",
    )
    .await;
    v.as_str().unwrap().parse().unwrap()
}

/// The country facet as `(name, code, count, active)`.
async fn country_facet(c: &Client) -> Vec<(String, String, u64, bool)> {
    facet_of(c, "country").await
}

/// The facet of `kind` (`country`, `company`, `source`) as `(name, code, count, active)`.
async fn facet_of(c: &Client, kind: &str) -> Vec<(String, String, u64, bool)> {
    let script = format!(
        "return [...document.querySelectorAll('#facet-{kind} li[data-name]')].map(li => \
         [li.dataset.name, li.dataset.code || '', Number(li.dataset.count), li.classList.contains('is-active')])"
    );
    let v = js(c, &script).await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap().to_string(),
                row[1].as_str().unwrap().to_string(),
                row[2].as_u64().unwrap(),
                row[3].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn steps(c: Client, home: String) {
    // The start page: every article, newest first.
    c.goto(&home).await.unwrap();
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Id("q"))
        .await
        .unwrap();
    settle(&c).await;
    let everything = total(&c).await;
    assert!(everything > 0, "the start page lists every article");
    screenshot(&c, "01-start").await;

    // The help on the query syntax opens and closes.
    let help = c.find(Locator::Id("help")).await.unwrap();
    assert!(!help.is_displayed().await.unwrap());
    c.find(Locator::Id("help-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(help.is_displayed().await.unwrap(), "the help panel opens");
    assert!(
        help.text().await.unwrap().contains("title:"),
        "the help shows the syntax"
    );
    screenshot(&c, "01-help").await;
    c.find(Locator::Id("help-close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(!help.is_displayed().await.unwrap(), "the help panel closes");

    // A query typed and submitted: hits with the matched words marked.
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.send_keys("Китай").await.unwrap();
    c.find(Locator::Id("search-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "the query in the URL",
        "return new URLSearchParams(location.search).get('q') === 'Китай'",
    )
    .await;
    settle(&c).await;
    let found = total(&c).await;
    assert!(found > 0 && found < everything, "Китай: {found} of {everything}");
    let hits = c.find_all(Locator::Css("#results .hit")).await.unwrap();
    assert_eq!(hits.len() as u64, found.min(10), "one page of hits");
    let marked = js(
        &c,
        "return [...document.querySelectorAll('#results .hit mark')].map(m => m.textContent)",
    )
    .await;
    let marked: Vec<&str> = marked
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(!marked.is_empty(), "the hits mark the matches");
    assert!(
        marked.iter().all(|m| m.to_lowercase().starts_with("кита")),
        "only forms of Китай are marked: {marked:?}"
    );
    let page_info = c
        .find(Locator::Id("page-info"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    if found > 10 {
        assert!(page_info.starts_with("1–10 з "), "{page_info}");
    }
    screenshot(&c, "02-results").await;

    // The country facet: counts within the total; a click filters by that country.
    let facet = country_facet(&c).await;
    assert!(!facet.is_empty(), "the country facet has values");
    assert!(facet.iter().all(|f| f.2 > 0 && f.2 <= found && !f.3), "{facet:?}");
    let (name, code, count, _) = facet
        .iter()
        .find(|f| f.2 < found)
        .cloned()
        .unwrap_or_else(|| panic!("a country on only some of the hits: {facet:?}"));
    let selector = format!("#facet-country li[data-name=\"{name}\"] button");
    c.find(Locator::Css(&selector))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "the country in the URL",
        "return new URLSearchParams(location.search).has('country')",
    )
    .await;
    settle(&c).await;
    assert_eq!(
        url_param(&c, "country").await.as_deref(),
        Some(if code.is_empty() {
            name.as_str()
        } else {
            code.as_str()
        })
    );
    let narrowed = total(&c).await;
    assert_eq!(narrowed, count, "the total is the facet's count for {name}");
    let chip = c.find(Locator::Css("[data-testid=chip-country]")).await.unwrap();
    assert!(
        chip.text().await.unwrap().contains(&name),
        "the active filter chip names {name}"
    );
    let after = country_facet(&c).await;
    let picked = after
        .iter()
        .find(|f| f.0 == name)
        .unwrap_or_else(|| panic!("{name} stays listed: {after:?}"));
    assert!(
        picked.3 && picked.2 == narrowed,
        "{name} is marked active with all the hits: {picked:?}"
    );
    assert!(
        after.iter().all(|f| f.2 <= narrowed),
        "the counts are within the new total: {after:?}"
    );
    assert_ne!(facet, after, "the counts change");
    // What characterises the results: significant terms, each at most in every hit.
    wait_js(
        &c,
        "the terms panel",
        "return !document.querySelector('#terms-box').hidden && document.querySelectorAll('#terms li').length > 0",
    )
    .await;
    // The outlets of the same result set, counted over it (not the archive's list).
    let sources = facet_of(&c, "source").await;
    assert!(!sources.is_empty(), "the source facet has values");
    let in_sources: u64 = sources.iter().map(|f| f.2).sum();
    assert!(
        in_sources <= narrowed,
        "one outlet per article: {sources:?} of {narrowed}"
    );
    screenshot(&c, "03-country-filter").await;

    // The timeline: a bar per month, adding up to the dated hits.
    let bars = js(
        &c,
        "return [...document.querySelectorAll('#timeline svg g.bar')].map(g => \
         [Number(g.dataset.count), g.dataset.start, g.dataset.end])",
    )
    .await;
    let bars = bars.as_array().unwrap().clone();
    assert!(!bars.is_empty(), "the timeline is drawn");
    let rects = c.find_all(Locator::Css("#timeline svg rect")).await.unwrap();
    assert!(!rects.is_empty(), "the timeline has rects");
    let tab_stops = js(
        &c,
        "return document.querySelectorAll('#timeline g.bar[tabindex=\"0\"]').length",
    )
    .await;
    assert_eq!(
        tab_stops,
        json!(1),
        "the chart is one tab stop (arrows move between bars)"
    );
    let undated: u64 = js(
        &c,
        "return Number(document.querySelector('#timeline').dataset.undated)",
    )
    .await
    .as_u64()
    .unwrap();
    let dated: u64 = bars.iter().map(|b| b[0].as_u64().unwrap()).sum();
    assert_eq!(dated + undated, narrowed, "the bars add up to the hits");

    // A click on the tallest bar narrows the dates to its period.
    let (tallest, _) = bars
        .iter()
        .enumerate()
        .max_by_key(|(i, b)| (b[0].as_u64().unwrap(), std::cmp::Reverse(*i)))
        .unwrap();
    let bar = &bars[tallest];
    let (bar_count, start, end) = (
        bar[0].as_u64().unwrap(),
        bar[1].as_str().unwrap().to_string(),
        bar[2].as_str().unwrap().to_string(),
    );
    let bar_el = c
        .find(Locator::Css(&format!(
            "#timeline svg g.bar[data-start=\"{start}\"]"
        )))
        .await
        .unwrap();
    bar_el.click().await.unwrap();
    wait_js(
        &c,
        "the dates in the URL",
        "return new URLSearchParams(location.search).has('from')",
    )
    .await;
    settle(&c).await;
    assert_eq!(url_param(&c, "from").await.as_deref(), Some(start.as_str()));
    assert_eq!(url_param(&c, "to").await.as_deref(), Some(end.as_str()));
    assert_eq!(total(&c).await, bar_count, "the hits of {start}…{end}");
    let from = c
        .find(Locator::Id("from"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        from.as_deref(),
        Some(start.as_str()),
        "the date input shows the period"
    );
    c.find(Locator::Css("[data-testid=chip-from]"))
        .await
        .expect("a chip for the start date");
    screenshot(&c, "04-timeline-period").await;

    // Back: the dates go again, the country stays.
    c.back().await.unwrap();
    wait_js(
        &c,
        "the dates to leave the URL",
        "return !new URLSearchParams(location.search).has('from')",
    )
    .await;
    settle(&c).await;
    assert_eq!(total(&c).await, narrowed, "back restores the previous view");

    // A hit opens the whole article, with the matches marked.
    let first_id = js(&c, "return document.querySelector('#results .hit').dataset.id").await;
    c.find(Locator::Css("#results .hit .hit-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "the article dialog",
        "return document.querySelector('#article').open",
    )
    .await;
    settle(&c).await;
    assert_eq!(url_param(&c, "article").await.as_deref(), first_id.as_str());
    let marks = wait_js(
        &c,
        "marks in the article",
        "return document.querySelectorAll('#article mark').length",
    )
    .await;
    assert!(marks.as_u64().unwrap() > 0);
    let paragraphs = js(&c, "return document.querySelectorAll('#article-text p').length").await;
    assert!(paragraphs.as_u64().unwrap() > 0, "the article's text is shown");
    screenshot(&c, "05-article").await;

    // The way back closes it; the list is still there.
    c.find(Locator::Id("article-close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "the dialog to close",
        "return !document.querySelector('#article').open",
    )
    .await;
    wait_js(
        &c,
        "the article to leave the URL",
        "return !new URLSearchParams(location.search).has('article')",
    )
    .await;
    assert_eq!(total(&c).await, narrowed);

    // The URL holds the view: a reload restores the query and the filter.
    c.refresh().await.unwrap();
    c.wait()
        .at_most(STEP)
        .for_element(Locator::Id("q"))
        .await
        .unwrap();
    settle(&c).await;
    let value = c
        .find(Locator::Id("q"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("Китай"));
    assert_eq!(total(&c).await, narrowed, "the reload shows the same hits");
    c.find(Locator::Css("[data-testid=chip-country]"))
        .await
        .expect("the filter chip after the reload");
    screenshot(&c, "06-reloaded").await;

    // Removing the chip widens the search again.
    c.find(Locator::Css("[data-testid=chip-country]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "the country to leave the URL",
        "return !new URLSearchParams(location.search).has('country')",
    )
    .await;
    settle(&c).await;
    assert_eq!(total(&c).await, found);

    // A bad query: the server's message is shown on the page.
    let q = c.find(Locator::Id("q")).await.unwrap();
    q.clear().await.unwrap();
    q.send_keys("Китай AND (").await.unwrap();
    c.find(Locator::Id("search-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let message = wait_js(
        &c,
        "the error message",
        "const e = document.querySelector('#error'); return e && !e.hidden ? e.textContent : ''",
    )
    .await;
    let message = message.as_str().unwrap();
    assert!(
        message.contains("Запит не вдалося прочитати"),
        "a query error: {message}"
    );
    let hits = c.find_all(Locator::Css("#results .hit")).await.unwrap();
    assert!(hits.is_empty(), "no stale hits under the error");
    screenshot(&c, "07-bad-query").await;
}
