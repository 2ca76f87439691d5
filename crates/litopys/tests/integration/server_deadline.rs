//! The request time limit bounds the work, not only the answer: a query too costly for
//! `--timeout` is answered 408 with a JSON reason, and its computation stops, so that
//! the next normal request finds the server's permits free and answers at once.

use std::path::Path;
use std::time::Duration;

use crate::common::server::RunningServer;
use crate::common::{litopys, ok, s, Rng};

/// Made-up six-letter words: a vocabulary every article draws from, so that an OR of
/// many of them matches every article many times over (the costliest kind of query).
fn vocabulary() -> Vec<String> {
    let syllables = ["ба", "ве", "гі", "до", "жу", "за", "ки", "ло", "ми", "но"];
    let mut words = Vec::new();
    for a in syllables {
        for b in syllables {
            words.push(format!("{a}{b}ра"));
        }
    }
    words
}

/// 20,000 articles of 60 words each, indexed with the tiny lexicon.
fn big_index(dir: &Path, words: &[String]) -> String {
    let mut rng = Rng(0x5eed_f4ce);
    let mut pick = |n: usize| {
        (0..n)
            .map(|_| words[rng.below(words.len() as u64) as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lines: Vec<String> = (0..20_000)
        .map(|i| {
            serde_json::json!({
                "id": format!("d{i}"),
                "date": format!("20{:02}-0{}-1{}", 10 + i % 14, 1 + i % 9, i % 9),
                "title": pick(5),
                "text": pick(60),
            })
            .to_string()
        })
        .collect();
    let archive = dir.join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::write(archive.join("news.jsonl"), lines.join("\n")).unwrap();
    let idx = dir.join("idx");
    ok(&litopys(&["index", s(&archive), "--index", s(&idx), "--quiet"]));
    idx.display().to_string()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// The status and body of a GET.
fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().expect("request");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}

fn encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn a_query_over_the_time_limit_is_answered_408_and_stops_computing() {
    let dir = tempfile::tempdir().unwrap();
    let words = vocabulary();
    let idx = big_index(dir.path(), &words);
    let costly = words[..95].join(" OR ");
    assert!(costly.chars().count() <= 1_000, "within the query length limit");
    let costly = format!("/api/search?q={}&facets=100", encode(&costly));
    let normal = format!("/api/search?q={}&limit=1&facets=0", encode(&words[7]));

    // Without a tight limit the costly query answers: it is costly, not wrong.
    let server = RunningServer::start(Path::new(&idx), &[]);
    let (status, body) = get(&server.url(&costly));
    assert_eq!(status, 200, "{body}");
    drop(server);

    let server = RunningServer::start(Path::new(&idx), &["--timeout", "0.01"]);
    // Warm the page cache and the reader, so that the normal request is fast.
    let _ = get(&server.url(&normal));
    // More costly requests at once than the server computes at once (twice the cores):
    // had their work gone on after the 408, it would hold every permit for a while.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let answers: Vec<(u16, String)> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..4 * cores)
            .map(|_| scope.spawn(|| get(&server.url(&costly))))
            .collect();
        running.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for (status, body) in &answers {
        assert_eq!(*status, 408, "{body}");
        let json: serde_json::Value = serde_json::from_str(body).expect("a JSON reason");
        let message = json["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("0.01 s limit"), "{body}");
    }
    // The next normal request answers (a few tries: a busy machine may make one late).
    let statuses: Vec<u16> = (0..3).map(|_| get(&server.url(&normal)).0).collect();
    assert!(
        statuses.contains(&200),
        "normal requests after the 408s: {statuses:?}"
    );
}
