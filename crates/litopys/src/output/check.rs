//! `litopys check`: whether the index is whole, for people (a verdict line, then one line
//! per problem and the way out).

use std::io::{self, Write};

use litopys_core::check::CheckReport;

/// Writes the verdict on the index: `index/: whole (12 segment files, checksums right;
/// 49 articles)`, or `damaged`, each problem on its own line, and how to recover.
pub fn write(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let dir = r.dir.display();
    if r.is_whole() {
        return writeln!(
            out,
            "{dir}: whole ({} segment files, checksums right; {} articles in the last commit)",
            r.files_checked, r.articles
        );
    }
    let n = r.problems.len();
    writeln!(
        out,
        "{dir}: damaged ({n} problem{}; {} segment files checked)",
        if n == 1 { "" } else { "s" },
        r.files_checked
    )?;
    for problem in &r.problems {
        writeln!(out, "  {problem}")?;
    }
    writeln!(
        out,
        "recover: `litopys index ARCHIVE --index {dir} --rebuild` builds a new index from the archive beside this one and replaces it when done"
    )
}
