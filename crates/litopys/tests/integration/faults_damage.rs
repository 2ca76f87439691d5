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

/// Flips a few bytes of `path`'s footer (its last bytes), which Tantivy reads whenever
/// it opens the file.
fn flip_footer(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n - 6..n - 2] {
        *b ^= 0xA5;
    }
    fs::write(path, bytes).unwrap();
}

/// The index's own files (not the lock files) and their bytes.
fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && !name.ends_with(".lock"))
        .map(|name| (name.clone(), fs::read(dir.join(&name)).unwrap()))
        .collect()
}

/// The advice every refusal of a damaged index gives, naming `file`.
fn refused(out: &std::process::Output, file: &Path, what: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{what}: {stderr}");
    let line = stderr.trim_end();
    assert!(!line.contains('\n'), "{what}: one line: {stderr}");
    assert!(
        line.contains(&format!("the index is damaged ({}: ", file.display()))
            && line.ends_with("run `litopys check`, then `litopys index --rebuild` from the archive"),
        "{what}: {stderr}"
    );
}

#[test]
fn index_and_optimize_refuse_a_damaged_index_and_rebuild_leaves_it_until_done() {
    let tmp = tempfile::tempdir().unwrap();
    let ix = tmp.path().join("ix");
    ok(&litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&ix),
        "--quiet",
    ]));

    // A damaged footer is seen when the job opens the index: refused, nothing written.
    for suffix in [".term", ".store", ".fast", ".idx"] {
        let bad = tmp.path().join(format!("footer{suffix}"));
        copy_dir(&ix, &bad);
        let file = file_with(&bad, suffix);
        flip_footer(&file);
        let before = contents(&bad);
        // Questions get the same advice in one line, and the damaged-index status.
        let asked = litopys(&["search", "Китай", "--index", s(&bad)]);
        let said = text(&asked.stderr);
        assert_eq!(asked.status.code(), Some(4), "search, {suffix} footer: {said}");
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            !said.trim_end().contains('\n')
                && said.contains(&format!("the index is damaged ({name}: "))
                && said.contains("run `litopys check`, then `litopys index ARCHIVE --rebuild`"),
            "search, {suffix} footer: {said}"
        );
        let out = litopys(&["index", s(&sample_corpus()), "--index", s(&bad), "--quiet"]);
        refused(&out, &file, &format!("index, {suffix} footer"));
        assert!(
            contents(&bad) == before,
            "{suffix}: the damaged index was changed"
        );
    }

    // `optimize` reads every file anyway: it verifies them first, since a merge would give
    // flipped bytes a right checksum and hide them from `check` for good.
    let bad = tmp.path().join("inside.store");
    copy_dir(&ix, &bad);
    let file = file_with(&bad, ".store");
    flip(&file);
    let before = contents(&bad);
    let out = litopys(&["optimize", "--index", s(&bad)]);
    refused(&out, &file, "optimize, flipped .store");
    assert!(contents(&bad) == before, "optimize changed the damaged index");
    assert_eq!(litopys(&["check", "--index", s(&bad)]).status.code(), Some(4));

    // A rebuild writes beside the damaged index and replaces it only once complete: one
    // that fails (here `--strict` on an archive with a malformed file) leaves it as it was.
    let bad = tmp.path().join("rebuilt");
    copy_dir(&ix, &bad);
    let file = file_with(&bad, ".term");
    flip_footer(&file);
    let before = contents(&bad);
    let archive = tmp.path().join("archive");
    fs::create_dir_all(&archive).unwrap();
    fs::write(
        archive.join("good.jsonl"),
        r#"{"id":"g","title":"Угода","text":"Казахстан підписав угоду з Китаєм."}"#,
    )
    .unwrap();
    fs::write(archive.join("broken.jsonl"), "{not json\n").unwrap();
    let out = litopys(&[
        "index",
        s(&archive),
        "--index",
        s(&bad),
        "--rebuild",
        "--strict",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        contents(&bad) == before,
        "a failed rebuild changed the damaged index"
    );
    let out = litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&bad),
        "--rebuild",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let whole = ok(&litopys(&["check", "--index", s(&bad)]));
    assert!(
        whole.contains(": whole (") && whole.contains("49 articles"),
        "{whole}"
    );
    ok(&litopys(&[
        "index",
        s(&sample_corpus()),
        "--index",
        s(&bad),
        "--quiet",
    ]));
}
