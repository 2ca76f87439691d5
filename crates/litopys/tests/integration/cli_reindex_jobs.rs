//! End to end: reindexing jobs that are killed (SIGKILL at random moments), stopped
//! (Ctrl-C) or contended (a second writer), on archives generated in temporary folders.
//! The index must always hold a committed state, and reruns must converge.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common::reindex::{
    articles, assert_holds, committed, counts, expected, generate, index, lock_holder, search_ids, signal,
    stats, wait_for, Contents,
};
use crate::common::{litopys, ok, s, spawn_with, text, tiny_lexicon, write_jsonl, Rng};
use litopys_core::corpus::{discover, read_all};
use serde_json::Value;

/// Rewrites the archive: edits about a third of the articles, deletes two files, adds two,
/// and moves some articles (same ids) from one file to another.
fn reshape(root: &Path, rng: &mut Rng, round: usize) {
    let (files, _) = discover(&[root.to_path_buf()]);
    let (all, _) = read_all(&files);
    let mut by_file: BTreeMap<PathBuf, Vec<(String, String, String)>> = BTreeMap::new();
    for a in all {
        let mut t = a.text.clone();
        if rng.below(3) == 0 {
            t.push_str(" Оновлено.");
        }
        by_file.entry(a.origin.path.clone()).or_default().push((
            a.header.id,
            a.header.title.unwrap_or_default(),
            t,
        ));
    }
    let paths: Vec<PathBuf> = by_file.keys().cloned().collect();
    let moved: Vec<_> = by_file.get_mut(&paths[0]).unwrap().drain(..40).collect();
    by_file.get_mut(&paths[1]).unwrap().extend(moved);
    for gone in &paths[2..4] {
        by_file.remove(gone);
        fs::remove_file(gone).unwrap();
    }
    for (path, arts) in &by_file {
        write_jsonl(path, arts);
    }
    for n in 0..2 {
        let arts = articles(rng, &format!("new{round}{n}"), 150);
        write_jsonl(&root.join(format!("new-{round}-{n}.jsonl")), &arts);
    }
}

/// Runs `args` and kills it with SIGKILL after a random delay below `within`, until a run
/// completes; after each kill, the index must hold a committed state: ids from `allowed`
/// with one of their allowed hashes, no duplicates, the manifest describing exactly that.
/// With `must_exist`, the index must be there after every kill. Returns the number of kills.
fn kill_until_done(
    args: &[&str],
    dir: &Path,
    allowed: &BTreeMap<String, Vec<String>>,
    within: Duration,
    must_exist: bool,
    rng: &mut Rng,
) -> u32 {
    let mut kills = 0;
    loop {
        // After a dozen kills, let the job finish.
        let delay = match kills {
            0..12 => Duration::from_micros(rng.below(within.as_micros() as u64)),
            _ => Duration::from_secs(600),
        };
        let mut child = spawn_with(tiny_lexicon(), args);
        let started = Instant::now();
        while started.elapsed() < delay && child.try_wait().unwrap().is_none() {
            sleep(Duration::from_millis(1).min(delay));
        }
        let done = child.try_wait().unwrap().is_some();
        if !done {
            child.kill().unwrap();
            kills += 1;
        }
        let out = child.wait_with_output().unwrap();
        if done {
            assert!(out.status.success(), "{}", text(&out.stderr));
        }
        let state = committed(dir);
        assert!(state.is_some() || !must_exist, "the index vanished after a kill");
        if let Some(held) = state {
            for (id, hashes) in &held {
                assert_eq!(hashes.len(), 1, "duplicate id {id} after a kill");
                let ok = allowed.get(id).is_some_and(|a| a.contains(&hashes[0]));
                assert!(ok, "{id} holds content no archive version had");
            }
            let live = stats(dir)["articles"].as_u64().unwrap();
            assert_eq!(live, held.len() as u64, "stats after a kill");
        }
        if done {
            return kills;
        }
    }
}

fn allow(allowed: &mut BTreeMap<String, Vec<String>>, contents: &Contents) {
    for (id, h) in contents {
        allowed.entry(id.clone()).or_default().push(h.clone());
    }
}

#[test]
fn killed_at_random_moments_the_index_keeps_its_last_commit_and_reruns_converge() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(0x5EED_2026);
    generate(&archive, &mut rng, 8, 400);
    let mut allowed = BTreeMap::new();
    let first = expected(&archive);
    allow(&mut allowed, &first);

    // How long a whole run takes here (the faster of two on scratch indexes), to spread
    // the kills over it.
    let full = (0..2)
        .map(|n| {
            let started = Instant::now();
            let scratch = tmp.path().join(format!("scratch-{n}"));
            ok(&index(&archive, &scratch, &["--commit-every", "200", "--quiet"]).0);
            started.elapsed()
        })
        .min()
        .unwrap();
    let args = [
        "index",
        s(&archive),
        "--index",
        s(&ix),
        "--commit-every",
        "200",
        "--quiet",
    ];

    // Building a new index.
    let mut kills = kill_until_done(&args, &ix, &allowed, full / 4, false, &mut rng);
    eprintln!("building: {kills} kills (a whole run takes {full:?})");
    assert_holds(&ix, &first);

    // Updating it after big changes, twice.
    let mut current = first;
    for round in 0..2 {
        reshape(&archive, &mut rng, round);
        current = expected(&archive);
        allow(&mut allowed, &current);
        let updating = kill_until_done(&args, &ix, &allowed, full / 4, true, &mut rng);
        eprintln!("updating: {updating} kills");
        kills += updating;
        assert_holds(&ix, &current);
    }

    // Rebuilding it: the old index stays whole until the swap.
    let rebuild = [&args[..], &["--rebuild"]].concat();
    let mut only_current = BTreeMap::new();
    allow(&mut only_current, &current);
    let rebuilding = kill_until_done(&rebuild, &ix, &only_current, full / 2, true, &mut rng);
    eprintln!("rebuilding: {rebuilding} kills");
    kills += rebuilding;
    assert_holds(&ix, &current);
    assert!(
        kills >= 8,
        "only {kills} kills: the runs were too fast to interrupt"
    );

    // A rerun finds nothing to do.
    let (out, r) = index(&archive, &ix, &[]);
    ok(&out);
    assert_eq!(counts(&r.unwrap()), (0, 0, current.len() as u64, 0));
    let left: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !left.iter().any(|n| n.to_string_lossy().contains("rebuild")),
        "{left:?}"
    );
}

#[test]
fn a_second_writer_fails_at_once_while_searches_go_on() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(3);
    generate(&archive, &mut rng, 6, 300);
    ok(&index(&archive.join("part-00.jsonl"), &ix, &[]).0);

    let args = [
        "index",
        s(&archive),
        "--index",
        s(&ix),
        "--commit-every",
        "100",
        "--quiet",
    ];
    let first = spawn_with(tiny_lexicon(), &args);
    let pid = first.id().to_string();
    wait_for("the first job's lock", || {
        lock_holder(&ix).starts_with(&format!("{pid} "))
    });
    // Frozen while it holds the lock, so the checks below cannot race with its end.
    signal(&first, "STOP");
    for second in [
        &args[..],
        &[&args[..], &["--rebuild"]].concat(),
        &["optimize", "--index", s(&ix)],
    ] {
        let started = Instant::now();
        let out = litopys(second);
        assert_eq!(out.status.code(), Some(1), "{second:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the second job waited"
        );
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&format!("is writing to {} (pid {pid})", ix.display()))
                && stderr.contains("wait for it"),
            "{stderr}"
        );
    }
    assert!(!tmp.path().join("ix.rebuild-tmp").exists());
    // Searches use the last commit meanwhile.
    assert!(!search_ids(&ix, "Китаєм").is_empty());
    signal(&first, "CONT");
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_holds(&ix, &expected(&archive));
}

#[test]
fn ctrl_c_commits_what_was_read_and_a_rerun_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(5);
    generate(&archive, &mut rng, 6, 400);
    let report = tmp.path().join("r.json");
    let args = [
        "index",
        s(&archive),
        "--index",
        s(&ix),
        "--commit-every",
        "100",
        "--report",
        s(&report),
    ];
    let job = spawn_with(tiny_lexicon(), &args);
    let manifest_written = || {
        fs::read_dir(&ix).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("litopys-manifest"))
        })
    };
    wait_for("a first commit", manifest_written);
    signal(&job, "STOP");
    signal(&job, "INT");
    signal(&job, "CONT");
    let started = Instant::now();
    let out = job.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("interrupted, the work so far is committed: indexed"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("rerun"), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["interrupted"], true);
    let held = committed(&ix).unwrap();
    let want = expected(&archive);
    assert!(
        !held.is_empty() && held.len() < want.len(),
        "{} of {}",
        held.len(),
        want.len()
    );
    assert_eq!(held.len() as u64, r["added"].as_u64().unwrap());

    let (out, r) = index(&archive, &ix, &[]);
    ok(&out);
    let (added, _, unchanged, _) = counts(&r.unwrap());
    assert_eq!((added + unchanged) as usize, want.len());
    assert_holds(&ix, &want);
}

#[test]
fn killed_during_optimize_or_a_rebuild_the_index_stays_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let (archive, ix) = (tmp.path().join("archive"), tmp.path().join("ix"));
    let mut rng = Rng(0x0971_2026);
    generate(&archive, &mut rng, 6, 400);
    let want = expected(&archive);
    let mut allowed = BTreeMap::new();
    allow(&mut allowed, &want);
    // Many small commits: many segments for optimize to merge.
    ok(&index(&archive, &ix, &["--commit-every", "100", "--quiet"]).0);
    let whole = |what: &str| {
        let out = litopys(&["check", "--index", s(&ix)]);
        assert!(out.status.success(), "{what}: {}", text(&out.stdout));
        assert_holds(&ix, &want);
    };

    // How long each takes here, to spread the kills over it.
    let timed = |args: &[&str]| {
        let started = Instant::now();
        ok(&litopys(args));
        started.elapsed()
    };
    let optimize = ["optimize", "--index", s(&ix)];
    let rebuild = [
        "index",
        s(&archive),
        "--index",
        s(&ix),
        "--rebuild",
        "--commit-every",
        "300",
        "--quiet",
    ];

    // Each kill leaves the last commit: the same articles, every file intact.
    let scratch = tmp.path().join("scratch");
    ok(&index(&archive, &scratch, &["--commit-every", "100", "--quiet"]).0);
    let took = timed(&["optimize", "--index", s(&scratch)]);
    let kills = kill_until_done(&optimize, &ix, &allowed, took, true, &mut rng);
    eprintln!("optimize: {kills} kills (a whole run takes {took:?})");
    whole("after optimize");

    let took = timed(&[
        "index",
        s(&archive),
        "--index",
        s(&scratch),
        "--rebuild",
        "--quiet",
    ]);
    let kills = kill_until_done(&rebuild, &ix, &allowed, took, true, &mut rng);
    eprintln!("rebuild: {kills} kills (a whole run takes {took:?})");
    whole("after the rebuild");
}
