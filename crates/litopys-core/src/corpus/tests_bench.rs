//! Reading throughput, for the numbers in reports. Ignored by default; run with
//! `LITOPYS_BENCH_ARCHIVE=/tmp/archive20k cargo test --release --lib corpus -- --ignored --nocapture`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::corpus::*;

#[test]
#[ignore = "benchmark: needs an archive, see the module docs"]
fn read_parallel_throughput() {
    let archive = std::env::var("LITOPYS_BENCH_ARCHIVE").unwrap_or_else(|_| "/tmp/archive20k".into());
    let root = PathBuf::from(archive);
    if !root.exists() {
        eprintln!("no archive at {}; skipping", root.display());
        return;
    }
    let t = Instant::now();
    let (files, skips) = discover(std::slice::from_ref(&root));
    eprintln!(
        "discover: {} files in {:.3} s",
        files.len(),
        t.elapsed().as_secs_f64()
    );
    let on_disk: u64 = files.iter().map(|f| f.size).sum();
    // Warm the page cache and measure I/O + decompression alone.
    let t = Instant::now();
    let content: u64 = files.par_iter().map(|f| drain_bytes(f).unwrap()).sum();
    let drain = t.elapsed().as_secs_f64();
    // The same plus finding the encoding and decoding to UTF-8 (text formats).
    let t = Instant::now();
    let utf8: u64 = files.par_iter().map(|f| drain_text(f).unwrap_or(0)).sum();
    eprintln!(
        "I/O+decompression {drain:.3} s; with encoding detection and decoding {:.3} s ({:.1} MB of UTF-8)",
        t.elapsed().as_secs_f64(),
        utf8 as f64 / 1e6
    );
    for round in 0..3 {
        let articles = AtomicU64::new(0);
        let skipped = AtomicU64::new(0);
        let text_bytes = AtomicU64::new(0);
        let t = Instant::now();
        read_parallel(&files, |r| match r {
            Ok(a) => {
                articles.fetch_add(1, Ordering::Relaxed);
                text_bytes.fetch_add(a.text.len() as u64, Ordering::Relaxed);
            }
            Err(_) => {
                skipped.fetch_add(1, Ordering::Relaxed);
            }
        });
        let secs = t.elapsed().as_secs_f64();
        let mb = content as f64 / 1e6;
        let text_mb = text_bytes.load(Ordering::Relaxed) as f64 / 1e6;
        eprintln!(
            "round {round}: {} files ({:.1} MB on disk, {mb:.1} MB content), {} articles, {} skips \
             (+{} at discovery): read_parallel {secs:.3} s = {:.0} MB/s of content, {:.0} MB/s of \
             text ({text_mb:.1} MB), {:.0} articles/s; I/O+gunzip alone {drain:.3} s; {} threads",
            files.len(),
            on_disk as f64 / 1e6,
            articles.load(Ordering::Relaxed),
            skipped.load(Ordering::Relaxed),
            skips.len(),
            mb / secs,
            text_mb / secs,
            articles.load(Ordering::Relaxed) as f64 / secs,
            rayon::current_num_threads(),
        );
    }
}
