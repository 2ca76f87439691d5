//! Rendering: every result the binary writes, for people at a terminal and for programs
//! (JSON, JSON Lines, CSV).
//!
//! Kept apart from the library and from the command line so that a command reads as parse
//! → library call → render, and so that the same report (a [`SearchResults`], a timeline)
//! can be printed by the command line or exported by the HTTP API; only this module knows
//! about ANSI colours, column layouts and file formats.
//!
//! One [`Format`] names how any report is written (`--format`); each report's module says
//! which formats it writes, and what each gives, in a [`Formats`] list named `FORMATS`,
//! which is also what the command line accepts and lists in `--help`.
//!
//! Search results: [`search`] (which delegates to [`text`] for the terminal, [`json`] for
//! JSON and JSON Lines, and [`csv`]). The other commands' reports: [`facets`],
//! [`timeline`] (and [`attention`], several timelines compared), [`stats`], [`analyze`] and [`lexicon`].
//!
//! [`SearchResults`]: litopys_core::search::results::SearchResults

pub mod analyze;
pub mod attention;
pub mod check;
pub mod cooccur;
pub mod csv;
pub mod facets;
pub mod index;
pub mod json;
pub mod lexicon;
pub mod optimize;
pub mod search;
pub mod stats;
pub mod terms;
pub mod text;
pub mod timeline;

use std::fmt;
use std::io;
use std::str::FromStr;

/// How a report is written: the one `--format` type of every command (and the `format`
/// of `/api/export`).
///
/// Exists so that a format means the same everywhere (`jsonl` is always one JSON object
/// per line) and is parsed in one place; a report that cannot be written in some format
/// leaves it out of its [`Formats`]. Not to be confused with `corpus::Format`, the format
/// of an archive file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// For people: aligned tables, bar charts, highlighted snippets.
    Text,
    /// One JSON object (the same the HTTP API sends).
    Json,
    /// One JSON object per line, for streaming into other tools.
    Jsonl,
    /// A spreadsheet-friendly table (RFC 4180), one record per row.
    Csv,
}

impl Format {
    /// The name on the command line and in URLs: `text`, `json`, `jsonl`, `csv`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is none of [`Format`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown format «{}» (text, json, jsonl or csv)", self.0)
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;
    /// The format called `name` (exactly, as [`Format::name`] spells it).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        [Format::Text, Format::Json, Format::Jsonl, Format::Csv]
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownFormat(name.to_string()))
    }
}

/// The formats one report is written in, each with what it gives for that report (shown
/// by `--help`), the default first.
///
/// Exists so that which formats a command takes is decided by the renderer that writes
/// them, and the command line offers exactly those.
pub type Formats = [(Format, &'static str)];

/// The error a renderer returns for a format outside its [`Formats`]: a bug in the caller
/// (the command line's parser only lets a report's own formats through), reported rather
/// than a panic.
pub fn unsupported(format: Format, report: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{report} cannot be written as {format}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for f in [Format::Text, Format::Json, Format::Jsonl, Format::Csv] {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert!("JSON".parse::<Format>().is_err());
    }
}
