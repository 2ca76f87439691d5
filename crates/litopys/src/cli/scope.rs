//! The flags that choose which articles `search` and `facets` look at (index, dates,
//! sources, countries, companies, persons, organisations), and opening the index for them: one analyzer, one
//! entity extractor per command, whatever the number of flags.

use std::path::PathBuf;

use clap::Args;

use super::common::{open_error, usage_error, CliError, Context};
use litopys_core::corpus::ArticleDate;
use litopys_core::index::Access;
use litopys_core::search::scope::{Filters, SearchScope};
use litopys_core::search::searcher::{Counting, SearchRequest, Searcher};

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
    /// Only articles in this language, as the archive gave it (`uk` also takes `uk-UA`,
    /// `ukr`); repeat or `A,B` for either. Articles of unknown language are left out.
    #[arg(long = "language", value_name = "CODE")]
    pub languages: Vec<String>,
    /// Only articles naming this country: any form, alias or code (Китаєм, КНР, cn).
    /// Repeat to require several; `A,B` means either.
    #[arg(long = "country", value_name = "COUNTRY")]
    pub countries: Vec<String>,
    /// Only articles naming this company (any form or alias: Нафтогазу). Repeat to
    /// require several; `A,B` means either.
    #[arg(long = "company", value_name = "COMPANY")]
    pub companies: Vec<String>,
    /// Only articles naming this person, in any inflection («Порошенком», «Петра
    /// Порошенка»); a surname alone takes every person of that surname. Repeat to
    /// require several; `A,B` means either.
    #[arg(long = "person", value_name = "NAME")]
    pub persons: Vec<String>,
    /// Only articles naming this organisation (not a company: ministries, courts,
    /// parties, councils), in any inflection («Верховної Ради»). Repeat to require
    /// several; `A,B` means either.
    #[arg(long = "organisation", visible_alias = "organization", value_name = "NAME")]
    pub organisations: Vec<String>,
    /// Only the articles of one story (the id a collapsed hit shows): the reprints of
    /// one report.
    #[arg(long, value_name = "ID")]
    pub story: Option<String>,
    /// What facet counts and timelines count: every matching article, or distinct
    /// stories (reprints of one report count once).
    #[arg(long, value_enum, value_name = "WHAT", default_value = "articles")]
    pub count: CountArg,
}

/// `--count`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CountArg {
    /// Every matching article.
    Articles,
    /// Distinct stories among them.
    Stories,
}

impl ScopeArgs {
    /// The filters these flags give (also what the HTTP API's parameters fill).
    pub fn filters(&self) -> Filters {
        Filters {
            from: self.from,
            to: self.to,
            sources: self.sources.clone(),
            languages: self.languages.clone(),
            countries: self.countries.clone(),
            companies: self.companies.clone(),
            persons: self.persons.clone(),
            organisations: self.organisations.clone(),
            story: self.story.clone(),
            counting: match self.count {
                CountArg::Articles => Counting::Articles,
                CountArg::Stories => Counting::Stories,
            },
        }
    }

    /// Opens the index (warning, not refusing, when it was built with another analyzer,
    /// lexicon or entity list) and turns the flags into a request for `query`; an
    /// unknown country is a usage error (exit 2).
    pub fn open(self, ctx: &Context, query: String) -> Result<(Searcher, SearchRequest), CliError> {
        self.open_for(ctx, query, Access::Lookup)
    }

    /// [`ScopeArgs::open`] for a command that reads the index as `access` says (a full
    /// export scans the stored texts in order and keeps the kernel's readahead).
    pub fn open_for(
        self,
        ctx: &Context,
        query: String,
        access: Access,
    ) -> Result<(Searcher, SearchRequest), CliError> {
        let scope = SearchScope::open_for(&self.index, ctx.analyzer()?, access).map_err(open_error)?;
        if let Some(warning) = &scope.warning {
            eprintln!("litopys: warning: {warning}");
        }
        let request = scope.request(query, &self.filters()).map_err(usage_error)?;
        Ok((scope.searcher, request))
    }
}
