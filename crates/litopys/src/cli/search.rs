//! `litopys search`: wires command-line flags to [`litopys_core::search::searcher`] and the
//! results to [`crate::output`]. All the work is in the library.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};

use super::common::{format_arg, search_error, write_stdout, CliError, Context};
use super::scope::ScopeArgs;
use crate::output::{self, text::TextOptions, Format};
use litopys_core::index::Access;
use litopys_core::search::searcher::{SearchRequest, SortOrder};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first, undated articles last.
    Date,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    /// Colour when standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--limit`: a number, or `all` for every hit.
#[derive(Clone, Copy, Debug)]
struct Limit(Option<usize>);

fn parse_limit(s: &str) -> Result<Limit, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(Limit(None));
    }
    s.parse()
        .map(|n| Limit(Some(n)))
        .map_err(|_| format!("`{s}` is neither a number nor `all`"))
}

/// Arguments of `litopys search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// The query: words (all required, any form), "phrases", OR, -word / NOT word,
    /// "words near"~5 (any order, at most 5 words between), prefix* (every form starting
    /// so), title:word, body:word, =exact form, (grouping). Several arguments are joined;
    /// put `--` before a query that starts with `-`.
    #[arg(required = true, value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    scope: ScopeArgs,
    /// Hits to show, or `all` for every hit (for exports).
    #[arg(long, value_name = "N|all", default_value = "10", value_parser = parse_limit)]
    limit: Limit,
    /// Hits to skip (for the next pages).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// Order of the hits.
    #[arg(long, value_enum, default_value = "relevance")]
    sort: SortArg,
    /// Top countries and companies to count over all matches (0: none).
    #[arg(long, value_name = "N", default_value_t = 10)]
    facets: usize,
    /// One hit per story: reprints of one report collapse into its earliest matching
    /// article, with "and N more" and the `--story` id that lists them. `--limit` and
    /// `--offset` then count stories.
    #[arg(long)]
    collapse: bool,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::search::FORMATS))]
    format: Format,
    /// Highlight with colours (text format).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
}

/// Runs the command.
pub fn run(ctx: &Context, args: SearchArgs) -> Result<(), CliError> {
    let query = args.query.join(" ");
    // Every hit (an export) reads the stored texts in order: keep readahead for it.
    let access = match args.limit.0 {
        None => Access::Scan,
        Some(_) => Access::Lookup,
    };
    let (searcher, base) = args.scope.open_for(ctx, query.clone(), access)?;
    let format = args.format;
    let request = SearchRequest {
        limit: args.limit.0,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        },
        collapse: args.collapse,
        facets: if output::search::shows_facets(format) {
            args.facets
        } else {
            0
        },
        ..base
    };
    let results = searcher.search(&request).map_err(|e| search_error(e, &query))?;
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let text = TextOptions {
        color,
        offset: args.offset,
    };
    write_stdout(|out| output::search::write(out, &results, format, &text))?;
    if results.total == 0 && matches!(format, Format::Text) {
        eprintln!("litopys: no articles match «{query}»");
    }
    Ok(())
}
