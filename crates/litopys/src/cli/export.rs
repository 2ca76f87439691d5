//! `litopys export`: every article of an index with its analysed title and body, for
//! OpenSearch/Elasticsearch (bulk NDJSON, `annotated_text`), Solr (`PreAnalyzedField`
//! JSON) or any pipeline (tokens as JSON Lines). The formats are
//! `litopys_core::export`'s; this only wires the command line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::common::{usage_error, write_stdout, CliError, Context, DAMAGED, ENVIRONMENT};
use litopys_core::export::{self, ExportError, ExportFormat, ExportOptions, DEFAULT_INDEX_NAME};
use litopys_core::index::{damage::damage, open_index_for, Access};

/// The `--format` names (the library's, one variant each).
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// One JSON object per article: stored fields, title and body with every token.
    TokensJsonl,
    /// OpenSearch/Elasticsearch bulk NDJSON; title and body in annotated_text markup.
    OpensearchBulk,
    /// Solr JSON documents (for /update/json/docs); title and body as PreAnalyzedField JSON.
    SolrPreanalyzed,
}

impl From<FormatArg> for ExportFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::TokensJsonl => ExportFormat::TokensJsonl,
            FormatArg::OpensearchBulk => ExportFormat::OpenSearchBulk,
            FormatArg::SolrPreanalyzed => ExportFormat::SolrPreAnalyzed,
        }
    }
}

/// Arguments of `litopys export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The index folder.
    #[arg(long, value_name = "DIR", default_value = "index")]
    index: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    format: FormatArg,
    /// Write to FILE instead of standard output (replaced only once complete).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The index name in OpenSearch bulk action lines.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_INDEX_NAME)]
    index_name: String,
    /// Print the OpenSearch mapping or the Solr schema snippet for the format's documents
    /// instead of the documents (no index needed).
    #[arg(long)]
    schema: bool,
}

/// An export's failure with its exit status: a damaged index file [`DAMAGED`], an output
/// the machine cannot write [`ENVIRONMENT`].
fn export_error(e: ExportError) -> CliError {
    let status = match &e {
        ExportError::Index(t) if damage(t).is_some() => DAMAGED,
        ExportError::Write(io) if io.kind() != std::io::ErrorKind::BrokenPipe => ENVIRONMENT,
        _ => 1,
    };
    CliError {
        status,
        error: e.into(),
    }
}

/// `FILE.partial` beside `FILE`: where the export is written before it replaces `FILE`.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

/// Runs the command.
pub fn run(ctx: &Context, args: ExportArgs) -> Result<(), CliError> {
    let format = ExportFormat::from(args.format);
    if args.schema {
        let Some(schema) = export::schema(format) else {
            return Err(usage_error(anyhow::anyhow!(
                "`--schema` is for opensearch-bulk (the mapping) and solr-preanalyzed (the schema snippet); tokens-jsonl has none"
            )));
        };
        return match &args.out {
            Some(path) => std::fs::write(path, schema).map_err(|e| CliError {
                status: ENVIRONMENT,
                error: anyhow::Error::new(e).context(format!("cannot write {}", path.display())),
            }),
            None => write_stdout(|out| out.write_all(schema.as_bytes())),
        };
    }
    let open = open_index_for(&args.index, ctx.analyzer()?, Access::Scan)?;
    let options = ExportOptions {
        format,
        index_name: args.index_name,
    };
    match &args.out {
        None => {
            // As `write_stdout`, with the export's own errors (a reader that stops early,
            // `| head`, ends the command quietly: see `super::run`).
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            export::export(&open, &options, &mut out).map_err(export_error)?;
            out.flush()?;
            Ok(())
        }
        Some(path) => {
            let partial = partial_path(path);
            let cannot = |e: std::io::Error| CliError {
                status: ENVIRONMENT,
                error: anyhow::Error::new(e).context(format!("cannot write {}", path.display())),
            };
            let file = File::create(&partial).map_err(cannot)?;
            let mut out = BufWriter::new(file);
            let result = export::export(&open, &options, &mut out)
                .and_then(|summary| Ok(out.flush().map(|()| summary)?));
            match result {
                Ok(summary) => {
                    std::fs::rename(&partial, path).map_err(cannot)?;
                    eprintln!(
                        "litopys: exported {} articles ({} bytes of title and body text) to {}",
                        summary.articles,
                        summary.text_bytes,
                        path.display()
                    );
                    Ok(())
                }
                Err(e) => {
                    drop(out);
                    let _ = std::fs::remove_file(&partial);
                    Err(export_error(e))
                }
            }
        }
    }
}
