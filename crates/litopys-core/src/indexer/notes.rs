//! What reading noticed about a file besides its articles and skips: dates that could not
//! be read (the articles indexed undated) and which fields fed each part of an article.
//!
//! Reading turns these into [`Note`] events beside the articles; the job gathers them per
//! file into [`FileNotes`], which the observer hears once when the file is done, so that a
//! file with ten thousand bad dates gives one warning line, not ten thousand.

use std::fmt;
use std::path::PathBuf;

use encoding_rs::Encoding;

use crate::corpus::{DateProblem, Resolved};

/// One thing reading noticed about an article of the current file.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The article at `at` (`path:line`, `path#index`) had a date that could not be read
    /// (or not stored): it is indexed undated.
    Undated {
        /// Where the article is.
        at: String,
        /// The field and what was wrong with its value.
        problem: DateProblem,
    },
    /// The record fields that fed the article's parts (sent when they change within a
    /// file, not for every article).
    Fields(Resolved),
    /// The file's text encoding was guessed by the detector (no BOM, declaration, valid
    /// UTF-8 or `--encoding`).
    Detected(&'static Encoding),
}

/// What a job noticed about one file it read.
///
/// Exists so that per-file warnings (count, first example and where) and a dry run's
/// per-file field table are reported once per file, by the observer and in `--report`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileNotes {
    /// The file as discovered.
    pub path: PathBuf,
    /// Articles whose date could not be read, indexed undated.
    pub undated: u64,
    /// The first of them: where it is and what was wrong (`` `date`: 2023-02-30 is not a
    /// day of the calendar ``).
    pub first_undated: Option<(String, String)>,
    /// The fields the file's first record used (JSON keys, CSV columns), if it has records.
    pub fields: Option<Resolved>,
    /// The encoding the file was read in, when it was guessed by the detector.
    pub detected: Option<&'static Encoding>,
}

impl FileNotes {
    /// The notes of a file about to be read.
    pub fn new(path: PathBuf) -> Self {
        FileNotes {
            path,
            ..FileNotes::default()
        }
    }

    /// Takes one note in.
    pub fn add(&mut self, note: Note) {
        match note {
            Note::Undated { at, problem } => {
                self.undated += 1;
                if self.first_undated.is_none() {
                    self.first_undated = Some((at, problem.to_string()));
                }
            }
            Note::Fields(fields) => {
                if self.fields.is_none() {
                    self.fields = Some(fields);
                }
            }
            Note::Detected(encoding) => self.detected = Some(encoding),
        }
    }

    /// Whether there is anything to warn about (the fields used are no warning).
    pub fn has_warnings(&self) -> bool {
        self.undated > 0
    }

    /// The warnings about the file, one line each, for the terminal and `--report`.
    pub fn warnings(&self) -> Vec<String> {
        self.undated_warning().into_iter().collect()
    }

    /// The warning about unreadable dates, if any: `12 articles with unreadable dates
    /// were indexed undated; the first at a.jsonl:3: `date`: …`.
    pub fn undated_warning(&self) -> Option<String> {
        let (at, problem) = self.first_undated.as_ref()?;
        let articles = if self.undated == 1 {
            "1 article".to_string()
        } else {
            format!("{} articles", self.undated)
        };
        Some(format!(
            "{}: {articles} with an unreadable date indexed undated; first at {at}: {problem}",
            self.path.display()
        ))
    }
}

/// The fields a file's records used, as a dry run shows them: `text←content,
/// title←headline, date←published_at`.
pub struct FieldsUsed<'a>(pub &'a Resolved);

impl fmt::Display for FieldsUsed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (key, name) in self.0.iter() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{}←{name}", key.as_str())?;
        }
        if first {
            f.write_str("no known fields")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleDateTime, FieldKey};

    fn undated(at: &str, value: &str) -> Note {
        Note::Undated {
            at: at.into(),
            problem: DateProblem {
                field: "published".into(),
                error: ArticleDateTime::parse(value).unwrap_err(),
            },
        }
    }

    #[test]
    fn one_warning_per_file_with_count_and_first_example() {
        let mut notes = FileNotes::new("a/x.jsonl".into());
        assert!(!notes.has_warnings() && notes.undated_warning().is_none());
        notes.add(undated("a/x.jsonl:3", "2023-02-30"));
        notes.add(undated("a/x.jsonl:9", "вчора"));
        assert!(notes.has_warnings());
        assert_eq!(
            notes.undated_warning().unwrap(),
            "a/x.jsonl: 2 articles with an unreadable date indexed undated; first at a/x.jsonl:3: \
             `published`: 2023-02-30 is not a day of the calendar"
        );
    }

    #[test]
    fn the_first_records_fields_are_kept() {
        let mut notes = FileNotes::new("a.csv".into());
        let mut first = Resolved::default();
        first.set(FieldKey::Text, "content");
        first.set(FieldKey::Title, "headline");
        let mut second = Resolved::default();
        second.set(FieldKey::Text, "body");
        notes.add(Note::Fields(first.clone()));
        notes.add(Note::Fields(second));
        assert_eq!(notes.fields.as_ref(), Some(&first));
        assert_eq!(FieldsUsed(&first).to_string(), "text←content, title←headline");
        assert_eq!(FieldsUsed(&Resolved::default()).to_string(), "no known fields");
    }
}
