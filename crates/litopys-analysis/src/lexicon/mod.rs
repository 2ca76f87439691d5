//! The Ukrainian lexicon: word form → (lemma, tags) readings.
//!
//! The analyzer lemmatises with the LanguageTool Ukrainian dictionary
//! (VESUM lineage, LGPL-2.1-or-later). The dictionary is never committed:
//! `litopys lexicon install` (in the binary) downloads the pinned wheel and
//! verifies it; this module decodes its morfologik automaton
//! ([`decode_into_builder`]), runs our enrichment passes and writes one
//! memory-mappable file (`format.rs`) that [`Lexicon::open`] reads in milliseconds.
//!
//! Keys are stored case-preserved after [`normalize_form`]; callers that
//! lowercase must do so themselves and look up each variant they want.

mod build;
mod error;
mod form;
mod format;
mod morfologik;
mod tags;

pub use build::{
    BuildStats, EnrichFn, Enrichment, EntryView, LexiconBuilder, PassStats, CONVERB_LINKS, CONVERB_PASS,
    DEFAULT_ENRICHMENTS,
};
pub use error::LexiconError;
pub use form::normalize_form;
pub use morfologik::decode_into_builder;
pub use tags::Tags;

use format::{Backing, Bytes, HeaderError, Tables, FST_SECTION, SECTION_COUNT};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where the lexicon lives unless the user says otherwise:
/// `$LITOPYS_LEXICON`, else `$XDG_DATA_HOME/litopys/uk-lexicon.fst`, else
/// `$HOME/.local/share/litopys/uk-lexicon.fst` (else `./uk-lexicon.fst`).
pub fn default_path() -> PathBuf {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = var("LITOPYS_LEXICON") {
        return p;
    }
    match var("XDG_DATA_HOME").filter(|p| p.is_absolute()) {
        Some(data) => data.join("litopys").join("uk-lexicon.fst"),
        None => match var("HOME") {
            Some(home) => home.join(".local/share/litopys/uk-lexicon.fst"),
            None => PathBuf::from("uk-lexicon.fst"),
        },
    }
}

/// A read-only lexicon file, memory-mapped: word form → readings.
/// Cheap to open, safe to share between threads (`Send + Sync`).
pub struct Lexicon {
    all: Bytes,
    map: fst::Map<Bytes>,
    fingerprint: String,
    source: String,
    sections: [Range<usize>; SECTION_COUNT],
}

impl Lexicon {
    /// Memory-maps and validates (magic, version, section bounds, fst header)
    /// the lexicon at `path`; does not read the tables eagerly.
    pub fn open(path: &Path) -> Result<Lexicon, LexiconError> {
        let io = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => LexiconError::Missing {
                path: path.to_path_buf(),
            },
            _ => LexiconError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        };
        let file = std::fs::File::open(path).map_err(io)?;
        if file.metadata().map_err(io)?.len() < format::MAGIC.len() as u64 {
            return Err(LexiconError::BadMagic {
                path: path.to_path_buf(),
            });
        }
        // SAFETY: the mapping is read-only and lexicon files are only ever
        // replaced by atomic rename (see `LexiconBuilder::finish`), never
        // modified in place, so the mapped bytes do not change under us.
        let mmap = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        Self::from_backing(Backing::Mmap(mmap), path)
    }

    /// Reads a lexicon from bytes in memory (tests, embedding).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Lexicon, LexiconError> {
        Self::from_backing(Backing::Owned(bytes), Path::new("<memory>"))
    }

    fn from_backing(backing: Backing, path: &Path) -> Result<Lexicon, LexiconError> {
        let all = Bytes::new(backing);
        let path = path.to_path_buf();
        let header = format::parse_header(all.as_ref()).map_err(|e| match e {
            HeaderError::BadMagic => LexiconError::BadMagic { path: path.clone() },
            HeaderError::Version(found) => LexiconError::Version {
                path: path.clone(),
                found,
                expected: format::VERSION,
            },
            HeaderError::Corrupt(detail) => LexiconError::Corrupt {
                path: path.clone(),
                detail,
            },
        })?;
        let fst_bytes = all.slice(header.sections[FST_SECTION].clone());
        let map = fst::Map::new(fst_bytes).map_err(|e| LexiconError::Corrupt {
            path,
            detail: format!("fst: {e}"),
        })?;
        let (fingerprint, source, sections) = (header.fingerprint, header.source, header.sections);
        Ok(Lexicon {
            all,
            map,
            fingerprint,
            source,
            sections,
        })
    }

    /// Short hex id of the built content, so indexes can record which
    /// lexicon produced their terms and detect a changed one.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Human description of the dictionary the file was built from (for
    /// `litopys lexicon info` and licence attribution).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Number of distinct forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True for a lexicon without forms.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// True when the form (exact case, already normalised) is in the lexicon.
    pub fn contains(&self, form: &str) -> bool {
        self.map.contains_key(form)
    }

    /// Calls `f(lemma, tags)` for every reading of exactly this form
    /// (case-sensitive, already normalised). Returns false if the form is unknown.
    pub fn for_each_reading(&self, form: &str, mut f: impl FnMut(&str, Tags)) -> bool {
        let Some(set) = self.map.get(form) else {
            return false;
        };
        Tables::new(self.all.as_ref(), &self.sections).for_each(set, form, &mut f);
        true
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("forms", &self.len())
            .field("fingerprint", &self.fingerprint)
            .field("source", &self.source)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn build(entries: &[(&str, &str, Tags)]) -> (Lexicon, BuildStats) {
        let mut b = LexiconBuilder::new();
        for (f, l, t) in entries {
            b.add(f, l, *t);
        }
        let mut out = Vec::new();
        let stats = b.finish_to_writer(&mut out, "test entries").unwrap();
        (Lexicon::from_bytes(out).unwrap(), stats)
    }

    fn readings(lex: &Lexicon, form: &str) -> Vec<(String, Tags)> {
        let mut v = vec![];
        lex.for_each_reading(form, |l, t| v.push((l.to_string(), t)));
        v.sort();
        v
    }

    #[test]
    fn round_trip() {
        let noun = Tags::NOUN;
        let geo = Tags::NOUN | Tags::PROPER | Tags::GEO;
        let (lex, stats) = build(&[
            ("Китаєм", "Китай", geo),
            ("Китай", "Китай", geo),
            ("кит", "кит", noun),
            ("люди", "людина", noun),
            ("люди", "людина", noun), // duplicate
            ("Люди", "Люда", noun | Tags::PROPER | Tags::FNAME),
            ("людей", "людина", noun),
            ("пішов", "піти", Tags::VERB),
            ("пішов", "пішва", noun | Tags::ARCH),
            ("комп’ютерами", "комп’ютер", noun),
            ("Украї\u{301}ни", "Украї\u{301}на", geo),
            ("ї", "вона", Tags::PRON),
        ]);
        assert_eq!((lex.len(), stats.forms, stats.readings), (10, 10, 11));
        assert_eq!(lex.source(), "test entries");
        assert_eq!(lex.fingerprint().len(), 16);
        assert_eq!(readings(&lex, "Китаєм"), [("Китай".into(), geo)]);
        assert_eq!(readings(&lex, "люди"), [("людина".into(), noun)]);
        assert_eq!(
            readings(&lex, "Люди"),
            [("Люда".into(), noun | Tags::PROPER | Tags::FNAME)]
        );
        assert_eq!(
            readings(&lex, "пішов"),
            [("піти".into(), Tags::VERB), ("пішва".into(), noun | Tags::ARCH)]
        );
        assert_eq!(readings(&lex, "комп'ютерами"), [("комп'ютер".into(), noun)]);
        assert_eq!(readings(&lex, "України"), [("Україна".into(), geo)]);
        assert_eq!(readings(&lex, "ї"), [("вона".into(), Tags::PRON)]);
        assert!(lex.contains("кит") && !lex.contains("Кит") && !lex.contains("китаєм"));
        assert!(!lex.for_each_reading("невідоме", |_, _| panic!("no readings expected")));
        assert!(
            !lex.contains("комп’ютерами"),
            "keys are normalised; lookups must be too"
        );
        // Same content, same fingerprint.
        let (a, _) = build(&[("кит", "кит", noun)]);
        let (b, _) = build(&[("кит", "кит", noun)]);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), lex.fingerprint());
        let (empty, _) = build(&[]);
        assert!(empty.is_empty() && !empty.contains(""));
    }

    #[test]
    fn converb_enrichment() {
        let advp = Tags::ADVP;
        let (lex, stats) = build(&[
            ("знаючи", "знаючи", advp),
            ("знають", "знати", Tags::VERB),
            ("ідучи", "ідучи", advp),
            ("ідуть", "іти", Tags::VERB),
            ("сміючись", "сміючись", advp | Tags::RARE),
            ("сміються", "сміятися", Tags::VERB),
            ("зробивши", "зробивши", advp),
            ("зробив", "зробити", Tags::VERB),
            ("принісши", "принісши", advp),
            ("приніс", "принести", Tags::VERB),
            ("повернувшись", "повернувшись", advp),
            ("повернувся", "повернутися", Tags::VERB),
            ("бігши", "бігши", advp), // no verb form "біг" here: missed
            ("кричачи", "кричачи", advp),
            ("кричать", "кричати", Tags::NOUN), // not a verb reading: missed
        ]);
        let derived = Tags::VERB | Tags::DERIVED;
        assert_eq!(
            readings(&lex, "знаючи"),
            [("знати".into(), derived), ("знаючи".into(), advp)]
        );
        assert!(readings(&lex, "ідучи").contains(&("іти".into(), derived)));
        assert!(readings(&lex, "сміючись").contains(&("сміятися".into(), derived | Tags::RARE)));
        assert!(readings(&lex, "зробивши").contains(&("зробити".into(), derived)));
        assert!(readings(&lex, "принісши").contains(&("принести".into(), derived)));
        assert!(readings(&lex, "повернувшись").contains(&("повернутися".into(), derived)));
        assert_eq!(readings(&lex, "бігши").len(), 1);
        assert_eq!(readings(&lex, "кричачи").len(), 1);
        assert_eq!((stats.converbs_linked, stats.converbs_missed), (6, 2));
        assert_eq!(stats.passes.len(), 1);
        // Without enrichment the converb keeps only its own lemma.
        let mut b = LexiconBuilder::new().with_enrichments(&[]);
        b.add("знаючи", "знаючи", advp);
        b.add("знають", "знати", Tags::VERB);
        let mut out = Vec::new();
        b.finish_to_writer(&mut out, "").unwrap();
        assert_eq!(readings(&Lexicon::from_bytes(out).unwrap(), "знаючи").len(), 1);
    }

    #[test]
    fn normalisation() {
        assert!(matches!(normalize_form("Київ"), Cow::Borrowed("Київ")));
        assert_eq!(normalize_form("п’ять ʼ‘`´′"), "п'ять '''''");
        assert_eq!(normalize_form("доро\u{301}га\u{ad}ми"), "дорогами");
        assert_eq!(normalize_form("\u{456}\u{308}\u{301}жак"), "\u{457}жак"); // NFC ї, then no stress
        assert_eq!(normalize_form("Ґанок Є"), "Ґанок Є");
    }

    #[test]
    fn lexicon_is_shareable() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Lexicon>();
    }

    #[test]
    fn open_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.fst");
        let msg = Lexicon::open(&missing).unwrap_err().to_string();
        let want = format!(
            "no lexicon at {}: run `litopys lexicon install` (needs python3",
            missing.display()
        );
        assert!(
            msg.starts_with(&want) && msg.ends_with("or set LITOPYS_LEXICON"),
            "{msg}"
        );
        let garbage = dir.path().join("garbage.fst");
        std::fs::write(&garbage, b"this is not a lexicon at all").unwrap();
        let err = Lexicon::open(&garbage).unwrap_err();
        assert!(matches!(err, LexiconError::BadMagic { .. }), "{err}");
        assert!(err.to_string().contains("re-run `litopys lexicon install`"));
        std::fs::write(&garbage, b"").unwrap();
        assert!(matches!(
            Lexicon::open(&garbage),
            Err(LexiconError::BadMagic { .. })
        ));

        let mut b = LexiconBuilder::new();
        b.add("кит", "кит", Tags::NOUN);
        let good = dir.path().join("sub/good.fst");
        b.finish(&good, "x").unwrap();
        assert!(Lexicon::open(&good).unwrap().contains("кит"));
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
            1,
            "temp file left behind"
        );
        let mut bytes = std::fs::read(&good).unwrap();
        bytes[8] = 42;
        let err = Lexicon::from_bytes(bytes.clone()).unwrap_err();
        assert!(matches!(err, LexiconError::Version { found: 42, .. }), "{err}");
        assert!(err.to_string().contains("re-run `litopys lexicon install`"));
        bytes[8] = format::VERSION as u8;
        bytes.truncate(bytes.len() - 10);
        assert!(matches!(
            Lexicon::from_bytes(bytes),
            Err(LexiconError::Corrupt { .. })
        ));
    }
}
