//! Every kind of bad input becomes a skip with the right file and line, and everything else
//! in the same file is still read.

use std::fs;

use super::{archive, gz, read_dir};
use crate::corpus::*;

/// Nine lines: good, malformed, blank, good, invalid UTF-8, impossible date (read undated),
/// wrong type, no text, good (blank lines are not articles but are counted as lines).
fn mixed_jsonl() -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice("{\"id\":\"m-1\",\"text\":\"Перша новина.\"}\n".as_bytes());
    v.extend_from_slice(b"{\"id\":\"m-2\",\"text\":\"oops\"\n");
    v.extend_from_slice(b"\n");
    v.extend_from_slice("{\"id\":\"m-4\",\"text\":\"Четверта.\",\"title\":null}\n".as_bytes());
    v.extend_from_slice(b"{\"id\":\"m-5\",\"text\":\"\xd6\xe5\xed\xe8\"}\n");
    v.extend_from_slice("{\"id\":\"m-6\",\"text\":\"Шоста.\",\"date\":\"2023-02-30\"}\n".as_bytes());
    v.extend_from_slice("{\"id\":\"m-7\",\"text\":\"Сьома.\",\"title\":5}\n".as_bytes());
    v.extend_from_slice("{\"id\":\"m-8\",\"title\":\"Без тексту\"}\n".as_bytes());
    v.extend_from_slice("{\"id\":\"m-9\",\"text\":\"Дев'ята.\",\"date\":\"2024-02-29\"}".as_bytes());
    v
}

fn summary(skips: &[Skip]) -> Vec<(String, Option<usize>, &'static str)> {
    skips
        .iter()
        .map(|s| {
            (
                s.path.file_name().unwrap().to_string_lossy().into_owned(),
                s.line,
                s.reason.kind(),
            )
        })
        .collect()
}

#[test]
fn bad_lines_skip_only_themselves() {
    let mixed = mixed_jsonl();
    let dir = archive(&[
        ("mixed.jsonl", &mixed),
        ("mixed.jsonl.gz", &gz(&mixed.replace_ids())),
    ]);
    let (articles, skips) = read_dir(dir.path());
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    // An impossible date in JSON leaves the article undated instead of skipping it.
    assert_eq!(ids, ["m-1", "m-4", "m-6", "m-9", "g-1", "g-4", "g-6", "g-9"]);
    assert!(articles
        .iter()
        .filter(|a| a.id.ends_with("-6"))
        .all(|a| a.date.is_none()));
    let expected = |f: &str| {
        vec![
            (f.to_string(), Some(2), "malformed-json"),
            (f.to_string(), Some(5), "invalid-utf8"),
            (f.to_string(), Some(7), "bad-field"),
            (f.to_string(), Some(8), "no-text"),
        ]
    };
    let mut all = expected("mixed.jsonl");
    all.extend(expected("mixed.jsonl.gz"));
    assert_eq!(summary(&skips), all);
    assert!(
        skips[1]
            .to_string()
            .ends_with("mixed.jsonl:5: not valid UTF-8 (byte 20)"),
        "{}",
        skips[1]
    );
}

/// Turns the `m-` ids of [`mixed_jsonl`] into `g-` ids, so that the two copies don't clash.
trait ReplaceIds {
    fn replace_ids(&self) -> Vec<u8>;
}
impl ReplaceIds for Vec<u8> {
    fn replace_ids(&self) -> Vec<u8> {
        let mut v = self.clone();
        for w in 0..v.len().saturating_sub(2) {
            if &v[w..w + 3] == b"\"m-" {
                v[w + 1] = b'g';
            }
        }
        v
    }
}

#[test]
fn bad_text_files_are_skipped_alone() {
    let dir = archive(&[
        (
            "a-good.txt",
            "date 2024-02-29 Високосний день\n\nТекст.".as_bytes(),
        ),
        (
            "b-cp1251.txt",
            b"date 2024-01-01 \xcd\xee\xe2\xe8\xed\xe0\n\n\xd2\xe5\xea\xf1\xf2",
        ),
        ("c-short-date.txt", "date 2023-1-5 Заголовок\n\nТекст.".as_bytes()),
        ("d-feb30.txt", "date 2023-02-30 Заголовок\n\nТекст.".as_bytes()),
        ("e-empty.txt", b""),
        ("f-broken.json", br#"[{"text":"a"},"#),
        ("g-good.json", r#"{"text":"Гарний."}"#.as_bytes()),
    ]);
    let (articles, skips) = read_dir(dir.path());
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    // The cp1251 file is detected as such and read.
    assert_eq!(ids, ["a-good.txt", "b-cp1251.txt", "g-good.json"]);
    assert_eq!(articles[1].title.as_deref(), Some("Новина"));
    assert_eq!(articles[1].text, "Текст");
    assert_eq!(
        summary(&skips),
        [
            ("c-short-date.txt".to_string(), None, "impossible-date"),
            ("d-feb30.txt".to_string(), None, "impossible-date"),
            ("e-empty.txt".to_string(), None, "no-text"),
            ("f-broken.json".to_string(), None, "malformed-json"),
        ]
    );
    assert!(
        skips[0]
            .to_string()
            .contains("`2023-1-5` is not a YYYY-MM-DD date"),
        "{}",
        skips[0]
    );
}

#[test]
fn truncated_gzip_keeps_the_lines_before() {
    let lines: String = (1..=2000)
        .map(|i| format!("{{\"id\":\"t-{i}\",\"text\":\"Новина номер {i} про експорт зерна.\"}}\n"))
        .collect();
    let whole = gz(lines.as_bytes());
    let cut = &whole[..whole.len() * 2 / 3];
    let dir = archive(&[("cut.jsonl.gz", cut), ("garbage.jsonl.gz", b"not gzip at all\n")]);
    let (articles, skips) = read_dir(dir.path());
    let n = articles.len();
    assert!(n > 100 && n < 2000, "{n}");
    assert_eq!(
        articles[n - 1].id,
        format!("t-{n}"),
        "articles before the cut are all there"
    );
    assert_eq!(skips.len(), 2, "{skips:?}");
    assert_eq!(
        summary(&skips[..1]),
        [("cut.jsonl.gz".to_string(), Some(n + 1), "bad-gzip")]
    );
    assert!(
        skips[0]
            .to_string()
            .contains(&format!("the {n} lines before were read")),
        "{}",
        skips[0]
    );
    assert_eq!(
        summary(&skips[1..]),
        [("garbage.jsonl.gz".to_string(), Some(1), "bad-gzip")]
    );
}

#[test]
fn vanished_and_unreadable_files() {
    let dir = archive(&[
        ("a.txt", "Заголовок\n\nТекст.".as_bytes()),
        ("b.jsonl", b"{\"text\":\"x\"}\n"),
        ("c.json", b"{\"text\":\"x\"}"),
    ]);
    let (files, _) = discover(&[dir.path().into()]);
    for f in &files {
        fs::remove_file(&f.path).unwrap();
    }
    let (articles, skips) = read_all(&files);
    assert!(articles.is_empty());
    assert_eq!(skips.len(), 3);
    for s in &skips {
        assert_eq!((s.line, s.reason.kind()), (None, "unreadable"));
        assert!(
            s.to_string()
                .ends_with(": unreadable (no such file or directory)"),
            "{s}"
        );
    }
}

#[cfg(unix)]
#[test]
fn permission_denied_is_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = archive(&[
        ("secret.txt", "Заголовок\n\nТекст.".as_bytes()),
        ("ok.txt", "Т\n\nТекст.".as_bytes()),
    ]);
    let secret = dir.path().join("secret.txt");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&secret).is_ok() {
        return; // running as root: permissions are not enforced
    }
    let (articles, skips) = read_dir(dir.path());
    assert_eq!(articles.len(), 1);
    assert_eq!(
        skips[0].to_string(),
        format!("{}: unreadable (permission denied)", secret.display())
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic fuzz: every prefix of a few tricky inputs, in every format.
    let inputs: [&[u8]; 4] = [
        "\u{feff} date 2024-02-29 Заголовок\r\n\r\nТекст.".as_bytes(),
        "{\"id\":1e400,\"text\":\"Ж\",\"date\":\"2024-02-29\"}\n[1,{\"text\":\"\\ud800\"}]\n".as_bytes(),
        b"\xef\xbb\xbf[{\"text\":\"\xd0\"},{}]",
        &gz("{\"text\":\"Київ\"}\n{\"text\":\"Львів\"}".as_bytes()),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (k, input) in inputs.iter().enumerate() {
        for cut in 0..=input.len() {
            for ext in ["txt", "json", "jsonl", "jsonl.gz"] {
                let path = dir.path().join(format!("f{k}-{cut}.{ext}"));
                fs::write(&path, &input[..cut]).unwrap();
            }
        }
    }
    let (articles, skips) = read_dir(dir.path());
    assert!(!articles.is_empty() && !skips.is_empty());
}
