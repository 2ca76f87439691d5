//! A word as the key of a per-thread hash table.
//!
//! Why: indexing keeps per-thread tables keyed by words as written (the analyzer's key
//! cache, the recogniser's form table), and perf showed their lookups bound by memory:
//! a `Box<str>` key sends every hit to another cache line to compare the bytes. A
//! [`WordKey`] keeps words of up to 30 bytes (15 Cyrillic letters, nearly every word)
//! inside the table's own slot, so a hit compares bytes where the hash led it. It hashes
//! and borrows as `[u8]`, so a lookup takes the word's bytes and builds no key.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// Bytes of a word kept inside the key.
pub const INLINE: usize = 30;

/// A word as a table key: inline when short, on the heap otherwise.
#[derive(Clone, PartialEq, Eq)]
pub enum WordKey {
    /// Up to [`INLINE`] bytes, in the key itself.
    Inline {
        /// Bytes used.
        len: u8,
        /// The word's bytes, then zeros.
        bytes: [u8; INLINE],
    },
    /// A longer word.
    Heap(Box<[u8]>),
}

impl WordKey {
    /// The key of `word`.
    pub fn new(word: &str) -> WordKey {
        let b = word.as_bytes();
        if b.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..b.len()].copy_from_slice(b);
            WordKey::Inline {
                len: b.len() as u8,
                bytes,
            }
        } else {
            WordKey::Heap(b.into())
        }
    }

    /// The word's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            WordKey::Inline { len, bytes } => &bytes[..*len as usize],
            WordKey::Heap(b) => b,
        }
    }
}

// Hashes as its bytes do, so that a lookup can take the word's bytes.
impl Hash for WordKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl Borrow<[u8]> for WordKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn short_and_long_words_are_found_by_their_bytes() {
        let long = "Дніпропетровськгазпостачання"; // 56 bytes: on the heap
        let mut m: FxHashMap<WordKey, u32> = FxHashMap::default();
        m.insert(WordKey::new("Київ"), 1);
        m.insert(WordKey::new(long), 2);
        m.insert(WordKey::new(""), 3);
        assert!(matches!(WordKey::new("Київ"), WordKey::Inline { .. }));
        assert!(matches!(WordKey::new(long), WordKey::Heap(_)));
        assert_eq!(m.get("Київ".as_bytes()), Some(&1));
        assert_eq!(m.get(long.as_bytes()), Some(&2));
        assert_eq!(m.get("".as_bytes()), Some(&3));
        assert_eq!(m.get("Києва".as_bytes()), None);
        assert_eq!(WordKey::new(long).as_bytes(), long.as_bytes());
    }
}
