//! `litopys analyze`: shows what the analyzer does to a text, for people checking why a
//! search finds (or misses) an article, and for scripts (JSON).

use std::io::{BufRead, Read, Write};

use clap::Args;

use super::common::{format_arg, write_stdout, CliError, Context};
use crate::output::{self, Format};
use litopys_analysis::{Analyzer, Side};
use litopys_core::entities::{EntityExtractor, Mention};

/// Arguments of `litopys analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// The text to analyse; `-` or nothing reads standard input.
    text: Option<String>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_arg(output::analyze::FORMATS))]
    format: Format,
    /// Analyse each line of the input separately (one JSON object per line).
    #[arg(long)]
    lines: bool,
    /// Analyse as a query (lower-case words also tried capitalised).
    #[arg(long)]
    query: bool,
    /// A user entity file (TOML: added, merged and suppressed entities) for the
    /// countries and companies shown.
    #[arg(long, value_name = "FILE")]
    entities: Option<std::path::PathBuf>,
}

/// Analyses `text` and writes what came out.
fn render(
    analyzer: &Analyzer,
    extractor: &EntityExtractor,
    side: Side,
    text: &str,
    format: Format,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let words = analyzer.analyze(text, side);
    let mentions: Vec<Mention> = extractor.extract(None, text);
    output::analyze::write(out, text, &words, &mentions, format)
}

/// Runs the command.
pub fn run(ctx: &Context, args: AnalyzeArgs) -> Result<(), CliError> {
    let analyzer = ctx.analyzer()?;
    let extractor = EntityExtractor::new(analyzer.clone(), args.entities.as_deref())?;
    let side = if args.query { Side::Query } else { Side::Index };
    let format = args.format;
    let from_stdin = matches!(args.text.as_deref(), None | Some("-"));
    if args.lines {
        let input: Box<dyn BufRead> = if from_stdin {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::Cursor::new(args.text.unwrap_or_default().into_bytes()))
        };
        write_stdout(|out| {
            for line in input.lines() {
                render(&analyzer, &extractor, side, &line?, format, out)?;
            }
            Ok(())
        })
    } else {
        let text = if from_stdin {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        } else {
            args.text.unwrap_or_default()
        };
        write_stdout(|out| render(&analyzer, &extractor, side, &text, format, out))
    }
}
