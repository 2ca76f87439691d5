//! `litopys eval …`: prints the quality scores measured on gold data.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use super::{CliError, Context};
use crate::eval::lemmas;

/// Evaluations.
#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Lemmatisation: pairwise conflation precision/recall and lemma coverage on a
    /// CoNLL-U treebank.
    Lemmas {
        /// The gold CoNLL-U file.
        #[arg(long, default_value = "../shared/data/ud-uk/uk_iu-ud-dev.conllu")]
        conllu: PathBuf,
        /// Print this many examples of each kind of error.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs an evaluation.
pub fn run(ctx: &Context, cmd: EvalCommand) -> Result<(), CliError> {
    match cmd {
        EvalCommand::Lemmas { conllu, errors, json } => {
            let analyzer = ctx.analyzer()?;
            let file = std::fs::File::open(&conllu)
                .with_context(|| format!("cannot read the gold treebank {}", conllu.display()))?;
            let tokens = lemmas::read_conllu(std::io::BufReader::new(file))?;
            let report = lemmas::evaluate(&analyzer, &tokens);
            let s = &report.scores;
            if json {
                println!("{}", serde_json::to_string(s)?);
            } else {
                println!(
                    "lemmas on {}: {} tokens, {} types, {} gold pairs, {} system pairs",
                    conllu.display(),
                    s.tokens,
                    s.types,
                    s.gold_pairs,
                    s.system_pairs
                );
                println!(
                    "conflation precision {:.4}  recall {:.4}  lemma coverage {:.4}  oov {:.4}",
                    s.precision, s.recall, s.lemma_coverage, s.oov_rate
                );
            }
            for (a, b, shared) in report.false_merges.iter().take(errors) {
                println!("false merge: {a} ~ {b} (shared {shared})");
            }
            for (a, b, l) in report.missed_merges.iter().take(errors) {
                println!("missed merge: {a} ~ {b} (gold {l})");
            }
            Ok(())
        }
    }
}
