//! Benchmarks run as `litopys-lab bench …`: timing goals live here, never in tests. Each
//! benchmark measures a baseline in the same run and reports ratios against it, because
//! absolute numbers on a shared 2-core machine drift by ±25% between runs.

pub mod analysis;
pub mod archive_shapes;
pub mod child;
pub mod cold;
pub mod counts;
pub mod facets;
pub mod formats;
pub mod index;
pub mod index_compare;
pub mod index_parts;
pub mod plain;
pub mod reindex;
pub mod search;
pub mod search_cold;
pub mod serve;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Reads the `title` and `text` fields of a JSON Lines file (gzip'd when it ends in
/// `.gz`): the benchmark input.
pub fn read_jsonl_texts(path: &Path) -> anyhow::Result<Vec<String>> {
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read benchmark input {}: {e}", path.display()))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut texts = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        for field in ["title", "text"] {
            if let Some(s) = v.get(field).and_then(|t| t.as_str()) {
                texts.push(s.to_string());
            }
        }
    }
    Ok(texts)
}

/// Resident memory of this process in bytes (Linux), for memory claims.
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The `litopys` binary the benchmarks run as a whole process (indexing jobs, the
/// server): `$LITOPYS_BIN`, else the `litopys` next to this program (cargo builds both
/// into the same folder), so that what is measured is exactly what users run.
pub fn litopys_exe() -> anyhow::Result<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("LITOPYS_BIN") {
        return Ok(path.into());
    }
    let me = std::env::current_exe()?;
    let sibling = me.with_file_name(format!("litopys{}", std::env::consts::EXE_SUFFIX));
    anyhow::ensure!(
        sibling.is_file(),
        "the benchmarks run the `litopys` binary, which is not next to this one ({}): \
         build it with `cargo build --release` (or set LITOPYS_BIN)",
        sibling.display()
    );
    Ok(sibling)
}
