//! Evaluations against gold data: they print the scores behind the project's quality
//! claims. They read data the repository does not ship (`../shared`), so they run from
//! the `eval` command and from tests that skip themselves when the data is absent.

pub mod entities;
pub mod lemmas;
pub mod stories;
