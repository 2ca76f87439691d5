//! End to end: `litopys search` on a real index that `litopys index` builds from a small
//! archive written here, with the tiny TSV lexicon (no real dictionary needed).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use crate::common::{litopys, litopys_with, ok, s, text};
use litopys_core::search::results::{Hit, SearchResults};

/// Our own sentences, one article per line.
const JSONL: &str = r#"{"id":"kz","title":"Казахстан поглиблює співпрацю з Китаєм","date":"2025-09-05","source":"Вісник економіки","url":"https://example.org/kz","text":"Уряд Казахстану підписав низку комерційних угод із партнерами. Експорт зерна до Китаю зріс удвічі.\n\nКомпанія Steppe Rail інвестує в нові термінали на кордоні."}
{"id":"grain","title":"Зерно для Польщі","date":"2021-06-17","source":"Агроогляд","text":"Фермери з України уклали угоду з польськими трейдерами. Частину зерна згодом продадуть Китаю через порти Балтики."}
{"id":"ev","title":"Електробуси BYD у Львові","date":"2023-03-07","source":"Портал Схід","text":"Місто отримало електробуси BYD, зібрані в Китаї. Компанія обіцяє сервіс і запчастини."}
{"id":"tesla","title":"Tesla відкриває сервіс","date":"2024-02-01","source":"Техносвіт","text":"Американська компанія Tesla відкрила сервісний центр у Польщі. Про Китай у заяві не йдеться."}
{"id":"china-title","title":"Китай і Європа","date":"2019-03-05","source":"Вісник економіки","text":"Оглядачі обговорили торгівлю між континентами та нові залізничні маршрути."}
"#;

/// An undated article: title line, blank line, body.
const UNDATED: &str =
    "Що таке комерційна угода\n\nПояснюємо, як компанії з України укладають угоди з партнерами з Китаю.\n";

/// The index of the archive above, built once per test binary.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-search-{}", std::process::id()));
        let archive = root.join("archive");
        std::fs::create_dir_all(archive.join("txt")).unwrap();
        std::fs::write(archive.join("news.jsonl"), JSONL).unwrap();
        std::fs::write(archive.join("txt/explainer.txt"), UNDATED).unwrap();
        let index = root.join("index");
        ok(&litopys(&["index", s(&archive), "--index", s(&index), "--quiet"]));
        index
    })
}

fn search(args: &[&str]) -> Output {
    let mut all = vec!["search", "--index", s(index())];
    all.extend_from_slice(args);
    litopys(&all)
}

fn json(args: &[&str]) -> SearchResults {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&search(&all))).expect("the JSON contract")
}

fn ids(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.header.id.as_str()).collect()
}

fn sorted_ids(args: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids(&json(args)).into_iter().map(String::from).collect();
    v.sort();
    v
}

/// The marked words of a hit: (headline, every snippet's).
fn marks(hit: &Hit) -> (Vec<&str>, Vec<&str>) {
    let title = hit.header.title.as_deref().unwrap_or("");
    let t = hit.title_highlights.iter().map(|&[a, b]| &title[a..b]).collect();
    let b = hit
        .snippets
        .iter()
        .flat_map(|sn| sn.highlights.iter().map(|&[a, b]| &sn.text[a..b]))
        .collect();
    (t, b)
}

fn hit<'a>(r: &'a SearchResults, id: &str) -> &'a Hit {
    r.hits
        .iter()
        .find(|h| h.header.id == id)
        .unwrap_or_else(|| panic!("{id} not in {:?}", ids(r)))
}

#[test]
fn inflected_forms_are_found_and_highlighted_exactly() {
    let r = json(&["Китай", "--limit", "all"]);
    assert_eq!(r.total, 6);
    assert_eq!(r.query, "Китай");
    let kz = hit(&r, "kz");
    assert_eq!(marks(kz), (vec!["Китаєм"], vec!["Китаю"]));
    assert_eq!(
        kz.title_html.as_deref(),
        Some("Казахстан поглиблює співпрацю з <mark>Китаєм</mark>")
    );
    assert!(kz.snippets[0].html.contains("<mark>Китаю</mark>"));
    assert_eq!(kz.header.date.unwrap().to_string(), "2025-09-05");
    assert_eq!(kz.header.url.as_deref(), Some("https://example.org/kz"));
    assert_eq!(marks(hit(&r, "ev")).1, ["Китаї"]);
    // A headline-only hit shows the opening of its body, unmarked.
    let t = hit(&r, "china-title");
    assert_eq!(marks(t), (vec!["Китай"], vec![]));
    assert!(t.snippets[0].text.starts_with("Оглядачі обговорили"));
    let undated = hit(&r, "txt/explainer.txt");
    assert_eq!(
        (undated.header.date, undated.header.source.as_deref()),
        (None, None)
    );
    // The headline weighs more: the two headline matches come first.
    let mut top2 = ids(&r)[..2].to_vec();
    top2.sort();
    assert_eq!(top2, ["china-title", "kz"]);
}

#[test]
fn the_query_language_works_end_to_end() {
    assert_eq!(sorted_ids(&["\"комерційна угода\""]), ["kz", "txt/explainer.txt"]);
    assert!(sorted_ids(&["\"угода комерційна\""]).is_empty());
    assert_eq!(sorted_ids(&["BYD OR Tesla"]), ["ev", "tesla"]);
    assert_eq!(
        sorted_ids(&["Китай -BYD NOT Tesla"]),
        ["china-title", "grain", "kz", "txt/explainer.txt"]
    );
    assert_eq!(sorted_ids(&["title:Китай"]), ["china-title", "kz"]);
    let exact = json(&["=Китаєм"]);
    assert_eq!(ids(&exact), ["kz"]);
    assert_eq!(marks(&exact.hits[0]), (vec!["Китаєм"], vec![]));
    // Several arguments are one query; all words are required.
    assert_eq!(sorted_ids(&["інвестувати", "Китай"]), ["kz"]);
    assert_eq!(marks(&json(&["інвестувати"]).hits[0]).1, ["інвестує"]);
}

#[test]
fn proximity_and_truncation_work_end_to_end() {
    // kz: «зерна до Китаю» (one word between); grain: «зерна згодом продадуть Китаю» (two).
    assert_eq!(sorted_ids(&["\"Китаю зерна\"~1"]), ["kz"]);
    assert_eq!(sorted_ids(&["\"Китаю зерна\"~2"]), ["grain", "kz"]);
    assert!(sorted_ids(&["\"Китаю зерна\""]).is_empty());
    let near = json(&["\"Китаю зерна\"~1"]);
    assert_eq!(marks(&near.hits[0]).1, ["зерна", "Китаю"]);

    // комерц* reaches «комерційних» and «комерційна»; the marks are the forms found.
    assert_eq!(sorted_ids(&["комерц*"]), ["kz", "txt/explainer.txt"]);
    let truncated = json(&["комерц*", "--limit", "all"]);
    assert_eq!(marks(hit(&truncated, "kz")).1, ["комерційних"]);
    assert_eq!(marks(hit(&truncated, "txt/explainer.txt")).0, ["комерційна"]);
    assert_eq!(sorted_ids(&["title:комерц*"]), ["txt/explainer.txt"]);

    let short = search(&["Китай", "ко*"]);
    assert_eq!(short.status.code(), Some(2));
    let err = text(&short.stderr);
    assert!(
        err.contains("`ко*`: a truncated word needs at least 3 letters before `*` (at character 7)"),
        "{err}"
    );
    let wide = search(&["\"Китаю зерна\"~500"]);
    assert_eq!(wide.status.code(), Some(2));
    assert!(
        text(&wide.stderr).contains("too wide: at most ~100"),
        "{}",
        text(&wide.stderr)
    );
}

#[test]
fn dates_sources_order_and_paging() {
    let range = sorted_ids(&["Китай", "--from", "2021-06-17", "--to", "2023-03-07"]);
    assert_eq!(range, ["ev", "grain"]);
    let by_date = json(&["Китай", "--sort", "date", "--limit", "all"]);
    let newest_first = ["kz", "tesla", "ev", "grain", "china-title", "txt/explainer.txt"];
    assert_eq!(ids(&by_date), newest_first);
    let page = json(&["Китай", "--sort", "date", "--limit", "2", "--offset", "1"]);
    assert_eq!((page.total, ids(&page)), (6, vec!["tesla", "ev"]));
    assert_eq!(json(&["Китай", "--limit", "1"]).hits.len(), 1);
    let sources = ["Китай", "--source", "Агроогляд", "--source", "Техносвіт"];
    assert_eq!(sorted_ids(&sources), ["grain", "tesla"]);
    let header = ok(&search(&[
        "Китай",
        "--sort",
        "date",
        "--limit",
        "2",
        "--offset",
        "1",
    ]));
    assert!(
        header.starts_with("6 articles match «Китай» (shown 2–3, "),
        "{header}"
    );
}

#[test]
fn every_format_parses() {
    let text_out = ok(&search(&["Китай", "--color", "never"]));
    assert!(
        text_out.contains("Казахстан поглиблює співпрацю з Китаєм"),
        "{text_out}"
    );
    assert!(
        text_out.contains("2025-09-05 · Вісник економіки · "),
        "{text_out}"
    );
    assert!(!text_out.contains('\x1b'));
    let colored = ok(&search(&["Китай", "--color", "always"]));
    assert!(colored.contains("\x1b[1;31mКитаєм\x1b[0m"), "{colored}");

    let lines = ok(&search(&["Китай", "--format", "jsonl", "--limit", "all"]));
    let hits: Vec<Hit> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 6);

    let csv_out = ok(&search(&["Китай", "--format", "csv", "--limit", "all"]));
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["id", "date", "source", "title", "score", "url", "language", "path", "snippet"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let kz = rows.iter().find(|r| &r[0] == "kz").unwrap();
    assert_eq!((&kz[1], &kz[2]), ("2025-09-05", "Вісник економіки"));
    assert!(kz[8].contains("Китаю") && kz[4].parse::<f32>().unwrap() > 0.0);
}

#[test]
fn bad_input_exits_2_and_no_hits_exit_0() {
    let bad = search(&["угода \"Китай"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = text(&bad.stderr);
    assert!(
        err.contains("bad query: this quote is never closed (at character 7)\n  угода \"Китай\n        ^"),
        "{err}"
    );
    for dates in [["--from", "2024-13-01"], ["--to", "2024-1-5"]] {
        let out = search(&["Китай", dates[0], dates[1]]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(dates[1]), "{}", text(&out.stderr));
    }
    let reversed = search(&["Китай", "--from", "2024-02-01", "--to", "2024-01-01"]);
    assert_eq!(reversed.status.code(), Some(2));
    assert_eq!(search(&["Китай", "--limit", "some"]).status.code(), Some(2));

    let none = search(&["Японія"]);
    assert_eq!(ok(&none), "");
    assert!(text(&none.stderr).contains("no articles match «Японія»"));
    let none = json(&["Японія"]);
    assert_eq!((none.total, none.hits.len()), (0, 0));
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = litopys(&["search", "Китай", "--index", s(&dir.path().join("nothing"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("litopys index"),
        "{}",
        text(&out.stderr)
    );
}

/// The seed article with the real dictionary: runs only where both exist.
#[test]
fn the_seed_article_with_the_real_lexicon() {
    let lexicon = std::env::var_os("LITOPYS_LEXICON").map(PathBuf::from);
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seed");
    let available = lexicon.as_ref().is_some_and(|l| l.is_file()) && seed.is_dir();
    if !available {
        assert!(
            std::env::var("LITOPYS_REQUIRE_LEXICON").as_deref() != Ok("1"),
            "LITOPYS_REQUIRE_LEXICON=1 but LITOPYS_LEXICON or {} is missing",
            seed.display()
        );
        eprintln!("skipped: no real lexicon");
        return;
    }
    let lexicon = lexicon.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ok(&litopys_with(
        &lexicon,
        None,
        &["index", s(&seed), "--index", s(&index), "--quiet"],
    ));
    let run = |q: &str| -> Hit {
        let out = litopys_with(
            &lexicon,
            None,
            &["search", q, "--index", s(&index), "--format", "json"],
        );
        let r: SearchResults = serde_json::from_str(&ok(&out)).unwrap();
        assert_eq!(r.total, 1, "{q}");
        r.hits.into_iter().next().unwrap()
    };
    let china = run("Китай");
    let (title, body) = marks(&china);
    assert!(title.contains(&"Китаєм"), "{title:?}");
    assert!(body.contains(&"Китаю"), "{body:?}");
    let deal = run("комерційна угода");
    let (_, body) = marks(&deal);
    assert!(body.windows(2).any(|w| w == ["комерційних", "угод"]), "{body:?}");
    assert!(marks(&run("інвестувати")).1.contains(&"інвестує"));
    let phrase = run("\"Транскаспійський міжнародний транспортний маршрут\"");
    let words = ["Транскаспійського", "міжнародного", "транспортного", "маршруту"];
    let (_, body) = marks(&phrase);
    assert!(body.windows(4).any(|w| w == words), "{body:?}");
    // Each highlighted word of the phrase is adjacent in the snippet text.
    let sn = &phrase.snippets[0];
    assert!(sn.text.contains(&words.join(" ")), "{}", sn.text);
}
