//! `litopys analyze`: shows what the analyzer does to a text, for people checking why a
//! search finds (or misses) an article, and for scripts (JSON).

use std::io::{BufRead, Read, Write};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{CliError, Context};
use litopys_analysis::{Analyzer, Side};
use litopys_core::entities::{EntityExtractor, Mention};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Arguments of `litopys analyze`.
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// The text to analyse; `-` or nothing reads standard input.
    text: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
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

/// One token of the JSON output; offsets are bytes into the analysed input.
#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    position: usize,
    terms: Vec<String>,
}

/// One entity mention of the JSON output; offsets are bytes into the analysed input,
/// `code` only for countries.
#[derive(Serialize)]
struct EntityOut<'a> {
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct AnalysisOut<'a> {
    tokens: Vec<TokenOut<'a>>,
    entities: Vec<EntityOut<'a>>,
}

fn render(
    analyzer: &Analyzer,
    extractor: &EntityExtractor,
    side: Side,
    text: &str,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let words = analyzer.analyze(text, side);
    let mentions: Vec<Mention> = extractor.extract(None, text);
    match format {
        Format::Json => {
            let tokens = words
                .into_iter()
                .map(|w| TokenOut {
                    text: &text[w.start..w.end],
                    start: w.start,
                    end: w.end,
                    position: w.position,
                    terms: w.keys,
                })
                .collect();
            let entities = mentions
                .iter()
                .map(|m| EntityOut {
                    kind: m.kind.as_str(),
                    name: &m.name,
                    code: m.code.as_deref(),
                    text: &m.text,
                    start: m.start,
                    end: m.end,
                })
                .collect();
            serde_json::to_writer(&mut *out, &AnalysisOut { tokens, entities })?;
            writeln!(out)
        }
        Format::Text => {
            for w in words {
                writeln!(
                    out,
                    "{:<24} {:>5}..{:<5} {}",
                    &text[w.start..w.end],
                    w.start,
                    w.end,
                    w.keys.join(" | ")
                )?;
            }
            for m in &mentions {
                let code = m.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
                writeln!(
                    out,
                    "{:<24} {:>5}..{:<5} {} {}{}",
                    m.text,
                    m.start,
                    m.end,
                    m.kind.as_str(),
                    m.name,
                    code
                )?;
            }
            Ok(())
        }
    }
}

/// Runs the command.
pub fn run(ctx: &Context, args: AnalyzeArgs) -> Result<(), CliError> {
    let analyzer = ctx.analyzer()?;
    let extractor = EntityExtractor::new(analyzer.clone(), args.entities.as_deref())?;
    let side = if args.query { Side::Query } else { Side::Index };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let from_stdin = matches!(args.text.as_deref(), None | Some("-"));
    if args.lines {
        let input: Box<dyn BufRead> = if from_stdin {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::Cursor::new(args.text.unwrap_or_default().into_bytes()))
        };
        for line in input.lines() {
            render(&analyzer, &extractor, side, &line?, args.format, &mut out)?;
        }
    } else {
        let text = if from_stdin {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            s
        } else {
            args.text.unwrap_or_default()
        };
        render(&analyzer, &extractor, side, &text, args.format, &mut out)?;
    }
    out.flush()?;
    Ok(())
}
