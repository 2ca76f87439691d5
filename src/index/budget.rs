//! How many indexing threads the writer runs and how much memory they may use.
//!
//! Tantivy's `IndexWriter` splits one memory budget evenly between its indexing threads;
//! each thread flushes its segment to disk when its share is full, so memory stays bounded
//! whatever the archive size. Tantivy refuses a share below 15 MB or of 4 GB and more, with
//! a terse message; these checks run first and say which flag to change.

use std::fmt;

/// Tantivy's minimum memory per indexing thread (`MEMORY_BUDGET_NUM_BYTES_MIN`).
pub const MIN_BYTES_PER_THREAD: u64 = 15_000_000;

/// Tantivy's maximum memory per indexing thread, exclusive (`u32::MAX` less its 1 MB
/// margin).
pub const MAX_BYTES_PER_THREAD: u64 = u32::MAX as u64 - 1_000_000;

/// Tantivy's maximum number of indexing threads (`MAX_NUM_THREAD`).
pub const MAX_THREADS: usize = 8;

/// The default total budget, as written on the command line.
pub const DEFAULT_MEMORY: &str = "512M";

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
    /// Less than [`MIN_BYTES_PER_THREAD`] per thread.
    #[error(
        "--memory {total} leaves {per_thread} per indexing thread with {threads} thread(s), \
         but each needs at least 15 MB: raise --memory to at least {min_flag} or lower --threads"
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

impl WriterBudget {
    /// Checks `threads` and `total_bytes` against Tantivy's limits.
    pub fn new(threads: usize, total_bytes: u64) -> Result<Self, BudgetError> {
        if threads == 0 || threads > MAX_THREADS {
            return Err(BudgetError::Threads(threads));
        }
        let per_thread = total_bytes / threads as u64;
        if per_thread < MIN_BYTES_PER_THREAD {
            let min = MIN_BYTES_PER_THREAD * threads as u64;
            return Err(BudgetError::TooLittle {
                total: MemoryFlag(total_bytes),
                per_thread: Mb(per_thread),
                threads,
                min_flag: format!("{}M", min.div_ceil(1 << 20)),
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

    /// Number of indexing threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The total memory budget in bytes, split evenly between the threads.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
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
        assert!(WriterBudget::new(1, 15_000_000).is_ok());
        let err = WriterBudget::new(2, 20 << 20).unwrap_err().to_string();
        assert!(err.contains("--memory 20M leaves 10.5 MB"), "{err}");
        assert!(err.contains("--threads") && err.contains("at least 29M"), "{err}");
        // The suggested value is enough.
        assert!(WriterBudget::new(2, parse_memory("29M").unwrap()).is_ok());
        assert_eq!(WriterBudget::new(0, 1 << 30), Err(BudgetError::Threads(0)));
        assert_eq!(WriterBudget::new(9, 1 << 30), Err(BudgetError::Threads(9)));
        assert!(matches!(
            WriterBudget::new(1, 5 << 30),
            Err(BudgetError::TooMuch { .. })
        ));
        assert!(WriterBudget::new(2, 5 << 30).is_ok());
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
