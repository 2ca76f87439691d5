//! What the evaluations need from their surroundings: the real lexicon and `../shared`.

use std::path::PathBuf;
use std::process::Command;

/// The real lexicon named by `LITOPYS_LEXICON`, if it exists.
pub fn real_lexicon() -> Option<PathBuf> {
    let path = std::env::var_os("LITOPYS_LEXICON").map(PathBuf::from)?;
    path.is_file().then_some(path)
}

/// `../shared/data` beside the repository (it may be absent on a fresh clone).
pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Says why a test did not run, or fails under `LITOPYS_REQUIRE_LEXICON=1` (CI), where a
/// skipped evaluation would hide a missing setup step.
pub fn skip(why: &str) {
    if std::env::var("LITOPYS_REQUIRE_LEXICON").as_deref() == Ok("1") {
        panic!("required for this test: {why}");
    }
    eprintln!("skipped: {why}");
}

/// `litopys-lab --lexicon LEXICON …`, ready for arguments.
pub fn lab(lexicon: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_litopys-lab"));
    cmd.arg("--lexicon").arg(lexicon);
    cmd
}
