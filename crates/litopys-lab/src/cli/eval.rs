//! `litopys-lab eval …`: prints the quality scores measured on gold data.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;

use super::common::{CliError, Context};
use crate::eval::{entities, lemmas};
use litopys_core::entities::EntityExtractor;

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
    /// Entity facets: document-level precision/recall of countries and companies on
    /// BSNLP (document-level gold) and NER-UK (span-level gold); the protocol is in
    /// src/eval/entities.rs.
    Entities {
        /// The BSNLP gold file, or a folder holding `bsnlp2021-uk-entities-dev.jsonl`.
        #[arg(long, default_value = "../shared/data/bsnlp-uk")]
        bsnlp: PathBuf,
        /// The NER-UK gold file, or a folder holding `ner-uk-v2.0-dev.jsonl`.
        #[arg(long = "ner-uk", default_value = "../shared/data/ner-uk")]
        ner_uk: PathBuf,
        /// A user entity file (TOML) to evaluate with.
        #[arg(long, value_name = "FILE")]
        entities: Option<PathBuf>,
        /// Print this many errors of each kind (false positives, misses) per data set.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Also time extraction against analysis over this JSON Lines file (title and
        /// text fields, gzip'd if .gz), single thread, best of 3 passes.
        #[arg(long, value_name = "FILE")]
        bench: Option<PathBuf>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Near-duplicate stories: pair precision and recall of the grouping on the
    /// development news with one planted reprint per article (reordered paragraphs, an
    /// added line, a dropped paragraph); same-topic articles as hard negatives.
    Stories {
        /// The development news (JSON Lines, gzip'd if .gz).
        #[arg(long, default_value = "../shared/data/news/news.jsonl.gz")]
        news: PathBuf,
        /// The similarity threshold.
        #[arg(long, default_value_t = litopys_core::stories::group::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `dir` itself when it is a file, else `dir/name`.
fn gold_file(dir: &std::path::Path, name: &str) -> PathBuf {
    if dir.is_dir() {
        dir.join(name)
    } else {
        dir.to_path_buf()
    }
}

/// Runs an evaluation.
pub fn run(ctx: &Context, cmd: EvalCommand) -> Result<(), CliError> {
    match cmd {
        EvalCommand::Stories {
            news,
            threshold,
            json,
        } => {
            let r = crate::eval::stories::evaluate(&news, threshold)?;
            if json {
                println!("{}", serde_json::to_string(&r)?);
            } else {
                println!(
                    "stories on {} articles + one planted reprint each, threshold {}: pair precision {:.4}, recall {:.4} ({} of {} planted pairs; {} wrong pairs with a reprint)",
                    r.articles, r.threshold, r.precision, r.recall, r.planted_found, r.planted, r.wrong_with_reprint
                );
                println!(
                    "pairs between originals: {} ({} of the same topic); same-topic pairs: {}, largest similarity {:.3}",
                    r.original_pairs, r.original_same_topic, r.same_topic_pairs, r.same_topic_max
                );
                for (a, b, s) in &r.original_examples {
                    println!("  {a} ~ {b}: {s:.3}");
                }
            }
            Ok(())
        }
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
        EvalCommand::Entities {
            bsnlp,
            ner_uk,
            entities: user_file,
            errors,
            bench,
            json,
        } => {
            let analyzer = ctx.analyzer()?;
            let extractor = EntityExtractor::new(analyzer.clone(), user_file.as_deref())?;
            let sizes = extractor.sizes();
            if !json {
                println!(
                    "entity lists: {} countries ({} names), {} companies ({} names), {} blocked phrases; fingerprint {}",
                    sizes.countries,
                    sizes.country_aliases,
                    sizes.companies,
                    sizes.company_aliases,
                    sizes.blockers,
                    extractor.fingerprint()
                );
            }
            let sets = [
                (
                    entities::Dataset::Bsnlp,
                    gold_file(&bsnlp, "bsnlp2021-uk-entities-dev.jsonl"),
                ),
                (
                    entities::Dataset::NerUk,
                    gold_file(&ner_uk, "ner-uk-v2.0-dev.jsonl"),
                ),
            ];
            let mut reports = Vec::new();
            for (set, path) in sets {
                let docs = match set {
                    entities::Dataset::Bsnlp => entities::read_bsnlp(&path)?,
                    entities::Dataset::NerUk => entities::read_ner_uk(&path)?,
                };
                let r = entities::evaluate(&extractor, &analyzer, &docs, set);
                if !json {
                    println!("{} ({}, {} docs):", r.dataset, path.display(), r.docs);
                    for (kind, s) in [("countries", &r.countries), ("companies", &r.companies)] {
                        println!(
                            "  {kind:<10} precision {:.3}  recall {:.3}  (correct {}, false {}, missed {})",
                            s.precision, s.recall, s.tp, s.fp, s.missed
                        );
                    }
                    println!(
                        "  gold organisations of unknown kind (not counted): {}; system companies matching only a product/misc entity (not counted): {}",
                        r.unjudged_orgs, r.matched_products
                    );
                    if let Some(p) = &r.people {
                        for (kind, s, found) in [
                            ("persons", &p.persons, p.persons_gold_found),
                            ("organisations", &p.organisations, p.organisations_gold_found),
                        ] {
                            println!(
                                "  {kind:<10} precision {:.3}  recall {:.3}  (correct {}, false {}, gold found {}, missed {})",
                                s.precision, s.recall, s.tp, s.fp, found, s.missed
                            );
                        }
                        println!(
                            "  persons named as the gold's nominative: {:.3} ({} of {} matched)",
                            p.named_right(),
                            p.persons_named_right,
                            p.persons.tp
                        );
                    }
                    for what in ["false positive", "missed", "named wrong"] {
                        for kind in [
                            litopys_core::entities::EntityKind::Country,
                            litopys_core::entities::EntityKind::Company,
                            litopys_core::entities::EntityKind::Person,
                            litopys_core::entities::EntityKind::Organisation,
                        ] {
                            for e in r
                                .errors
                                .iter()
                                .filter(|e| e.what == what && e.kind == kind)
                                .take(errors)
                            {
                                println!("  {what} {kind}: {} [{}] {}", e.name, e.doc, e.detail);
                            }
                        }
                    }
                }
                reports.push(r);
            }
            let cost = match bench {
                Some(path) => {
                    let texts = crate::bench::read_jsonl_texts(&path)?;
                    let c = entities::cost(&extractor, &analyzer, &texts, 3);
                    if !json {
                        println!(
                            "cost on {} ({:.1} MB, 1 thread, best of 3): analysis {:.3} s, extraction {:.3} s, ratio {:.3} ({} mentions)",
                            path.display(),
                            c.bytes as f64 / 1e6,
                            c.analyze_s,
                            c.extract_s,
                            c.ratio,
                            c.mentions
                        );
                    }
                    Some(c)
                }
                None => None,
            };
            if json {
                for r in &mut reports {
                    r.errors.truncate(errors);
                }
                let out = serde_json::json!({ "sizes": sizes, "datasets": reports, "cost": cost });
                println!("{}", serde_json::to_string(&out)?);
            }
            Ok(())
        }
    }
}
