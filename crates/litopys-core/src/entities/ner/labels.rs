//! The recogniser's entity types and its BIO labels: `O`, then `B-` and `I-` for each
//! type, numbered so that a label's type and position are arithmetic.

use serde::Serialize;

/// The kinds of name the recogniser tags (NER-UK's PERS, ORG and LOC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NerType {
    /// A person: «Володимир Зеленський», «В. Зеленський», «Зеленського».
    Person,
    /// An organisation: companies, ministries, courts, parties, media.
    Organisation,
    /// A place: states, cities, regions, rivers.
    Location,
}

impl NerType {
    /// Every type, in label order.
    pub const ALL: [NerType; 3] = [NerType::Person, NerType::Organisation, NerType::Location];

    /// The NER-UK / BSNLP name of the type (`PERS`, `ORG`, `LOC`).
    pub fn gold_name(self) -> &'static str {
        match self {
            NerType::Person => "PERS",
            NerType::Organisation => "ORG",
            NerType::Location => "LOC",
        }
    }

    /// Reads a gold type name (`PERS`/`PER`, `ORG`, `LOC`); other types are not tagged.
    pub fn from_gold(name: &str) -> Option<NerType> {
        match name {
            "PERS" | "PER" => Some(NerType::Person),
            "ORG" => Some(NerType::Organisation),
            "LOC" => Some(NerType::Location),
            _ => None,
        }
    }

    fn index(self) -> usize {
        match self {
            NerType::Person => 0,
            NerType::Organisation => 1,
            NerType::Location => 2,
        }
    }
}

/// Number of labels: `O` plus `B-`/`I-` of each type.
pub const LABELS: usize = 1 + 2 * NerType::ALL.len();

/// The label outside every name.
pub const OUTSIDE: u8 = 0;

/// The label that begins a name of `t`.
pub fn begin(t: NerType) -> u8 {
    1 + 2 * t.index() as u8
}

/// The label that continues a name of `t`.
pub fn inside(t: NerType) -> u8 {
    2 + 2 * t.index() as u8
}

/// The type of a label, `None` for `O`.
pub fn type_of(label: u8) -> Option<NerType> {
    match label {
        0 => None,
        l => NerType::ALL.get(((l - 1) / 2) as usize).copied(),
    }
}

/// True for an `I-` label.
pub fn is_inside(label: u8) -> bool {
    label != 0 && label.is_multiple_of(2)
}

/// True when `next` may follow `prev` (`None`: the start of a sentence): an `I-` label
/// only continues a name of its own type.
pub fn allowed(prev: Option<u8>, next: u8) -> bool {
    if !is_inside(next) {
        return true;
    }
    prev.is_some_and(|p| p != OUTSIDE && type_of(p) == type_of(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_and_inside_needs_its_own_type_before_it() {
        for t in NerType::ALL {
            assert_eq!(type_of(begin(t)), Some(t));
            assert_eq!(type_of(inside(t)), Some(t));
            assert!(!is_inside(begin(t)));
            assert!(is_inside(inside(t)));
            assert!(allowed(Some(begin(t)), inside(t)));
            assert!(allowed(Some(inside(t)), inside(t)));
            assert!(!allowed(None, inside(t)));
            assert!(!allowed(Some(OUTSIDE), inside(t)));
        }
        assert!(!allowed(Some(begin(NerType::Person)), inside(NerType::Location)));
        assert_eq!(type_of(OUTSIDE), None);
        assert_eq!(usize::from(inside(NerType::Location)) + 1, LABELS);
    }
}
