//! The page's world map and story switch in a real browser (see `web_ui.rs` for the
//! harness): the countries of a result set shaded on the map, one clicked (and one
//! chosen with the keyboard) into the filters exactly as the facet list does; on an
//! archive with a reprinted report, the chart counting stories, one row per story, and
//! «і ще …» listing the story.
//! Skips like `web_ui.rs` when no browser is installed.

use crate::common::browser::{js, screenshot, settle, url_param, wait_js, Browser};
use crate::common::index_sample;
use crate::common::server::{index_of, RunningServer};
use fantoccini::{key::Key, Locator};
use serde_json::json;

#[test]
fn countries_on_the_map_filter_like_the_list() {
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
            "the map drawn",
            "return document.querySelectorAll('svg[data-testid=map] [data-testid=map-country]').length > 0",
        )
        .await;
        // Every country of the list is on the map with the list's count.
        let listed = js(
            &c,
            "return Object.fromEntries([...document.querySelectorAll('#facet-country li[data-code]')]\
               .map(li => [li.dataset.code, li.textContent]))",
        )
        .await;
        let shaded = js(
            &c,
            "return Object.fromEntries([...document.querySelectorAll('[data-testid=map-country][data-count]')]\
               .map(p => [p.dataset.code, Number(p.dataset.count)]))",
        )
        .await;
        let shaded = shaded.as_object().unwrap().clone();
        assert!(shaded.contains_key("CN"), "{shaded:?}");
        for code in listed.as_object().unwrap().keys() {
            assert!(shaded.contains_key(code), "{code} listed but not on the map: {shaded:?}");
        }
        let cn = shaded["CN"].as_u64().unwrap();
        let label = js(&c, "return document.querySelector('[data-testid=map-country][data-code=CN]').getAttribute('aria-label')").await;
        assert!(label.as_str().unwrap().starts_with("Китай: "), "{label}");
        assert!(label.as_str().unwrap().contains(&cn.to_string()), "{label}");
        screenshot(&c, "30-map").await;

        // A click filters by the country, as the list does, and marks it picked.
        c.find(Locator::Css("[data-testid=map-country][data-code=TR]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(&c, "TR in the URL", "return new URLSearchParams(location.search).get('country') === 'TR'").await;
        settle(&c).await;
        let chips = js(&c, "return document.querySelectorAll('[data-testid=chip-country]').length").await;
        assert_eq!(chips, json!(1));
        wait_js(
            &c,
            "TR pressed",
            "return document.querySelector('[data-testid=map-country][data-code=TR]').getAttribute('aria-pressed') === 'true'",
        )
        .await;
        screenshot(&c, "31-map-picked").await;

        // The keyboard: the one tab stop, Enter on it toggles its country.
        let code = js(
            &c,
            "const p = document.querySelector('[data-testid=map-country][tabindex=\"0\"]'); p.focus(); return p.dataset.code",
        )
        .await;
        let code = code.as_str().unwrap().to_string();
        c.active_element().await.unwrap().send_keys(&Key::Enter.to_string()).await.unwrap();
        settle(&c).await;
        let countries = js(&c, "return new URLSearchParams(location.search).getAll('country')").await;
        let countries: Vec<&str> = countries.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        if code == "TR" {
            assert!(countries.is_empty(), "Enter on TR removes it: {countries:?}");
        } else {
            assert!(countries.contains(&code.as_str()), "{code}: {countries:?}");
        }
    });
}

/// A report, its reprint (paragraphs reordered, a line added, another outlet, a day
/// earlier) and an unrelated article.
const REPRINTED: [&str; 3] = [
    r#"{"id":"a1","title":"НБУ зберіг ставку","date":"2024-03-02","source":"Вісник","text":"Національний банк залишив облікову ставку без змін на рівні тринадцяти відсотків. Таке рішення ухвалило правління регулятора на засіданні у четвер.\n\nЗа словами голови банку, інфляція сповільнюється швидше, ніж очікували, але ризики для економіки залишаються високими.\n\nНаступне засідання з монетарної політики відбудеться в червні, і тоді регулятор оновить макроекономічний прогноз."}"#,
    r#"{"id":"a2","title":"Ставка не змінилась","date":"2024-03-01","source":"Ранок","text":"За словами голови банку, інфляція сповільнюється швидше, ніж очікували, але ризики для економіки залишаються високими.\n\nНаступне засідання з монетарної політики відбудеться в червні, і тоді регулятор оновить макроекономічний прогноз.\n\nНаціональний банк залишив облікову ставку без змін на рівні тринадцяти відсотків. Таке рішення ухвалило правління регулятора на засіданні у четвер.\n\nПро це повідомило джерело редакції."}"#,
    r#"{"id":"a3","title":"Бюджет","date":"2024-03-03","source":"Вісник","text":"Кабінет міністрів ухвалив бюджетну резолюцію на наступний рік. Видатки на оборону зростуть, а на соціальні програми залишаться незмінними."}"#,
];

#[test]
fn one_row_per_story_and_the_story_listed() {
    let Some(browser) = Browser::find() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = index_of(dir.path(), &REPRINTED);
    let server = RunningServer::start(std::path::Path::new(&index), &[]);
    let home = server.url("/");
    browser.run(dir.path(), |c| async move {
        c.goto(&home).await.unwrap();
        settle(&c).await;
        let hits = js(&c, "return document.querySelectorAll('[data-testid=hit]').length").await;
        assert_eq!(hits, json!(3));
        // Counting stories: the chart has 2 (the report and its reprint count once).
        let total = js(&c, "return document.querySelector('#timeline').dataset.total").await;
        assert_eq!(total, json!("3"));
        c.find(Locator::Id("count-stories"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "stories counted on the chart",
            "return new URLSearchParams(location.search).get('count') === 'stories' \
               && document.querySelector('#timeline').dataset.total === '2'",
        )
        .await;
        settle(&c).await;
        let bar = js(
            &c,
            "return document.querySelector('#timeline g.bar').getAttribute('aria-label')",
        )
        .await;
        assert!(bar.as_str().unwrap().contains("2 сюжети"), "{bar}");
        c.find(Locator::Id("count-stories"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "articles again",
            "return document.querySelector('#timeline').dataset.total === '3'",
        )
        .await;
        c.find(Locator::Id("collapse"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "collapse in the URL",
            "return new URLSearchParams(location.search).get('collapse') === '1'",
        )
        .await;
        settle(&c).await;
        let ids = js(
            &c,
            "return [...document.querySelectorAll('[data-testid=hit]')].map(li => li.dataset.id)",
        )
        .await;
        let ids: Vec<&str> = ids
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(
            ids.contains(&"a2") && ids.contains(&"a3"),
            "the earliest of the story stands for it: {ids:?}"
        );
        let stories = js(
            &c,
            "return document.querySelector('[data-testid=stories]').dataset.stories",
        )
        .await;
        assert_eq!(stories, json!("2"));
        let more = js(
            &c,
            "return document.querySelector('[data-testid=story-more]').textContent",
        )
        .await;
        assert!(more.as_str().unwrap().contains("1 стаття"), "{more}");
        screenshot(&c, "32-stories").await;

        c.find(Locator::Css("[data-testid=story-more]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_js(
            &c,
            "story in the URL",
            "return new URLSearchParams(location.search).has('story')",
        )
        .await;
        settle(&c).await;
        let ids = js(
            &c,
            "return [...document.querySelectorAll('[data-testid=hit]')].map(li => li.dataset.id).sort()",
        )
        .await;
        assert_eq!(ids, json!(["a1", "a2"]));
        let chip = js(
            &c,
            "return document.querySelectorAll('[data-testid=chip-story]').length",
        )
        .await;
        assert_eq!(chip, json!(1));
        assert!(url_param(&c, "story").await.is_some_and(|s| s.len() == 16));
        screenshot(&c, "33-story-listed").await;
    });
}
