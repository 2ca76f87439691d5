//! How many indexing threads the writer runs, and how the `--memory` budget is split
//! ([`MemoryPlan`]) between Tantivy's indexing heap, the analyzer's word caches, the
//! documents in flight towards Tantivy, and Tantivy's working memory outside its heap.
//!
//! Tantivy's `IndexWriter` splits its heap evenly between its indexing threads; each
//! thread flushes its segment to disk when its share is full. But that heap was never the
//! whole of it: Tantivy queues up to 10 000 documents whatever their size, each indexing
//! thread caches up to 200 000 analysed words, and writing or merging segments takes
//! memory of its own. Giving every part a share of one budget makes `--memory` govern
//! the job's memory whatever the archive size. Tantivy refuses a heap below 15 MB per
//! thread or of 4 GB and more, with a terse message; these checks run first and say which
//! flag to change.

use std::fmt;

use litopys_analysis::tantivy_tokenizer::{CACHE_WORDS, CACHE_WORD_BYTES};

/// Tantivy's minimum memory per indexing thread (`MEMORY_BUDGET_NUM_BYTES_MIN`).
pub const MIN_BYTES_PER_THREAD: u64 = 15_000_000;

/// Tantivy's maximum memory per indexing thread, exclusive (`u32::MAX` less its 1 MB
/// margin).
pub const MAX_BYTES_PER_THREAD: u64 = u32::MAX as u64 - 1_000_000;

/// Tantivy's maximum number of indexing threads (`MAX_NUM_THREAD`).
pub const MAX_THREADS: usize = 8;

/// The default total budget, as written on the command line.
pub const DEFAULT_MEMORY: &str = "512M";

/// The least of Tantivy's heap per indexing thread that indexes efficiently; with less,
/// the default number of threads is lowered. Tantivy's minimum (15 MB) leaves a thread
/// about 10 MB for postings once its term hash table has its third, so segments are tiny
/// and many: on the 100 000-article archive with `--memory 64M`, 2 threads of 15 MB took
/// 2.8 times the CPU time and 2.5 times the wall time of 1 thread of 30 MB; with 128M, 2
/// threads of 30 MB were faster than 1 of 60 MB.
pub const EFFICIENT_BYTES_PER_THREAD: u64 = 24_000_000;

/// The share of the budget for documents in flight (outside Tantivy's heap) is
/// `1 / PIPELINE_DIVISOR` of it, within [`MIN_PIPELINE_BYTES`]..=[`MAX_PIPELINE_BYTES`].
const PIPELINE_DIVISOR: u64 = 8;

/// The smallest share for documents in flight: a few batches of ordinary articles.
pub const MIN_PIPELINE_BYTES: u64 = 8 << 20;

/// The largest share for documents in flight: more does not make indexing faster (the
/// indexing threads are busy as soon as a few batches wait), so a big budget goes to
/// Tantivy's heap (fewer, larger segments).
pub const MAX_PIPELINE_BYTES: u64 = 128 << 20;

/// The share of the budget for the analyzer's word caches is `1 / CACHE_DIVISOR` of it,
/// within [`MIN_CACHE_WORDS`]..=[`CACHE_WORDS`] words per thread. The caches come before
/// Tantivy's heap: on the 100 000-article archive with `--memory 128M`, 200 000 cached
/// words per thread instead of 50 000 took 27% less CPU time for about 10 MB more.
const CACHE_DIVISOR: u64 = 4;

/// What is left after documents in flight and the caches is Tantivy's, and
/// `1 / RESERVE_DIVISOR` of it is kept out of its heap for its working memory: writing a
/// full segment (sorting its terms, building its term dictionary) and merging segments.
/// Set from measurements: with the whole rest as its heap, peak memory passed the budget
/// by a fifth to a third at small budgets.
const RESERVE_DIVISOR: u64 = 4;

/// The fewest words an indexing thread caches, however small the budget: the most
/// frequent words, which most lookups are.
pub const MIN_CACHE_WORDS: usize = 10_000;

/// The default number of indexing threads: one per core, at most [`MAX_THREADS`].
///
/// Exists so that `--threads` has a default that uses the machine without exceeding what
/// Tantivy accepts.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, MAX_THREADS)
}

/// Parses a memory size: bytes (`600000000`) or a whole number with a binary suffix `K`,
/// `M`, `G` (optionally followed by `B` or `iB`, any case): `512M`, `1G`, `64MiB`.
///
/// Exists as the `--memory` value parser, so that a typo is a usage error (exit status 2)
/// with an example of what is accepted.
pub fn parse_memory(s: &str) -> Result<u64, String> {
    let bad = || format!("`{s}` is not a memory size: write bytes or a number with K, M or G (512M, 1G)");
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    if digits.is_empty() {
        return Err(bad());
    }
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let multiplier: u64 = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    n.checked_mul(multiplier).ok_or_else(bad)
}

/// Threads and total memory of one indexing run, checked against Tantivy's limits.
///
/// Exists so that a budget Tantivy would refuse is refused before the index folder is
/// touched, with a message naming `--memory` and `--threads`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriterBudget {
    threads: usize,
    total_bytes: u64,
}

/// Why a budget was refused; each message says which flag to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// Zero or more than [`MAX_THREADS`] threads.
    #[error("--threads must be between 1 and {MAX_THREADS} (got {0})")]
    Threads(usize),
    /// Less than [`MIN_BYTES_PER_THREAD`] of Tantivy's heap per thread once the other
    /// parts of the [`MemoryPlan`] have their share.
    #[error(
        "--memory {total} leaves {per_thread} per indexing thread with {threads} thread(s) \
         (the rest of it goes to word caches, documents in flight and Tantivy's working \
         memory), but each needs at least 15 MB: \
         raise --memory to at least {min_flag} or lower --threads"
    )]
    TooLittle {
        /// The total, as a flag value.
        total: MemoryFlag,
        /// The share of one thread.
        per_thread: Mb,
        /// Threads asked for.
        threads: usize,

        /// The smallest `--memory` value that works, as a flag value (`29M`).
        min_flag: String,
    },
    /// A share of 4 GB or more per thread.
    #[error(
        "--memory {total} gives {per_thread} per indexing thread, but Tantivy takes less than \
         4.3 GB per thread: lower --memory or raise --threads"
    )]
    TooMuch {
        /// The total, as a flag value.
        total: MemoryFlag,
        /// The share of one thread.
        per_thread: Mb,
    },
}

/// A byte count as a `--memory` value: `20M`, `1G`, or plain bytes.
///
/// Exists so that messages about `--memory` repeat the value the way it was (most likely)
/// typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryFlag(pub u64);

impl fmt::Display for MemoryFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        match n {
            0 => write!(f, "0"),
            _ if n.is_multiple_of(1 << 30) => write!(f, "{}G", n >> 30),
            _ if n.is_multiple_of(1 << 20) => write!(f, "{}M", n >> 20),
            _ if n.is_multiple_of(1 << 10) => write!(f, "{}K", n >> 10),
            _ => write!(f, "{n}"),
        }
    }
}

/// A byte count shown in decimal megabytes with one decimal (`15.0 MB`).
///
/// Exists so that every message and summary shows sizes the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mb(pub u64);

impl fmt::Display for Mb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} MB", self.0 as f64 / 1e6)
    }
}

/// How one budget is spent: Tantivy's indexing heap, the analyzer's word caches, and the
/// bytes in flight towards Tantivy.
///
/// Exists so that every part of the job that holds articles, documents or cached words
/// takes its limit from one place, and tests can check that the parts add up to the
/// budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryPlan {
    /// Tantivy's indexing heap, all threads together (`Index::writer_with_num_threads`).
    pub tantivy: u64,
    /// Left for Tantivy's working memory outside its heap (writing and merging segments).
    pub reserve: u64,
    /// The analyzer's word caches, all indexing threads together.
    pub word_cache: u64,
    /// Documents handed to Tantivy and not yet indexed (its queue, bounded in bytes).
    pub queue: u64,
    /// Articles read ahead of the indexer, and the group of files being read.
    pub read: u64,
    /// Articles turned into documents at once; the batch is held three times over while
    /// it is converted (the articles, and their documents with title and body twice).
    pub batch: u64,
}

impl MemoryPlan {
    /// The split of `total` bytes for `threads` indexing threads:
    ///
    /// - an eighth (within [`MIN_PIPELINE_BYTES`]..=[`MAX_PIPELINE_BYTES`]) for documents
    ///   in flight: half to Tantivy's queue, a quarter to reading, a quarter to the batch
    ///   (a twelfth, held three times);
    /// - a quarter for the word caches, within [`MIN_CACHE_WORDS`]..=[`CACHE_WORDS`] words
    ///   per thread;
    /// - of the rest, a quarter kept for Tantivy's working memory and three quarters for
    ///   its heap.
    pub fn split(total: u64, threads: usize) -> MemoryPlan {
        let threads = threads.max(1) as u64;
        let pipeline = (total / PIPELINE_DIVISOR).clamp(MIN_PIPELINE_BYTES, MAX_PIPELINE_BYTES);
        let words = (total / CACHE_DIVISOR / CACHE_WORD_BYTES / threads)
            .clamp(MIN_CACHE_WORDS as u64, CACHE_WORDS as u64);
        let word_cache = words * CACHE_WORD_BYTES * threads;
        let rest = total.saturating_sub(pipeline + word_cache);
        let reserve = rest / RESERVE_DIVISOR;
        MemoryPlan {
            tantivy: rest - reserve,
            reserve,
            word_cache,
            queue: pipeline / 2,
            read: pipeline / 4,
            batch: pipeline / 12,
        }
    }

    /// Bytes for documents in flight: everything but Tantivy's heap and the caches.
    pub fn pipeline(&self) -> u64 {
        self.queue + self.read + self.batch * 3
    }

    /// Bytes of the whole plan: at most the total it was split from.
    pub fn total(&self) -> u64 {
        self.tantivy + self.reserve + self.word_cache + self.pipeline()
    }

    /// Words each indexing thread's cache may hold.
    pub fn cache_words(&self, threads: usize) -> usize {
        (self.word_cache / CACHE_WORD_BYTES / threads.max(1) as u64) as usize
    }

    /// The smallest total, in whole MiB, whose split leaves `threads` × 15 MB for
    /// Tantivy's heap.
    pub fn min_total(threads: usize) -> u64 {
        let heap = MIN_BYTES_PER_THREAD * threads as u64;
        // The split grows with the total, so the first total that fits is the smallest.
        let mut mib = heap >> 20;
        while MemoryPlan::split(mib << 20, threads).tantivy < heap {
            mib += 1;
        }
        mib << 20
    }
}

impl WriterBudget {
    /// Checks `threads` and `total_bytes` against Tantivy's limits, once the documents in
    /// flight have their share (see [`MemoryPlan::split`]).
    pub fn new(threads: usize, total_bytes: u64) -> Result<Self, BudgetError> {
        if threads == 0 || threads > MAX_THREADS {
            return Err(BudgetError::Threads(threads));
        }
        let plan = MemoryPlan::split(total_bytes, threads);
        let per_thread = plan.tantivy / threads as u64;
        if per_thread < MIN_BYTES_PER_THREAD {
            let min = MemoryPlan::min_total(threads);
            return Err(BudgetError::TooLittle {
                total: MemoryFlag(total_bytes),
                per_thread: Mb(per_thread),
                threads,
                min_flag: MemoryFlag(min).to_string(),
            });
        }
        if per_thread >= MAX_BYTES_PER_THREAD {
            return Err(BudgetError::TooMuch {
                total: MemoryFlag(total_bytes),
                per_thread: Mb(per_thread),
            });
        }
        Ok(WriterBudget { threads, total_bytes })
    }

    /// The budget for at most `max_threads` indexing threads: as many as give each at
    /// least [`EFFICIENT_BYTES_PER_THREAD`] of Tantivy's heap, and at least one.
    ///
    /// Exists for the default of `--threads`: one thread per core is the fastest with
    /// enough memory, but a small budget split between too many threads is much slower
    /// than the same budget for fewer.
    pub fn fitting(max_threads: usize, total_bytes: u64) -> Result<Self, BudgetError> {
        let threads = (1..=max_threads.min(MAX_THREADS))
            .rev()
            .find(|&t| MemoryPlan::split(total_bytes, t).tantivy / t as u64 >= EFFICIENT_BYTES_PER_THREAD)
            .unwrap_or(1);
        WriterBudget::new(threads, total_bytes)
    }

    /// Number of indexing threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The total memory budget in bytes.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// How the budget is spent.
    pub fn plan(&self) -> MemoryPlan {
        MemoryPlan::split(self.total_bytes, self.threads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sizes_with_and_without_suffixes() {
        assert_eq!(parse_memory("512M"), Ok(512 << 20));
        assert_eq!(parse_memory("1G"), Ok(1 << 30));
        assert_eq!(parse_memory("1g"), Ok(1 << 30));
        assert_eq!(parse_memory("64MiB"), Ok(64 << 20));
        assert_eq!(parse_memory("100 MB"), Ok(100 << 20));
        assert_eq!(parse_memory("2048k"), Ok(2 << 20));
        assert_eq!(parse_memory("600000000"), Ok(600_000_000));
        assert_eq!(parse_memory("600000000B"), Ok(600_000_000));
    }

    #[test]
    fn bad_memory_sizes_say_what_is_accepted() {
        for bad in [
            "3X",
            "",
            "M",
            "-1G",
            "1.5G",
            "1T",
            "99999999999999999999",
            "18446744073709551615G",
        ] {
            let err = parse_memory(bad).unwrap_err();
            assert!(err.contains("512M"), "{bad}: {err}");
        }
    }

    #[test]
    fn budget_limits_name_the_flags() {
        assert!(WriterBudget::new(2, 512 << 20).is_ok());
        let err = WriterBudget::new(2, 20 << 20).unwrap_err().to_string();
        assert!(
            err.contains("--memory 20M leaves 2.8 MB per indexing thread"),
            "{err}"
        );
        assert!(err.contains("--threads") && err.contains("at least 62M"), "{err}");
        // The suggested value is enough, and it is the least that is.
        assert!(WriterBudget::new(2, parse_memory("62M").unwrap()).is_ok());
        assert!(WriterBudget::new(2, parse_memory("61M").unwrap()).is_err());
        assert_eq!(WriterBudget::new(0, 1 << 30), Err(BudgetError::Threads(0)));
        assert_eq!(WriterBudget::new(9, 1 << 30), Err(BudgetError::Threads(9)));
        assert!(matches!(
            WriterBudget::new(1, 6 << 30),
            Err(BudgetError::TooMuch { .. })
        ));
        assert!(WriterBudget::new(2, 6 << 30).is_ok());
    }

    #[test]
    fn the_smallest_budget_works_for_every_thread_count() {
        for threads in 1..=MAX_THREADS {
            let min = MemoryPlan::min_total(threads);
            assert!(WriterBudget::new(threads, min).is_ok(), "{threads} threads");
            let less = WriterBudget::new(threads, min - (1 << 20)).unwrap_err();
            assert!(
                less.to_string()
                    .contains(&format!("at least {}", MemoryFlag(min))),
                "{less}"
            );
        }
    }

    #[test]
    fn the_plan_spends_the_budget_and_no_more() {
        for threads in [1, 2, 4, 8] {
            let mut total = MemoryPlan::min_total(threads);
            while total <= 32 << 30 {
                let plan = MemoryPlan::split(total, threads);
                assert!(plan.total() <= total, "{plan:?} for {total}");
                // Integer division loses at most a few bytes per share.
                assert!(plan.total() + 16 >= total, "{plan:?} for {total}");
                assert!(plan.tantivy >= MIN_BYTES_PER_THREAD * threads as u64);
                assert!(plan.reserve * (RESERVE_DIVISOR - 1) <= plan.tantivy);
                assert!((MIN_PIPELINE_BYTES - 8..=MAX_PIPELINE_BYTES).contains(&plan.pipeline()));
                assert!(
                    plan.queue >= 4 * plan.batch,
                    "{plan:?}: the queue holds a few batches"
                );
                let words = plan.cache_words(threads);
                assert!((MIN_CACHE_WORDS..=CACHE_WORDS).contains(&words), "{words}");
                total += total / 3;
            }
        }
    }

    #[test]
    fn small_budgets_cache_fewer_words_and_big_ones_feed_tantivy() {
        let small = WriterBudget::new(2, 128 << 20).unwrap().plan();
        let default = WriterBudget::new(2, parse_memory(DEFAULT_MEMORY).unwrap())
            .unwrap()
            .plan();
        let big = WriterBudget::new(2, 4 << 30).unwrap().plan();
        assert!(small.cache_words(2) < CACHE_WORDS);
        assert_eq!(default.cache_words(2), CACHE_WORDS);
        assert_eq!(big.word_cache, default.word_cache);
        assert!((MAX_PIPELINE_BYTES - 8..=MAX_PIPELINE_BYTES).contains(&big.pipeline()));
        assert!(big.tantivy > 2 << 30);
        assert!(small.tantivy < default.tantivy && default.tantivy < big.tantivy);
    }

    #[test]
    fn small_budgets_get_fewer_threads_by_default() {
        let threads =
            |memory: &str| WriterBudget::fitting(2, parse_memory(memory).unwrap()).map(|b| b.threads());
        assert_eq!(threads("64M"), Ok(1));
        assert_eq!(threads("128M"), Ok(2));
        assert_eq!(threads(DEFAULT_MEMORY), Ok(2));
        assert_eq!(WriterBudget::fitting(8, 512 << 20).unwrap().threads(), 8);
        assert_eq!(WriterBudget::fitting(8, 256 << 20).unwrap().threads(), 5);
        assert_eq!(WriterBudget::fitting(16, 8 << 30).unwrap().threads(), MAX_THREADS);
        // Below one thread's minimum, the error says the least for one thread.
        let err = WriterBudget::fitting(2, 20 << 20).unwrap_err().to_string();
        assert!(
            err.contains("with 1 thread(s)") && err.contains("at least 37M"),
            "{err}"
        );
        for memory in ["40M", "64M", "128M", "256M", "1G"] {
            let b = WriterBudget::fitting(4, parse_memory(memory).unwrap()).unwrap();
            let heap = b.plan().tantivy / b.threads() as u64;
            assert!(b.threads() == 1 || heap >= EFFICIENT_BYTES_PER_THREAD, "{memory}");
        }
    }

    #[test]
    fn default_threads_is_within_limits() {
        assert!((1..=MAX_THREADS).contains(&default_threads()));
    }

    #[test]
    fn flag_values_are_shown_as_typed() {
        assert_eq!(MemoryFlag(512 << 20).to_string(), "512M");
        assert_eq!(MemoryFlag(1 << 30).to_string(), "1G");
        assert_eq!(MemoryFlag(2048).to_string(), "2K");
        assert_eq!(MemoryFlag(15_000_000).to_string(), "15000000");
    }

    #[test]
    fn megabytes_are_decimal_with_one_decimal() {
        assert_eq!(Mb(15_000_000).to_string(), "15.0 MB");
        assert_eq!(Mb(249_999).to_string(), "0.2 MB");
    }
}
