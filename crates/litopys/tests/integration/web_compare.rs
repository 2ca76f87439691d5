//! The page's comparison of queries over time in a real browser (see `web_ui.rs` for the
//! harness): a second query added to the chart, shares switched on and off, a query
//! removed from the legend. Skips like `web_ui.rs` when no browser is installed.

use crate::common::browser::{js, screenshot, settle, url_param, wait_js, Browser};
use crate::common::server::RunningServer;
use crate::common::{litopys_with, ok, s, sample_corpus, tiny_lexicon};
use fantoccini::Locator;
use serde_json::json;

#[test]
fn queries_compared_and_shares_on_the_chart() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ok(&litopys_with(
        tiny_lexicon(),
        None,
        &["index", s(&sample_corpus()), "--index", s(&index), "--quiet"],
    ));
    let server = RunningServer::start(&index, &[]);
    let home = server.url("/?q=Китай");
    browser.run(dir.path(), |c| async move {
        c.goto(&home).await.unwrap();
        settle(&c).await;
        let bars = js(&c, "return document.querySelectorAll('#timeline g.bar').length").await;
        assert!(bars.as_u64().unwrap() > 0, "one query: bars");

        let input = c.find(Locator::Id("compare-q")).await.unwrap();
        input.send_keys("Україна").await.unwrap();
        c.find(Locator::Css("#compare-form button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "two lines",
            "return document.querySelectorAll('#timeline [data-testid=series-line]').length === 2",
        )
        .await;
        settle(&c).await;
        assert_eq!(url_param(&c, "vs").await.as_deref(), Some("Україна"));
        let legend = js(
            &c,
            "return [...document.querySelectorAll('#timeline-legend [data-testid=legend-item]')].map(li => li.textContent)",
        )
        .await;
        let legend = legend.as_array().unwrap();
        assert_eq!(legend.len(), 2, "{legend:?}");
        assert!(legend[0].as_str().unwrap().contains("«Китай»"), "{legend:?}");
        assert!(legend[1].as_str().unwrap().contains("«Україна»"), "{legend:?}");
        screenshot(&c, "20-compare-counts").await;

        c.find(Locator::Id("share")).await.unwrap().click().await.unwrap();
        wait_js(
            &c,
            "share in the URL",
            "return new URLSearchParams(location.search).get('share') === '1'",
        )
        .await;
        settle(&c).await;
        let label = js(
            &c,
            "return [...document.querySelectorAll('#timeline g.period')].map(g => g.getAttribute('aria-label')).join('\\n')",
        )
        .await;
        let label = label.as_str().unwrap();
        assert!(label.contains('%') && label.contains("усього статей"), "{label}");
        screenshot(&c, "21-compare-shares").await;

        // Removing the compared query keeps the share of the one left.
        c.find(Locator::Css("#timeline-legend .btn-x"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "one line",
            "return document.querySelectorAll('#timeline [data-testid=series-line]').length === 1",
        )
        .await;
        settle(&c).await;
        assert_eq!(url_param(&c, "vs").await, None);
        // Shares off: bars again.
        c.find(Locator::Id("share")).await.unwrap().click().await.unwrap();
        wait_js(
            &c,
            "bars again",
            "return document.querySelectorAll('#timeline g.bar').length > 0",
        )
        .await;
        let legend_hidden = js(&c, "return document.querySelector('#timeline-legend').hidden").await;
        assert_eq!(legend_hidden, json!(true));
    });
}
