//! A disk that fills up while `litopys index` writes (issue: a full disk used to hang
//! the job forever, holding the writer lock). Each run gets a small tmpfs of its own, at
//! sizes where the disk fills while the first segment is written, after a commit, and
//! while committing or merging: the job must end within seconds with exit status 3 and
//! one line naming the cause and the next step, keep what it committed searchable and
//! leave no file that no commit refers to. A disk that fills while `litopys optimize`
//! merges leaves the index as it was (exit status 3, one line, no merge files left).
//!
//! Mounting needs root (as CI runs); elsewhere the test says why it did nothing.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::reindex::words;
use crate::common::{litopys, s, spawn_with, text, tiny_lexicon, Rng};

/// A mounted tmpfs, unmounted (lazily) when dropped.
struct SmallDisk {
    dir: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(dir: &Path, bytes: u64) -> Option<SmallDisk> {
        fs::create_dir_all(dir).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs", s(dir)])
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| SmallDisk {
            dir: dir.to_path_buf(),
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// The files of `ix` that belong to no segment of its last commit (nor to Litopys's and
/// Tantivy's own bookkeeping).
fn orphans(ix: &Path) -> Vec<String> {
    let names: Vec<String> = match fs::read_dir(ix) {
        Ok(dir) => dir
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => return Vec::new(),
    };
    let Ok(meta) = fs::read_to_string(ix.join("meta.json")) else {
        return names.into_iter().filter(|n| !n.starts_with('.')).collect();
    };
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let segments: BTreeSet<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    names
        .into_iter()
        .filter(|name| {
            let stem = name.split('.').next().unwrap_or("");
            !(name.starts_with('.')
                || name == "meta.json"
                || name == "litopys.json"
                || name == "stories.bin"
                || name.starts_with("litopys-manifest-")
                || segments.contains(stem))
        })
        .collect()
}

/// Bytes of the files in `dir`.
fn disk_usage(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

#[test]
fn a_full_disk_ends_the_job_with_the_cause_and_loses_nothing_committed() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive.jsonl");
    let mut rng = Rng(5);
    let lines: Vec<String> = (0..6000)
        .map(|i| {
            serde_json::json!({"id": format!("a{i}"), "date": "2024-03-12", "text": words(&mut rng, 300)})
                .to_string()
        })
        .collect();
    fs::write(&archive, lines.join("\n") + "\n").unwrap();

    // The disk sizes are shares of what the whole index takes on a disk with room.
    let roomy = tmp.path().join("roomy");
    let out = litopys(&[
        "index",
        s(&archive),
        "--index",
        s(&roomy),
        "--commit-every",
        "1500",
        "--memory",
        "64M",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let full_size = disk_usage(&roomy);
    let mut tried = 0;
    for (n, share) in [0.1, 0.4, 0.7, 0.95].into_iter().enumerate() {
        let bytes = (full_size as f64 * share) as u64;
        let megabytes = bytes as f64 / 1e6;
        let mount_point = tmp.path().join(format!("disk{n}"));
        let Some(_disk) = SmallDisk::mount(&mount_point, bytes) else {
            eprintln!("skipped: cannot mount a tmpfs here (needs root), so the full-disk cases were not run");
            return;
        };
        tried += 1;
        let ix = mount_point.join("ix");
        let mut child = spawn_with(
            tiny_lexicon(),
            &[
                "index",
                s(&archive),
                "--index",
                s(&ix),
                "--commit-every",
                "1500",
                "--memory",
                "64M",
            ],
        );
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{megabytes:.1} MB: `index` still running after 60 s on a full disk");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(status.code(), Some(3), "{megabytes:.1} MB: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("litopys: ")).collect();
        assert_eq!(lines.len(), 1, "{megabytes:.1} MB: one line expected:\n{stderr}");
        let line = lines[0];
        eprintln!("{megabytes:.1} MB: {line}");
        assert!(
            line.contains(&format!(
                "cannot write the index in {}: no space left on device",
                ix.display()
            )) && line.contains("free space")
                && line.contains("rerun the same command")
                && line.matches("no space left").count() == 1,
            "{megabytes:.1} MB: {line}"
        );
        if ix.join("meta.json").exists() {
            assert_eq!(
                orphans(&ix),
                Vec::<String>::new(),
                "{megabytes:.1} MB: files of no commit left"
            );
            // What was committed is searchable, and the message says how much.
            let stats = litopys(&["stats", "--index", s(&ix), "--format", "json"]);
            assert!(
                stats.status.success(),
                "{megabytes:.1} MB: {}",
                text(&stats.stderr)
            );
            let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
            let articles = stats["articles"].as_u64().unwrap();
            assert!(
                line.contains(&format!("({articles} articles searchable)"))
                    || (articles == 0 && line.contains("nothing was committed")),
                "{megabytes:.1} MB, {articles} articles: {line}"
            );
        } else {
            assert!(
                line.contains("nothing was committed"),
                "{megabytes:.1} MB: {line}"
            );
            assert!(
                !ix.exists() || orphans(&ix).is_empty(),
                "{megabytes:.1} MB: {:?}",
                orphans(&ix)
            );
        }
    }
    assert_eq!(tried, 4);
}

/// Copies the files of `from` into `to` (a flat index folder).
fn copy_index(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_full_disk_while_merging_leaves_the_index_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive.jsonl");
    let mut rng = Rng(11);
    let lines: Vec<String> = (0..4000)
        .map(|i| {
            serde_json::json!({"id": format!("m{i}"), "date": "2024-03-12", "text": words(&mut rng, 300)})
                .to_string()
        })
        .collect();
    fs::write(&archive, lines.join("\n") + "\n").unwrap();
    // Many commits, so many segments: merging them writes a second copy of the index.
    let roomy = tmp.path().join("roomy");
    let out = litopys(&[
        "index",
        s(&archive),
        "--index",
        s(&roomy),
        "--commit-every",
        "400",
        "--memory",
        "64M",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(roomy.join("meta.json")).unwrap()).unwrap();
    let segments = meta["segments"].as_array().unwrap().len();
    assert!(segments >= 2, "{segments} segment: nothing to merge");
    let size = disk_usage(&roomy);

    // Room for the index and a third of a second copy: the merge runs out of space.
    let mount_point = tmp.path().join("disk");
    let Some(_disk) = SmallDisk::mount(&mount_point, size + size / 3) else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root), so the full-disk merge was not run");
        return;
    };
    let ix = mount_point.join("ix");
    copy_index(&roomy, &ix);
    let before = orphans(&ix);
    assert!(before.is_empty(), "{before:?}");
    let out = litopys(&["optimize", "--index", s(&ix)]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{stderr}");
    let line = lines[0];
    assert!(
        line.contains(&format!(
            "cannot write the index in {}: no space left on device",
            ix.display()
        )) && line.contains("the index is as it was (4000 articles searchable)")
            && line.contains("free space")
            && line.matches("no space left").count() == 1,
        "{line}"
    );
    assert_eq!(
        orphans(&ix),
        Vec::<String>::new(),
        "files of the failed merge left"
    );
    let after: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ix.join("meta.json")).unwrap()).unwrap();
    assert_eq!(
        after["segments"], meta["segments"],
        "the committed segments changed"
    );
    let check = litopys(&["check", "--index", s(&ix)]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).contains("4000 articles"),
        "{}",
        text(&check.stdout)
    );
}
