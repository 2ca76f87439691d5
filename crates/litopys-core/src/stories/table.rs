//! Story ids at indexing time: each article with a signature joins the story of its most
//! similar earlier article at or above the threshold (found through [`band_keys`]), or
//! starts a story of its own, named by a hash of its id ([`story_key`]).
//!
//! The table remembers every article's signature and story, so that a later
//! (incremental) run finds the reprints of articles indexed long before. It is kept in
//! the index folder as an append-only file ([`STORIES_FILE`]): a header with the
//! threshold, then one record per article; a commit writes the new records and syncs
//! them before Tantivy commits, and the commit's payload holds the file's length, so a
//! crash leaves at most records past that length, which the next run cuts off.
//!
//! Stories are never merged afterwards: an article that is near two stories joins the
//! more similar one, because merging would change the story id of articles already in
//! the index. An article that changes is grouped again; one that disappears stays in the
//! table (a later reprint still joins its story).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rustc_hash::FxHashMap;

use super::bands::band_keys;
use super::signature::{Signature, SIGNATURE_BYTES};

/// The file in the index folder that holds the table.
pub const STORIES_FILE: &str = "stories.bin";

const MAGIC: &[u8] = b"LITOPYS-STORIES-1\n";
const HEADER_BYTES: usize = MAGIC.len() + 8;
const RECORD_BYTES: usize = 8 + SIGNATURE_BYTES;

/// The story id of an article that starts a story: a 64-bit hash of its id (FNV-1a,
/// then SplitMix64's finaliser), stable across runs and machines.
pub fn story_key(article_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in article_id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A story id as answers show it: 16 lower-case hex digits.
pub fn format_story_id(id: u64) -> String {
    format!("{id:016x}")
}

/// A story id from [`format_story_id`]'s form (any case); `None` for anything else.
pub fn parse_story_id(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty() || t.len() > 16 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(t, 16).ok()
}

/// Why the story table of an index cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be read or written.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file is shorter than its last commit says, or is not a story table.
    #[error("the story table is damaged ({0}): rebuild the index with `litopys index --rebuild`")]
    Damaged(String),
    /// The index groups stories at another threshold.
    #[error("the index groups stories at similarity {stored}, not {asked}: rebuild it with `litopys index --rebuild` to group at {asked}")]
    Threshold {
        /// The threshold the index was built with.
        stored: f64,
        /// The threshold asked for.
        asked: f64,
    },
}

/// The signatures and stories of every article indexed so far.
#[derive(Debug)]
pub struct StoryTable {
    threshold: f64,
    stories: Vec<u64>,
    signatures: Vec<Signature>,
    /// Band key → the first article with that band.
    by_band: FxHashMap<u64, u32>,
    /// Articles already in the file.
    saved: usize,
}

impl StoryTable {
    /// An empty table grouping at `threshold`.
    pub fn new(threshold: f64) -> Self {
        StoryTable {
            threshold,
            stories: Vec::new(),
            signatures: Vec::new(),
            by_band: FxHashMap::default(),
            saved: 0,
        }
    }

    /// The threshold it groups at.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Articles remembered.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// Whether no article is remembered.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The story of the article `id` with signature `sig` (`None`: no words, a story of
    /// its own), remembered for the articles that come after it.
    pub fn assign(&mut self, id: &str, sig: Option<&Signature>) -> u64 {
        let Some(sig) = sig else {
            return story_key(id);
        };
        let keys = band_keys(sig);
        let mut best: Option<(f64, u32)> = None;
        for key in &keys {
            if let Some(&i) = self.by_band.get(key) {
                if best.is_some_and(|(_, b)| b == i) {
                    continue;
                }
                let s = self.signatures[i as usize].similarity(sig);
                // Ties go to the earlier article, whose story is the older one.
                if s >= self.threshold && best.is_none_or(|(bs, bi)| s > bs || (s == bs && i < bi)) {
                    best = Some((s, i));
                }
            }
        }
        let story = best.map_or_else(|| story_key(id), |(_, i)| self.stories[i as usize]);
        let me = u32::try_from(self.stories.len()).unwrap_or(u32::MAX);
        for key in keys {
            self.by_band.entry(key).or_insert(me);
        }
        self.stories.push(story);
        self.signatures.push(sig.clone());
        story
    }

    /// Appends the articles remembered since the last call to the table file in `dir`
    /// (creating it with its header) and syncs it; returns the file's length, which the
    /// commit records.
    pub fn save(&mut self, dir: &Path) -> Result<u64, TableError> {
        let path = dir.join(STORIES_FILE);
        let mut f = fs::OpenOptions::new().create(true).append(true).open(&path)?;
        if f.metadata()?.len() == 0 {
            let mut header = MAGIC.to_vec();
            header.extend_from_slice(&self.threshold.to_le_bytes());
            f.write_all(&header)?;
        }
        let mut out = Vec::with_capacity((self.stories.len() - self.saved) * RECORD_BYTES);
        for (story, sig) in self.stories[self.saved..]
            .iter()
            .zip(&self.signatures[self.saved..])
        {
            out.extend_from_slice(&story.to_le_bytes());
            out.extend_from_slice(&sig.to_bytes());
        }
        f.write_all(&out)?;
        f.sync_all()?;
        self.saved = self.stories.len();
        Ok(f.metadata()?.len())
    }

    /// The table of the index in `dir` as its last commit left it (`committed` bytes of
    /// the file; records past them, from an interrupted run, are cut off), checked
    /// against the `threshold` asked for. No commit recorded a table (`None`, or a
    /// missing file with 0): an empty table.
    pub fn load(dir: &Path, committed: Option<u64>, threshold: f64) -> Result<StoryTable, TableError> {
        let path = dir.join(STORIES_FILE);
        let committed = committed.unwrap_or(0);
        let Some((bytes, stored)) = read_committed(dir, committed)? else {
            if path.exists() {
                fs::remove_file(&path)?;
            }
            return Ok(StoryTable::new(threshold));
        };
        if stored != threshold {
            return Err(TableError::Threshold {
                stored,
                asked: threshold,
            });
        }
        let mut table = StoryTable::new(threshold);
        for record in bytes[HEADER_BYTES..].chunks_exact(RECORD_BYTES) {
            let story = u64::from_le_bytes(record[..8].try_into().expect("8 bytes"));
            let sig = Signature::from_bytes(&record[8..]).expect("record length");
            let me = u32::try_from(table.stories.len()).unwrap_or(u32::MAX);
            for key in band_keys(&sig) {
                table.by_band.entry(key).or_insert(me);
            }
            table.stories.push(story);
            table.signatures.push(sig);
        }
        table.saved = table.stories.len();
        let file = fs::OpenOptions::new().write(true).open(&path)?;
        file.set_len(committed)?;
        Ok(table)
    }
}

/// The committed part of the table file in `dir` (`committed` bytes) and the threshold
/// in its header; `None` when no commit holds a table (`committed` is 0).
fn read_committed(dir: &Path, committed: u64) -> Result<Option<(Vec<u8>, f64)>, TableError> {
    if committed == 0 {
        return Ok(None);
    }
    let path = dir.join(STORIES_FILE);
    let len = usize::try_from(committed).unwrap_or(usize::MAX);
    let mut bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(TableError::Damaged(format!(
                "{}: missing, the last commit wrote {len} bytes",
                path.display()
            )))
        }
        Err(e) => return Err(e.into()),
    };
    if bytes.len() < len {
        return Err(TableError::Damaged(format!(
            "{}: {} bytes, the last commit wrote {len}",
            path.display(),
            bytes.len()
        )));
    }
    bytes.truncate(len);
    if len < HEADER_BYTES || !bytes.starts_with(MAGIC) || !(len - HEADER_BYTES).is_multiple_of(RECORD_BYTES) {
        return Err(TableError::Damaged(format!(
            "{}: not a story table",
            path.display()
        )));
    }
    let stored = f64::from_le_bytes(bytes[MAGIC.len()..HEADER_BYTES].try_into().expect("8 bytes"));
    Ok(Some((bytes, stored)))
}

/// Checks, without changing anything, that the table file in `dir` holds the
/// `committed` bytes the last commit recorded; returns the articles it remembers.
///
/// Exists for `litopys check`.
pub fn verify(dir: &Path, committed: Option<u64>) -> Result<u64, TableError> {
    Ok(
        read_committed(dir, committed.unwrap_or(0))?.map_or(0, |(bytes, _)| {
            ((bytes.len() - HEADER_BYTES) / RECORD_BYTES) as u64
        }),
    )
}

/// Cuts the table file in `dir` to the `committed` bytes of the last commit (removes it
/// when no commit holds any): after a failed job, so no record of no commit is left.
/// Best effort: a file that cannot be cut is cut by the next job's [`StoryTable::load`].
pub fn cut_to(dir: &Path, committed: u64) {
    let path = dir.join(STORIES_FILE);
    if committed == 0 {
        let _ = fs::remove_file(&path);
    } else if let Ok(f) = fs::OpenOptions::new().write(true).open(&path) {
        let _ = f.set_len(committed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Національний банк залишив облікову ставку без змін на рівні тринадцяти \
        відсотків. Таке рішення ухвалило правління регулятора на засіданні у четвер. За словами \
        голови банку, інфляція сповільнюється швидше, ніж очікували, але ризики для економіки \
        залишаються високими через війну та енергетичні атаки.";
    const OTHER: &str = "Кабінет міністрів ухвалив бюджетну резолюцію на наступний рік. Видатки на \
        оборону зростуть, а на соціальні програми залишаться незмінними.";

    fn sig(text: &str) -> Signature {
        Signature::of(text).unwrap()
    }

    #[test]
    fn a_reprint_joins_the_story_of_the_first_article() {
        let mut t = StoryTable::new(0.5);
        let a = t.assign("a", Some(&sig(REPORT)));
        assert_eq!(a, story_key("a"));
        let other = t.assign("d", Some(&sig(OTHER)));
        assert_eq!(other, story_key("d"));
        let reprint = format!("{REPORT} Про це повідомляє агенція.");
        assert_eq!(t.assign("b", Some(&sig(&reprint))), a);
        assert_eq!(t.assign("e", None), story_key("e"));
        assert_eq!(t.len(), 3, "an article without words is not remembered");
    }

    #[test]
    fn a_later_run_finds_reprints_of_saved_articles_and_cuts_uncommitted_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = StoryTable::new(0.5);
        let a = t.assign("a", Some(&sig(REPORT)));
        let committed = t.save(dir.path()).unwrap();
        t.assign("d", Some(&sig(OTHER)));
        let longer = t.save(dir.path()).unwrap();
        assert!(longer > committed);
        // `check` reads the committed part and changes nothing.
        assert_eq!(verify(dir.path(), Some(committed)).unwrap(), 1);
        assert_eq!(fs::metadata(dir.path().join(STORIES_FILE)).unwrap().len(), longer);

        // The second save was never committed: the next run sees only "a".
        let mut again = StoryTable::load(dir.path(), Some(committed), 0.5).unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(
            fs::metadata(dir.path().join(STORIES_FILE)).unwrap().len(),
            committed
        );
        let reprint = format!("Про це повідомляє агенція. {REPORT}");
        assert_eq!(again.assign("b", Some(&sig(&reprint))), a);
        assert_eq!(again.assign("d2", Some(&sig(OTHER))), story_key("d2"));
    }

    #[test]
    fn story_ids_round_trip_as_hex() {
        let id = story_key("a");
        assert_eq!(parse_story_id(&format_story_id(id)), Some(id));
        assert_eq!(parse_story_id(&format_story_id(7)), Some(7));
        assert_eq!(format_story_id(7).len(), 16);
        for bad in ["", "xyz", "12345678901234567", "-1"] {
            assert_eq!(parse_story_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn another_threshold_or_a_short_file_is_refused_with_advice() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = StoryTable::new(0.5);
        t.assign("a", Some(&sig(REPORT)));
        let committed = t.save(dir.path()).unwrap();
        let err = StoryTable::load(dir.path(), Some(committed), 0.7).unwrap_err();
        assert!(err.to_string().contains("--rebuild"), "{err}");
        let err = StoryTable::load(dir.path(), Some(committed + 72), 0.5).unwrap_err();
        assert!(matches!(err, TableError::Damaged(_)), "{err}");
        assert!(matches!(
            verify(dir.path(), Some(committed + 72)),
            Err(TableError::Damaged(_))
        ));
        assert!(StoryTable::load(dir.path(), None, 0.5).unwrap().is_empty());
        let err = StoryTable::load(dir.path(), Some(committed), 0.5).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }
}
