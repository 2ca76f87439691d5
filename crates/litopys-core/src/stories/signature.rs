//! The MinHash signature of a text: [`SIGNATURE_LEN`] minima over the shingles of
//! [`SHINGLE_WORDS`] consecutive lower-cased words (one-permutation hashing, see
//! [`Signature::of`]). The share of equal minima between two signatures estimates the
//! Jaccard similarity of their shingle sets.
//!
//! Only the lowest byte of each minimum is kept (b-bit minwise hashing, Li and König
//! 2010): two unequal minima then agree by chance once in 256, a bias that
//! [`Signature::similarity`] removes, and a signature is 64 bytes, which is what the
//! index keeps per article to find the reprints of later runs.

/// Minima per signature: the estimate's standard error is about 1/√64 ≈ 0.06.
pub const SIGNATURE_LEN: usize = 64;
/// Words per shingle: long enough that unrelated texts on one topic share few shingles,
/// short enough that one edited word changes few of them.
pub const SHINGLE_WORDS: usize = 4;

/// A MinHash signature: the lowest byte of each minimum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub [u8; SIGNATURE_LEN]);

/// Bytes of a stored signature.
pub const SIGNATURE_BYTES: usize = SIGNATURE_LEN;

/// SplitMix64's finaliser: a fast, well-mixing 64-bit hash step.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether `c` joins the letters around it into one word without being one of them
/// (apostrophes in every spelling: п'ять, п’ять, пʼять are one word).
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '`')
}

/// The lower-case code point of an ASCII or Cyrillic letter or digit, without Unicode
/// table lookups (which took most of the signature's time); `None` for anything else,
/// which the caller looks up. Cyrillic capitals: А–Я +0x20, Ѐ–Џ (Є, І, Ї …) +0x50, and
/// the paired letters from Ѡ on (Ґ) are even capital, odd small.
fn folded_letter(c: char) -> Option<u32> {
    let u = u32::from(c);
    match u {
        0x30..=0x39 | 0x61..=0x7a => Some(u),
        0x41..=0x5a => Some(u + 0x20),
        0x0410..=0x042f => Some(u + 0x20),
        0x0400..=0x040f => Some(u + 0x50),
        0x0430..=0x045f => Some(u),
        0x048a..=0x04bf => Some(u | 1),
        _ => None,
    }
}

/// Calls `f` with a hash of every word of `text`: runs of letters and digits,
/// lower-cased, apostrophes left out; stable across runs and platforms (signatures are
/// stored). One pass over the characters, nothing allocated: this runs on every article.
fn for_each_word_hash(text: &str, mut f: impl FnMut(u64)) {
    const EMPTY: u64 = 0xcbf2_9ce4_8422_2325;
    let mut h = EMPTY;
    for c in text.chars() {
        if let Some(l) = folded_letter(c) {
            h = (h ^ u64::from(l)).wrapping_mul(0x0100_0000_01b3);
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h = (h ^ u64::from(u32::from(l))).wrapping_mul(0x0100_0000_01b3);
            }
        } else if !is_apostrophe(c) && h != EMPTY {
            f(mix(h));
            h = EMPTY;
        }
    }
    if h != EMPTY {
        f(mix(h));
    }
}

impl Signature {
    /// The signature of `text`, or `None` when it has no word.
    ///
    /// One-permutation hashing (Li, Owen and Zhang 2012): each shingle is hashed once, its
    /// top bits choose one of the [`SIGNATURE_LEN`] bins and the bin keeps its smallest
    /// value; a bin no shingle reached (a short text) takes the value of the next
    /// non-empty bin, shifted by the distance (rotation densification, Shrivastava and
    /// Li 2014), so that two texts still agree there as often as they are similar. One
    /// hash per shingle instead of one per shingle and minimum keeps grouping stories a
    /// small part of indexing.
    pub fn of(text: &str) -> Option<Signature> {
        // The last SHINGLE_WORDS word hashes, as a ring.
        let mut ring = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut mins = [u64::MAX; SIGNATURE_LEN];
        let mut add = |shingle: u64| {
            let h = mix(shingle);
            let bin = (h >> 58) as usize; // 64 bins: the top 6 bits
            let v = h & 0x03ff_ffff_ffff_ffff;
            if v < mins[bin] {
                mins[bin] = v;
            }
        };
        for_each_word_hash(text, |w| {
            ring[words % SHINGLE_WORDS] = w;
            words += 1;
            if words >= SHINGLE_WORDS {
                // The shingle in reading order: the oldest word first.
                let shingle = (0..SHINGLE_WORDS)
                    .map(|k| ring[(words + k) % SHINGLE_WORDS])
                    .fold(0u64, |h, w| mix(h ^ w));
                add(shingle);
            }
        });
        if words == 0 {
            return None;
        }
        if words < SHINGLE_WORDS {
            add((0..words).map(|k| ring[k]).fold(0u64, |h, w| mix(h ^ w)));
        }
        let mut out = [0u8; SIGNATURE_LEN];
        for (i, o) in out.iter_mut().enumerate() {
            let (distance, v) = (0..SIGNATURE_LEN)
                .map(|d| (d, mins[(i + d) % SIGNATURE_LEN]))
                .find(|(_, v)| *v != u64::MAX)
                .expect("at least one shingle");
            *o = mix(v ^ (distance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as u8;
        }
        Some(Signature(out))
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets: the share of
    /// equal minima, less the one in 256 that unequal minima agree by chance in their
    /// lowest byte, in `[0, 1]`.
    pub fn similarity(&self, other: &Signature) -> f64 {
        const CHANCE: f64 = 1.0 / 256.0;
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        let share = same as f64 / SIGNATURE_LEN as f64;
        ((share - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)
    }

    /// The signature as bytes, to store.
    pub fn to_bytes(&self) -> [u8; SIGNATURE_BYTES] {
        self.0
    }

    /// A signature from [`to_bytes`](Self::to_bytes)' output; `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        Some(Signature(bytes.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Уряд схвалив нову програму підтримки аграріїв. Вона передбачає пільгові кредити \
        для малих господарств і компенсацію частини вартості техніки.\n\nМіністр зазначив, що \
        програма запрацює з першого березня і триватиме три роки. Заявки прийматимуть онлайн.\n\n\
        Експерти вважають, що найбільше виграють фермери південних областей.";

    #[test]
    fn reordered_paragraphs_and_an_added_line_stay_similar() {
        let paragraphs: Vec<&str> = A.split("\n\n").collect();
        let reordered = format!(
            "{}\n\n{}\n\n{}\n\nДжерело: агенція новин.",
            paragraphs[2], paragraphs[0], paragraphs[1]
        );
        let s = Signature::of(A)
            .unwrap()
            .similarity(&Signature::of(&reordered).unwrap());
        assert!(s >= 0.6, "similarity {s}");
    }

    #[test]
    fn a_different_text_on_the_same_topic_is_not_similar() {
        let other = "Аграрії південних областей скаржаться на посуху. Врожай пшениці цього року \
            може бути меншим, ніж торік, а ціни на зерно вже зросли. Уряд обіцяє допомогу.";
        let s = Signature::of(A)
            .unwrap()
            .similarity(&Signature::of(other).unwrap());
        assert!(s < 0.2, "similarity {s}");
    }

    #[test]
    fn the_fast_case_fold_agrees_with_unicode() {
        for c in ('0'..='9')
            .chain('A'..='Z')
            .chain('a'..='z')
            .chain('\u{0400}'..='\u{04ff}')
        {
            if let Some(l) = folded_letter(c) {
                let want: Vec<char> = c.to_lowercase().collect();
                assert_eq!(want, [char::from_u32(l).unwrap()], "{c}");
                assert!(c.is_alphanumeric(), "{c}");
            }
        }
        assert_eq!(folded_letter('Ґ'), Some(u32::from('ґ')));
        assert_eq!(folded_letter('Ї'), Some(u32::from('ї')));
    }

    #[test]
    fn case_and_apostrophes_do_not_matter_and_bytes_round_trip() {
        let a = Signature::of("П'ять МІНІСТРІВ підписали угоду про співпрацю в енергетиці").unwrap();
        let b = Signature::of("п’ять міністрів підписали угоду про співпрацю в енергетиці").unwrap();
        assert_eq!(a, b);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a.clone()));
        assert_eq!(a.similarity(&b), 1.0);
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        assert!(Signature::of(" ... ").is_none());
    }
}
