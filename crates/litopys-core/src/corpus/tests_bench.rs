//! Reading throughput, for the numbers in reports. Ignored by default; run with
//! `LITOPYS_BENCH_ARCHIVE=/tmp/archive20k cargo test --release --lib corpus -- --ignored --nocapture`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::read_dir;
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

/// Writes the same synthetic articles as JSON Lines, CSV and Parquet (snappy, row groups
/// of 10 000 rows), in `$LITOPYS_BENCH_OUT/{jsonl,csv,parquet}/`, for comparing the readers
/// with [`read_parallel_throughput`] on each folder. Ignored by default; run with
/// `LITOPYS_BENCH_OUT=/tmp/tabular cargo test --release --workspace write_tabular_bench -- --ignored`.
#[test]
#[ignore = "benchmark setup: writes a large archive, see the docs"]
fn write_tabular_bench_archives() {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    let Ok(out) = std::env::var("LITOPYS_BENCH_OUT") else {
        eprintln!("LITOPYS_BENCH_OUT not set; skipping");
        return;
    };
    let out = PathBuf::from(out);
    let n: usize = std::env::var("LITOPYS_BENCH_ARTICLES").map_or(20_000, |v| v.parse().unwrap());
    // Words of the sample archive, drawn by a fixed xorshift so every run writes the same.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let (articles, _) = read_dir(&sample);
    let words: Vec<String> = articles
        .iter()
        .flat_map(|a| a.text.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut text = String::new();
        for w in 0..(200 + next(300)) {
            text.push_str(if w > 0 && w % 60 == 0 { "\n\n" } else { " " });
            text.push_str(&words[next(words.len())]);
        }
        let title: Vec<&str> = (0..8).map(|_| words[next(words.len())].as_str()).collect();
        let date = format!("20{:02}-{:02}-{:02}", 15 + next(10), 1 + next(12), 1 + next(28));
        rows.push((format!("a-{i}"), title.join(" "), date, text.trim().to_string()));
    }
    for dir in ["jsonl", "csv", "parquet"] {
        fs::create_dir_all(out.join(dir)).unwrap();
    }
    let mut jsonl = std::io::BufWriter::new(fs::File::create(out.join("jsonl/news.jsonl")).unwrap());
    let mut csv = csv::Writer::from_path(out.join("csv/news.csv")).unwrap();
    csv.write_record(["id", "title", "date", "text"]).unwrap();
    for (id, title, date, text) in &rows {
        let line = serde_json::json!({"id": id, "title": title, "date": date, "text": text});
        writeln!(jsonl, "{line}").unwrap();
        csv.write_record([id, title, date, text]).unwrap();
    }
    jsonl.flush().unwrap();
    csv.flush().unwrap();
    let column = |k: fn(&(String, String, String, String)) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(k)))
    };
    let batch = RecordBatch::try_from_iter([
        ("id", column(|r| &r.0)),
        ("title", column(|r| &r.1)),
        ("date", column(|r| &r.2)),
        ("text", column(|r| &r.3)),
    ])
    .unwrap();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(10_000))
        .build();
    let file = fs::File::create(out.join("parquet/news.parquet")).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}
