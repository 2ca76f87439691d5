//! URL parameters: parsed by hand because filters repeat (`country=KZ&country=CN`), and
//! checked strictly, so that a typo (`contry=`) is an error rather than a silently
//! ignored filter.

use super::error::ApiError;
use super::limits::Limits;
use litopys_core::corpus::ArticleDate;
use litopys_core::search::facets::ALL_VALUES;
use litopys_core::search::scope::Filters;
use litopys_core::search::searcher::{Counting, SortOrder};
use litopys_core::search::timeline::Granularity;

/// The filter parameters every question accepts.
pub const FILTERS: [&str; 10] = [
    "from",
    "to",
    "source",
    "language",
    "country",
    "company",
    "person",
    "organisation",
    "story",
    "count",
];

/// A request's parameters, in order, percent-decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `a=1&b=2`, refusing names outside `allowed` (and [`FILTERS`] when
    /// `filters`).
    pub fn parse(raw: Option<&str>, allowed: &[&str], filters: bool) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (key, _) in &pairs {
            let known = allowed.contains(&key.as_str()) || (filters && FILTERS.contains(&key.as_str()));
            if !known {
                let mut names: Vec<&str> = allowed.to_vec();
                if filters {
                    names.extend(FILTERS);
                }
                return Err(ApiError::bad_request(format!(
                    "unknown parameter `{key}`; this endpoint takes: {}",
                    names.join(", ")
                )));
            }
        }
        Ok(Params(pairs))
    }

    /// The last value of `key`, if given and not empty.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `key`, in order.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A whole number `key`, `default` when absent, at most `max`.
    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(raw) = self.one(key) else {
            return Ok(default);
        };
        let n: usize = raw
            .trim()
            .parse()
            .map_err(|_| ApiError::bad_request(format!("`{key}` must be a whole number, not «{raw}»")))?;
        if n > max {
            return Err(ApiError::bad_request(format!(
                "`{key}` is at most {max} (got {n})"
            )));
        }
        Ok(n)
    }

    /// Like [`Params::number`], where `all` means every value a facet list can hold
    /// ([`ALL_VALUES`]): what a coordinator of shards asks for, so that the counts it
    /// sums are complete.
    pub fn number_or_all(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.one(key) {
            Some(raw) if raw.trim() == "all" => Ok(ALL_VALUES),
            _ => self.number(key, default, max).map_err(|_| {
                ApiError::bad_request(format!(
                    "`{key}` must be a whole number up to {max} or `all`, not «{}»",
                    self.one(key).unwrap_or_default()
                ))
            }),
        }
    }

    /// The query `q` (empty: every article), at most `limits.max_query_chars` long.
    pub fn query(&self, limits: &Limits) -> Result<String, ApiError> {
        checked_query(self.one("q").unwrap_or(""), limits)
    }

    /// Every `vs` query (the others of a comparison), each held to the same limit as `q`.
    pub fn vs_queries(&self, limits: &Limits) -> Result<Vec<String>, ApiError> {
        self.all("vs").iter().map(|q| checked_query(q, limits)).collect()
    }

    /// `by=year|month|week` for timelines, months by default.
    pub fn granularity(&self) -> Result<Granularity, ApiError> {
        Ok(
            match self.choice("by", &["year", "month", "week"], Some("month"))? {
                Some("year") => Granularity::Year,
                Some("week") => Granularity::Week,
                _ => Granularity::Month,
            },
        )
    }

    /// `sort=relevance|date`, relevance by default.
    pub fn sort(&self) -> Result<SortOrder, ApiError> {
        match self.one("sort") {
            None | Some("relevance") => Ok(SortOrder::Relevance),
            Some("date") => Ok(SortOrder::Date),
            Some(other) => Err(ApiError::bad_request(format!(
                "`sort` is `relevance` or `date`, not «{other}»"
            ))),
        }
    }

    /// One of `choices` for `key`, or `default`.
    pub fn choice<'a>(
        &self,
        key: &str,
        choices: &[&'a str],
        default: Option<&'a str>,
    ) -> Result<Option<&'a str>, ApiError> {
        match self.one(key) {
            None => Ok(default),
            Some(v) => choices
                .iter()
                .find(|c| **c == v)
                .map(|c| Some(*c))
                .ok_or_else(|| {
                    ApiError::bad_request(format!("`{key}` is one of {}, not «{v}»", choices.join(", ")))
                }),
        }
    }

    /// The date, source, country, company, person and organisation filters.
    pub fn filters(&self) -> Result<Filters, ApiError> {
        Ok(Filters {
            from: self.date("from")?,
            to: self.date("to")?,
            sources: self.all("source"),
            languages: self.all("language"),
            countries: self.all("country"),
            companies: self.all("company"),
            persons: self.all("person"),
            organisations: self.all("organisation"),
            story: self.one("story").map(str::to_string),
            counting: match self.choice("count", &["articles", "stories"], Some("articles"))? {
                Some("stories") => Counting::Stories,
                _ => Counting::Articles,
            },
        })
    }

    fn date(&self, key: &str) -> Result<Option<ArticleDate>, ApiError> {
        self.one(key)
            .map(|v| {
                ArticleDate::parse(v.trim())
                    .map_err(|e| ApiError::bad_request(format!("`{key}`: {e} (expected YYYY-MM-DD)")))
            })
            .transpose()
    }
}

/// `raw` trimmed, refused when longer than `limits.max_query_chars`.
fn checked_query(raw: &str, limits: &Limits) -> Result<String, ApiError> {
    let q = raw.trim().to_string();
    let chars = q.chars().count();
    if chars > limits.max_query_chars {
        return Err(ApiError::bad_request(format!(
            "the query is {chars} characters long; the limit is {}",
            limits.max_query_chars
        )));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_filters_and_decoding() {
        let p = Params::parse(
            Some("q=%D0%9A%D0%B8%D1%82%D0%B0%D0%B9&country=KZ&country=cn%2CJP&from=2024-01-01&limit=5"),
            &["q", "limit"],
            true,
        )
        .unwrap();
        assert_eq!(p.query(&Limits::default()).unwrap(), "Китай");
        let f = p.filters().unwrap();
        assert_eq!(f.countries, ["KZ", "cn,JP"]);
        assert_eq!(f.from.unwrap().to_string(), "2024-01-01");
        assert_eq!(p.number("limit", 10, 100).unwrap(), 5);
        assert_eq!(p.number("offset", 0, 100).unwrap(), 0);
    }

    #[test]
    fn mistakes_are_named() {
        let e = Params::parse(Some("contry=KZ"), &["q"], true).unwrap_err();
        assert!(e.message.contains("unknown parameter `contry`"), "{}", e.message);
        let p = Params::parse(
            Some("limit=500&from=2024-13-01&sort=best"),
            &["limit", "sort"],
            true,
        )
        .unwrap();
        assert!(p
            .number("limit", 10, 100)
            .unwrap_err()
            .message
            .contains("at most 100"));
        assert!(p.filters().unwrap_err().message.starts_with("`from`"));
        assert!(p.sort().unwrap_err().message.contains("«best»"));
        let long = format!("q={}", "а".repeat(1001));
        let p = Params::parse(Some(&long), &["q"], false).unwrap();
        assert!(p
            .query(&Limits::default())
            .unwrap_err()
            .message
            .contains("1001 characters"));
    }
}
