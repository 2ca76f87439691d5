//! Tests of [`super`]: pages written here, with the boilerplate real news sites wrap an
//! article in.

use super::*;
use crate::corpus::tests::source_file;
use crate::corpus::Format;

/// The article of a page (what most tests look at).
fn parse_html_file(bytes: &[u8], file: &SourceFile) -> Result<Article, Skip> {
    super::parse_html_file(bytes, file).map(|p| p.article)
}

/// A news page: menu, site header, article with a "Читайте також" box, footer, inline
/// script and style; `<title>` carries the site's name, `og:title` does not.
pub(crate) const NEWS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="uk">
<head>
<meta charset="utf-8">
<title>Врожай зернових перевищив прогноз — Вісті Полтавщини</title>
<meta property="og:title" content="Врожай зернових на Полтавщині перевищив прогноз">
<meta property="og:site_name" content="Вісті Полтавщини">
<meta property="og:url" content="https://visti.example.ua/news/2024/08/zerno">
<meta property="article:published_time" content="2024-08-14T09:30:00+03:00">
<link rel="canonical" href="https://visti.example.ua/news/2024/08/zerno">
<style>.menu { color: кольоровийстиль; }</style>
<script>var trackerWord = "скриптовийлічильник";</script>
</head>
<body>
<header class="site-header"><div class="logo">Шапкасайту</div></header>
<nav class="menu main-nav">
  <ul><li><a href="/">Головна</a></li><li><a href="/politics">Менюполітика</a></li>
  <li><a href="/sport">Менюспорт</a></li><li><a href="/economy">Менюекономіка</a></li></ul>
</nav>
<main>
<article class="post">
<h1>Врожай зернових на Полтавщині перевищив прогноз</h1>
<time datetime="2024-08-13">13 серпня</time>
<div class="post-content">
<p>Аграрії Полтавської області завершили жнива ранніх зернових і зібрали понад два мільйони
тонн пшениці та ячменю, що на п'ятнадцять відсотків більше, ніж прогнозували навесні.</p>
<p>За словами начальника обласного департаменту агропромислового розвитку, найвищу
врожайність показали господарства Лубенського та Миргородського районів, де середній
показник сягнув п'ятдесяти восьми центнерів з гектара.</p>
<div class="read-also related"><p>Читайте також: <a href="/news/1">Рекламнийблок про ціни на пальне</a></p></div>
<p>Фахівці пояснюють високий результат вчасними дощами у травні та новими сортами озимої
пшениці, які господарства висівали восени минулого року на значних площах.</p>
<p>Водночас фермери скаржаться на низькі закупівельні ціни та подорожчання логістики через
обмежену пропускну спроможність портів, тож частину зерна залишають на зберігання.</p>
</div>
</article>
</main>
<aside class="sidebar"><h3>Популярне</h3><ul><li><a href="/x">Бічнапанель новина</a></li></ul></aside>
<footer class="site-footer"><p>Підвалсайту © 2024 Усі права захищено</p>
<ul><li><a href="/about">Пронас</a></li><li><a href="/contacts">Контактиредакції</a></li></ul></footer>
<script>document.write("ще одинскрипт");</script>
</body>
</html>"#;

#[test]
fn news_page_article_without_boilerplate() {
    let a = parse_html_file(
        NEWS_PAGE.as_bytes(),
        &source_file("html/zerno.html", Format::Html),
    )
    .unwrap();
    assert_eq!(a.id, "https://visti.example.ua/news/2024/08/zerno");
    assert_eq!(
        a.url.as_deref(),
        Some("https://visti.example.ua/news/2024/08/zerno")
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Врожай зернових на Полтавщині перевищив прогноз")
    );
    assert_eq!(a.date.unwrap().to_string(), "2024-08-14");
    assert_eq!(a.source.as_deref(), Some("Вісті Полтавщини"));
    for sentence in [
        "зібрали понад два мільйони тонн пшениці",
        "Лубенського та Миргородського районів",
        "вчасними дощами у травні",
        "частину зерна залишають на зберігання",
    ] {
        assert!(
            a.text.contains(sentence),
            "{sentence:?} missing from {:?}",
            a.text
        );
    }
    for word in [
        "Менюполітика",
        "Менюспорт",
        "Шапкасайту",
        "Підвалсайту",
        "Контактиредакції",
        "Рекламнийблок",
        "Бічнапанель",
        "скриптовийлічильник",
        "одинскрипт",
        "кольоровийстиль",
    ] {
        assert!(!a.text.contains(word), "{word:?} in {:?}", a.text);
    }
    assert!(a.text.contains("\n\n"), "paragraphs are kept apart: {:?}", a.text);
}

#[test]
fn cp1251_page_is_decoded_from_its_meta_charset() {
    let html = NEWS_PAGE
        .replace(r#"<meta charset="utf-8">"#, r#"<meta charset="windows-1251">"#)
        .replace("&copy;", "");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&html);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let a = parse_html_file(&bytes, &source_file("html/cp1251.htm", Format::Html)).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Врожай зернових на Полтавщині перевищив прогноз")
    );
    assert!(
        a.text.contains("Лубенського та Миргородського районів"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Менюспорт"));
    // Declared, not guessed: nothing for the report's list of detected encodings.
    let declared = super::parse_html_file(&bytes, &source_file("html/cp1251.htm", Format::Html)).unwrap();
    assert_eq!(declared.encoding, None);
}

#[test]
fn a_page_without_a_charset_in_cp1251_is_detected_and_says_so() {
    let html = NEWS_PAGE
        .replace(r#"<meta charset="utf-8">"#, "")
        .replace("&copy;", "");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&html);
    assert!(!unmappable);
    let p = super::parse_html_file(&bytes, &source_file("html/cp1251.htm", Format::Html)).unwrap();
    assert_eq!(p.encoding, Some(encoding_rs::WINDOWS_1251));
    assert!(p.article.text.contains("Лубенського та Миргородського районів"));
    let utf8 = super::parse_html_file(html.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(utf8.encoding, None);
}

#[test]
fn the_language_comes_from_the_page() {
    let a = parse_html_file(NEWS_PAGE.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(a.language.as_deref(), Some("uk"));
    let locale = NEWS_PAGE
        .replace(r#"<html lang="uk">"#, "<html>")
        .replace("<head>", r#"<head><meta property="og:locale" content="uk_UA">"#);
    let a = parse_html_file(locale.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(a.language.as_deref(), Some("uk-ua"));
    let header = NEWS_PAGE.replace(r#"<html lang="uk">"#, "<html>").replace(
        "<head>",
        r#"<head><meta http-equiv="Content-Language" content="ru">"#,
    );
    let a = parse_html_file(header.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(a.language.as_deref(), Some("ru"));
    let none = NEWS_PAGE.replace(r#"<html lang="uk">"#, "<html>");
    let a = parse_html_file(none.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(a.language, None);
}

#[test]
fn http_equiv_charset_and_declared_charset() {
    let head = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-u">"#;
    assert_eq!(meta_charset(head).as_deref(), Some("koi8-u"));
    assert_eq!(
        charset_param("text/html; charset=\"UTF-8\"").as_deref(),
        Some("utf-8")
    );
    assert_eq!(charset_param("text/html"), None);
    let (bytes, _, _) = encoding_rs::KOI8_U.encode("<p>Слава Україні</p>");
    assert_eq!(decode(&bytes, Some("koi8-u")).unwrap(), "<p>Слава Україні</p>");
}

#[test]
fn title_falls_back_to_h1_then_json_ld_and_date_to_time_then_json_ld() {
    let page = NEWS_PAGE
        .replace(
            r#"<meta property="og:title" content="Врожай зернових на Полтавщині перевищив прогноз">"#,
            "",
        )
        .replace(
            r#"<meta property="article:published_time" content="2024-08-14T09:30:00+03:00">"#,
            "",
        );
    let a = parse_html_file(page.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Врожай зернових на Полтавщині перевищив прогноз")
    );
    assert_eq!(a.date.unwrap().to_string(), "2024-08-13");

    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"Вісті"},
        {"@type":"NewsArticle","headline":"Заголовок із JSON-LD","datePublished":"2024-08-12T10:00:00Z"}]}</script>"#;
    let page = page
        .replace("<h1>Врожай зернових на Полтавщині перевищив прогноз</h1>", "")
        .replace(r#"<time datetime="2024-08-13">13 серпня</time>"#, "")
        .replace("</head>", &format!("{ld}</head>"));
    let a = parse_html_file(page.as_bytes(), &source_file("a.html", Format::Html)).unwrap();
    assert_eq!(a.title.as_deref(), Some("Заголовок із JSON-LD"));
    assert_eq!(a.date.unwrap().to_string(), "2024-08-12");
}

#[test]
fn without_url_the_id_is_the_path() {
    let page = NEWS_PAGE
        .replace(
            r#"<meta property="og:url" content="https://visti.example.ua/news/2024/08/zerno">"#,
            "",
        )
        .replace(
            r#"<link rel="canonical" href="https://visti.example.ua/news/2024/08/zerno">"#,
            "",
        );
    let a = parse_html_file(
        page.as_bytes(),
        &source_file("html/2024/zerno.html", Format::Html),
    )
    .unwrap();
    assert_eq!(a.id, "html/2024/zerno.html");
    assert_eq!(a.url, None);
}

#[test]
fn page_without_article_and_undecodable_pages_are_skips() {
    let empty = r#"<html><head><title>Сайт</title></head><body><nav><a href="/">Головна</a></nav>
        <script>var x = 1;</script></body></html>"#;
    let skip = parse_html_file(empty.as_bytes(), &source_file("html/empty.html", Format::Html)).unwrap_err();
    assert_eq!(skip.reason, SkipReason::NoText);
    assert_eq!(skip.to_string(), "arch/html/empty.html: no text");

    // Declared UTF-8 but not: skipped (undeclared, the same bytes would be detected).
    let declared = b"<meta charset=\"utf-8\"><p>";
    let mut bad = declared.to_vec();
    bad.extend_from_slice(b"\xcf\xf0\xe8</p>");
    let skip = parse_html_file(&bad, &source_file("html/bad.html", Format::Html)).unwrap_err();
    assert_eq!(skip.reason, SkipReason::InvalidUtf8 { byte: declared.len() });

    let page = r#"<meta charset="x-no-such-thing"><p>Текст</p>"#;
    let skip = parse_html_file(page.as_bytes(), &source_file("html/odd.html", Format::Html)).unwrap_err();
    assert_eq!(skip.reason.kind(), "unreadable");
    assert!(skip.to_string().contains("x-no-such-thing"), "{skip}");

    for input in ["", "   ", "<html>", "<<<>>>", "\u{0}\u{0}"] {
        assert!(
            parse_html_file(input.as_bytes(), &source_file("x.html", Format::Html)).is_err(),
            "{input:?}"
        );
    }
}

#[test]
fn page_date_reads_the_day_and_keeps_the_time() {
    let day = |s: &str| page_date(s).map(|d| d.date().to_string());
    let stamp = page_date("2024-03-12T09:30:00+02:00").unwrap();
    assert_eq!(stamp.date().to_string(), "2024-03-12");
    assert_eq!(stamp.to_rfc3339(), "2024-03-12T09:30:00+02:00");
    assert_eq!(day(" 2024-03-12 ").as_deref(), Some("2024-03-12"));
    assert_eq!(page_date(" 2024-03-12 ").unwrap().time(), None);
    assert_eq!(page_date("2024-02-30T00:00:00Z"), None);
    // The forms pages and crawls carry besides ISO 8601, each on the day as written.
    assert_eq!(day("12.03.2024").as_deref(), Some("2024-03-12"));
    let rss = page_date("Tue, 12 Mar 2024 23:30:00 -0500").unwrap();
    assert_eq!(rss.date().to_string(), "2024-03-12");
    assert_eq!(rss.to_rfc3339(), "2024-03-12T23:30:00-05:00");
    assert_eq!(day("12 березня 2024 р.").as_deref(), Some("2024-03-12"));
    assert_eq!(page_date("2024"), None);
    assert_eq!(page_date("2024-03-1Ї"), None);
}

#[test]
fn a_short_news_item_keeps_its_related_box_out() {
    // About 250 characters: above the 200 of the strict attempt (below it, Readability's
    // looser attempts may let such a box back in).
    let page = r#"<html><head><meta property="og:title" content="Блискавка"></head><body>
<nav class="menu"><a href="/">Менюголовна</a></nav><article><h1>Блискавка</h1>
<p>У Полтаві через ремонт водогону до вечора п'ятниці не буде води на трьох вулицях лівого берега міста.</p>
<p>Комунальники обіцяють підвезти питну воду цистернами до кожного подвір'я на цих вулицях.</p>
<p>Графік підвезення оприлюднять на сайті міськради.</p>
<div class="read-also related">Читайте також: <a href="/x">Рекламнатизерка</a></div></article>
<footer class="footer">Підвалсайту</footer></body></html>"#;
    let a = parse_html_file(page.as_bytes(), &source_file("short.html", Format::Html)).unwrap();
    assert!(a.text.contains("цистернами"), "{}", a.text);
    for word in ["Менюголовна", "Рекламнатизерка", "Підвалсайту"] {
        assert!(!a.text.contains(word), "{word:?} in {:?}", a.text);
    }
}

#[test]
fn an_undeclared_cp1251_page_is_detected_and_read() {
    let undeclared = NEWS_PAGE.replace(r#"<meta charset="utf-8">"#, "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&undeclared);
    let found = page_encoding(&bytes, None, None).unwrap();
    assert_eq!(found.detected(), Some(encoding_rs::WINDOWS_1251));
    let a = parse_html_file(&bytes, &source_file("html/2024/zerno.html", Format::Html)).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Врожай зернових на Полтавщині перевищив прогноз")
    );
    assert!(a.text.contains("Лубенського та Миргородського"), "{}", a.text);
    // The same page declared: the declaration is used, nothing is detected.
    let declared_page = NEWS_PAGE.replace("utf-8", "windows-1251");
    let (declared, _, _) = encoding_rs::WINDOWS_1251.encode(&declared_page);
    let found = page_encoding(&declared, None, None).unwrap();
    assert_eq!(
        (found.encoding, found.source),
        (encoding_rs::WINDOWS_1251, EncodingSource::Declared)
    );
    // Valid UTF-8 without a declaration is UTF-8.
    let found = page_encoding(undeclared.as_bytes(), None, None).unwrap();
    assert_eq!((found.encoding, found.detected()), (UTF_8, None));
}
