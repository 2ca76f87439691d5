//! The coarse tag attributes of a dictionary reading.
//!
//! LanguageTool Ukrainian tags are colon-separated lists such as
//! `noun:inanim:m:v_naz:prop:geo` (see `tagset.txt` in the dictionary wheel).
//! The search engine needs the part of speech (for entity detection and query
//! logic), the proper-name kind (for entity facets), the "non-standard" marks (to
//! prune rare/archaic/erroneous readings when a standard one exists), and for
//! naming persons and organisations in the nominative, masculine/feminine, the
//! nominative case and the plural.
//! It does not keep other cases, number, person or aspect, which keeps the
//! lexicon's reading table small.
//!
//! The bit values are part of the on-disk lexicon format: changing them means
//! bumping `format::VERSION`.

use std::fmt;
use std::ops::{BitAnd, BitOr, BitOrAssign};

/// Bit set of the dictionary tag attributes the analyzer and entity code care
/// about; one value per reading of a word form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Tags(pub u64);

impl Tags {
    /// No attribute.
    pub const EMPTY: Tags = Tags(0);
    // ---- part of speech (LT first tag component; `pron`, `adjp`, `numr` also as secondary components)
    /// `noun`: noun (including pronouns declined like nouns, tagged `noun:…:pron`).
    pub const NOUN: Tags = Tags(1 << 0);
    /// `adj`: adjective, participle, ordinal number, adjectival pronoun.
    pub const ADJ: Tags = Tags(1 << 1);
    /// `verb`: finite verb forms and infinitive.
    pub const VERB: Tags = Tags(1 << 2);
    /// `advp`: verbal adverb (converb, дієприслівник: "знаючи", "зробивши").
    pub const ADVP: Tags = Tags(1 << 3);
    /// `adv`: adverb.
    pub const ADV: Tags = Tags(1 << 4);
    /// `numr` (also `&numr`/`&_numr`): numeral.
    pub const NUMR: Tags = Tags(1 << 5);
    /// `pron` (usually a secondary component): pronoun or pronominal word.
    pub const PRON: Tags = Tags(1 << 6);
    /// `prep`: preposition.
    pub const PREP: Tags = Tags(1 << 7);
    /// `conj`: conjunction.
    pub const CONJ: Tags = Tags(1 << 8);
    /// `part`: particle.
    pub const PART: Tags = Tags(1 << 9);
    /// `intj` (and `onomat`): interjection or onomatopoeia.
    pub const INTJ: Tags = Tags(1 << 10);
    /// `predic`: predicative word ("треба", "можна").
    pub const PREDIC: Tags = Tags(1 << 11);
    /// `insert`: parenthetical word ("мабуть", "по-перше").
    pub const INSERT: Tags = Tags(1 << 12);
    /// `foreign`: undeclined foreign word of unknown part of speech ("Юнайтед").
    pub const FOREIGN: Tags = Tags(1 << 13);
    /// `adjp` (`&adjp`, `&_adjp`): participle.
    pub const ADJP: Tags = Tags(1 << 14);
    // ---- names and entities
    /// `prop`: proper name (capitalised in the dictionary).
    pub const PROPER: Tags = Tags(1 << 15);
    /// `abbr`: abbreviation ("США", "ЗСУ", "обл").
    pub const ABBR: Tags = Tags(1 << 16);
    /// `fname`: first name.
    pub const FNAME: Tags = Tags(1 << 17);
    /// `lname`: last name.
    pub const LNAME: Tags = Tags(1 << 18);
    /// `pname` (older dictionaries: `patr`): patronymic.
    pub const PATR: Tags = Tags(1 << 19);
    /// `geo`: geographic name.
    pub const GEO: Tags = Tags(1 << 20);
    /// `anim`: animate noun (persons, animals); with PROPER it marks person names.
    pub const ANIM: Tags = Tags(1 << 21);
    // ---- degree of comparison (VESUM keeps these as their own lemmas)
    /// `compc`: comparative adjective/adverb ("кращий").
    pub const COMP: Tags = Tags(1 << 22);
    /// `comps`: superlative adjective/adverb ("найкращий").
    pub const SUPER: Tags = Tags(1 << 23);
    // ---- non-standard marks (see `is_marked`)
    /// `rare`: rare or dialectal.
    pub const RARE: Tags = Tags(1 << 24);
    /// `arch`: archaic or pre-reform spelling.
    pub const ARCH: Tags = Tags(1 << 25);
    /// `bad` and `err`: erroneous form ("покруч").
    pub const BAD: Tags = Tags(1 << 26);
    /// `alt`: alternative spelling not in the current orthography.
    pub const ALT: Tags = Tags(1 << 27);
    /// `slang`: slang.
    pub const SLANG: Tags = Tags(1 << 28);
    /// `coll` and `subst`: colloquial or vernacular (просторічне) form.
    pub const COLL: Tags = Tags(1 << 29);
    /// `vulg` and `obsc`: vulgar or obscene.
    pub const VULGAR: Tags = Tags(1 << 30);
    // ---- provenance
    /// Reading added by our own enrichment passes (`build.rs`), not in the dictionary.
    pub const DERIVED: Tags = Tags(1 << 31);
    // ---- register: forms that news text rarely uses (see `is_unusual_in_news`)
    /// `1` or `2` on a verb: first or second person ("назву", "стану" as verbs).
    pub const PERSON12: Tags = Tags(1 << 32);
    /// `impr`: imperative ("назви!").
    pub const IMPERATIVE: Tags = Tags(1 << 33);
    /// `short`: short adjective form ("жив", "повен"), poetic in modern text.
    pub const SHORT: Tags = Tags(1 << 34);
    /// `v_kly`: vocative case ("друже").
    pub const VOCATIVE: Tags = Tags(1 << 35);
    // ---- what naming a person needs: which reading of «Ківалова» (his genitive, her
    // nominative) and of «Юлії» (Юлія) goes with the other words of a name
    /// `m`: masculine.
    pub const MASC: Tags = Tags(1 << 36);
    /// `f`: feminine.
    pub const FEM: Tags = Tags(1 << 37);
    /// `v_naz`: nominative case.
    pub const NOMINATIVE: Tags = Tags(1 << 38);
    /// `p`: plural (an organisation named in the plural, «Збройних сил», is not put in
    /// the singular).
    pub const PLURAL: Tags = Tags(1 << 39);

    /// The part-of-speech bits, for code that wants to compare only POS.
    pub const POS_MASK: Tags = Tags((1 << 15) - 1);
    /// The non-standard marks that `is_marked` looks at.
    pub const MARKS: Tags = Tags(
        Self::RARE.0
            | Self::ARCH.0
            | Self::BAD.0
            | Self::ALT.0
            | Self::SLANG.0
            | Self::COLL.0
            | Self::VULGAR.0,
    );

    /// True when every bit of `other` is set in `self`.
    pub fn contains(self, other: Tags) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when any bit of `other` is set in `self`.
    pub fn intersects(self, other: Tags) -> bool {
        self.0 & other.0 != 0
    }

    /// True for a non-standard reading (rare, archaic, erroneous, alternative
    /// spelling, slang, colloquial, vulgar): the analyzer may drop it when the
    /// same form also has an unmarked reading.
    pub fn is_marked(self) -> bool {
        self.intersects(Self::MARKS)
    }

    /// True for readings that are grammatical but rare in news prose: verbs in the first
    /// or second person or the imperative, short adjectives, vocatives. They are the main
    /// source of false merges between common words (назву: назва the noun vs назвати «I
    /// will name»), so the analyzer drops them when the form has another reading.
    pub fn is_unusual_in_news(self) -> bool {
        (self.contains(Tags::VERB) && self.intersects(Tags(Tags::PERSON12.0 | Tags::IMPERATIVE.0)))
            || self.intersects(Tags(Tags::SHORT.0 | Tags::VOCATIVE.0))
    }

    /// True when no bit is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Maps one LanguageTool tag component (without `:`) to its flag, if any.
    /// Leading `&` / `&_` (alternative part of speech) are ignored.
    pub fn from_lt_component(component: &str) -> Tags {
        let c = component.trim_start_matches(['&', '_']);
        match c {
            "noun" => Self::NOUN,
            "adj" => Self::ADJ,
            "verb" => Self::VERB,
            "advp" => Self::ADVP,
            "adv" => Self::ADV,
            "numr" => Self::NUMR,
            "pron" => Self::PRON,
            "prep" => Self::PREP,
            "conj" => Self::CONJ,
            "part" => Self::PART,
            "intj" | "onomat" => Self::INTJ,
            "predic" => Self::PREDIC,
            "insert" => Self::INSERT,
            "foreign" => Self::FOREIGN,
            "adjp" => Self::ADJP,
            "prop" => Self::PROPER,
            "abbr" => Self::ABBR,
            "fname" => Self::FNAME,
            "lname" => Self::LNAME,
            "pname" | "patr" => Self::PATR,
            "geo" => Self::GEO,
            "anim" => Self::ANIM,
            "compc" | "compr" => Self::COMP,
            "comps" | "super" => Self::SUPER,
            "rare" => Self::RARE,
            "arch" => Self::ARCH,
            "bad" | "err" => Self::BAD,
            "alt" => Self::ALT,
            "slang" => Self::SLANG,
            "coll" | "subst" => Self::COLL,
            "vulg" | "obsc" => Self::VULGAR,
            "1" | "2" => Self::PERSON12,
            "impr" => Self::IMPERATIVE,
            "short" => Self::SHORT,
            "v_kly" => Self::VOCATIVE,
            "m" => Self::MASC,
            "f" => Self::FEM,
            "v_naz" => Self::NOMINATIVE,
            "p" => Self::PLURAL,
            _ => Self::EMPTY,
        }
    }

    /// Parses a LanguageTool tag string like `"noun:inanim:m:v_naz:prop:geo"`.
    /// Components without a flag (other cases, neuter, aspect, `xp1`, …) are ignored.
    pub fn parse_lt(tag: &str) -> Tags {
        tag.split(':')
            .fold(Tags::EMPTY, |acc, c| acc | Tags::from_lt_component(c))
    }

    /// Lower-case names of the set flags, for debugging and reports.
    pub fn names(self) -> Vec<&'static str> {
        NAMES
            .iter()
            .filter(|(_, t)| self.contains(*t))
            .map(|(n, _)| *n)
            .collect()
    }
}

const NAMES: [(&str, Tags); 40] = [
    ("noun", Tags::NOUN),
    ("adj", Tags::ADJ),
    ("verb", Tags::VERB),
    ("advp", Tags::ADVP),
    ("adv", Tags::ADV),
    ("numr", Tags::NUMR),
    ("pron", Tags::PRON),
    ("prep", Tags::PREP),
    ("conj", Tags::CONJ),
    ("part", Tags::PART),
    ("intj", Tags::INTJ),
    ("predic", Tags::PREDIC),
    ("insert", Tags::INSERT),
    ("foreign", Tags::FOREIGN),
    ("adjp", Tags::ADJP),
    ("prop", Tags::PROPER),
    ("abbr", Tags::ABBR),
    ("fname", Tags::FNAME),
    ("lname", Tags::LNAME),
    ("patr", Tags::PATR),
    ("geo", Tags::GEO),
    ("anim", Tags::ANIM),
    ("comp", Tags::COMP),
    ("super", Tags::SUPER),
    ("rare", Tags::RARE),
    ("arch", Tags::ARCH),
    ("bad", Tags::BAD),
    ("alt", Tags::ALT),
    ("slang", Tags::SLANG),
    ("coll", Tags::COLL),
    ("vulgar", Tags::VULGAR),
    ("derived", Tags::DERIVED),
    ("person12", Tags::PERSON12),
    ("impr", Tags::IMPERATIVE),
    ("short", Tags::SHORT),
    ("vocative", Tags::VOCATIVE),
    ("masc", Tags::MASC),
    ("fem", Tags::FEM),
    ("nominative", Tags::NOMINATIVE),
    ("plural", Tags::PLURAL),
];

impl BitOr for Tags {
    type Output = Tags;
    fn bitor(self, rhs: Tags) -> Tags {
        Tags(self.0 | rhs.0)
    }
}

impl BitOrAssign for Tags {
    fn bitor_assign(&mut self, rhs: Tags) {
        self.0 |= rhs.0;
    }
}

impl BitAnd for Tags {
    type Output = Tags;
    fn bitand(self, rhs: Tags) -> Tags {
        Tags(self.0 & rhs.0)
    }
}

impl fmt::Display for Tags {
    /// Colon-separated flag names, e.g. `noun:prop:geo`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.names().join(":"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lt_tags() {
        let t = Tags::parse_lt("noun:inanim:m:v_naz:prop:geo");
        assert_eq!(
            t,
            Tags::NOUN | Tags::MASC | Tags::NOMINATIVE | Tags::PROPER | Tags::GEO
        );
        assert!(!t.is_marked());
        let t = Tags::parse_lt("adj:f:v_dav:adjp:actv:imperf:bad:err");
        assert_eq!(t, Tags::ADJ | Tags::FEM | Tags::ADJP | Tags::BAD);
        assert!(t.is_marked());
        assert_eq!(
            Tags::parse_lt("noun:anim:m:v_oru:prop:pname"),
            Tags::NOUN | Tags::ANIM | Tags::MASC | Tags::PROPER | Tags::PATR
        );
        assert_eq!(
            Tags::parse_lt("adj:m:v_naz:&_numr"),
            Tags::ADJ | Tags::MASC | Tags::NOMINATIVE | Tags::NUMR
        );
        assert_eq!(Tags::parse_lt("noun:inanim:p:v_rod"), Tags::NOUN | Tags::PLURAL);
        assert_eq!(
            Tags::parse_lt("adv:compc:subst"),
            Tags::ADV | Tags::COMP | Tags::COLL
        );
        assert_eq!(Tags::parse_lt(""), Tags::EMPTY);
        assert_eq!((Tags::NOUN | Tags::GEO).to_string(), "noun:geo");
    }

    #[test]
    fn names_cover_every_bit() {
        let all = NAMES.iter().fold(Tags::EMPTY, |a, (_, t)| a | *t);
        assert_eq!(all, Tags((1u64 << 40) - 1));
        assert!(Tags::POS_MASK.contains(Tags::ADJP) && !Tags::POS_MASK.contains(Tags::PROPER));
    }
}
