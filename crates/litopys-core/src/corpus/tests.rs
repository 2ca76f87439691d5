//! Tests of discovery and reading on archives written to temporary folders, and on the
//! sample archive in the repository's `corpus/`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::*;

#[path = "tests_bad_input.rs"]
mod bad_input;
#[path = "tests_bench.rs"]
mod bench;
#[path = "tests_compression.rs"]
mod compression;

/// A file `arch/REL` of `format` that is not on disk: what the parsers' unit tests
/// hand to a parser with bytes of their own.
pub(crate) fn source_file(rel: &str, format: Format) -> SourceFile {
    SourceFile {
        path: format!("arch/{rel}").into(),
        root: "arch".into(),
        size: 0,
        modified: None,
        format,
        compression: crate::corpus::Compression::from_path(std::path::Path::new(rel)),
        options: Default::default(),
    }
}

/// Writes `files` (relative path, content) under a new temporary folder.
pub(super) fn archive(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

/// gzip-compresses `data`.
pub(super) fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Discovers and reads everything under `root`.
pub(super) fn read_dir(root: &Path) -> (Vec<Article>, Vec<Skip>) {
    let (files, mut skips) = discover(&[root.to_path_buf()]);
    let (articles, more) = read_all(&files);
    skips.extend(more);
    (articles, skips)
}

fn ids(articles: &[Article]) -> Vec<&str> {
    articles.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn every_format_with_stable_ids() {
    let jsonl = "{\"id\":\"j-1\",\"text\":\"Перший.\"}\n\n{\"text\":\"Третій рядок без id.\"}\r\n";
    let dir = archive(&[
        (
            "txt/2019/grain-china.txt",
            "date 2019-07-22 Зерно до Китаю\n\nТекст.".as_bytes(),
        ),
        ("txt/undated/explainer.txt", "Пояснення\n\nТекст.".as_bytes()),
        (
            "json/one.json",
            r#"{"id":"o-1","text":"Один.","date":"2020-02-29"}"#.as_bytes(),
        ),
        (
            "json/digest.json",
            r#"[{"text":"Нуль."},{"text":"Один."},{"text":"Два."}]"#.as_bytes(),
        ),
        ("jsonl/news.jsonl", jsonl.as_bytes()),
        ("jsonl/old.jsonl.gz", &gz(jsonl.replace("j-1", "g-1").as_bytes())),
        ("README.md", b"# not an article"),
        ("notes.pdf.gz", b"ignored"),
        (
            "json/zipped.json.gz",
            &gz(r#"{"id":"z-1","text":"Стиснений."}"#.as_bytes()),
        ),
    ]);
    let (articles, skips) = read_dir(dir.path());
    assert!(skips.is_empty(), "{skips:?}");
    let expected = [
        "json/digest.json#0",
        "json/digest.json#1",
        "json/digest.json#2",
        "o-1",
        "z-1",
        "j-1",
        "jsonl/news.jsonl:3",
        "g-1",
        "jsonl/old.jsonl.gz:3",
        "txt/2019/grain-china.txt",
        "txt/undated/explainer.txt",
    ];
    // Files come sorted by path: json/digest.json, json/one.json, json/zipped.json.gz, ...
    assert_eq!(ids(&articles), expected);
    let gzipped = articles.iter().find(|a| a.id == "g-1").unwrap();
    assert_eq!(gzipped.origin.line, Some(1));
    assert_eq!(gzipped.origin.path, dir.path().join("jsonl/old.jsonl.gz"));
    // Same ids when the archive is given by another spelling of the same folder.
    let dotted = dir.path().join("txt/../txt/..");
    let (again, _) = read_dir(&dotted);
    assert_eq!(ids(&again), expected);
    // A file named directly gets its file name as id.
    let (files, _) = discover(&[dir.path().join("txt/2019/grain-china.txt")]);
    assert_eq!(files[0].id_base(), "grain-china.txt");
}

#[test]
fn read_all_is_deterministic_and_read_parallel_sees_the_same() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..40 {
        let lines: String = (0..50)
            .map(|j| format!("{{\"text\":\"Новина {i}-{j}.\"}}\n"))
            .collect();
        files.push((format!("part-{i:02}.jsonl"), lines.into_bytes()));
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let dir = archive(&refs);
    let (files, _) = discover(&[dir.path().into()]);
    let (a, s) = read_all(&files);
    let (b, _) = read_all(&files);
    assert_eq!(a.len(), 2000);
    assert!(s.is_empty());
    assert_eq!(a, b);
    assert_eq!(a[0].id, "part-00.jsonl:1");
    assert_eq!(a[1999].id, "part-39.jsonl:50");
    let seen = Mutex::new(Vec::new());
    read_parallel(&files, |r| seen.lock().unwrap().push(r.unwrap().header.id));
    let mut seen = seen.into_inner().unwrap();
    seen.sort();
    let mut expected: Vec<String> = a.iter().map(|x| x.id.clone()).collect();
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn duplicate_ids_across_files_keep_the_first() {
    let dir = archive(&[
        (
            "a.jsonl",
            b"{\"id\":\"x\",\"text\":\"one\"}\n{\"id\":\"y\",\"text\":\"two\"}\n",
        ),
        (
            "b.json",
            br#"[{"id":"z","text":"three"},{"id":"x","text":"four"}]"#,
        ),
    ]);
    let (articles, skips) = read_dir(dir.path());
    assert_eq!(ids(&articles), ["x", "y", "z"]);
    assert_eq!(skips.len(), 1);
    let expected = format!(
        "{}: duplicate id x, first seen at {}:1",
        dir.path().join("b.json").display(),
        dir.path().join("a.jsonl").display()
    );
    assert_eq!(skips[0].to_string(), expected);
}

#[test]
fn discover_skips_hidden_and_unknown_and_reports_bad_paths() {
    let dir = archive(&[
        ("a.txt", "Заголовок\n\nТекст.".as_bytes()),
        (".hidden.txt", b"x\n\ny"),
        (".git/objects.json", b"{}"),
        ("sub/.cache/b.jsonl", b"{}"),
        ("photo.JPG", b"\xff\xd8"),
        ("UPPER.TXT", "Заголовок\n\nТекст.".as_bytes()),
    ]);
    let (files, skips) = discover(&[dir.path().into()]);
    let names: Vec<_> = files.iter().map(|f| f.id_base()).collect();
    assert_eq!(names, ["UPPER.TXT", "a.txt"]);
    assert!(skips.is_empty());
    assert_eq!(files[1].size, "Заголовок\n\nТекст.".len() as u64);
    assert!(files[1].modified.is_some());

    let missing = dir.path().join("nope");
    let unknown = dir.path().join("photo.JPG");
    let hidden = dir.path().join(".hidden.txt"); // named explicitly: read
    let (files, skips) = discover(&[missing.clone(), unknown.clone(), hidden]);
    assert_eq!(files.len(), 1);
    assert_eq!(skips.len(), 2);
    assert!(skips.iter().all(|s| s.reason.kind() == "unreadable"));
    let messages: Vec<String> = skips.iter().map(|s| s.to_string()).collect();
    assert!(messages.contains(&format!(
        "{}: unreadable (no such file or directory)",
        missing.display()
    )));
    assert!(messages
        .iter()
        .any(|m| m.starts_with(&unknown.display().to_string()) && m.contains("unknown file type")));
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_without_loops_or_doubles() {
    use std::os::unix::fs::symlink;
    let dir = archive(&[("real/a.txt", "Заголовок\n\nТекст.".as_bytes())]);
    symlink(dir.path(), dir.path().join("real/loop")).unwrap();
    symlink(dir.path().join("real/a.txt"), dir.path().join("alias.txt")).unwrap();
    symlink(dir.path().join("missing.txt"), dir.path().join("dangling.txt")).unwrap();
    symlink(dir.path().join("missing.png"), dir.path().join("dangling.png")).unwrap();
    let (files, skips) = discover(&[dir.path().into(), dir.path().join("real")]);
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        paths,
        [dir.path().join("alias.txt")],
        "one file, under the first path"
    );
    let mut kinds: Vec<String> = skips.iter().map(|s| s.to_string()).collect();
    kinds.sort();
    assert_eq!(skips.len(), 2, "{kinds:?}"); // dangling.txt, and the loop (once)
    assert!(kinds.iter().any(|m| m.contains("broken symlink")), "{kinds:?}");
    assert!(kinds.iter().any(|m| m.contains("symlink loop")), "{kinds:?}");
}

#[test]
fn sample_corpus_has_49_articles_and_no_skips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let (files, skips) = discover(&[root]);
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(files.len(), 31);
    let (articles, skips) = read_all(&files);
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(articles.len(), 49);
    let id_set: std::collections::HashSet<&str> = ids(&articles).into_iter().collect();
    assert!(id_set.contains("txt/2019/grain-china-2019-07-22.txt"));
    assert!(id_set.contains("txt/undated/nbu-key-rate-explainer.txt"));
    let cp1251 = articles
        .iter()
        .find(|a| a.id == "txt/2020/ros-avto-buses-2020-11-24-cp1251.txt")
        .unwrap();
    assert_eq!(
        cp1251.title.as_deref(),
        Some("Черкаський завод «Рось-Авто» відновив випуск міських автобусів")
    );
    assert!(id_set.contains("https://agro.example.org/news/2024/05/vinnytsia-park"));
    assert!(id_set.contains("https://tekhnosvit.example.com/2023/10/robot-sortuvalnyk"));
    for id in ["sample-csv-01", "sample-csv-02", "sample-pq-01", "sample-pq-02"] {
        assert!(id_set.contains(id), "{id}");
    }
    for i in 1..=23 {
        assert!(
            id_set.contains(format!("sample-{i:04}").as_str()),
            "sample-{i:04}"
        );
    }
    let undated = articles.iter().filter(|a| a.date.is_none()).count();
    assert_eq!(undated, 2);
    let mut per_year = std::collections::BTreeMap::new();
    for a in &articles {
        if let Some(d) = a.date {
            *per_year.entry(d.year()).or_insert(0) += 1;
        }
    }
    let expected: std::collections::BTreeMap<i32, i32> = [
        (2019, 5),
        (2020, 5),
        (2021, 6),
        (2022, 6),
        (2023, 8),
        (2024, 9),
        (2025, 8),
    ]
    .into();
    assert_eq!(per_year, expected);
    assert!(articles
        .iter()
        .all(|a| a.title.is_some() || a.id == "sample-0011"));
    assert!(articles
        .iter()
        .all(|a| !a.text.is_empty() && a.text.trim() == a.text));
    let whales = articles
        .iter()
        .find(|a| a.id.contains("antarctic-whales"))
        .unwrap();
    assert_eq!(whales.date.unwrap().to_string(), "2019-03-05");
    assert!(!whales.text.contains("date 2019"));
}
