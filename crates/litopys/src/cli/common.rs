//! What every command shares: its error type and exit status, the lexicon context, the
//! `--format` parser and the way results reach standard output. In a file of its own so
//! that the commands import it, not the module root that declares them.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::Analyzer;

use crate::output::{Format, Formats};

/// Exit status of a failure of the machine rather than of the input or the program: a
/// full disk, a read-only or forbidden folder (documented in the README).
pub const ENVIRONMENT: u8 = 3;

/// Exit status of `litopys check` on an index with damaged files (documented in the
/// README).
pub const DAMAGED: u8 = 4;

/// An error with the exit status it should produce.
#[derive(Debug)]
pub struct CliError {
    /// 1 for failures (and `--strict` refusals of bad input), 2 for bad usage,
    /// [`ENVIRONMENT`] for the machine's failures, [`DAMAGED`] for a damaged index, 130
    /// for an interrupted job.
    pub status: u8,
    /// The error and its causes.
    pub error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError {
            status: 1,
            error: e.into(),
        }
    }
}

/// The error and its causes on one line, each cause only if the message before does not
/// already say it (Tantivy's and the OS's errors often repeat what wraps them).
pub fn one_line(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line
}

/// Marks an error as the user's (exit status 2).
pub fn usage_error(e: impl Into<anyhow::Error>) -> CliError {
    CliError {
        status: 2,
        error: e.into(),
    }
}

/// A failed search as the user should see it: a bad query with a caret under the problem
/// and an empty date range are usage errors (exit 2); a broken index is a failure.
pub fn search_error(e: litopys_core::search::searcher::SearchError, query: &str) -> CliError {
    use litopys_core::search::searcher::SearchError;
    match e {
        SearchError::Query(q) => usage_error(anyhow::anyhow!("bad query: {q}\n{}", q.pointer(query))),
        e if e.is_user_error() => usage_error(e),
        e @ SearchError::OutOfTime => e.into(),
        e => CliError {
            status: DAMAGED,
            error: e.into(),
        },
    }
}

/// A failure to open an index for questions (search, facets, timeline, terms, serve):
/// a damaged index file is [`DAMAGED`], as for `index`; anything else 1.
pub fn open_error(e: anyhow::Error) -> CliError {
    use litopys_core::search::searcher::SearchError;
    let damaged = matches!(e.downcast_ref::<SearchError>(), Some(SearchError::Damaged { .. }));
    CliError {
        status: if damaged { DAMAGED } else { 1 },
        error: e,
    }
}

/// A failed indexing job or optimisation with its exit status: no archive file is a usage
/// error, the machine's failure [`ENVIRONMENT`], a damaged index [`DAMAGED`], anything
/// else 1.
pub fn index_error(e: litopys_core::indexer::IndexError) -> CliError {
    use litopys_core::indexer::IndexError;
    let status = match &e {
        IndexError::NoFiles(_) | IndexError::Shards(_) => 2,
        IndexError::Storage { .. } => ENVIRONMENT,
        IndexError::Damaged { .. } => DAMAGED,
        _ => 1,
    };
    CliError {
        status,
        error: e.into(),
    }
}

/// The parser of a command's `--format`: accepts the names of `formats` only, lists them
/// with what each gives in `--help`, and refuses any other name as a usage error (exit 2)
/// that names the ones this command takes.
///
/// Exists so that every command shares the one [`Format`] while offering exactly the
/// formats its renderer writes (see [`crate::output::Formats`]).
pub fn format_arg(formats: &'static Formats) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(
        formats
            .iter()
            .map(|&(format, gives)| PossibleValue::new(format.name()).help(gives)),
    )
    .try_map(|name| name.parse::<Format>())
}

/// Writes a command's result through `render` to standard output, buffered and flushed:
/// how the commands print what an `output` renderer makes, so that a reader who stops
/// early (`| head`) ends the command quietly (see [`super::run`]) instead of in a panic.
pub fn write_stdout(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Context shared by the commands: where the lexicon is, loaded on first use.
pub struct Context {
    /// The lexicon file (`--lexicon`, else the default place).
    pub lexicon_path: PathBuf,
}

impl Context {
    /// Loads the lexicon and builds the analyzer; a missing lexicon says how to get one.
    pub fn analyzer(&self) -> Result<Arc<Analyzer>, CliError> {
        let lexicon = Lexicon::open(&self.lexicon_path)?;
        Ok(Analyzer::new(Arc::new(lexicon)))
    }
}
