//! Building a lexicon file from (form, lemma, tags) entries, plus the
//! enrichment passes that add readings the dictionary lacks.
//!
//! Memory layout while building: form bytes live in one arena (consecutive
//! duplicate forms share their bytes), each entry is 12 bytes, and lemmas are
//! interned as suffix transforms of their form, so the 7 M entries of the
//! Ukrainian dictionary fit in a few hundred MB.

use super::error::LexiconError;
use super::form::normalize_form;
use super::format;
use super::tags::Tags;
use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::fs;
use std::hash::Hash;
use std::io::{BufWriter, Write};
use std::path::Path;

/// One (form, reading) pair: the form is `arena[off..off + len]`.
#[derive(Clone, Copy)]
struct Entry {
    off: u32,
    len: u32,
    reading: u32,
}

/// Counters of one enrichment pass, reported in [`BuildStats`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassStats {
    /// Name of the pass.
    pub name: &'static str,
    /// Readings the pass proposed (before deduplication).
    pub added: usize,
    /// Items the pass could handle (e.g. converb forms linked to a verb).
    pub linked: usize,
    /// Items the pass looked at but could not handle (e.g. converbs without a verb).
    pub missed: usize,
    /// Up to `MAX_EXAMPLES` of the missed items, for diagnosing the pass.
    pub missed_examples: Vec<String>,
}

/// How many missed items a pass keeps as examples.
pub const MAX_EXAMPLES: usize = 40;

/// Summary of a build, so the installer can report what it produced.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    /// Entries given to `add` (before normalisation and deduplication).
    pub input_entries: usize,
    /// Distinct forms (fst keys).
    pub forms: usize,
    /// Distinct (form, lemma, tags) readings in the file.
    pub readings: usize,
    /// Distinct reading sets (fst values).
    pub reading_sets: usize,
    /// Distinct suffix transforms (lemma encodings).
    pub transforms: usize,
    /// Distinct `Tags` values.
    pub tag_values: usize,
    /// Converb forms linked to their verb by the converb pass.
    pub converbs_linked: usize,
    /// Converb forms for which no verb was found.
    pub converbs_missed: usize,
    /// All enrichment passes that ran.
    pub passes: Vec<PassStats>,
    /// Bytes of the fst section.
    pub fst_bytes: usize,
    /// Bytes of the tag, transform, reading and set tables together.
    pub table_bytes: usize,
    /// Size of the whole file.
    pub file_bytes: u64,
    /// Content fingerprint written to the header.
    pub fingerprint: String,
}

/// Read-only view of the sorted, deduplicated entries handed to enrichment
/// passes, so a pass can consult the whole dictionary.
pub struct EntryView<'a> {
    b: &'a LexiconBuilder,
}

impl EntryView<'_> {
    /// Calls `f(form, lemma, tags)` for every entry, sorted by form bytes.
    pub fn for_each(&self, mut f: impl FnMut(&str, &str, Tags)) {
        let mut buf = String::new();
        for e in &self.b.entries {
            let form = self.b.form(e);
            let (lemma, tags) = self.b.reading(form, e.reading, &mut buf);
            f(form, lemma, tags);
        }
    }

    /// Calls `f(lemma, tags)` for every reading of exactly `form`.
    pub fn readings(&self, form: &str, mut f: impl FnMut(&str, Tags)) {
        let b = self.b;
        let start = b
            .entries
            .partition_point(|e| b.form(e).as_bytes() < form.as_bytes());
        let mut buf = String::new();
        for e in b.entries[start..].iter().take_while(|e| b.form(e) == form) {
            let (lemma, tags) = b.reading(form, e.reading, &mut buf);
            f(lemma, tags);
        }
    }
}

/// An enrichment pass: reads the dictionary through an [`EntryView`] and
/// proposes extra `(form, lemma, tags)` readings via the callback. Passes
/// run in order on the dictionary as it was before any pass.
#[derive(Clone, Copy)]
pub struct Enrichment {
    /// Short name, shown in reports.
    pub name: &'static str,
    /// The pass itself.
    pub run: EnrichFn,
}

/// Signature of a pass: `(view, add)` where `add(form, lemma, tags)` proposes a reading.
pub type EnrichFn = fn(&EntryView<'_>, &mut dyn FnMut(&str, &str, Tags)) -> PassStats;

/// The passes `LexiconBuilder::new` runs.
pub const DEFAULT_ENRICHMENTS: &[Enrichment] = &[CONVERB_LINKS];

/// Name of the converb pass (its counters also go to `BuildStats::converbs_*`).
pub const CONVERB_PASS: &str = "converb-links";

/// Links verbal adverbs (converbs) to their verb.
///
/// VESUM makes a converb its own lemma ("знаючи" → "знаючи"), while users and
/// the UD gold data expect the verb ("знати"). For each form with an `advp`
/// reading we derive a finite verb form of the same verb and, if the
/// dictionary knows that form as a verb, add a reading (form, verb lemma,
/// VERB | DERIVED | the marks of both readings):
/// - imperfective: "-чи" → "-ть" (знаючи → знають), "-чись" → "-ться" (сміючись → сміються);
/// - perfective, to the masculine past: "-вши" → "-в" (зробивши → зробив),
///   "-ши" → "" (принісши → приніс), "-вшись" → "-вся" (повернувшись →
///   повернувся), "-шись" → "-ся" (розрісшись → розрісся);
/// - the variant endings "-чися", "-вшися", "-шися" like "-чись", "-вшись", "-шись";
/// - if "-ють"/"-уть" is not a verb form, "-ять"/"-ать" (боючись → бояться),
///   then the 1st singular (золочучи → золочу).
pub const CONVERB_LINKS: Enrichment = Enrichment {
    name: CONVERB_PASS,
    run: link_converbs,
};

/// (converb suffix, verb-form suffix), longest first. "-шися"/"-чися" are the
/// dictionary's variant spellings of "-шись"/"-чись".
const CONVERB_RULES: [(&str, &str); 9] = [
    ("вшися", "вся"),
    ("вшись", "вся"),
    ("шися", "ся"),
    ("шись", "ся"),
    ("чися", "ться"),
    ("чись", "ться"),
    ("вши", "в"),
    ("ши", ""),
    ("чи", "ть"),
];

fn link_converbs(view: &EntryView<'_>, add: &mut dyn FnMut(&str, &str, Tags)) -> PassStats {
    let mut stats = PassStats {
        name: CONVERB_PASS,
        ..PassStats::default()
    };
    // Collect (form, marks) of converb readings first: `for_each` borrows the view.
    let mut converbs: Vec<(String, Tags)> = Vec::new();
    view.for_each(|form, _lemma, tags| {
        if tags.contains(Tags::ADVP) {
            converbs.push((form.to_string(), tags & Tags::MARKS));
        }
    });
    for group in converbs.chunk_by(|a, b| a.0 == b.0) {
        let form = group[0].0.as_str();
        let mut linked = false;
        for &(_, marks) in group {
            let Some((suffix, repl)) = CONVERB_RULES.iter().find(|(s, _)| form.ends_with(s)) else {
                continue;
            };
            let stem = &form[..form.len() - suffix.len()];
            let mut targets = vec![format!("{stem}{repl}")];
            if let Some(rest) = repl.strip_prefix("ть") {
                // "боючись" -> "бояться": 3rd plural in -ять/-ать after a -ю/-у stem.
                if let Some(base) = stem.strip_suffix('ю') {
                    targets.push(format!("{base}я{repl}"));
                } else if let Some(base) = stem.strip_suffix('у') {
                    targets.push(format!("{base}а{repl}"));
                }
                // "золочучи" -> "золочу": converbs built on the 1st singular.
                targets.push(format!("{stem}{rest}"));
            }
            for target in targets {
                view.readings(&target, |lemma, tags| {
                    if tags.contains(Tags::VERB) && !tags.contains(Tags::DERIVED) {
                        let derived = Tags::VERB | Tags::DERIVED | marks | (tags & Tags::MARKS);
                        add(form, lemma, derived);
                        stats.added += 1;
                        linked = true;
                    }
                });
                if linked {
                    break;
                }
            }
        }
        if linked {
            stats.linked += 1;
        } else {
            stats.missed += 1;
            if stats.missed_examples.len() < MAX_EXAMPLES {
                stats.missed_examples.push(form.to_string());
            }
        }
    }
    stats
}

/// Assigns dense ids (first-seen order, so builds are deterministic) to
/// distinct values.
struct Interner<K> {
    ids: FxHashMap<K, u32>,
    list: Vec<K>,
}

impl<K> Default for Interner<K> {
    fn default() -> Self {
        Interner {
            ids: FxHashMap::default(),
            list: Vec::new(),
        }
    }
}

impl<K: Hash + Eq + Clone> Interner<K> {
    fn id<Q>(&mut self, key: &Q) -> u32
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push(key.to_owned());
        self.ids.insert(key.to_owned(), id);
        id
    }
}

/// Collects dictionary entries and writes a lexicon file; exists so that
/// the installer (and tests) can turn any entry source into the on-disk format.
pub struct LexiconBuilder {
    arena: Vec<u8>,
    entries: Vec<Entry>,
    last_form: Option<(u32, u32)>,
    /// Key: the cut as one char, then the appended text.
    transforms: Interner<String>,
    key_buf: String,
    tags: Interner<Tags>,
    readings: Interner<(u32, u32)>,
    passes: Vec<Enrichment>,
    input_entries: usize,
}

impl Default for LexiconBuilder {
    fn default() -> Self {
        Self::new()
    }
}

fn split_transform_key(key: &str) -> (u8, &str) {
    let mut chars = key.chars();
    let cut = chars.next().map_or(0, |c| c as u32 as u8);
    (cut, chars.as_str())
}

impl LexiconBuilder {
    /// An empty builder that runs [`DEFAULT_ENRICHMENTS`] at `finish`.
    pub fn new() -> Self {
        LexiconBuilder {
            arena: Vec::new(),
            entries: Vec::new(),
            last_form: None,
            transforms: Interner::default(),
            key_buf: String::new(),
            tags: Interner::default(),
            readings: Interner::default(),
            passes: DEFAULT_ENRICHMENTS.to_vec(),
            input_entries: 0,
        }
    }

    /// Replaces the enrichment passes (empty: store the dictionary as is).
    pub fn with_enrichments(mut self, passes: &[Enrichment]) -> Self {
        self.passes = passes.to_vec();
        self
    }

    /// Adds one reading. Form and lemma are normalised (NFC, no stress or soft
    /// hyphen, ASCII apostrophe) but keep their case. Empty forms are ignored.
    pub fn add(&mut self, form: &str, lemma: &str, tags: Tags) {
        self.input_entries += 1;
        let form = normalize_form(form);
        let lemma = normalize_form(lemma);
        if form.is_empty() || form.len() > u32::MAX as usize / 2 {
            return;
        }
        let (cut, append) = format::make_transform(&form, &lemma);
        self.key_buf.clear();
        self.key_buf.push(char::from(cut));
        self.key_buf.push_str(append);
        let transform = self.transforms.id(self.key_buf.as_str());
        let tag = self.tags.id(&tags);
        let reading = self.readings.id(&(transform, tag));
        let (off, len) = match self.last_form {
            Some((off, len)) if self.arena[off as usize..][..len as usize] == *form.as_bytes() => (off, len),
            _ => {
                let off = self.arena.len() as u32;
                self.arena.extend_from_slice(form.as_bytes());
                (off, form.len() as u32)
            }
        };
        self.last_form = Some((off, len));
        self.entries.push(Entry { off, len, reading });
    }

    fn form(&self, e: &Entry) -> &str {
        let bytes = &self.arena[e.off as usize..][..e.len as usize];
        // Forms are only ever copied in from `&str`.
        std::str::from_utf8(bytes).expect("arena holds UTF-8 forms")
    }

    fn reading<'a>(&'a self, form: &'a str, id: u32, buf: &'a mut String) -> (&'a str, Tags) {
        let (transform, tag) = self.readings.list[id as usize];
        let (cut, append) = split_transform_key(&self.transforms.list[transform as usize]);
        let lemma = format::apply_transform(form, cut, append, buf).unwrap_or(form);
        (lemma, self.tags.list[tag as usize])
    }

    fn sort_dedup(&mut self) {
        let arena = &self.arena;
        let key = |e: &Entry| &arena[e.off as usize..][..e.len as usize];
        // Stable sort: adaptive on the mostly-sorted dictionary order.
        self.entries
            .sort_by(|a, b| key(a).cmp(key(b)).then(a.reading.cmp(&b.reading)));
        self.entries
            .dedup_by(|a, b| a.reading == b.reading && key(a) == key(b));
    }

    /// Runs the enrichment passes and writes the lexicon atomically to `out`
    /// (temporary file in the same directory, then rename).
    pub fn finish(self, out: &Path, source: &str) -> Result<BuildStats, LexiconError> {
        let io_err = |e| LexiconError::Io {
            path: out.to_path_buf(),
            source: e,
        };
        let dir = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io_err)?;
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut w = BufWriter::new(fs::File::create(&tmp).map_err(io_err)?);
            let stats = self.finish_to_writer(&mut w, source)?;
            let file = w.into_inner().map_err(|e| io_err(e.into_error()))?;
            file.sync_all().map_err(io_err)?;
            fs::rename(&tmp, out).map_err(io_err)?;
            Ok(stats)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Runs the enrichment passes and writes the lexicon to any writer
    /// (tests use a `Vec<u8>` and `Lexicon::from_bytes`).
    pub fn finish_to_writer(mut self, w: &mut impl Write, source: &str) -> Result<BuildStats, LexiconError> {
        let mut stats = BuildStats {
            input_entries: self.input_entries,
            ..Default::default()
        };
        self.sort_dedup();
        let mut extra: Vec<(String, String, Tags)> = Vec::new();
        for pass in self.passes.clone() {
            let mut add = |f: &str, l: &str, t: Tags| extra.push((f.into(), l.into(), t));
            let ps = (pass.run)(&EntryView { b: &self }, &mut add);
            if ps.name == CONVERB_PASS {
                stats.converbs_linked += ps.linked;
                stats.converbs_missed += ps.missed;
            }
            stats.passes.push(ps);
        }
        if !extra.is_empty() {
            self.last_form = None;
            extra.iter().for_each(|(f, l, t)| self.add(f, l, *t));
            self.input_entries -= extra.len();
            self.sort_dedup();
        }
        // One fst key per form; its value is the id of the form's reading set.
        let fst_err = |e: fst::Error| LexiconError::Build(format!("fst: {e}"));
        let mut map = fst::MapBuilder::memory();
        let mut sets: Interner<Vec<u32>> = Interner::default();
        let mut set: Vec<u32> = Vec::new();
        for group in self.entries.chunk_by(|a, b| self.form(a) == self.form(b)) {
            set.clear();
            set.extend(group.iter().map(|e| e.reading));
            map.insert(self.form(&group[0]), sets.id(set.as_slice()) as u64)
                .map_err(fst_err)?;
            stats.forms += 1;
            stats.readings += set.len();
        }
        let fst_bytes = map.into_inner().map_err(fst_err)?;
        let contents = format::Contents {
            fst: &fst_bytes,
            tags: &self.tags.list,
            transforms: self
                .transforms
                .list
                .iter()
                .map(|k| split_transform_key(k))
                .collect(),
            readings: &self.readings.list,
            sets: &sets.list,
        };
        let write_err = |e: std::io::Error| LexiconError::Build(format!("write: {e}"));
        let (fingerprint, file_bytes, table_bytes) =
            format::write_contents(w, source, &contents).map_err(write_err)?;
        w.flush().map_err(write_err)?;
        stats.reading_sets = sets.list.len();
        stats.transforms = self.transforms.list.len();
        stats.tag_values = self.tags.list.len();
        stats.fst_bytes = fst_bytes.len();
        stats.table_bytes = table_bytes;
        stats.file_bytes = file_bytes;
        stats.fingerprint = fingerprint;
        Ok(stats)
    }
}
