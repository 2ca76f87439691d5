//! A damaged index: flipped bytes in each kind of segment file, a missing file and a
//! damaged manifest are each found by `litopys check` (exit status 4, the file named, the
//! way out said), an intact index is reported whole, and `index --rebuild` from the
//! archive gives a whole index again.

use std::fs;
use std::path::Path;

use crate::common::{litopys, ok, s, sample_corpus, text};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Flips a few bytes in the middle of `path`.
fn flip(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    assert!(!bytes.is_empty(), "{} is empty", path.display());
    let at = bytes.len() / 2;
    let end = (at + 4).min(bytes.len());
    for b in &mut bytes[at..end] {
        *b ^= 0xA5;
    }
    fs::write(path, bytes).unwrap();
}

fn file_with(dir: &Path, suffix: &str) -> std::path::PathBuf {
    let mut found: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    found.sort();
    found
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no {suffix} file in {}", dir.display()))
}

#[test]
fn check_finds_every_kind_of_damage_and_rebuild_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    ok(&litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&ix),
        "--quiet",
    ]));
    let whole = ok(&litopys(&["check", "--index", s(&ix)]));
    assert!(
        whole.contains(": whole (") && whole.contains("49 articles"),
        "{whole}"
    );

    for suffix in [".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm"] {
        let bad = tmp.path().join(format!("bad{suffix}"));
        copy_dir(&ix, &bad);
        let file = file_with(&bad, suffix);
        flip(&file);
        let out = litopys(&["check", "--index", s(&bad)]);
        let stdout = text(&out.stdout);
        assert_eq!(out.status.code(), Some(4), "{suffix}: {stdout}");
        assert!(
            stdout.contains(&format!("{}: checksum mismatch", file.display())),
            "{suffix}: {stdout}"
        );
        assert!(stdout.contains("--rebuild"), "{suffix}: {stdout}");
    }

    let missing = tmp.path().join("missing");
    copy_dir(&ix, &missing);
    let gone = file_with(&missing, ".term");
    fs::remove_file(&gone).unwrap();
    let out = litopys(&["check", "--index", s(&missing)]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stdout).contains(&format!("{}: missing", gone.display())),
        "{}",
        text(&out.stdout)
    );

    let manifest = tmp.path().join("manifest");
    copy_dir(&ix, &manifest);
    flip(&file_with(&manifest, ".bin"));
    let out = litopys(&["check", "--index", s(&manifest)]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stdout).contains("manifest"), "{}", text(&out.stdout));

    // The archive is the source of truth: a rebuild replaces the damaged index.
    let bad = tmp.path().join("bad.store");
    let out = litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&bad),
        "--rebuild",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let again = ok(&litopys(&["check", "--index", s(&bad)]));
    assert!(
        again.contains(": whole (") && again.contains("49 articles"),
        "{again}"
    );
}
