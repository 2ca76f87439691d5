//! Which field of a record (a JSON object's key, later a CSV header or a Parquet column)
//! feeds which part of an article.
//!
//! Dumps name their fields after the crawler or CMS that wrote them: news-please's
//! `maintext` and `date_publish`, trafilatura's `raw_text`… For each [`FieldKey`] an ordered
//! list of accepted names is matched case-insensitively, the first present name wins, and
//! the user can name any other field with `--field KEY=NAME` (a [`FieldMap`] override).
//! [`FieldMap::resolve`] says which name fed each key, so that a dry run can show it per
//! file.

use std::fmt;
use std::str::FromStr;

/// A part of an article that a record's field can feed.
///
/// Exists so that every format (JSON, CSV, Parquet) names these parts the same way, and so
/// that `--field KEY=NAME` has a closed set of keys to check against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldKey {
    /// The body (required).
    Text,
    /// The headline.
    Title,
    /// The publication date (and time).
    Date,
    /// The outlet.
    Source,
    /// The original address.
    Url,
    /// The archive's own identifier.
    Id,
    /// The language code (`uk`, `en`), kept for later filtering.
    Language,
}

impl FieldKey {
    /// Every key, in the order messages and reports list them.
    pub const ALL: [FieldKey; 7] = [
        FieldKey::Text,
        FieldKey::Title,
        FieldKey::Date,
        FieldKey::Source,
        FieldKey::Url,
        FieldKey::Id,
        FieldKey::Language,
    ];

    /// The key as written in `--field KEY=NAME` and in reports (`text`, `title`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKey::Text => "text",
            FieldKey::Title => "title",
            FieldKey::Date => "date",
            FieldKey::Source => "source",
            FieldKey::Url => "url",
            FieldKey::Id => "id",
            FieldKey::Language => "language",
        }
    }

    /// The field names recognised for this key without any override, best first: the names
    /// of news-please, trafilatura, newspaper, Hugging Face datasets and CMS exports. The
    /// lists of different keys share no name.
    pub fn default_names(self) -> &'static [&'static str] {
        match self {
            FieldKey::Text => &[
                "text",
                "body",
                "content",
                "maintext",
                "article",
                "full_text",
                "fulltext",
                "article_text",
            ],
            FieldKey::Title => &["title", "headline", "header", "heading"],
            FieldKey::Date => &[
                "date",
                "published",
                "published_at",
                "publish_date",
                "date_publish",
                "pubdate",
                "pub_date",
                "datetime",
                "created_at",
                "timestamp",
                "time",
            ],
            FieldKey::Source => &[
                "source",
                "outlet",
                "site",
                "source_domain",
                "publisher",
                "media",
                "domain",
            ],
            FieldKey::Url => &["url", "link", "canonical_url", "uri"],
            FieldKey::Id => &["id", "guid", "uuid", "doc_id", "article_id"],
            FieldKey::Language => &["language", "lang"],
        }
    }

    /// Position in [`ALL`](Self::ALL), for per-key arrays.
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FieldKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FieldKey {
    type Err = FieldMapError;

    /// A key by its name, in any case and with surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        FieldKey::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| FieldMapError::UnknownKey(s.chars().take(40).collect()))
    }
}

/// Why a `--field KEY=NAME` value was refused.
///
/// Exists so that the command line can say exactly what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldMapError {
    /// No `=` in the value.
    #[error("`{0}` is not KEY=NAME (e.g. text=body)")]
    NotKeyEqualsName(String),
    /// The KEY is none of [`FieldKey::ALL`].
    #[error("unknown field key `{0}` (expected one of text, title, date, source, url, id, language)")]
    UnknownKey(String),
    /// Nothing (or only whitespace) after `=`.
    #[error("no field name after `{0}=`")]
    EmptyName(FieldKey),
}

/// Compares field names case-insensitively (Unicode-aware, without allocating), since dumps
/// write `Title`, `TITLE` and `title` alike, and user overrides may be Cyrillic.
fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The field names accepted for each key: the defaults, and the user's overrides.
///
/// Exists so that every reader asks one object which field feeds what, and so that
/// `--field` overrides apply to JSON, CSV and Parquet alike. An override is tried before
/// the defaults of its key and takes its name away from every other key; when a record
/// lacks the overriding field, the defaults still apply (archives collected over years
/// rename fields, and a mixed archive should not lose its other files' texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    overrides: [Option<String>; 7],
}

impl FieldMap {
    /// The defaults only, no overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The defaults plus one override per `KEY=NAME` value, in order (a later value for the
    /// same key replaces an earlier one).
    ///
    /// Exists as the constructor for the repeatable `--field` option.
    pub fn from_overrides<I, S>(specs: I) -> Result<Self, FieldMapError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut map = Self::new();
        for spec in specs {
            let (key, name) = Self::parse_override(spec.as_ref())?;
            map.set(key, name);
        }
        Ok(map)
    }

    /// Parses one `KEY=NAME` value (whitespace around KEY and NAME ignored, KEY in any
    /// case).
    pub fn parse_override(spec: &str) -> Result<(FieldKey, String), FieldMapError> {
        let (key, name) = spec
            .split_once('=')
            .ok_or_else(|| FieldMapError::NotKeyEqualsName(spec.chars().take(40).collect()))?;
        let key: FieldKey = key.parse()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(FieldMapError::EmptyName(key));
        }
        Ok((key, name.to_string()))
    }

    /// Makes `name` the first field tried for `key`.
    pub fn set(&mut self, key: FieldKey, name: impl Into<String>) {
        self.overrides[key.index()] = Some(name.into());
    }

    /// The override for `key`, if any.
    pub fn override_for(&self, key: FieldKey) -> Option<&str> {
        self.overrides[key.index()].as_deref()
    }

    /// Which key a field called `name` feeds, and its rank there (0 for an override, else
    /// 1 + its position in [`FieldKey::default_names`]; lower wins); `None` for a field that
    /// feeds nothing.
    ///
    /// Exists for readers that look at one field at a time (a JSON object's entries, which
    /// they take apart without copying) and keep, per key, the field of lowest rank.
    pub fn classify(&self, name: &str) -> Option<(FieldKey, usize)> {
        if let Some(key) = FieldKey::ALL.into_iter().find(|k| {
            self.overrides[k.index()]
                .as_deref()
                .is_some_and(|o| same_name(o, name))
        }) {
            return Some((key, 0));
        }
        let claimed = self.overrides.iter().flatten().any(|o| same_name(o, name));
        if claimed {
            return None;
        }
        FieldKey::ALL.into_iter().find_map(|k| {
            k.default_names()
                .iter()
                .position(|d| same_name(d, name))
                .map(|p| (k, p + 1))
        })
    }

    /// Which of `names` (a file's CSV header, Parquet columns, or a JSON object's keys)
    /// feeds each key; the first of equally ranked names wins.
    ///
    /// Exists for readers of formats with one set of names per file, and for reporting per
    /// file which name fed which key (`index --dry-run`).
    pub fn resolve<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Resolved {
        let mut best: [Option<(usize, &str)>; 7] = [None; 7];
        for name in names {
            if let Some((key, rank)) = self.classify(name) {
                let slot = &mut best[key.index()];
                if slot.is_none_or(|(r, _)| rank < r) {
                    *slot = Some((rank, name));
                }
            }
        }
        Resolved {
            names: best.map(|b| b.map(|(_, n)| n.to_string())),
        }
    }
}

/// For each key, the name of the field that feeds it (as the record spells it), if any.
///
/// Exists so that readers take each part of an article from one known field, and so that a
/// dry run can tell the user, per file, "text ← content, title ← headline".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    names: [Option<String>; 7],
}

impl Resolved {
    /// The field that feeds `key`, if any.
    pub fn get(&self, key: FieldKey) -> Option<&str> {
        self.names[key.index()].as_deref()
    }

    /// Records that the field `name` feeds `key`.
    ///
    /// Exists for readers that classify fields one at a time with [`FieldMap::classify`].
    pub fn set(&mut self, key: FieldKey, name: impl Into<String>) {
        self.names[key.index()] = Some(name.into());
    }

    /// The keys that are fed, each with its field, in the order of [`FieldKey::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (FieldKey, &str)> {
        FieldKey::ALL
            .into_iter()
            .filter_map(|k| self.get(k).map(|n| (k, n)))
    }
}

impl fmt::Display for Resolved {
    /// `text ← content, title ← headline`, or `no known field`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut any = false;
        for (key, name) in self.iter() {
            if any {
                f.write_str(", ")?;
            }
            write!(f, "{key} ← {name}")?;
            any = true;
        }
        if !any {
            f.write_str("no known field")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "fields_tests.rs"]
mod tests;
