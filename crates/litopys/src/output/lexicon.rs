//! `litopys lexicon …`: what the installer built and what the installed lexicon holds,
//! as `label: value` lines, and the readings of word forms as tab-separated lines (one
//! reading per line, easy to `cut` and `grep`).

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use crate::setup::lexicon::InstallReport;
use litopys_analysis::lexicon::{BuildStats, Lexicon};

/// The summary of `litopys lexicon install`: files written, entries, forms, size, time,
/// fingerprint.
pub fn write_installed(out: &mut dyn Write, r: &InstallReport) -> io::Result<()> {
    let s = &r.stats;
    let how = if r.downloaded { " (downloaded)" } else { "" };
    writeln!(out, "lexicon:     {}", r.path.display())?;
    writeln!(out, "licence:     {}", r.license_path.display())?;
    writeln!(out, "from:        {}{how}", r.wheel.display())?;
    writeln!(out, "entries:     {} decoded", r.entries)?;
    writeln!(
        out,
        "forms:       {} ({} readings, {} reading sets)",
        r.forms, r.readings, s.reading_sets
    )?;
    writeln!(
        out,
        "converbs:    {} linked to their verb, {} not",
        s.converbs_linked, s.converbs_missed
    )?;
    writeln!(out, "size:        {:.1} MB", r.file_bytes as f64 / 1e6)?;
    writeln!(
        out,
        "time:        {:.1} s (decode {:.1} s)",
        r.build_seconds, r.decode_seconds
    )?;
    writeln!(out, "fingerprint: {}", r.fingerprint)
}

/// `litopys lexicon info`: where the lexicon is, what it was built from, its
/// fingerprint, its size and how long it took to open (`took`).
pub fn write_info(out: &mut dyn Write, path: &Path, lexicon: &Lexicon, took: Duration) -> io::Result<()> {
    writeln!(out, "path:        {}", path.display())?;
    writeln!(out, "source:      {}", lexicon.source())?;
    writeln!(out, "fingerprint: {}", lexicon.fingerprint())?;
    writeln!(out, "forms:       {}", lexicon.len())?;
    writeln!(out, "opened in:   {:.1} ms", took.as_secs_f64() * 1000.0)
}

/// `litopys lexicon lookup`: `form<TAB>lemma<TAB>tag:tag` per reading of `form`
/// (`readings` holds lemma and tags), or `form<TAB>(unknown)` when it has none.
pub fn write_readings(out: &mut dyn Write, form: &str, readings: &[(String, String)]) -> io::Result<()> {
    if readings.is_empty() {
        return writeln!(out, "{form}\t(unknown)");
    }
    for (lemma, tags) in readings {
        writeln!(out, "{form}\t{lemma}\t{tags}")?;
    }
    Ok(())
}

/// The line `litopys lexicon build-tsv` ends with: the file written, its forms and
/// readings and its fingerprint.
pub fn write_built(out: &mut dyn Write, path: &Path, stats: &BuildStats) -> io::Result<()> {
    writeln!(
        out,
        "built {}: {} forms, {} readings, fingerprint {}",
        path.display(),
        stats.forms,
        stats.readings,
        stats.fingerprint
    )
}
