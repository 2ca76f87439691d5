//! What the lab's commands share: the error type with its exit status and the lexicon
//! context, apart from the module root that declares the commands.

use std::path::PathBuf;
use std::sync::Arc;

use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::Analyzer;

/// An error with the exit status it should produce.
#[derive(Debug)]
pub struct CliError {
    /// 1 for failures, 2 for bad usage or input.
    pub status: u8,
    /// The error and its causes.
    pub error: anyhow::Error,
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError {
            status: 1,
            error: e.into(),
        }
    }
}

/// Marks an error as the user's (exit status 2).
pub fn usage_error(e: impl Into<anyhow::Error>) -> CliError {
    CliError {
        status: 2,
        error: e.into(),
    }
}

/// Where the lexicon is, loaded on first use.
pub struct Context {
    /// The lexicon file (`--lexicon`, else the default place).
    pub lexicon_path: PathBuf,
}

impl Context {
    /// Loads the lexicon and builds the analyzer; a missing lexicon says how to get one.
    pub fn analyzer(&self) -> Result<Arc<Analyzer>, CliError> {
        let lexicon = Lexicon::open(&self.lexicon_path)?;
        Ok(Analyzer::new(Arc::new(lexicon)))
    }
}
