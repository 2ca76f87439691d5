//! What the user said about how to read an archive's files: field names and a text
//! encoding, given once on the command line and carried by every [`SourceFile`].
//!
//! [`SourceFile`]: super::SourceFile

use std::sync::Arc;

use encoding_rs::Encoding;

use super::fields::FieldMap;

/// How to read the files of an archive, beyond what each file says about itself.
///
/// Exists so that `--field KEY=NAME` and `--encoding NAME` reach every reader (JSON, JSON
/// Lines, CSV, Parquet, text) without each reader's signature growing a parameter per
/// option; [`discover_with`](super::discover_with) puts one shared copy on every file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The field names of records (the built-in lists plus `--field` overrides).
    pub fields: FieldMap,
    /// A text encoding forced with `--encoding`; `None` detects it per file (a BOM, else
    /// UTF-8 when the bytes are valid UTF-8, else a legacy Cyrillic code page).
    pub encoding: Option<&'static Encoding>,
}

impl ReadOptions {
    /// The options with an encoding given by its WHATWG label (`windows-1251`, `cp1251`,
    /// `koi8-u`, `utf-8`, `utf-16le`…), case-insensitive.
    ///
    /// Exists for `--encoding NAME`: an unknown label is an error naming it, not a silent
    /// fallback to UTF-8.
    pub fn with_encoding_label(mut self, label: &str) -> Result<Self, UnknownEncoding> {
        let label = label.trim();
        let encoding = Encoding::for_label(label.as_bytes())
            .or_else(|| Encoding::for_label(alias(label).as_bytes()))
            .ok_or_else(|| UnknownEncoding(label.chars().take(40).collect()))?;
        self.encoding = Some(encoding);
        Ok(self)
    }

    /// The options shared, as [`SourceFile`](super::SourceFile) holds them.
    pub fn shared(self) -> Arc<ReadOptions> {
        Arc::new(self)
    }
}

/// An `--encoding` name that names no encoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown text encoding `{0}`; try utf-8, windows-1251, koi8-u, utf-16le or utf-16be")]
pub struct UnknownEncoding(pub String);

/// Common names of code pages that WHATWG labels spell differently (`cp1251`).
fn alias(label: &str) -> String {
    let lower = label.to_ascii_lowercase();
    match lower.strip_prefix("cp") {
        Some(digits) if digits.chars().all(|c| c.is_ascii_digit()) => format!("windows-{digits}"),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_labels_and_aliases() {
        let o = ReadOptions::default().with_encoding_label("CP1251").unwrap();
        assert_eq!(o.encoding, Some(encoding_rs::WINDOWS_1251));
        let o = ReadOptions::default().with_encoding_label("koi8-u").unwrap();
        assert_eq!(o.encoding, Some(encoding_rs::KOI8_U));
        let err = ReadOptions::default().with_encoding_label("klingon").unwrap_err();
        assert!(err.to_string().contains("`klingon`"), "{err}");
    }
}
