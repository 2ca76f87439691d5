//! `litopys lexicon …`: the one setup step that fetches and converts the dictionary.

use std::path::PathBuf;

use clap::Subcommand;

use super::{CliError, Context};
use crate::analysis::lexicon::{install, InstallOptions, Lexicon};

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
}

/// Runs a lexicon command.
pub fn run(ctx: &Context, cmd: LexiconCommand) -> Result<(), CliError> {
    match cmd {
        LexiconCommand::Install { wheel, cache } => {
            let cache_dir = cache.unwrap_or_else(|| std::env::temp_dir().join("litopys-lexicon-download"));
            let report = install(&InstallOptions {
                dest: ctx.lexicon_path.clone(),
                cache_dir,
                wheel,
            })?;
            println!("{report}");
            Ok(())
        }
        LexiconCommand::Lookup { forms } => {
            let lexicon = Lexicon::open(&ctx.lexicon_path)?;
            for form in forms {
                let norm = crate::analysis::lexicon::normalize_form(&form);
                let mut found = false;
                lexicon.for_each_reading(&norm, |lemma, tags| {
                    found = true;
                    println!("{form}\t{lemma}\t{}", tags.names().join(":"));
                });
                if !found {
                    println!("{form}\t(unknown)");
                }
            }
            Ok(())
        }
        LexiconCommand::Info => {
            let started = std::time::Instant::now();
            let lexicon = Lexicon::open(&ctx.lexicon_path)?;
            let took = started.elapsed();
            println!("path:        {}", ctx.lexicon_path.display());
            println!("source:      {}", lexicon.source());
            println!("fingerprint: {}", lexicon.fingerprint());
            println!("forms:       {}", lexicon.len());
            println!("opened in:   {:.1} ms", took.as_secs_f64() * 1000.0);
            Ok(())
        }
    }
}
