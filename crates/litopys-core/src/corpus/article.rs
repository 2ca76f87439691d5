//! The article: what every archive format is read into, and its header, the part that
//! travels on into the index, search hits and every output.

use std::collections::HashMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::date::ArticleDate;
use super::datetime::ArticleDateTime;
use super::skip::{Skip, SkipReason};

/// What identifies and describes an article, apart from its body: id, headline, day,
/// outlet, address and language.
///
/// Exists so that these five fields are declared once for every layer that carries them:
/// the [`Article`] read from an archive, the stored fields read back from the index, a
/// search hit and the whole-article view; all of them hold an `ArticleHeader`. Serialised
/// as keys in this order (`id`, `title`, `date`, `published`, `source`, `url`,
/// `language`, absent values as `null`), which the types that embed it flatten into their own JSON objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleHeader {
    /// Stable identifier: the archive's own `id` (trimmed) if it has one, else derived from
    /// the file's path relative to its root (`txt/2019/grain-china.txt`), with `:LINE` for
    /// JSON Lines and `#INDEX` for an element of a JSON array. Stable across runs so that
    /// reindexing can replace documents by id.
    pub id: String,
    /// The headline, trimmed; `None` if the archive has none.
    pub title: Option<String>,
    /// The publication day, validated; `None` for undated articles.
    pub date: Option<ArticleDate>,
    /// The moment of publication as the archive wrote it (RFC 3339 in JSON:
    /// `2025-09-05T14:30:00+03:00`, or without an offset for a local time); `None` when the
    /// archive gave no time of day. Its calendar day is `date`.
    pub published: Option<ArticleDateTime>,
    /// The outlet, trimmed; `None` if unknown.
    pub source: Option<String>,
    /// The original address, trimmed; `None` if unknown.
    pub url: Option<String>,
    /// The language of the text as the archive gave it (a `language` or `lang` field,
    /// `<html lang>`), normalised by [`normalize_language`](super::normalize_language)
    /// (`uk`, `uk-ua`); `None` when the archive does not say.
    #[serde(default)]
    pub language: Option<String>,
}

/// One news article, whatever format it came from.
///
/// Exists so that everything downstream (analysis, indexing, search results) handles a
/// single shape; the readers in this module are the only code that knows about `.txt`,
/// `.json` and JSON Lines.
///
/// The header's fields read through the article (`article.id`, `article.title`), since an
/// article is its header plus a body and a place: see the `Deref` implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Id, headline, day, outlet and address.
    pub header: ArticleHeader,
    /// The body, trimmed at both ends, never empty; paragraphs separated by blank lines.
    pub text: String,
    /// Where the article was read from, for messages and for opening the original.
    pub origin: Origin,
}

/// `article.id` for `article.header.id`: the header's fields are the article's own, and
/// most code that reads them (the indexer, the progress report) has no reason to spell out
/// where they are kept. Moving a field out of an owned article still needs `header`.
impl Deref for Article {
    type Target = ArticleHeader;
    fn deref(&self) -> &ArticleHeader {
        &self.header
    }
}

/// `article.date = …` for `article.header.date = …`, as [`Deref`] does for reading.
impl DerefMut for Article {
    fn deref_mut(&mut self) -> &mut ArticleHeader {
        &mut self.header
    }
}

/// Where in the archive an article (or a duplicate of it) was found.
///
/// Exists so that search results and error messages can point at the exact file, line or
/// array element; its `Display` is `path:line`, `path#index` or `path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file as found by the walk (not canonicalised).
    pub path: PathBuf,
    /// 1-based line in a JSON Lines file; `None` for other formats.
    pub line: Option<usize>,
    /// 0-based position in a `.json` array; `None` for other formats.
    pub index: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(index) = self.index {
            write!(f, "#{index}")?;
        }
        Ok(())
    }
}

/// Version tag mixed into [`content_hash`]; bump it when the set or encoding of hashed
/// fields changes, so that every stored hash is seen as stale.
const HASH_VERSION: &[u8] = b"litopys-article-v3";

/// A 128-bit fingerprint of everything about an article that ends up in the index.
///
/// Exists for incremental reindexing: an article whose id exists in the index with the same
/// hash need not be analysed again. Covers id, title, date, time, source, url, language and text (not the
/// origin: moving a file whose articles carry their own ids changes nothing). SHA-256,
/// truncated to 16 bytes, over length-prefixed fields, so that no two different articles
/// share an encoding.
pub fn content_hash(article: &Article) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(HASH_VERSION);
    let date = article.date.map(|d| d.to_string());
    let published = article.published.map(|p| p.to_rfc3339());
    let fields: [Option<&str>; 8] = [
        Some(&article.id),
        article.title.as_deref(),
        date.as_deref(),
        published.as_deref(),
        article.source.as_deref(),
        article.url.as_deref(),
        article.language.as_deref(),
        Some(&article.text),
    ];
    for field in fields {
        match field {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    let full = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// [`content_hash`] as 32 lowercase hex digits.
///
/// Exists because the index and JSON reports store the hash as a string.
pub fn content_hash_hex(article: &Article) -> String {
    use std::fmt::Write;
    content_hash(article)
        .iter()
        .fold(String::with_capacity(32), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Remembers the ids seen in one run and rejects the second article with an id.
///
/// Exists because files are read in parallel, so no single reader can see duplicates across
/// files; the consumer (the indexer, or [`read_all`](super::read_all)) feeds every article
/// through one registry, in a deterministic order, to decide which one is kept.
#[derive(Debug, Default)]
pub struct IdRegistry {
    seen: HashMap<String, String>,
}

impl IdRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `article`'s id; if it was already recorded, returns the [`Skip`] for this
    /// (second) article: "duplicate id X, first seen at PATH:LINE".
    pub fn register(&mut self, article: &Article) -> Result<(), Skip> {
        if let Some(first) = self.seen.get(&article.id) {
            return Err(Skip {
                path: article.origin.path.clone(),
                line: article.origin.line,
                reason: SkipReason::DuplicateId {
                    id: article.id.clone(),
                    first_seen: first.clone(),
                },
            });
        }
        self.seen.insert(article.id.clone(), article.origin.to_string());
        Ok(())
    }

    /// Whether `id` was recorded.
    pub fn contains(&self, id: &str) -> bool {
        self.seen.contains_key(id)
    }

    /// Number of distinct ids recorded.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether nothing was recorded yet.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, path: &str, line: Option<usize>) -> Article {
        Article {
            header: ArticleHeader {
                id: id.into(),
                title: Some("Заголовок".into()),
                date: ArticleDate::parse("2024-03-12").ok(),
                published: None,
                source: None,
                url: None,
                language: None,
            },
            text: "Текст новини.".into(),
            origin: Origin {
                path: path.into(),
                line,
                index: None,
            },
        }
    }

    #[test]
    fn registry_rejects_second_with_first_location() {
        let mut reg = IdRegistry::new();
        assert!(reg.register(&article("a", "x/a.jsonl", Some(3))).is_ok());
        assert!(reg.register(&article("b", "x/b.txt", None)).is_ok());
        let skip = reg.register(&article("a", "x/c.jsonl", Some(7))).unwrap_err();
        assert_eq!(
            skip.to_string(),
            "x/c.jsonl:7: duplicate id a, first seen at x/a.jsonl:3"
        );
        assert_eq!(reg.len(), 2);
        assert!(reg.contains("b"));
    }

    #[test]
    fn hash_depends_on_content_not_origin() {
        let a = article("a", "x/a.jsonl", Some(3));
        let mut moved = a.clone();
        moved.origin.path = "y/z.jsonl".into();
        assert_eq!(content_hash(&a), content_hash(&moved));
        let mut edited = a.clone();
        edited.text.push('!');
        assert_ne!(content_hash(&a), content_hash(&edited));
        // Field boundaries matter: moving text between fields changes the hash.
        let mut t1 = a.clone();
        t1.title = None;
        t1.source = Some("Заголовок".into());
        assert_ne!(content_hash(&a), content_hash(&t1));
        assert_eq!(content_hash_hex(&a).len(), 32);
    }

    #[test]
    fn origin_display() {
        let o = Origin {
            path: "json/d.json".into(),
            line: None,
            index: Some(2),
        };
        assert_eq!(o.to_string(), "json/d.json#2");
    }
}
