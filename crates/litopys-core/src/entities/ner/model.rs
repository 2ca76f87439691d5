//! The recogniser's weights: one row of label scores per feature hash, label-to-label
//! transition scores, and the Viterbi search for a sentence's best labels under the BIO
//! constraint; and the model file, which is those numbers and nothing else (no word of the
//! training text).
//!
//! File layout, little-endian: the magic `LITOPYS-NER-1\n` (14 bytes), the feature-set
//! version (u32), the number of labels L (u32), the number of features N (u64), L start
//! scores and L×L transition scores (f32), then N records of a feature hash (u64) and its
//! L scores (f32), hashes ascending.

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use super::features::FEATURES_VERSION;
use super::labels::{allowed, LABELS, OUTSIDE};

const MAGIC: &[u8] = b"LITOPYS-NER-1\n";

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file, or cut short.
    #[error("not a Litopys recogniser model ({0})")]
    Corrupt(&'static str),
    /// Trained on another feature set or label set.
    #[error("the recogniser model was trained for features v{found}, this build computes v{expected}: retrain it with `litopys-lab train ner`")]
    Version {
        /// The model's feature version.
        found: u32,
        /// This build's.
        expected: u32,
    },
}

/// Label scores of features, transitions, and decoding.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Feature hash → row index.
    rows: FxHashMap<u64, u32>,
    /// Rows of `LABELS` scores.
    scores: Vec<[f32; LABELS]>,
    /// Score of a label opening a sentence.
    pub start: [f32; LABELS],
    /// Score of label `b` right after label `a`: `trans[a][b]`.
    pub trans: [[f32; LABELS]; LABELS],
}

impl Weights {
    /// Number of features with a row.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True when no feature has a row.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The row of `feature`, if it has one.
    pub fn row(&self, feature: u64) -> Option<&[f32; LABELS]> {
        self.rows.get(&feature).map(|&r| &self.scores[r as usize])
    }

    /// The row of `feature`, made on first use (training).
    pub fn row_mut(&mut self, feature: u64) -> &mut [f32; LABELS] {
        let next = self.scores.len() as u32;
        let r = *self.rows.entry(feature).or_insert(next);
        if r == next {
            self.scores.push([0.0; LABELS]);
        }
        &mut self.scores[r as usize]
    }

    /// Every (feature, row), in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &[f32; LABELS])> {
        self.rows.iter().map(|(&f, &r)| (f, &self.scores[r as usize]))
    }

    /// Drops the rows `keep` rejects.
    pub fn retain(&mut self, mut keep: impl FnMut(u64, &[f32; LABELS]) -> bool) {
        let mut kept = Weights {
            start: self.start,
            trans: self.trans,
            ..Weights::default()
        };
        let mut all: Vec<(u64, [f32; LABELS])> = self.iter().map(|(f, r)| (f, *r)).collect();
        all.sort_by_key(|(f, _)| *f);
        for (f, r) in all {
            if keep(f, &r) {
                *kept.row_mut(f) = r;
            }
        }
        *self = kept;
    }

    /// The label scores of one word from its features (`None`: an inactive word, which
    /// can only be outside).
    pub fn emission(&self, features: Option<&[u64]>) -> [f32; LABELS] {
        let mut e = [0.0f32; LABELS];
        match features {
            Some(fs) => {
                for f in fs {
                    if let Some(r) = self.row(*f) {
                        for (x, y) in e.iter_mut().zip(r) {
                            *x += y;
                        }
                    }
                }
            }
            None => {
                for x in &mut e[1..] {
                    *x = f32::NEG_INFINITY;
                }
            }
        }
        e
    }

    /// The best labels of a sentence given each word's emission scores (Viterbi, with
    /// `I-` allowed only after its own type).
    pub fn decode(&self, emissions: &[[f32; LABELS]]) -> Vec<u8> {
        let n = emissions.len();
        if n == 0 {
            return Vec::new();
        }
        let mut after = [[false; LABELS]; LABELS];
        for (p, row) in after.iter_mut().enumerate() {
            for (l, ok) in row.iter_mut().enumerate() {
                *ok = allowed(Some(p as u8), l as u8);
            }
        }
        let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
        let mut back = vec![[0u8; LABELS]; n];
        for l in 0..LABELS {
            if allowed(None, l as u8) {
                score[0][l] = self.start[l] + emissions[0][l];
            }
        }
        for i in 1..n {
            for l in 0..LABELS {
                if emissions[i][l] == f32::NEG_INFINITY {
                    continue;
                }
                let (mut best, mut arg) = (f32::NEG_INFINITY, OUTSIDE);
                for (p, &prev) in score[i - 1].iter().enumerate() {
                    if prev == f32::NEG_INFINITY || !after[p][l] {
                        continue;
                    }
                    let s = prev + self.trans[p][l];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                if best > f32::NEG_INFINITY {
                    score[i][l] = best + emissions[i][l];
                    back[i][l] = arg;
                }
            }
        }
        let mut last = OUTSIDE;
        let mut best = f32::NEG_INFINITY;
        for (l, &s) in score[n - 1].iter().enumerate() {
            if s > best {
                best = s;
                last = l as u8;
            }
        }
        let mut labels = vec![OUTSIDE; n];
        labels[n - 1] = last;
        for i in (1..n).rev() {
            labels[i - 1] = back[i][labels[i] as usize];
        }
        labels
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut all: Vec<(u64, &[f32; LABELS])> = self.iter().collect();
        all.sort_by_key(|(f, _)| *f);
        let mut out = Vec::with_capacity(64 + all.len() * (8 + 4 * LABELS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        out.extend_from_slice(&(all.len() as u64).to_le_bytes());
        for x in self.start.iter().chain(self.trans.iter().flatten()) {
            out.extend_from_slice(&x.to_le_bytes());
        }
        for (f, r) in all {
            out.extend_from_slice(&f.to_le_bytes());
            for x in r {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::Corrupt("wrong magic"));
        }
        let version = r.u32()?;
        if version != FEATURES_VERSION {
            return Err(ModelError::Version {
                found: version,
                expected: FEATURES_VERSION,
            });
        }
        if r.u32()? as usize != LABELS {
            return Err(ModelError::Corrupt("another label set"));
        }
        let n = r.u64()? as usize;
        if n.checked_mul(8 + 4 * LABELS)
            .is_none_or(|need| need > bytes.len())
        {
            return Err(ModelError::Corrupt("cut short"));
        }
        let mut w = Weights::default();
        for x in w.start.iter_mut() {
            *x = r.f32()?;
        }
        for x in w.trans.iter_mut().flatten() {
            *x = r.f32()?;
        }
        w.rows.reserve(n);
        w.scores.reserve(n);
        for _ in 0..n {
            let f = r.u64()?;
            let row = w.row_mut(f);
            for x in row.iter_mut() {
                *x = r.f32()?;
            }
        }
        if r.at != bytes.len() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(w)
    }
}

/// A short, stable name of a model file's content, for index fingerprints.
pub fn fingerprint(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("ner-{FEATURES_VERSION}/{hex}")
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(ModelError::Corrupt("cut short"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }
}
