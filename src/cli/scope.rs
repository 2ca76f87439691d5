//! The flags that choose which articles `search` and `facets` look at (index, dates,
//! sources, countries, companies), and opening the index for them: one analyzer, one
//! entity extractor per command, whatever the number of flags.

use std::path::PathBuf;

use clap::Args;

use super::{usage_error, CliError, Context};
use crate::corpus::ArticleDate;
use crate::entities::{normalize_name, EntityExtractor, EntityKind};
use crate::index::entity_fields::extractor_for;
use crate::index::open_index_lenient;
use crate::index::schema::country_value;
use crate::search::searcher::{SearchRequest, Searcher};

/// Index and filter flags shared by `search` and `facets`.
#[derive(Args, Debug)]
pub struct ScopeArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,
    /// Only articles published on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = ArticleDate::parse)]
    pub from: Option<ArticleDate>,
    /// Only articles published on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = ArticleDate::parse)]
    pub to: Option<ArticleDate>,
    /// Only articles from this outlet (exact name); repeat for either of several.
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
    /// Only articles naming this country: any form, alias or code (Китаєм, КНР, cn).
    /// Repeat to require several; `A,B` means either.
    #[arg(long = "country", value_name = "COUNTRY")]
    pub countries: Vec<String>,
    /// Only articles naming this company (any form or alias: Нафтогазу). Repeat to
    /// require several; `A,B` means either.
    #[arg(long = "company", value_name = "COMPANY")]
    pub companies: Vec<String>,
}

impl ScopeArgs {
    /// Opens the index (warning, not refusing, when it was built with another analyzer,
    /// lexicon or entity list) and turns the flags into a request for `query`; an
    /// unknown country is a usage error (exit 2).
    pub fn open(self, ctx: &Context, query: String) -> Result<(Searcher, SearchRequest), CliError> {
        let analyzer = ctx.analyzer()?;
        let extractor = extractor_for(analyzer.clone(), &self.index, None)?;
        let (index, warning) = open_index_lenient(&self.index, analyzer, &extractor.fingerprint())?;
        if let Some(warning) = warning {
            eprintln!("litopys: warning: {warning}");
        }
        let countries = self
            .countries
            .iter()
            .map(|flag| split(flag).map(|name| country(&extractor, name)).collect())
            .collect::<Result<_, _>>()?;
        let companies = self
            .companies
            .iter()
            .map(|flag| split(flag).map(|name| company(&extractor, name)).collect())
            .collect();
        let request = SearchRequest {
            from: self.from,
            to: self.to,
            sources: self.sources,
            countries,
            companies,
            ..SearchRequest::new(query)
        };
        Ok((Searcher::new(index)?, request))
    }
}

/// The names of one flag: `A,B` is either A or B.
fn split(flag: &str) -> impl Iterator<Item = &str> {
    flag.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A country as the index stores it (`CODE|Name`).
fn country(extractor: &EntityExtractor, name: &str) -> Result<String, CliError> {
    let c = extractor.resolve(EntityKind::Country, name).ok_or_else(|| {
        usage_error(anyhow::anyhow!(
            "unknown country «{name}»: give its Ukrainian name in any form, an alias (КНР, США) or its ISO code (cn)"
        ))
    })?;
    Ok(country_value(c.code.as_deref(), &c.name))
}

/// A company's canonical name; one the list lacks is kept in its normal form, since the
/// rules may have found it by name.
fn company(extractor: &EntityExtractor, name: &str) -> String {
    match extractor.resolve(EntityKind::Company, name) {
        Some(c) => c.name,
        None => normalize_name(name),
    }
}
