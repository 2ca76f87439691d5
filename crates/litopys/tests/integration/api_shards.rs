//! Two shards served over HTTP answer as one index: what a coordinator of shards does,
//! done by hand against real `litopys serve` processes. The sample corpus is indexed
//! whole and in two parts (JSON Lines apart from every other format); for each query the
//! shards' `/api/termstats` are summed, each shard is searched with the sum as `stats`
//! and with every facet value (`facets=all`), and the merge by (score, id) must give the
//! one index's totals, page (ids and scores), facet counts and monthly timeline. Runs with
//! the tiny test lexicon.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::server::RunningServer;
use crate::common::{litopys, ok, s, sample_corpus};
use serde_json::{json, Value};

fn get_json(url: &str) -> Value {
    let mut response = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(url)
        .call()
        .expect("HTTP request");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().expect("body");
    assert_eq!(status, 200, "{url}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// `key=value&…`, percent-encoded.
fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The sum of the shards' statistics, as a coordinator adds them.
fn summed_statistics(shards: &[RunningServer], params: &[(&str, String)]) -> Value {
    let mut docs = 0;
    let mut tokens: BTreeMap<String, u64> = BTreeMap::new();
    let mut terms: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for shard in shards {
        let st = get_json(&shard.url(&format!("/api/termstats?{}", query_string(params))));
        docs += st["docs"].as_u64().unwrap();
        for (field, n) in st["tokens"].as_object().unwrap() {
            *tokens.entry(field.clone()).or_default() += n.as_u64().unwrap();
        }
        for (field, by_term) in st["terms"].as_object().unwrap() {
            for (term, n) in by_term.as_object().unwrap() {
                *terms
                    .entry(field.clone())
                    .or_default()
                    .entry(term.clone())
                    .or_default() += n.as_u64().unwrap();
            }
        }
    }
    json!({ "docs": docs, "tokens": tokens, "terms": terms })
}

/// (name, count) of one facet list, by name.
fn facet_map(list: &Value) -> BTreeMap<String, u64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// (period, count) of a timeline's non-empty buckets.
fn timeline_map(timeline: &Value) -> BTreeMap<String, u64> {
    timeline["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["count"].as_u64().unwrap() > 0)
        .map(|b| {
            (
                b["period"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A sorted hit: (day, score, id).
type Ranked = (Option<String>, f64, String);

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn index(dir: &Path, name: &str, paths: &[&Path]) -> std::path::PathBuf {
    let out = dir.join(name);
    let mut args = vec!["index"];
    args.extend(paths.iter().map(|p| s(p)));
    args.extend(["--index", s(&out), "--quiet"]);
    ok(&litopys(&args));
    out
}

/// The sample corpus in two parts under `dir`: its JSON Lines, and every other format.
/// Each part is a folder of the corpus's own folders, so that articles whose id is their
/// path (`txt/2019/…`) get the same id as in the whole.
fn split_corpus(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = sample_corpus();
    let (part_a, part_b) = (dir.join("a"), dir.join("b"));
    copy_tree(&corpus.join("jsonl"), &part_a.join("jsonl"));
    for d in ["csv", "html", "json", "parquet", "txt", "warc"] {
        copy_tree(&corpus.join(d), &part_b.join(d));
    }
    (part_a, part_b)
}

#[test]
fn two_shards_with_summed_statistics_answer_as_one_index() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = sample_corpus();
    let (part_a, part_b) = split_corpus(dir.path());
    let whole = index(dir.path(), "whole", &[&corpus]);
    let first = index(dir.path(), "jsonl", &[&part_a]);
    let second = index(dir.path(), "others", &[&part_b]);
    let one = RunningServer::start(&whole, &[]);
    let shards = [
        RunningServer::start(&first, &[]),
        RunningServer::start(&second, &[]),
    ];

    let mut compared = 0;
    let queries = ["Китай", "угода", "України OR Китаю", "Київ -Китай", ""];
    for q in queries {
        for sort in ["relevance", "date"] {
            for (offset, limit) in [(0usize, 10usize), (2, 3)] {
                let base = vec![("q", q.to_string()), ("sort", sort.to_string())];
                let what = format!("q={q} sort={sort} offset={offset}");
                let mut asked = base.clone();
                asked.extend([
                    ("offset", offset.to_string()),
                    ("limit", limit.to_string()),
                    ("facets", "all".to_string()),
                ]);
                let expected = get_json(&one.url(&format!("/api/search?{}", query_string(&asked))));

                let stats = summed_statistics(&shards, &base[..1]);
                let mut total = 0;
                let mut hits: Vec<Ranked> = Vec::new();
                let mut companies: BTreeMap<String, u64> = BTreeMap::new();
                let mut countries: BTreeMap<String, u64> = BTreeMap::new();
                for shard in &shards {
                    let mut per_shard = base.clone();
                    per_shard.extend([
                        ("offset", "0".to_string()),
                        ("limit", (offset + limit).to_string()),
                        ("facets", "all".to_string()),
                        ("stats", stats.to_string()),
                    ]);
                    let answer = get_json(&shard.url(&format!("/api/search?{}", query_string(&per_shard))));
                    total += answer["total"].as_u64().unwrap();
                    for h in answer["hits"].as_array().unwrap() {
                        hits.push((
                            h["date"].as_str().map(str::to_string),
                            h["score"].as_f64().unwrap(),
                            h["id"].as_str().unwrap().to_string(),
                        ));
                    }
                    for (name, n) in facet_map(&answer["facets"]["company"]) {
                        *companies.entry(name).or_default() += n;
                    }
                    for (name, n) in facet_map(&answer["facets"]["country"]) {
                        *countries.entry(name).or_default() += n;
                    }
                }
                hits.sort_by(|a, b| {
                    let by_day = if sort == "date" {
                        b.0.cmp(&a.0)
                    } else {
                        std::cmp::Ordering::Equal
                    };
                    by_day.then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
                });
                let page: Vec<(f64, String)> = hits
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|(_, score, id)| (score, id))
                    .collect();
                let want: Vec<(f64, String)> = expected["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| {
                        (
                            h["score"].as_f64().unwrap(),
                            h["id"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                assert_eq!(total, expected["total"].as_u64().unwrap(), "{what}");
                assert_eq!(page, want, "{what}");
                assert_eq!(companies, facet_map(&expected["facets"]["company"]), "{what}");
                assert_eq!(countries, facet_map(&expected["facets"]["country"]), "{what}");
                compared += page.len();
            }
        }
        let timeline = format!(
            "/api/timeline?{}",
            query_string(&[("q", q.to_string()), ("by", "month".into())])
        );
        let mut summed: BTreeMap<String, u64> = BTreeMap::new();
        for shard in &shards {
            for (period, n) in timeline_map(&get_json(&shard.url(&timeline))) {
                *summed.entry(period).or_default() += n;
            }
        }
        assert_eq!(
            summed,
            timeline_map(&get_json(&one.url(&timeline))),
            "timeline of {q}"
        );
    }
    assert!(compared > 40, "too few hits compared: {compared}");
}

#[test]
fn statistics_that_do_not_parse_are_a_bad_request() {
    let dir = tempfile::tempdir().unwrap();
    let whole = index(dir.path(), "whole", &[&sample_corpus().join("jsonl")]);
    let server = RunningServer::start(&whole, &[]);
    let mut response = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(&server.url("/api/search?q=Китай&stats=%7Bdocs"))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body = response.body_mut().read_to_string().unwrap();
    assert!(body.contains("termstats"), "{body}");
}

fn post_json(url: &str, body: &str) -> (u16, String) {
    let mut response = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body)
        .expect("HTTP request");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().expect("body"))
}

/// (score, id) of `/api/terms/ranks`.
fn ranks(answer: &Value) -> Vec<(f64, String)> {
    answer["ranks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["score"].as_f64().unwrap(),
                r["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn significant_terms_parts_of_two_shards_add_up_to_one_index() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = sample_corpus();
    let (part_a, part_b) = split_corpus(dir.path());
    let one = RunningServer::start(&index(dir.path(), "whole", &[&corpus]), &[]);
    let shards = [
        RunningServer::start(&index(dir.path(), "jsonl", &[&part_a]), &[]),
        RunningServer::start(&index(dir.path(), "others", &[&part_b]), &[]),
    ];
    let mut cut_across = false;
    for q in ["Китай", "угода", ""] {
        for sample in [5usize, 500] {
            let what = format!("q={q} sample={sample}");
            let stats = summed_statistics(&shards, &[("q", q.to_string())]);
            let asked = |n: usize| {
                query_string(&[
                    ("q", q.to_string()),
                    ("sample", n.to_string()),
                    ("stats", stats.to_string()),
                ])
            };
            // The sample: the shards' best articles merged by (score, id), cut.
            let whole_ranks = get_json(&one.url(&format!("/api/terms/ranks?{}", asked(sample))));
            let mut merged: Vec<(f64, String, usize)> = Vec::new();
            for (i, shard) in shards.iter().enumerate() {
                let part = get_json(&shard.url(&format!("/api/terms/ranks?{}", asked(sample))));
                merged.extend(ranks(&part).into_iter().map(|(score, id)| (score, id, i)));
            }
            merged.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            merged.truncate(sample);
            let cut: Vec<(f64, String)> = merged.iter().map(|(s, id, _)| (*s, id.clone())).collect();
            assert_eq!(cut, ranks(&whole_ranks), "{what}");
            // Each shard counts its part; the sums are the whole sample's counts.
            let whole = get_json(&one.url(&format!("/api/terms/counts?{}", asked(sample))));
            let mut words: BTreeMap<String, (u64, BTreeMap<String, u64>)> = BTreeMap::new();
            let mut entity_words: std::collections::BTreeSet<String> = Default::default();
            let mut sampled = 0;
            for (i, shard) in shards.iter().enumerate() {
                let n = merged.iter().filter(|m| m.2 == i).count();
                cut_across |= n > 0 && n < merged.len();
                if n == 0 {
                    continue;
                }
                let part = get_json(&shard.url(&format!("/api/terms/counts?{}", asked(n))));
                sampled += part["sample"].as_u64().unwrap();
                for (key, c) in part["words"].as_object().unwrap() {
                    let mine = words.entry(key.clone()).or_default();
                    mine.0 += c["docs"].as_u64().unwrap();
                    for (form, k) in c["forms"].as_object().unwrap() {
                        *mine.1.entry(form.clone()).or_default() += k.as_u64().unwrap();
                    }
                }
                for w in part["entity_words"].as_array().unwrap() {
                    entity_words.insert(w.as_str().unwrap().to_string());
                }
            }
            let want: BTreeMap<String, (u64, BTreeMap<String, u64>)> = whole["words"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(key, c)| {
                    let forms = c["forms"]
                        .as_object()
                        .unwrap()
                        .iter()
                        .map(|(f, k)| (f.clone(), k.as_u64().unwrap()))
                        .collect();
                    (key.clone(), (c["docs"].as_u64().unwrap(), forms))
                })
                .collect();
            assert_eq!(sampled, whole["sample"].as_u64().unwrap(), "{what}");
            assert_eq!(words, want, "{what}");
            let want_entity_words: std::collections::BTreeSet<String> = whole["entity_words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap().to_string())
                .collect();
            assert_eq!(entity_words, want_entity_words, "{what}");
            // The archive's frequencies of the sample's words: sums over the shards.
            let keys: Vec<&String> = want.keys().take(200).collect();
            let body = json!({ "body": keys, "country": ["CN|Китай"], "company": ["BYD"] }).to_string();
            let (status, whole_freq) = post_json(&one.url("/api/terms/frequencies"), &body);
            assert_eq!(status, 200, "{whole_freq}");
            let whole_freq: Value = serde_json::from_str(&whole_freq).unwrap();
            let mut docs = 0;
            let mut summed: BTreeMap<(String, String), u64> = BTreeMap::new();
            for shard in &shards {
                let (status, part) = post_json(&shard.url("/api/terms/frequencies"), &body);
                assert_eq!(status, 200, "{part}");
                let part: Value = serde_json::from_str(&part).unwrap();
                docs += part["docs"].as_u64().unwrap();
                for (field, by_term) in part["terms"].as_object().unwrap() {
                    for (term, n) in by_term.as_object().unwrap() {
                        *summed.entry((field.clone(), term.clone())).or_default() += n.as_u64().unwrap();
                    }
                }
            }
            assert_eq!(docs, whole_freq["docs"].as_u64().unwrap());
            for ((field, term), n) in &summed {
                assert_eq!(
                    *n,
                    whole_freq["terms"][field][term].as_u64().unwrap(),
                    "{field} {term}"
                );
            }
            assert!(summed[&("country".to_string(), "CN|Китай".to_string())] > 0);
        }
    }
    assert!(
        cut_across,
        "no sample was split between the shards: the cut was not tested"
    );
}

#[test]
fn only_a_coordinators_requests_take_a_body_and_it_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start(
        &index(dir.path(), "whole", &[&sample_corpus().join("jsonl")]),
        &[],
    );
    let (status, body) = post_json(&server.url("/api/facets?kind=country"), "{}");
    assert_eq!(status, 405, "{body}");
    // The statistics of a long query as the body: the same answer as in the URL.
    let q = "Китай OR угода OR кукурудза";
    let stats = get_json(&server.url(&format!(
        "/api/termstats?{}",
        query_string(&[("q", q.to_string())])
    )));
    let in_url = get_json(&server.url(&format!(
        "/api/search?{}",
        query_string(&[("q", q.to_string()), ("stats", stats.to_string())])
    )));
    let path = format!("/api/search?{}", query_string(&[("q", q.to_string())]));
    let (status, posted) = post_json(&server.url(&path), &stats.to_string());
    assert_eq!(status, 200, "{posted}");
    let posted: Value = serde_json::from_str(&posted).unwrap();
    assert_eq!(posted["hits"], in_url["hits"]);
    assert!(in_url["total"].as_u64().unwrap() > 0);
    let both = format!(
        "/api/search?{}",
        query_string(&[("q", q.to_string()), ("stats", stats.to_string())])
    );
    let (status, body) = post_json(&server.url(&both), &stats.to_string());
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("twice"), "{body}");
    let (status, body) = post_json(&server.url("/api/terms/frequencies"), r#"{"title": ["китай"]}"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("body, country, company"), "{body}");
    let (status, body) = post_json(&server.url("/api/terms/frequencies"), "[not json");
    assert_eq!(status, 400, "{body}");
    // Refused by its announced length, before any of it is read (a raw request: a client
    // library would still be sending when the answer comes).
    let address = server
        .url("")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let head = format!(
        "POST /api/terms/frequencies HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        3 << 20
    );
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("2097152 bytes"), "{answer}");
}
