//! End to end: `litopys index --shard-by month|year|hash:N` — the shard folders and
//! `shards.json`, every article in exactly one shard, the shards' hits together equal to
//! one plain index's, reruns that touch only the shards whose articles changed, and the
//! refusals (bad keys, another key, plain and sharded folders mixed up). Tiny lexicon.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::common::{litopys, ok, s, text};
use serde_json::{json, Value};

/// One dated (or undated) article as a JSON Lines record.
fn record(id: &str, date: Option<&str>, body: &str) -> Value {
    let mut v = json!({"id": id, "title": format!("Новина {id}"), "text": body});
    if let Some(d) = date {
        v["date"] = json!(d);
    }
    v
}

fn write_lines(path: &Path, records: &[Value]) {
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// `a.jsonl` spans three months; `b.jsonl` has February and an undated article;
/// `c.json` one March article.
fn a_records() -> Vec<Value> {
    vec![
        record("a1", Some("2024-01-03"), "Угода з Китаєм про зерно."),
        record("a2", Some("2024-01-28"), "Україна експортує зерно."),
        record("a3", Some("2024-02-10"), "Китай купує кукурудзу."),
        record("a4", Some("2024-03-15"), "Нова угода з Польщею."),
    ]
}

fn b_records(b1: &str) -> Vec<Value> {
    vec![
        record("b1", Some("2024-02-01"), b1),
        record("b2", Some("2024-02-29"), "Компанія інвестує в Китаї."),
        record("b3", None, "Стаття без дати про Китай."),
    ]
}

fn corpus(dir: &Path) -> PathBuf {
    let archive = dir.join("archive");
    fs::create_dir_all(&archive).unwrap();
    write_lines(&archive.join("a.jsonl"), &a_records());
    write_lines(&archive.join("b.jsonl"), &b_records("Ціни на зерно."));
    let c = json!([record("c1", Some("2024-03-02"), "Китаю потрібне зерно.")]);
    fs::write(archive.join("c.json"), c.to_string()).unwrap();
    archive
}

/// `litopys index ARCHIVE --index DIR --shard-by KEY --report …`: stdout and the report.
fn index_sharded(archive: &Path, dir: &Path, key: &str) -> (String, Value) {
    let report = dir.with_extension("report.json");
    let out = ok(&litopys(&[
        "index",
        s(archive),
        "--index",
        s(dir),
        "--shard-by",
        key,
        "--report",
        s(&report),
    ]));
    (out, serde_json::from_slice(&fs::read(&report).unwrap()).unwrap())
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_slice(&fs::read(dir.join("shards.json")).unwrap()).unwrap()
}

/// The ids `search QUERY` finds in one index folder.
fn ids(index: &Path, query: &str) -> BTreeSet<String> {
    let out = ok(&litopys(&[
        "search",
        query,
        "--index",
        s(index),
        "--format",
        "json",
        "--limit",
        "100",
    ]));
    let v: Value = serde_json::from_str(&out).unwrap();
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// The shard folders under `dir`, by name.
fn shard_folders(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every file under `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), e.metadata().unwrap().modified().unwrap());
            }
        }
    }
    out
}

/// The status of each shard in a report, by name.
fn statuses(report: &Value) -> BTreeMap<String, String> {
    report["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            (name, s["status"].as_str().unwrap().to_string())
        })
        .collect()
}

fn shard_report<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["shards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no shard {name} in {report}"))
}

#[test]
fn month_shards_hold_every_article_once_and_answer_as_one_index() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");
    let (out, report) = index_sharded(&archive, &dir, "month");
    assert!(out.contains("shard 2024-02: 3 added"), "{out}");
    assert_eq!(report["added"], 8, "{report}");
    assert_eq!(report["shard_by"], "month");
    assert_eq!(shard_folders(&dir), ["2024-01", "2024-02", "2024-03", "undated"]);

    let m = manifest(&dir);
    assert_eq!(m["shard_by"], "month");
    assert!(m["analyzer"].is_string() && m["lexicon"].is_string() && m["entities"].is_string());
    let shards: Vec<(String, String, Value, Value, u64)> = m["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["folder"].as_str().unwrap().to_string(),
                s["first_day"].clone(),
                s["last_day"].clone(),
                s["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    let day = |d: &str| json!(d);
    assert_eq!(
        shards,
        [
            (
                "2024-01".into(),
                "2024-01".into(),
                day("2024-01-03"),
                day("2024-01-28"),
                2
            ),
            (
                "2024-02".into(),
                "2024-02".into(),
                day("2024-02-01"),
                day("2024-02-29"),
                3
            ),
            (
                "2024-03".into(),
                "2024-03".into(),
                day("2024-03-02"),
                day("2024-03-15"),
                2
            ),
            ("undated".into(), "undated".into(), Value::Null, Value::Null, 1),
        ]
    );

    // Every article in exactly one shard, the right one.
    let mut all = BTreeSet::new();
    let mut by_shard = BTreeMap::new();
    for (name, ..) in &shards {
        let found = ids(&dir.join(name), "");
        for id in &found {
            assert!(all.insert(id.clone()), "{id} is in two shards");
        }
        by_shard.insert(name.clone(), found);
    }
    let expected: BTreeSet<String> = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "c1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(all, expected);
    assert_eq!(
        by_shard["2024-02"],
        ["a3", "b1", "b2"].iter().map(|s| s.to_string()).collect()
    );
    assert_eq!(by_shard["undated"], ["b3".to_string()].into());

    // The shards' hits together are one plain index's.
    let plain = tmp.path().join("plain");
    ok(&litopys(&["index", s(&archive), "--index", s(&plain), "--quiet"]));
    for query in ["Китай", "зерно", "угода"] {
        let one = ids(&plain, query);
        assert!(!one.is_empty(), "{query}");
        let union: BTreeSet<String> = shards
            .iter()
            .flat_map(|(n, ..)| ids(&dir.join(n), query))
            .collect();
        assert_eq!(union, one, "{query}");
    }
}

#[test]
fn reruns_touch_only_the_shards_whose_articles_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");
    index_sharded(&archive, &dir, "month");
    let before: BTreeMap<String, _> = shard_folders(&dir)
        .into_iter()
        .map(|n| (n.clone(), mtimes(&dir.join(&n))))
        .collect();

    // Nothing changed: every shard skipped, nothing written.
    let (out, report) = index_sharded(&archive, &dir, "month");
    assert!(statuses(&report).values().all(|s| s == "skipped"), "{report}");
    assert_eq!(report["unchanged"], 8, "{report}");
    assert!(out.contains("shard 2024-01: skipped"), "{out}");

    // One February article of b.jsonl changes (b.jsonl also feeds `undated`).
    write_lines(
        &archive.join("b.jsonl"),
        &b_records("Ціни на зерно знову зросли."),
    );
    let (_, report) = index_sharded(&archive, &dir, "month");
    let expected: BTreeMap<String, String> = [
        ("2024-01", "skipped"),
        ("2024-02", "indexed"),
        ("2024-03", "skipped"),
        ("undated", "skipped"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(statuses(&report), expected, "{report}");
    let feb = shard_report(&report, "2024-02");
    assert_eq!(
        (feb["updated"].as_u64(), feb["unchanged"].as_u64()),
        (Some(1), Some(2)),
        "{feb}"
    );
    assert_eq!(
        (report["updated"].as_u64(), report["unchanged"].as_u64()),
        (Some(1), Some(7))
    );
    for (name, files) in &before {
        let now = mtimes(&dir.join(name));
        if name == "2024-02" {
            assert_ne!(&now, files, "{name} was not rewritten");
        } else {
            assert_eq!(&now, files, "{name} was touched");
        }
    }
    assert_eq!(ids(&dir.join("2024-02"), "зросли"), ["b1".to_string()].into());

    // A file with a new month makes just that shard.
    write_lines(
        &archive.join("d.jsonl"),
        &[record("d1", Some("2024-05-09"), "Травнева угода.")],
    );
    let (_, report) = index_sharded(&archive, &dir, "month");
    let st = statuses(&report);
    assert_eq!(st["2024-05"], "indexed");
    assert_eq!(st.values().filter(|s| *s == "indexed").count(), 1, "{report}");
    assert_eq!(shard_report(&report, "2024-05")["added"], 1);
    assert_eq!(
        shard_folders(&dir),
        ["2024-01", "2024-02", "2024-03", "2024-05", "undated"]
    );
    assert_eq!(manifest(&dir)["shards"].as_array().unwrap().len(), 5);

    // A vanished file: its shard loses the article, the others are not touched; a month
    // left without articles is removed.
    fs::remove_file(archive.join("c.json")).unwrap();
    fs::remove_file(archive.join("d.jsonl")).unwrap();
    let (_, report) = index_sharded(&archive, &dir, "month");
    let st = statuses(&report);
    assert_eq!(
        (st["2024-03"].as_str(), st["2024-05"].as_str()),
        ("indexed", "removed"),
        "{report}"
    );
    assert_eq!(st["2024-01"], "skipped");
    assert_eq!(shard_report(&report, "2024-03")["deleted"], 1);
    assert_eq!(shard_folders(&dir), ["2024-01", "2024-02", "2024-03", "undated"]);
    let m = manifest(&dir);
    let march = m["shards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "2024-03")
        .unwrap();
    assert_eq!(
        (march["articles"].as_u64(), &march["first_day"]),
        (Some(1), &json!("2024-03-15"))
    );
    assert_eq!(ids(&dir.join("2024-03"), ""), ["a4".to_string()].into());
}

#[test]
fn hash_shards_split_by_id_and_reruns_do_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");
    let (_, report) = index_sharded(&archive, &dir, "hash:4");
    let folders = shard_folders(&dir);
    assert!(!folders.is_empty() && folders.len() <= 4, "{folders:?}");
    let mut total = 0;
    let mut all = BTreeSet::new();
    for name in &folders {
        assert!(name.starts_with("hash-0") && name.ends_with("-of-04"), "{name}");
        let found = ids(&dir.join(name), "");
        total += found.len();
        all.extend(found);
    }
    assert_eq!((total, all.len()), (8, 8));
    assert_eq!(report["added"], 8);
    let m = manifest(&dir);
    assert_eq!(m["shard_by"], "hash:4");
    let listed: u64 = m["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(listed, 8);

    let before = mtimes(&dir);
    let (out, report) = index_sharded(&archive, &dir, "hash:4");
    assert!(statuses(&report).values().all(|s| s == "skipped"), "{report}");
    assert!(
        out.contains("0 added, 0 updated, 8 unchanged, 0 deleted"),
        "{out}"
    );
    let after = mtimes(&dir);
    let shards_only = |m: &BTreeMap<PathBuf, SystemTime>| -> BTreeMap<PathBuf, SystemTime> {
        m.iter()
            .filter(|(p, _)| p.parent() != Some(dir.as_path()))
            .map(|(p, t)| (p.clone(), *t))
            .collect()
    };
    assert_eq!(shards_only(&after), shards_only(&before));
}

#[test]
fn bad_keys_and_mismatched_folders_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");
    for bad in ["day", "hash:0", "hash:2000", "hash:x", "hash", ""] {
        let out = litopys(&["index", s(&archive), "--index", s(&dir), "--shard-by", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains("month, year or hash:N"), "{bad}: {err}");
    }
    assert!(!dir.exists(), "a refused run wrote {}", dir.display());

    index_sharded(&archive, &dir, "month");
    let out = litopys(&["index", s(&archive), "--index", s(&dir), "--shard-by", "year"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("holds shards by month, not by year") && err.contains("new folder"),
        "{err}"
    );

    let out = litopys(&["index", s(&archive), "--index", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("holds shards") && err.contains("--shard-by month"),
        "{err}"
    );

    let plain = tmp.path().join("plain");
    ok(&litopys(&["index", s(&archive), "--index", s(&plain), "--quiet"]));
    let out = litopys(&["index", s(&archive), "--index", s(&plain), "--shard-by", "month"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("holds one plain index, not shards"), "{err}");

    // Searching the folder of shards names a shard to use instead.
    for args in [
        vec!["search", "Китай", "--index", s(&dir)],
        vec!["stats", "--index", s(&dir)],
        vec!["facets", "country", "Китай", "--index", s(&dir)],
        vec!["timeline", "Китай", "--index", s(&dir)],
    ] {
        let out = litopys(&args);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("holds shards") && err.contains("2024-01"),
            "{args:?}: {err}"
        );
    }

    // --rebuild rebuilds every shard.
    let (_, report) = {
        let report = tmp.path().join("rebuild.json");
        let out = ok(&litopys(&[
            "index",
            s(&archive),
            "--index",
            s(&dir),
            "--shard-by",
            "month",
            "--rebuild",
            "--report",
            s(&report),
        ]));
        (
            out,
            serde_json::from_slice::<Value>(&fs::read(&report).unwrap()).unwrap(),
        )
    };
    assert!(statuses(&report).values().all(|s| s == "indexed"), "{report}");
    assert_eq!(
        report["added"].as_u64().unwrap()
            + report["unchanged"].as_u64().unwrap()
            + report["updated"].as_u64().unwrap(),
        8
    );
}

/// `litopys index ARCHIVE --index DIR --shard-by month EXTRA…` as a command to run.
fn sharded_command(archive: &Path, dir: &Path, extra: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(crate::common::BIN);
    cmd.arg("--lexicon")
        .arg(crate::common::tiny_lexicon())
        .args(["index", s(archive), "--index", s(dir), "--shard-by", "month"])
        .args(extra)
        .env_remove("LITOPYS_LEXICON");
    cmd
}

/// `--plan`: the plan it prints.
fn plan(archive: &Path, dir: &Path) -> Value {
    let out = ok(&sharded_command(archive, dir, &["--plan"]).output().unwrap());
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plan_then_parallel_only_then_finish_equals_one_plain_run() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");
    let plain_archive = corpus(&tmp.path().join("copy"));
    let plain = tmp.path().join("plain-shards");
    index_sharded(&plain_archive, &plain, "month");

    let p = plan(&archive, &dir);
    assert_eq!(
        names(&p["run"]),
        ["2024-01", "2024-02", "2024-03", "undated"],
        "{p}"
    );
    assert!(
        names(&p["remove"]).is_empty() && names(&p["skip"]).is_empty(),
        "{p}"
    );
    assert!(dir.join("shards.plan.json").is_file());
    assert!(!dir.join("shards.json").exists());
    assert!(shard_folders(&dir).is_empty(), "--plan built a shard");

    // Two processes at once, on different shards.
    let reports = [tmp.path().join("one.json"), tmp.path().join("two.json")];
    let one = sharded_command(
        &archive,
        &dir,
        &["--only", "2024-01,2024-02", "--report", s(&reports[0])],
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let two = sharded_command(
        &archive,
        &dir,
        &[
            "--only",
            "2024-03",
            "--only",
            "undated",
            "--report",
            s(&reports[1]),
        ],
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let (one, two) = (one.wait_with_output().unwrap(), two.wait_with_output().unwrap());
    let out = ok(&one);
    assert!(out.contains("shard 2024-02: 3 added"), "{out}");
    ok(&two);
    let report: Value = serde_json::from_slice(&fs::read(&reports[1]).unwrap()).unwrap();
    let indexed = |names: &[&str]| -> BTreeMap<String, String> {
        names
            .iter()
            .map(|n| (n.to_string(), "indexed".to_string()))
            .collect()
    };
    assert_eq!(statuses(&report), indexed(&["2024-03", "undated"]), "{report}");
    let report: Value = serde_json::from_slice(&fs::read(&reports[0]).unwrap()).unwrap();
    assert_eq!(statuses(&report), indexed(&["2024-01", "2024-02"]), "{report}");
    assert!(!dir.join("shards.json").exists(), "--only wrote the manifest");

    let out = ok(&sharded_command(&archive, &dir, &["--finish"]).output().unwrap());
    assert!(
        out.contains("shard 2024-02: built as planned; 3 articles"),
        "{out}"
    );
    assert!(!dir.join("shards.plan.json").exists(), "the plan is left");

    // The same folder of shards as one plain run.
    assert_eq!(shard_folders(&dir), shard_folders(&plain));
    assert_eq!(manifest(&dir)["shards"], manifest(&plain)["shards"]);
    assert_eq!(manifest(&dir)["lexicon"], manifest(&plain)["lexicon"]);
    for name in shard_folders(&plain) {
        for query in ["", "Китай", "зерно", "угода"] {
            assert_eq!(
                ids(&dir.join(&name), query),
                ids(&plain.join(&name), query),
                "{name}: {query}"
            );
        }
    }

    // A plain rerun finds nothing to do.
    let before = mtimes(&dir);
    let (_, report) = index_sharded(&archive, &dir, "month");
    assert!(statuses(&report).values().all(|s| s == "skipped"), "{report}");
    let shards_only = |m: BTreeMap<PathBuf, SystemTime>| -> BTreeMap<PathBuf, SystemTime> {
        m.into_iter()
            .filter(|(p, _)| p.parent() != Some(dir.as_path()))
            .collect()
    };
    assert_eq!(shards_only(mtimes(&dir)), shards_only(before));

    // One February article changes: the plan runs that shard only; --finish refuses
    // until it is built, and keeps the plan.
    write_lines(
        &archive.join("b.jsonl"),
        &b_records("Ціни на зерно знову зросли."),
    );
    let p = plan(&archive, &dir);
    assert_eq!(names(&p["run"]), ["2024-02"], "{p}");
    assert_eq!(names(&p["skip"]), ["2024-01", "2024-03", "undated"], "{p}");
    let out = sharded_command(&archive, &dir, &["--finish"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("not built: 2024-02") && err.contains("--only"),
        "{err}"
    );
    assert!(dir.join("shards.plan.json").is_file());
    ok(&sharded_command(&archive, &dir, &["--only", "2024-02"])
        .output()
        .unwrap());
    ok(&sharded_command(&archive, &dir, &["--finish"]).output().unwrap());
    assert_eq!(ids(&dir.join("2024-02"), "зросли"), ["b1".to_string()].into());
    let (_, report) = index_sharded(&archive, &dir, "month");
    assert!(statuses(&report).values().all(|s| s == "skipped"), "{report}");
}

#[test]
fn plan_only_and_finish_refuse_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = corpus(tmp.path());
    let dir = tmp.path().join("shards");

    // Without --shard-by, or together: usage mistakes.
    for extra in [vec!["--plan"], vec!["--only", "2024-01"], vec!["--finish"]] {
        let mut args = vec!["index", s(&archive), "--index", s(&dir)];
        args.extend(&extra);
        let out = litopys(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            text(&out.stderr).contains("--shard-by"),
            "{extra:?}: {}",
            text(&out.stderr)
        );
    }
    let out = sharded_command(&archive, &dir, &["--plan", "--finish"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.exists());

    // No plan.
    for extra in [vec!["--only", "2024-01"], vec!["--finish"]] {
        let out = sharded_command(&archive, &dir, &extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("no shard plan") && err.contains("--plan"),
            "{extra:?}: {err}"
        );
    }

    // A plan, then a shard it does not run, another key, other paths, nothing built.
    plan(&archive, &dir);
    let out = sharded_command(&archive, &dir, &["--only", "2024-07"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("does not run the shard 2024-07"), "{err}");
    let out = litopys(&[
        "index",
        s(&archive),
        "--index",
        s(&dir),
        "--shard-by",
        "year",
        "--only",
        "2024",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("for --shard-by month, not year"),
        "{}",
        text(&out.stderr)
    );
    let other = corpus(&tmp.path().join("other"));
    let out = sharded_command(&other, &dir, &["--only", "2024-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("was made for the archive"),
        "{}",
        text(&out.stderr)
    );
    ok(&sharded_command(&archive, &dir, &["--only", "2024-01"])
        .output()
        .unwrap());
    let out = sharded_command(&archive, &dir, &["--finish"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("2024-02") && err.contains("undated") && !err.contains("2024-01 ("),
        "{err}"
    );
    assert!(dir.join("shards.plan.json").is_file() && !dir.join("shards.json").exists());
    // A second plan replaces the first (the shard built by the first is not foreign).
    let p = plan(&archive, &dir);
    assert_eq!(names(&p["run"]).len(), 4, "{p}");
}
