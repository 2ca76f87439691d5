//! The MinHash signature of a text: [`SIGNATURE_LEN`] minima, each over the shingles of
//! [`SHINGLE_WORDS`] consecutive normalised words hashed with its own seed. The share of
//! equal minima between two signatures estimates the Jaccard similarity of their
//! shingle sets.

use litopys_analysis::analyzer::for_each_normalized_word;
use litopys_analysis::normalize::lowercase_into;

/// Minima per signature: the estimate's standard error is about 1/√64 ≈ 0.06.
pub const SIGNATURE_LEN: usize = 64;
/// Words per shingle: long enough that unrelated texts on one topic share few shingles,
/// short enough that one edited word changes few of them.
pub const SHINGLE_WORDS: usize = 4;

/// A MinHash signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub [u32; SIGNATURE_LEN]);

/// SplitMix64's finaliser: a fast, well-mixing 64-bit hash step.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a of a word: stable across runs and platforms (signatures are stored).
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The seeds of the signature's hash functions, fixed forever (a stored signature must
/// mean the same in later runs).
fn seed(i: usize) -> u64 {
    mix(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(i as u64 + 1))
}

impl Signature {
    /// The signature of `text`, or `None` when it has no word.
    pub fn of(text: &str) -> Option<Signature> {
        let mut words: Vec<u64> = Vec::new();
        let mut lower = String::new();
        for_each_normalized_word(text, |_, _, norm| {
            lowercase_into(norm, &mut lower);
            words.push(word_hash(&lower));
        });
        if words.is_empty() {
            return None;
        }
        let n = SHINGLE_WORDS.min(words.len());
        let mut mins = [u32::MAX; SIGNATURE_LEN];
        let seeds: [u64; SIGNATURE_LEN] = std::array::from_fn(seed);
        for window in words.windows(n) {
            let shingle = window.iter().fold(0u64, |h, &w| mix(h ^ w));
            for (m, s) in mins.iter_mut().zip(&seeds) {
                let v = (mix(shingle ^ s) >> 32) as u32;
                if v < *m {
                    *m = v;
                }
            }
        }
        Some(Signature(mins))
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets: the share of
    /// equal minima.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SIGNATURE_LEN as f64
    }

    /// The signature as bytes (little-endian), to store.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A signature from [`to_bytes`](Self::to_bytes)' output; `None` for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let mut out = [0u32; SIGNATURE_LEN];
        for (v, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
            *v = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Signature(out))
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
    fn case_and_apostrophes_do_not_matter_and_bytes_round_trip() {
        let a = Signature::of("П'ять МІНІСТРІВ підписали угоду про співпрацю в енергетиці").unwrap();
        let b = Signature::of("п’ять міністрів підписали угоду про співпрацю в енергетиці").unwrap();
        assert_eq!(a, b);
        assert_eq!(Signature::from_bytes(&a.to_bytes()), Some(a));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        assert!(Signature::of(" ... ").is_none());
    }
}
