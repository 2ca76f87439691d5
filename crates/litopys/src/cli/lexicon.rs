//! `litopys lexicon …`: the one setup step that fetches and converts the dictionary.

use std::path::PathBuf;

use clap::Subcommand;

use super::common::{usage_error, write_stdout, CliError, Context};
use crate::output;
use crate::setup::lexicon::{default_cache_dir, install, InstallOptions};
use litopys_analysis::lexicon::{Lexicon, LexiconBuilder, Tags};

/// Lexicon commands.
#[derive(Subcommand, Debug)]
pub enum LexiconCommand {
    /// Fetch the pinned dictionary package (python3 -m pip), check its sha256 and convert
    /// it into the lexicon file.
    Install {
        /// Use this already downloaded wheel instead of fetching it.
        #[arg(long, value_name = "WHEEL")]
        wheel: Option<PathBuf>,
        /// Where to keep the downloaded package.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Show the installed lexicon: path, source, fingerprint, size.
    Info,
    /// Show the dictionary readings (lemma and tags) of word forms, exactly as written.
    Lookup {
        /// Word forms (case matters: Китай, кит).
        #[arg(required = true)]
        forms: Vec<String>,
    },
    /// Build a lexicon file from a small TSV list instead of the real dictionary (hidden:
    /// for tests and experiments on machines without it). Each line of INPUT is
    /// `form<TAB>lemma<TAB>LanguageTool tag`, e.g. `Китаєм\tКитай\tnoun:inanim:m:v_oru:prop:geo`;
    /// empty lines and lines starting with `#` are ignored. Use the result with `--lexicon
    /// OUTPUT`.
    #[command(hide = true)]
    BuildTsv {
        /// The TSV list.
        input: PathBuf,
        /// The lexicon file to write.
        output: PathBuf,
    },
}

/// Builds a lexicon from `form<TAB>lemma<TAB>tag` lines (see [`LexiconCommand::BuildTsv`]).
fn build_tsv(input: &std::path::Path, output: &std::path::Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", input.display()))?;
    let mut builder = LexiconBuilder::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split('\t').collect();
        let [form, lemma, tag] = parts[..] else {
            return Err(usage_error(anyhow::anyhow!(
                "{}:{}: expected `form<TAB>lemma<TAB>tag`, found {} field(s)",
                input.display(),
                n + 1,
                parts.len()
            )));
        };
        builder.add(form, lemma, Tags::parse_lt(tag));
    }
    let source = format!("tsv:{}", input.file_name().unwrap_or_default().to_string_lossy());
    let stats = builder.finish(output, &source)?;
    write_stdout(|out| crate::output::lexicon::write_built(out, output, &stats))
}

/// Runs a lexicon command.
pub fn run(ctx: &Context, cmd: LexiconCommand) -> Result<(), CliError> {
    match cmd {
        LexiconCommand::Install { wheel, cache } => {
            let cache_dir = cache.unwrap_or_else(default_cache_dir);
            let report = install(&InstallOptions {
                dest: ctx.lexicon_path.clone(),
                cache_dir,
                wheel,
            })?;
            write_stdout(|out| output::lexicon::write_installed(out, &report))
        }
        LexiconCommand::Lookup { forms } => {
            let lexicon = Lexicon::open(&ctx.lexicon_path)?;
            write_stdout(|out| {
                for form in &forms {
                    let norm = litopys_analysis::lexicon::normalize_form(form);
                    let mut readings = Vec::new();
                    lexicon.for_each_reading(&norm, |lemma, tags| {
                        readings.push((lemma.to_string(), tags.names().join(":")));
                    });
                    output::lexicon::write_readings(out, form, &readings)?;
                }
                Ok(())
            })
        }
        LexiconCommand::BuildTsv { input, output } => build_tsv(&input, &output),
        LexiconCommand::Info => {
            let started = std::time::Instant::now();
            let lexicon = Lexicon::open(&ctx.lexicon_path)?;
            let took = started.elapsed();
            write_stdout(|out| output::lexicon::write_info(out, &ctx.lexicon_path, &lexicon, took))
        }
    }
}
