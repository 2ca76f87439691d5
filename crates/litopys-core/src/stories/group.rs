//! Grouping articles into stories: candidates from equal band keys, kept when their
//! estimated similarity reaches the threshold, joined transitively (union-find); each
//! story is named by its earliest article (by date, then by id), which is also the one a
//! collapsed list shows.

use rustc_hash::FxHashMap;

use super::bands::band_keys;
use super::signature::Signature;

/// The default similarity at or above which two articles are one story: reprints with
/// an edited headline and a paragraph added measure 0.7–1.0, different articles on one
/// topic below 0.2 (`litopys-lab eval stories`).
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// One article to group: its id, its date as sortable text (empty: undated, after
/// every date) and its signature.
#[derive(Clone, Debug)]
pub struct Member {
    /// Article id.
    pub id: String,
    /// `YYYY-MM-DD…`, or empty.
    pub date: String,
    /// Its signature.
    pub signature: Signature,
}

/// The pairs of members (indices, smaller first) whose signatures share a band and
/// reach `threshold`, each once, in order.
pub fn similar_pairs(members: &[Member], threshold: f64) -> Vec<(usize, usize)> {
    let mut by_band: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, m) in members.iter().enumerate() {
        for key in band_keys(&m.signature) {
            by_band.entry(key).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in by_band.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                if members[a].signature.similarity(&members[b].signature) >= threshold {
                    pairs.push((a, b));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The story of every member: the id of the earliest member of its group (itself when
/// it has no near-duplicate), in the members' order.
pub fn stories(members: &[Member], threshold: f64) -> Vec<String> {
    let mut parent: Vec<usize> = (0..members.len()).collect();
    for (a, b) in similar_pairs(members, threshold) {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let key = |i: usize| {
        let m = &members[i];
        (m.date.is_empty(), m.date.clone(), m.id.clone())
    };
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    for i in 0..members.len() {
        let root = find(&mut parent, i);
        let best = first.entry(root).or_insert(i);
        if key(i) < key(*best) {
            *best = i;
        }
    }
    (0..members.len())
        .map(|i| {
            let root = find(&mut parent, i);
            members[first[&root]].id.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, date: &str, text: &str) -> Member {
        Member {
            id: id.into(),
            date: date.into(),
            signature: Signature::of(text).unwrap(),
        }
    }

    const REPORT: &str = "Національний банк залишив облікову ставку без змін на рівні тринадцяти \
        відсотків. Таке рішення ухвалило правління регулятора на засіданні у четвер. За словами \
        голови банку, інфляція сповільнюється швидше, ніж очікували, але ризики для економіки \
        залишаються високими через війну та енергетичні атаки.";

    #[test]
    fn reprints_are_one_story_named_by_the_earliest() {
        let members = [
            member("b", "2024-03-02", &format!("{REPORT} Про це повідомляє агенція.")),
            member("a", "2024-03-01", REPORT),
            member("c", "", REPORT),
            member(
                "d",
                "2024-03-01",
                "Кабінет міністрів ухвалив бюджетну резолюцію на наступний рік. Видатки на \
                 оборону зростуть, а на соціальні програми залишаться незмінними.",
            ),
        ];
        let s = stories(&members, DEFAULT_THRESHOLD);
        assert_eq!(s, ["a", "a", "a", "d"]);
        assert_eq!(
            similar_pairs(&members, DEFAULT_THRESHOLD),
            [(0, 1), (0, 2), (1, 2)]
        );
    }
}
