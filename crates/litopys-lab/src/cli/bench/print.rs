//! How `bench index` and `bench facets` print their results in the terminal.

/// `bench index`: every run, the ratios against plain Tantivy and where the time goes.
pub(super) fn index(r: &crate::bench::index::IndexBench, threads: usize) {
    println!("--memory {} --threads {threads}", r.memory);
    let runs = r
        .plain
        .iter()
        .chain([&r.reading, &r.baseline, &r.without_entities, &r.ukrainian]);
    for run in runs {
        println!(
            "{:<13} {} articles, {:.1} MB text in {:.1} s: {:.0} articles/s, {:.1} MB/s ({:.1} MB per CPU s), peak RSS {:.0} MB (anonymous {:.0} MB), index {:.1} MB",
            run.analyzer,
            run.articles,
            run.text_mb,
            run.wall_s,
            run.articles_per_sec,
            run.mb_per_sec,
            run.mb_per_cpu_sec,
            run.peak_rss_mb,
            run.peak_anon_mb,
            run.index_mb
        );
    }
    if let (Some(v), Some(p)) = (&r.vs_plain, &r.plain) {
        println!(
            "Litopys / plain Tantivy: wall x{:.2}, CPU x{:.2}, index size x{:.2}, peak RSS x{:.2}, peak anonymous x{:.2}",
            v.wall, v.cpu, v.index_size, v.peak_rss, v.peak_anon
        );
        if p.articles != r.ukrainian.articles {
            println!(
                "note: plain Tantivy indexed {} articles, Litopys {}: the ratios compare different work",
                p.articles, r.ukrainian.articles
            );
        }
    }
    println!(
        "throughput ratio (ukrainian / Litopys with Tantivy's tokenizer): {:.2}",
        r.throughput_ratio
    );
    if !r.parts.is_empty() {
        println!(
            "where the CPU time of `ukrainian` goes (analysis and entities measured alone, one thread):"
        );
    }
    for part in &r.parts {
        println!(
            "  {:<54} {:>7.1} s {:>5.0}%",
            part.name,
            part.cpu_s,
            part.share * 100.0
        );
    }
}

pub(super) fn formats(r: &crate::bench::formats::FormatsBench) {
    println!("{} articles in each format, full analysis", r.articles);
    println!(
        "{:<11} {:>9} {:>8} {:>7} {:>9} {:>7} {:>10} {:>10}",
        "format", "articles", "text MB", "wall s", "articles/s", "MB/s", "MB/s ×jsonl", "CPU ×jsonl"
    );
    for s in &r.shapes {
        println!(
            "{:<11} {:>9} {:>8.1} {:>7.2} {:>9.0} {:>7.1} {:>10.2} {:>10.2}",
            s.shape,
            s.run.articles,
            s.run.text_mb,
            s.run.seconds,
            s.articles_per_sec,
            s.run.mb_per_sec,
            s.mb_per_sec_vs_jsonl,
            s.mb_per_cpu_sec_vs_jsonl
        );
    }
    println!(
        "encoding detection (cp1251 tree over the same tree in UTF-8): {:+.1}% CPU",
        r.encoding_detection_cpu_share * 100.0
    );
}

pub(super) fn facets(r: &crate::bench::facets::FacetBench) {
    let mb = |b: u64| format!("{:.2} MB", b as f64 / 1e6);
    println!(
        "side index of {}: {} articles in {} segments, {} distinct countries, {} companies, built in {:.1} s; {} reps each",
        r.index, r.articles, r.segments, r.distinct_countries, r.distinct_companies, r.build_s, r.reps
    );
    println!(
        "{:<10} {:>22} {:>26}",
        "bytes", "Facet field (2 roots)", "string fields (2, fast)"
    );
    let (f, s) = (&r.facet_bytes, &r.string_bytes);
    for (name, a, b) in [
        ("terms", f.terms, s.terms),
        ("postings", f.postings, s.postings),
        ("fast", f.fast, s.fast),
        ("total", f.total, s.total),
    ] {
        println!("{name:<10} {:>22} {:>26}", mb(a), mb(b));
    }
    println!(
        "\n{:<30} {:>7}  {:<8} {:>9} {:>17} {:>17} {:>7}  top 10",
        "query", "hits", "field", "count p50", "facet p50 / p95", "terms p50 / p95", "f / t"
    );
    for c in &r.cases {
        for (i, f) in c.fields.iter().enumerate() {
            let (name, hits) = if i == 0 {
                (c.name.as_str(), c.hits.to_string())
            } else {
                ("", String::new())
            };
            println!(
                "{name:<30} {hits:>7}  {:<8} {:>9.2} {:>8.2} / {:>6.2} {:>8.2} / {:>6.2} {:>7.2}  {}",
                f.field,
                f.count.p50_ms,
                f.facet.p50_ms,
                f.facet.p95_ms,
                f.terms.p50_ms,
                f.terms.p95_ms,
                f.facet.p50_ms / f.terms.p50_ms.max(1e-9),
                if f.mismatch.is_some() { "DIFFER" } else { "same" }
            );
        }
    }
    for c in &r.cases {
        for f in &c.fields {
            if let Some(m) = &f.mismatch {
                println!("MISMATCH {} / {}: {m}", c.name, f.field);
            }
        }
    }
}

/// `bench counts` as a table: one line per answer, one thread against all.
pub(super) fn counts(r: &crate::bench::counts::CountsBench) {
    println!(
        "«{}»: {} of {} articles match; {} segments; {} passes each",
        r.query, r.hits, r.articles, r.segments, r.passes
    );
    println!(
        "  {:<46} {:>10} {:>12} {:>10} {:>8}",
        "answer",
        "1 thread",
        format!("{} threads", r.threads),
        "max",
        "speed-up"
    );
    for a in &r.answers {
        println!(
            "  {:<46} {:>7.2} ms {:>9.2} ms {:>7.2} ms {:>7.2}×",
            a.answer, a.one_thread_p50_ms, a.all_threads_p50_ms, a.all_threads_max_ms, a.speedup
        );
    }
}
