//! Whether a Tantivy error means that a file of the index on disk is damaged, and which.
//!
//! Lives with the index (not the indexing job) because both the job and the searcher
//! must say the same thing about the same damage.

use std::io;
use std::path::PathBuf;

/// The file and the reason when `e` says that an index file is damaged: its footer or
/// contents are not what Tantivy wrote, it is cut short, or it is missing; `None` for any
/// other error (a full disk, a lock, a bug). A file is named relative to the index folder
/// when Tantivy names it so, and `meta.json` stands for the index when it names none.
///
/// Exists so that every Tantivy error that means "damaged" — of an indexing job (opening
/// the writer or a reader, a merge) or of a question (opening a searcher) — becomes the
/// one message with the way out (`IndexError::Damaged`, `SearchError::Damaged`).
pub fn damage(e: &tantivy::TantivyError) -> Option<(PathBuf, String)> {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    let corrupt = |io: &io::Error| {
        matches!(
            io.kind(),
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
        )
    };
    let unnamed = || PathBuf::from("meta.json");
    match e {
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) if corrupt(io_error) => {
            Some((filepath.clone(), first_sentence(&os_words(io_error))))
        }
        T::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            Some((path.clone(), "missing".to_string()))
        }
        T::IoError(io) if corrupt(io) => Some((unnamed(), first_sentence(&os_words(io)))),
        T::DataCorruption(corruption) => {
            // Its fields are private; its text is ``Data corruption[ (in file `"PATH"`)]: …``.
            let text = format!("{corruption:?}");
            let (head, cause) = text
                .split_once("): ")
                .or_else(|| text.split_once(": "))
                .unwrap_or(("", &text));
            let file = head
                .split_once("(in file `")
                .map_or_else(unnamed, |(_, path)| PathBuf::from(path.trim_matches(['`', '"'])));
            Some((file, cause.trim_end_matches('.').to_string()))
        }
        _ => None,
    }
}

/// An I/O error as the OS words it, lower-cased and without `(os error N)`.
pub fn os_words(io: &io::Error) -> String {
    let text = io.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first sentence of Tantivy's explanation (the rest guesses at old versions).
fn first_sentence(text: &str) -> String {
    text.split_once(". ").map_or(text, |(first, _)| first).to_string()
}
