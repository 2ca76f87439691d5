//! Per-thread memo tables keyed by a word or a name as written.
//!
//! Why: news repeats itself. The same surnames, outlets and ministries come back article
//! after article, and what the extractor works out about them (a word's dictionary
//! readings for list matching, a recognised name's normal form, whether a span is a
//! place) depends only on the text and on the lists and lexicon it was built with. Each
//! indexing thread keeps what it worked out, so a form is analysed once per thread, not
//! once per article. Results do not change: a value is reused only for the same key and
//! the same owner (one [`Gazetteer`](super::gazetteer::Gazetteer) or extractor), and a
//! table that grows past its limit starts again.

use std::cell::RefCell;
use std::thread::LocalKey;

use litopys_analysis::word_key::WordKey;
use rustc_hash::FxHashMap;

/// One thread's table: the owner it was filled for and the values by key.
pub struct Memo<V> {
    owner: u64,
    limit: usize,
    /// Keys of up to 30 bytes sit in the table's slots ([`WordKey`]).
    values: FxHashMap<WordKey, V>,
}

impl<V: Clone> Memo<V> {
    /// An empty table that holds at most `limit` keys before it starts again.
    pub fn new(limit: usize) -> Memo<V> {
        Memo {
            owner: 0,
            limit,
            values: FxHashMap::default(),
        }
    }

    /// The value for `key` if this table holds one for `owner`.
    fn get(&mut self, owner: u64, key: &str) -> Option<V> {
        if self.owner != owner {
            self.values.clear();
            self.owner = owner;
        }
        self.values.get(key.as_bytes()).cloned()
    }

    /// Keeps `value` for `key`.
    fn put(&mut self, key: &str, value: V) {
        if self.values.len() >= self.limit {
            self.values.clear();
        }
        self.values.insert(WordKey::new(key), value);
    }
}

/// The value of `key` for `owner` in the thread's table `memo`, computed by `make` on a
/// miss. `make` runs outside the table's borrow, so it may use other memo tables.
pub fn cached<V: Clone + 'static>(
    memo: &'static LocalKey<RefCell<Memo<V>>>,
    owner: u64,
    key: &str,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(v) = memo.with(|m| m.borrow_mut().get(owner, key)) {
        return v;
    }
    let v = make();
    memo.with(|m| m.borrow_mut().put(key, v.clone()));
    v
}

/// Replaces the value of `key` for `owner` (a value completed later, such as a word's
/// lower-case readings looked up on demand).
pub fn update<V: Clone + 'static>(
    memo: &'static LocalKey<RefCell<Memo<V>>>,
    owner: u64,
    key: &str,
    value: V,
) {
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.owner == owner {
            m.put(key, value);
        }
    });
}

/// A fresh owner number: each gazetteer or extractor takes one, so that two of them
/// (another user file, another lexicon) never share memo values.
pub fn new_owner() -> u64 {
    static OWNERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    OWNERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SMALL: RefCell<Memo<usize>> = RefCell::new(Memo::new(2));
    }

    #[test]
    fn values_are_kept_per_owner_and_the_table_starts_again_when_full() {
        let (a, b) = (new_owner(), new_owner());
        let calls = std::cell::Cell::new(0);
        let get = |owner, key: &str, v| {
            cached(&SMALL, owner, key, || {
                calls.set(calls.get() + 1);
                v
            })
        };
        assert_eq!(get(a, "Київ", 1), 1);
        assert_eq!(get(a, "Київ", 9), 1, "a second ask is answered from the table");
        assert_eq!(
            get(b, "Київ", 2),
            2,
            "another owner never sees the first one's values"
        );
        assert_eq!(get(b, "Львів", 3), 3);
        assert_eq!(get(b, "Одеса", 4), 4, "the full table starts again");
        assert_eq!(get(b, "Київ", 5), 5);
        assert_eq!(calls.get(), 5);
        update(&SMALL, b, "Київ", 7);
        assert_eq!(cached(&SMALL, b, "Київ", || 0), 7);
        update(&SMALL, a, "Київ", 8);
        assert_eq!(
            cached(&SMALL, b, "Київ", || 0),
            7,
            "an update for another owner is dropped"
        );
    }
}
