//! End to end: stories, not copies. An archive with planted reprints (paragraphs
//! reordered, a line added, another outlet and a later day, as outlets edit agency copy)
//! is indexed; `search --collapse` shows one hit per story (its earliest article, "and N
//! more"), `--story` lists a story's articles, `--count stories` counts stories in
//! timelines and facets, and a later incremental run puts a new reprint into the story
//! of an article indexed before. The threshold is fixed at build time.

use std::path::Path;

use serde_json::Value;

use crate::common::server::RunningServer;
use crate::common::{facet_counts, litopys, ok, s, text, Rng};

const SYLLABLES: [&str; 24] = [
    "ва", "ко", "ли", "ну", "ре", "са", "ти", "мо", "до", "зе", "пі", "ха", "бу", "че", "ги", "ля", "ро",
    "ме", "ні", "шу", "жа", "фо", "ци", "ю",
];

/// A pseudo-word of two or three syllables: a vocabulary of thousands, so unrelated texts
/// share few 4-word shingles.
fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize])
        .collect()
}

/// Four paragraphs of 30 words each, every one with the word «маркер» (so one query
/// finds every article).
fn body(rng: &mut Rng) -> Vec<String> {
    (0..4)
        .map(|_| {
            let mut words: Vec<String> = (0..30).map(|_| word(rng)).collect();
            words.push("маркер".into());
            words.join(" ") + "."
        })
        .collect()
}

/// The reprint `k` of an article: its paragraphs rotated by `k + 1`, a line added.
fn reprint(paragraphs: &[String], k: usize) -> String {
    let mut p = paragraphs.to_vec();
    p.rotate_left(k + 1);
    p.push("Про це повідомило джерело редакції.".into());
    p.join("\n\n")
}

fn line(id: &str, date: &str, source: &str, text: &str) -> String {
    serde_json::json!({"id": id, "title": format!("Новина {id}"), "date": date, "source": source, "text": text})
        .to_string()
}

/// 30 originals on the 10th of a month; the first 10 each reprinted twice, later and
/// elsewhere (the reprints come first in the file: the earliest article is shown, not
/// the first indexed). Returns the originals' paragraphs.
fn write_archive(dir: &Path) -> Vec<Vec<String>> {
    let mut rng = Rng(0x5eed_0f57);
    let originals: Vec<Vec<String>> = (0..30).map(|_| body(&mut rng)).collect();
    let mut lines = Vec::new();
    for (i, p) in originals.iter().enumerate().take(10) {
        for k in 0..2 {
            lines.push(line(
                &format!("r{i}-{k}"),
                "2024-05-12",
                "Передрук",
                &reprint(p, k),
            ));
        }
    }
    for (i, p) in originals.iter().enumerate() {
        lines.push(line(&format!("o{i}"), "2024-05-10", "Агенція", &p.join("\n\n")));
    }
    std::fs::write(dir.join("news.jsonl"), lines.join("\n") + "\n").unwrap();
    originals
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&litopys(&all))).expect("JSON")
}

/// Every story of the archive, collapsed.
fn collapsed(ix: &str) -> Value {
    json(&[
        "search",
        "маркер",
        "--index",
        ix,
        "--collapse",
        "--limit",
        "all",
        "--facets",
        "0",
    ])
}

#[test]
fn reprints_collapse_into_stories_counted_once_and_found_again_by_later_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let originals = write_archive(&archive);
    let index = tmp.path().join("index");
    ok(&litopys(&["index", s(&archive), "--index", s(&index), "--quiet"]));
    let ix = s(&index);

    let all = collapsed(ix);
    assert_eq!(all["total"], 50);
    assert_eq!(all["stories"], 30, "30 stories: 10 with two reprints, 20 alone");
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 30);
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        assert!(
            id.starts_with('o'),
            "the earliest article stands for its story: {id}"
        );
        let n: usize = id[1..].parse().unwrap();
        let want = if n < 10 { 3 } else { 1 };
        assert_eq!(hit["story_articles"], want, "{id}");
    }

    // The story of o3 lists o3 and its two reprints, and nothing else.
    let o3 = hits.iter().find(|h| h["id"] == "o3").unwrap();
    let story = o3["story"].as_str().unwrap();
    let members = json(&["search", "маркер", "--index", ix, "--story", story]);
    let mut ids: Vec<&str> = members["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["o3", "r3-0", "r3-1"]);

    // Text output says so, with the way to list them.
    let out = ok(&litopys(&[
        "search",
        "маркер",
        "--index",
        ix,
        "--collapse",
        "--limit",
        "30",
        "--facets",
        "0",
    ]));
    assert!(
        out.starts_with("50 articles match «маркер» in 30 stories"),
        "{out}"
    );
    assert!(
        out.contains(&format!("and 2 more articles of this story: --story {story}")),
        "{out}"
    );

    // Counting stories: one bar for May, 30 stories in all; sources count stories too.
    let t = json(&["timeline", "маркер", "--index", ix, "--count", "stories"]);
    assert_eq!(t["total"], 30);
    assert_eq!(t["count"], "stories");
    assert_eq!(t["buckets"][0]["count"], 30);
    let t = json(&["timeline", "маркер", "--index", ix]);
    assert_eq!(t["buckets"][0]["count"], 50);
    let f = json(&["facets", "source", "маркер", "--index", ix, "--count", "stories"]);
    let values = facet_counts(&f);
    assert_eq!(
        values,
        [("Агенція".to_string(), 30), ("Передрук".to_string(), 10)],
        "{f}"
    );

    // By month too: the 20 reprints are 10 stories in May.
    let by = |count: &str| -> Value {
        let f = json(&[
            "facets",
            "source",
            "маркер",
            "--index",
            ix,
            "--count",
            count,
            "--by",
            "month",
        ]);
        let values = f["values"].as_array().unwrap().clone();
        values.into_iter().find(|v| v["name"] == "Передрук").unwrap()["series"].clone()
    };
    assert_eq!(
        by("stories"),
        serde_json::json!([{"period": "2024-05", "count": 10}])
    );
    assert_eq!(
        by("articles"),
        serde_json::json!([{"period": "2024-05", "count": 20}])
    );

    // The API answers the same: collapse=1, story=, count=stories; a bad id is a 400.
    let server = RunningServer::start(&index, &[]);
    let api = |q: &str| -> (u16, Value) {
        let mut response = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent()
            .get(&server.url(q))
            .call()
            .expect("HTTP");
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap();
        (
            status,
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}")),
        )
    };
    let marker = "%D0%BC%D0%B0%D1%80%D0%BA%D0%B5%D1%80";
    let (status, v) = api(&format!("/api/search?q={marker}&collapse=1&limit=50&facets=0"));
    assert_eq!(status, 200, "{v}");
    assert_eq!((v["total"].as_u64(), v["stories"].as_u64()), (Some(50), Some(30)));
    assert_eq!(v["hits"].as_array().unwrap().len(), 30);
    let (_, v) = api(&format!("/api/search?q={marker}&story={story}&limit=50&facets=0"));
    assert_eq!(v["total"], 3);
    let (_, v) = api(&format!("/api/timeline?q={marker}&count=stories"));
    assert_eq!(v["total"], 30, "{v}");
    let (status, v) = api(&format!("/api/search?q={marker}&story=zz"));
    assert_eq!(status, 400, "{v}");
    let (status, _) = api(&format!("/api/search?q={marker}&collapse=yes"));
    assert_eq!(status, 400);
    drop(server);

    // A later run: a new reprint of o20 joins o20's story; a new article starts its own.
    let mut rng = Rng(99);
    let fresh = body(&mut rng).join("\n\n");
    std::fs::write(
        archive.join("later.jsonl"),
        [
            line("late-20", "2024-06-01", "Пізно", &reprint(&originals[20], 1)),
            line("new", "2024-06-01", "Пізно", &fresh),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    ok(&litopys(&["index", s(&archive), "--index", ix, "--quiet"]));
    let all = collapsed(ix);
    assert_eq!(
        (all["total"].as_u64(), all["stories"].as_u64()),
        (Some(52), Some(31))
    );
    let every = json(&[
        "search",
        "маркер",
        "--index",
        ix,
        "--limit",
        "all",
        "--facets",
        "0",
    ]);
    let story_of = |id: &str| -> String {
        let hits = every["hits"].as_array().unwrap();
        let hit = hits
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        hit["story"].as_str().unwrap().to_string()
    };
    assert_eq!(story_of("late-20"), story_of("o20"));
    assert_ne!(story_of("new"), story_of("o20"));

    // Another threshold needs a rebuild, and says so; with --rebuild it is taken.
    let at_09 = |extra: &[&str]| {
        let mut args = vec![
            "index",
            s(&archive),
            "--index",
            ix,
            "--quiet",
            "--story-threshold",
            "0.9",
        ];
        args.extend_from_slice(extra);
        litopys(&args)
    };
    let refused = at_09(&[]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("--rebuild"),
        "{}",
        text(&refused.stderr)
    );
    ok(&at_09(&["--rebuild"]));
    let bad = litopys(&["search", "маркер", "--index", ix, "--story", "не-id"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(text(&bad.stderr).contains("story id"), "{}", text(&bad.stderr));
}
