//! The HTTP API over real HTTP: a real `litopys serve` on a real index, its answers and
//! its error answers, concurrent clients, and new commits seen without a restart. Runs
//! with the tiny test lexicon, so it needs no dictionary.

use std::fs;
use std::path::Path;

use crate::common::server::{index_of, RunningServer};
use crate::common::{litopys, ok, s, sorted_ids};
use serde_json::Value;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// GET `url`: the status and the body.
fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().expect("HTTP request");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().expect("body"))
}

fn get_json(url: &str) -> (u16, Value) {
    let (status, body) = get(url);
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")),
    )
}

const ARTICLES: [&str; 5] = [
    r#"{"id":"a","date":"2024-03-01","source":"Вісник","title":"Угода з Китаєм","text":"Казахстан підписав угоду з Китаєм. Компанія BYD будує завод."}"#,
    r#"{"id":"b","date":"2024-05-10","source":"Огляд","title":"КНР і Польща","text":"КНР та Польща обговорили угоду. Chery теж."}"#,
    r#"{"id":"c","date":"2025-01-20","source":"Вісник","title":"Польща","text":"Польща уклала угоду з компанією BYD."}"#,
    r#"{"id":"d","date":"2025-02-02","title":"Кити","text":"У морі бачили кита. Угода про охорону природи."}"#,
    r#"{"id":"dir/e","title":"Без дати","text":"Угода без дати & <теги>."}"#,
];

fn index(dir: &Path) -> String {
    index_of(dir, &ARTICLES)
}

#[test]
fn answers_like_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let server = RunningServer::start(Path::new(&idx), &[]);

    // The same object as `search --format json` (took_ms aside).
    let (status, mut api) =
        get_json(&server.url("/api/search?q=%D1%83%D0%B3%D0%BE%D0%B4%D0%B0&country=%D0%9A%D0%9D%D0%A0"));
    assert_eq!(status, 200);
    let mut cli: Value = serde_json::from_str(&ok(&litopys(&[
        "search",
        "угода",
        "--country",
        "КНР",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    api["took_ms"] = Value::Null;
    cli["took_ms"] = Value::Null;
    assert_eq!(api, cli);
    assert_eq!(sorted_ids(&api), ["a", "b"]);
    assert_eq!(api["facets"]["company"][0]["name"], "BYD");

    // Filters alone browse: every article naming BYD, newest first; either of two countries.
    let (_, v) = get_json(&server.url("/api/search?company=BYD&sort=date"));
    let order: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["c", "a"]);
    let (_, v) = get_json(&server.url("/api/search?country=kz%2Cpl"));
    assert_eq!(sorted_ids(&v), ["a", "b", "c"]);
    let (_, v) = get_json(&server.url("/api/search?q=угода&source=Вісник&from=2025-01-01&limit=1&offset=0"));
    assert_eq!(
        (v["total"].as_u64(), sorted_ids(&v)),
        (Some(1), vec!["c".to_string()])
    );

    // Timeline and facets as the CLI prints them.
    let (_, t) = get_json(&server.url("/api/timeline?q=угода&by=year"));
    let cli: Value = serde_json::from_str(&ok(&litopys(&[
        "timeline",
        "угода",
        "--by",
        "year",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(t, cli);
    assert_eq!(t["undated"], 1);
    let (status, a) = get_json(&server.url("/api/attention?q=угода&vs=BYD&by=year&share=1"));
    assert_eq!(status, 200, "{a}");
    let cli: Value = serde_json::from_str(&ok(&litopys(&[
        "timeline",
        "угода",
        "--vs",
        "BYD",
        "--by",
        "year",
        "--share",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(a, cli);
    assert_eq!(a["series"].as_array().map(Vec::len), Some(2));
    let (_, f) = get_json(&server.url("/api/facets?kind=country&q=угода&limit=2"));
    let cli: Value = serde_json::from_str(&ok(&litopys(&[
        "facets",
        "country",
        "угода",
        "--limit",
        "2",
        "--index",
        &idx,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(f, cli);

    // One whole article, matches marked and the text escaped; ids with a slash work.
    let (status, a) = get_json(&server.url("/api/articles/a?q=Китай"));
    assert_eq!(status, 200);
    assert_eq!(
        a["html"],
        "Казахстан підписав угоду з <mark>Китаєм</mark>. Компанія BYD будує завод."
    );
    assert_eq!(a["title_html"], "Угода з <mark>Китаєм</mark>");
    let (status, e) = get_json(&server.url("/api/articles/dir%2Fe?q=угода"));
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["html"], "<mark>Угода</mark> без дати &amp; &lt;теги&gt;.");

    // Statistics, as `stats --format json`.
    let (_, st) = get_json(&server.url("/api/stats"));
    assert_eq!(st["articles"], 5);
    assert_eq!(st["installed"]["analyzer_matches"], true);

    // Exports: every hit, one per row or line, same order as the search.
    let (status, csv) = get(&server.url("/api/export?q=угода&format=csv&sort=date"));
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("id,date,source,title"), "{csv}");
    assert_eq!(rows.len(), 1 + 5, "{csv}");
    assert!(rows[1].starts_with("d,2025-02-02"), "{csv}");
    let (_, jsonl) = get(&server.url("/api/export?q=угода&format=jsonl"));
    let lines: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);

    // The page and its assets are served from the binary.
    let (status, html) = get(&server.url("/"));
    assert_eq!(status, 200);
    assert!(html.contains("/assets/app.js"));
    assert_eq!(get(&server.url("/assets/app.css")).0, 200);
    assert_eq!(get(&server.url("/assets/../Cargo.toml")).0, 404);
}

/// The status and the message of an error answer.
fn error(url: &str) -> (u16, String) {
    let (status, v) = get_json(url);
    assert_eq!(
        v["error"]["status"].as_u64(),
        Some(u64::from(status)),
        "{url}: {v}"
    );
    (status, v["error"]["message"].as_str().unwrap().to_string())
}

#[test]
fn errors_are_clear_4xx_answers() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let server = RunningServer::start(Path::new(&idx), &[]);

    let (status, v) = get_json(&server.url("/api/search?q=угода%20%22Китай"));
    assert_eq!(status, 400);
    assert!(
        v["error"]["message"].as_str().unwrap().starts_with("bad query"),
        "{v}"
    );
    assert_eq!(v["error"]["column"], 7);

    for (path, want) in [
        ("/api/search?q=угода&contry=KZ", "unknown parameter `contry`"),
        ("/api/search?q=угода&limit=1000", "`limit` is at most 100"),
        ("/api/search?q=угода&limit=ten", "`limit` must be a whole number"),
        ("/api/search?q=угода&offset=100000", "`offset` is at most"),
        ("/api/search?q=угода&sort=best", "`sort` is `relevance` or `date`"),
        ("/api/search?q=угода&from=2024-02-30", "`from`"),
        (
            "/api/search?q=угода&from=2025-01-01&to=2024-01-01",
            "the date range is empty",
        ),
        ("/api/search?country=Атлантида", "unknown country «Атлантида»"),
        ("/api/facets?q=угода", "`kind` is required"),
        ("/api/timeline?by=day", "`by` is one of year, month, week"),
        ("/api/attention?q=угода&share=yes", "`share` is one of 0, 1"),
        ("/api/attention?q=угода&vs=%22BYD", "«\"BYD»: bad query"),
        ("/api/export?format=xlsx", "`format` is one of csv, jsonl"),
        ("/api/search?q=уг*", "at least 3 letters before `*`"),
        ("/api/search?q=%22угода%20Китай%22~", "`~` needs a number"),
    ] {
        let (status, message) = error(&server.url(path));
        assert_eq!(status, 400, "{path}: {message}");
        assert!(message.contains(want), "{path}: {message}");
    }
    let long = format!("/api/search?q={}", "угода%20".repeat(300));
    let (status, message) = error(&server.url(&long));
    assert_eq!(status, 400);
    assert!(message.contains("the limit is 1000"), "{message}");
    let huge = format!("/api/search?q={}", "a".repeat(9000));
    assert_eq!(error(&server.url(&huge)).0, 414);
    assert_eq!(error(&server.url("/api/articles/nope")).0, 404);
    assert_eq!(error(&server.url("/etc/passwd")).0, 404);

    let mut post = agent().post(&server.url("/api/facets")).send("q=угода").unwrap();
    assert_eq!(post.status().as_u16(), 405);
    assert!(post.body_mut().read_to_string().unwrap().contains("only reads"));
    let big = agent()
        .get(&server.url("/api/search?q=угода"))
        .force_send_body()
        .send("x".repeat(5000))
        .unwrap();
    assert_eq!(big.status().as_u16(), 413);

    // A time limit nothing can meet: every computing request is answered 408.
    let strict = RunningServer::start(Path::new(&idx), &["--timeout", "0.000001"]);
    let (status, message) = error(&strict.url("/api/search?q=угода"));
    assert_eq!(status, 408);
    assert!(message.contains("limit"), "{message}");
}

#[test]
fn concurrent_clients_and_new_commits() {
    let dir = tempfile::tempdir().unwrap();
    let idx = index(dir.path());
    let server = RunningServer::start(Path::new(&idx), &[]);
    let url = server.url("/api/search?q=угода&limit=3");
    let (_, expected) = get_json(&url);
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                for _ in 0..15 {
                    let (status, mut v) = get_json(&url);
                    assert_eq!(status, 200);
                    v["took_ms"] = expected["took_ms"].clone();
                    assert_eq!(v, expected);
                }
            });
        }
    });

    // An indexing job commits a new article; the running server finds it without a restart.
    fs::write(
        dir.path().join("archive/more.jsonl"),
        r#"{"id":"f","date":"2025-03-03","title":"Нова угода","text":"Ще одна угода з Польщею."}"#,
    )
    .unwrap();
    ok(&litopys(&[
        "index",
        s(&dir.path().join("archive")),
        "--index",
        &idx,
        "--quiet",
    ]));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, v) = get_json(&server.url("/api/search?q=угода&limit=10"));
        if sorted_ids(&v).contains(&"f".to_string()) {
            assert_eq!(v["total"], 6);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the new commit: {v}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
