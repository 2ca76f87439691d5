//! `litopys stats`: what an index holds and whether it still fits the installed analyzer
//! and lexicon (an index built with another lexicon silently misses articles, so this is
//! the first thing to look at when searches look wrong).

use std::path::{Path, PathBuf};

use clap::Args;

use super::common::{format_arg, write_stdout, CliError, Context};
use crate::output::{self, Format};
use litopys_core::index::stats::{collect, installed_for, Installed, StatsReport, TOP_SOURCES};
use litopys_core::index::{open_index, IndexMeta, MetaError, OpenError};

/// Arguments of `litopys stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::stats::FORMATS))]
    format: Format,
}

/// Opens the index: through [`open_index`] when it fits the installed analyzer, else
/// directly (statistics need no analyzer), so that a mismatch can be shown rather than
/// refused.
fn open(ctx: &Context, dir: &Path) -> Result<(tantivy::Index, IndexMeta, Installed), CliError> {
    let analyzer = ctx.analyzer();
    let installed_lexicon = analyzer
        .as_ref()
        .ok()
        .map(|a| a.lexicon().fingerprint().to_string());
    if let Ok(analyzer) = analyzer.as_ref() {
        match open_index(dir, analyzer.clone()) {
            Ok(open) => {
                let installed = installed_for(&open.meta, installed_lexicon, None);
                return Ok((open.index, open.meta, installed));
            }
            Err(OpenError::Meta(MetaError::Incompatible { .. })) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let meta = IndexMeta::read(dir)?;
    let index = tantivy::Index::open_in_dir(dir).map_err(|source| OpenError::Tantivy {
        path: dir.display().to_string(),
        source,
    })?;
    let error = analyzer.err().map(|e| format!("{:#}", e.error));
    let installed = installed_for(&meta, installed_lexicon, error);
    Ok((index, meta, installed))
}

/// Runs the command.
pub fn run(ctx: &Context, args: StatsArgs) -> Result<(), CliError> {
    let (index, meta, installed) = open(ctx, &args.index)?;
    let report = StatsReport {
        index: args.index.display().to_string(),
        stats: collect(&index, &args.index, TOP_SOURCES)?,
        meta,
        installed,
    };
    write_stdout(|out| output::stats::write(out, &report, args.format))
}
