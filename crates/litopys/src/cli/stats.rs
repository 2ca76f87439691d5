//! `litopys stats`: what an index holds and whether it still fits the installed analyzer
//! and lexicon (an index built with another lexicon silently misses articles, so this is
//! the first thing to look at when searches look wrong).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{CliError, Context};
use litopys_core::index::stats::{collect, installed_for, Installed, StatsReport, TOP_SOURCES};
use litopys_core::index::{open_index, IndexMeta, MetaError, OpenError};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `litopys stats`.
#[derive(Args, Debug)]
pub struct StatsArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
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

fn verdict(matches: bool) -> &'static str {
    if matches {
        "matches"
    } else {
        "DIFFERS"
    }
}

fn render_text(r: &StatsReport, out: &mut impl Write) -> std::io::Result<()> {
    let s = &r.stats;
    let i = &r.installed;
    writeln!(out, "index:      {}", r.index)?;
    writeln!(out, "articles:   {}", s.articles)?;
    writeln!(
        out,
        "size:       {:.1} MB in {} segment(s)",
        s.size_bytes as f64 / 1e6,
        s.segments
    )?;
    match (&s.dates.first, &s.dates.last) {
        (Some(first), Some(last)) => writeln!(
            out,
            "dates:      {first} … {last} ({} without a date)",
            s.dates.without_date
        )?,
        _ => writeln!(out, "dates:      none ({} without a date)", s.dates.without_date)?,
    }
    writeln!(
        out,
        "sources:    {} distinct ({} articles without a source)",
        s.sources.distinct, s.sources.without_source
    )?;
    for sc in &s.sources.top {
        writeln!(out, "  {:>8}  {}", sc.articles, sc.source)?;
    }
    writeln!(
        out,
        "format:     {} ({}; this program: {})",
        r.meta.format,
        verdict(i.format_matches),
        i.format
    )?;
    writeln!(
        out,
        "analyzer:   {} ({}; this program: {})",
        r.meta.analyzer,
        verdict(i.analyzer_matches),
        i.analyzer
    )?;
    let lexicon = match (&i.lexicon, i.lexicon_matches) {
        (Some(l), Some(m)) => format!("{}; installed: {l}", verdict(m)),
        _ => format!(
            "installed lexicon unavailable: {}",
            i.lexicon_error.as_deref().unwrap_or("unknown")
        ),
    };
    writeln!(out, "lexicon:    {} ({lexicon})", r.meta.lexicon)?;
    writeln!(out, "created by: {}", r.meta.created_by)?;
    if !(i.format_matches && i.analyzer_matches && i.lexicon_matches != Some(false)) {
        writeln!(
            out,
            "warning:    searches would miss articles; rebuild with `litopys index --rebuild --index {}`",
            r.index
        )?;
    }
    Ok(())
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
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => render_text(&report, &mut out)?,
    }
    out.flush()?;
    Ok(())
}
