//! The page's research views in a real browser (see `web_ui.rs` for the harness): a
//! second query added to the chart, shares switched on and off, a query removed from the
//! legend; with a country picked, the companies named with it, one clicked into the
//! filters. Skips like `web_ui.rs` when no browser is installed.

use crate::common::browser::{js, screenshot, settle, url_param, wait_js, Browser};
use crate::common::index_sample;
use crate::common::server::RunningServer;
use fantoccini::Locator;
use serde_json::json;

#[test]
fn queries_compared_on_the_chart_and_what_goes_with_a_country() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = index_sample(dir.path());
    let server = RunningServer::start(&index, &[]);
    let home = server.url("/?q=Китай");
    browser.run(dir.path(), |c| async move {
        c.goto(&home).await.unwrap();
        settle(&c).await;
        wait_js(
            &c,
            "one query: bars",
            "return document.querySelectorAll('#timeline g.bar').length > 0",
        )
        .await;

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

        // A country picked: the companies named with it, one click adds a filter.
        let hidden = js(&c, "return document.querySelector('#cooccur-box').hidden").await;
        assert_eq!(hidden, json!(true), "nothing picked, no co-occurrence panel");
        c.goto(&format!("{home}&country=CN")).await.unwrap();
        settle(&c).await;
        let names = js(
            &c,
            "return [...document.querySelectorAll('#cooccur [data-testid=cooccur-item]')].map(li => li.dataset.name)",
        )
        .await;
        let names = names.as_array().unwrap().clone();
        assert!(!names.is_empty(), "companies named with Китай");
        let title = js(&c, "return document.querySelector('#cooccur-title').textContent").await;
        assert!(title.as_str().unwrap().contains("Китай"), "{title}");
        screenshot(&c, "22-cooccurrence").await;
        c.find(Locator::Css("#cooccur [data-testid=cooccur-item] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "the company in the URL",
            "return new URLSearchParams(location.search).has('company')",
        )
        .await;
        assert_eq!(url_param(&c, "company").await.as_deref(), names[0].as_str());
    });
}
