//! Which shard an article belongs to: `--shard-by month|year|hash:N`.
//!
//! A shard key must be the same on every run and every machine, or a rerun would move
//! articles between shards (and a cluster would look for them in the wrong place). Dates
//! give it for free; the hash is FNV-1a over the id's bytes, fixed by its definition,
//! never `std`'s randomly seeded hasher.

use std::fmt;
use std::str::FromStr;

use crate::corpus::Article;

/// The shard of articles without a date, under `month` and `year`.
pub const UNDATED: &str = "undated";

/// The most shards `hash:N` may ask for.
///
/// Exists to keep a typo (`hash:10000`) from creating thousands of folders.
pub const MAX_HASH_SHARDS: u32 = 1024;

/// How articles are split into shards.
///
/// Exists so that the shard manifest, the routing pass and the per-shard filter agree on
/// one rule, written once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardBy {
    /// One shard per calendar month of the article's day (`2024-03`), plus [`UNDATED`].
    Month,
    /// One shard per year (`2024`), plus [`UNDATED`].
    Year,
    /// `N` shards by a stable hash of the article id (`hash-03-of-08`); undated articles
    /// are hashed like the others.
    Hash(u32),
}

/// A `--shard-by` value that is none of the accepted forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a shard key: use month, year or hash:N (N from 1 to {MAX_HASH_SHARDS})")]
pub struct BadShardBy(pub String);

impl FromStr for ShardBy {
    type Err = BadShardBy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadShardBy(s.to_string());
        match s.trim() {
            "month" => Ok(ShardBy::Month),
            "year" => Ok(ShardBy::Year),
            other => {
                let n = other.strip_prefix("hash:").ok_or_else(bad)?;
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                match n.parse::<u32>() {
                    Ok(n) if (1..=MAX_HASH_SHARDS).contains(&n) => Ok(ShardBy::Hash(n)),
                    _ => Err(bad()),
                }
            }
        }
    }
}

impl fmt::Display for ShardBy {
    /// The form `--shard-by` takes, as the shard manifest records it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardBy::Month => write!(f, "month"),
            ShardBy::Year => write!(f, "year"),
            ShardBy::Hash(n) => write!(f, "hash:{n}"),
        }
    }
}

/// FNV-1a, 64 bits: a hash fixed by its definition (same value on every platform, in
/// every run), for [`ShardBy::Hash`].
pub fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

impl ShardBy {
    /// The name (and folder) of the shard of `article`, as it will be indexed (after
    /// [`make_storable`](crate::index::document::make_storable): a date the index cannot
    /// store makes the article undated here too).
    pub fn shard_of(&self, article: &Article) -> String {
        match (self, article.date) {
            (ShardBy::Month, Some(d)) => format!("{:04}-{:02}", d.year(), d.month()),
            (ShardBy::Year, Some(d)) => format!("{:04}", d.year()),
            (ShardBy::Month | ShardBy::Year, None) => UNDATED.to_string(),
            (ShardBy::Hash(n), _) => hash_shard(&article.id, *n),
        }
    }
}

/// The shard of the id `id` among `n`: `hash-03-of-08` (numbers padded to the width of
/// `n`, at least two digits, so that folders sort in order).
pub fn hash_shard(id: &str, n: u32) -> String {
    let n = n.max(1);
    let width = n.to_string().len().max(2);
    let k = fnv1a(id.as_bytes()) % u64::from(n);
    format!("hash-{k:0width$}-of-{n:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleDate, ArticleHeader, Origin};

    fn article(id: &str, date: Option<&str>) -> Article {
        Article {
            header: ArticleHeader {
                id: id.to_string(),
                title: None,
                date: date.map(|d| d.parse::<ArticleDate>().unwrap()),
                published: None,
                source: None,
                url: None,
                language: None,
            },
            text: "текст".to_string(),
            origin: Origin {
                path: "a.jsonl".into(),
                line: Some(1),
                index: None,
            },
        }
    }

    #[test]
    fn parses_the_accepted_forms_and_refuses_others() {
        assert_eq!("month".parse(), Ok(ShardBy::Month));
        assert_eq!("year".parse(), Ok(ShardBy::Year));
        assert_eq!("hash:8".parse(), Ok(ShardBy::Hash(8)));
        assert_eq!("hash:1024".parse(), Ok(ShardBy::Hash(1024)));
        for bad in [
            "",
            "day",
            "Month",
            "hash",
            "hash:",
            "hash:0",
            "hash:1025",
            "hash:-1",
            "hash:+3",
            "hash:x",
        ] {
            let err = bad.parse::<ShardBy>().unwrap_err().to_string();
            assert!(err.contains("month, year or hash:N"), "{bad}: {err}");
        }
        for key in [ShardBy::Month, ShardBy::Year, ShardBy::Hash(16)] {
            assert_eq!(key.to_string().parse(), Ok(key));
        }
    }

    #[test]
    fn months_and_years_by_the_articles_day() {
        let a = article("a", Some("2024-03-31"));
        assert_eq!(ShardBy::Month.shard_of(&a), "2024-03");
        assert_eq!(ShardBy::Year.shard_of(&a), "2024");
        let b = article("b", Some("0987-12-01"));
        assert_eq!(ShardBy::Month.shard_of(&b), "0987-12");
        assert_eq!(ShardBy::Year.shard_of(&b), "0987");
        let undated = article("c", None);
        assert_eq!(ShardBy::Month.shard_of(&undated), UNDATED);
        assert_eq!(ShardBy::Year.shard_of(&undated), UNDATED);
    }

    #[test]
    fn the_hash_is_fixed_across_runs_and_platforms() {
        // FNV-1a's published test values.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        // And the folders they give.
        assert_eq!(hash_shard("a", 8), "hash-04-of-08");
        assert_eq!(hash_shard("foobar", 8), "hash-00-of-08");
        assert_eq!(hash_shard("foobar", 1024), "hash-1000-of-1024");
        assert_eq!(hash_shard("anything", 1), "hash-00-of-01");
        let undated = article("a", None);
        assert_eq!(ShardBy::Hash(8).shard_of(&undated), "hash-04-of-08");
    }
}
