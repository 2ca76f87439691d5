//! `litopys-lab train …`: trains the models Litopys ships and prints their held-back
//! scores.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use super::common::{CliError, Context};
use crate::train::ner;
use litopys_core::entities::ner::train::TrainOptions;
use litopys_core::entities::EntityExtractor;

/// Models to train.
#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// The named-entity recogniser (persons, organisations, places) from NER-UK 2.0's
    /// training split; writes the model and prints exact-span scores per type on the
    /// held-back documents.
    Ner {
        /// NER-UK's span-level gold, or the folder holding `ner-uk-v2.0-dev.jsonl`.
        #[arg(long = "ner-uk", default_value = "../shared/data/ner-uk")]
        ner_uk: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/litopys-core/src/entities/data/uk-ner.model")]
        out: PathBuf,
        /// Percentage of documents held back for scoring (chosen by a hash of the id).
        #[arg(long, default_value_t = 15)]
        held_back: u64,
        /// Passes over the training data.
        #[arg(long, default_value_t = TrainOptions::default().epochs)]
        epochs: usize,
        /// Seed of the order sentences are visited in.
        #[arg(long, default_value_t = TrainOptions::default().seed)]
        seed: u64,
        /// Drop features seen fewer times than this.
        #[arg(long, default_value_t = TrainOptions::default().min_count)]
        min_count: u32,
        /// Print this many held-back errors of each type and kind (found but not gold,
        /// gold but missed).
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a training command.
pub fn run(ctx: &Context, cmd: TrainCommand) -> Result<(), CliError> {
    match cmd {
        TrainCommand::Ner {
            ner_uk,
            out,
            held_back,
            epochs,
            seed,
            min_count,
            errors,
            json,
        } => {
            let file = if ner_uk.is_dir() {
                ner_uk.join("ner-uk-v2.0-dev.jsonl")
            } else {
                ner_uk
            };
            let docs = ner::read_ner_uk(&file)?;
            let extractor = EntityExtractor::new(ctx.analyzer()?, None)?;
            let opts = TrainOptions {
                epochs,
                seed,
                min_count,
            };
            let started = std::time::Instant::now();
            let (bytes, report) = ner::run(&docs, &extractor, held_back, opts, errors, |epoch, wrong| {
                eprintln!("epoch {epoch}: {:.2}% of words labelled wrongly", wrong * 100.0);
            });
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
                return Ok(());
            }
            println!(
                "trained on {} documents ({} sentences) in {:.1} s; {} held back",
                report.train_docs,
                report.sentences,
                started.elapsed().as_secs_f64(),
                report.held_docs
            );
            println!(
                "model: {} features, {:.1} MB, {} -> {}",
                report.features,
                report.model_bytes as f64 / 1e6,
                report.fingerprint,
                out.display()
            );
            println!(
                "gold names never decoded (a word of theirs is inactive): {}",
                report.lost_names
            );
            println!("held-back exact spans:");
            println!(
                "{:<6} {:>6} {:>6} {:>9} {:>7} {:>6}",
                "type", "gold", "found", "precision", "recall", "F1"
            );
            for (t, s) in &report.scores {
                println!(
                    "{:<6} {:>6} {:>6} {:>9.3} {:>7.3} {:>6.3}",
                    t.gold_name(),
                    s.gold,
                    s.found,
                    s.precision(),
                    s.recall(),
                    s.f1()
                );
            }
            for e in &report.errors {
                let what = if e.found { "found, not gold" } else { "missed" };
                println!("{} {what}: {}  …{}…", e.typ.gold_name(), e.text, e.context);
            }
            Ok(())
        }
    }
}
