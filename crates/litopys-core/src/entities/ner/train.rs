//! Training: a structured averaged perceptron (Collins 2002) over sentences of labelled
//! words. Each epoch visits the sentences in a fixed pseudo-random order (the seed is an
//! argument), decodes each with the current weights, and where the best labels differ
//! from the gold ones moves the weights of the features and transitions involved; the
//! model kept is the average of the weights over every step, which generalises much better
//! than the last ones. Features seen fewer than `min_count` times are dropped first.

use rustc_hash::FxHashMap;

use super::labels::LABELS;
use super::model::Weights;

/// One training sentence: each word's features (`None`: inactive, always outside) and
/// its gold label.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    /// Features of each word.
    pub features: Vec<Option<Vec<u64>>>,
    /// Gold labels.
    pub gold: Vec<u8>,
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Features seen fewer times are not used.
    pub min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 2026,
            min_count: 2,
        }
    }
}

/// Weights and their running sums, for the average.
struct Averaged {
    w: Weights,
    /// Sum over updates of step × change, per feature row and for the transitions.
    acc: FxHashMap<u64, [f32; LABELS]>,
    acc_start: [f32; LABELS],
    acc_trans: [[f32; LABELS]; LABELS],
    step: f32,
}

impl Averaged {
    fn add(&mut self, f: u64, label: u8, by: f32) {
        self.w.row_mut(f)[label as usize] += by;
        self.acc.entry(f).or_insert([0.0; LABELS])[label as usize] += self.step * by;
    }

    fn add_transition(&mut self, prev: Option<u8>, next: u8, by: f32) {
        match prev {
            None => {
                self.w.start[next as usize] += by;
                self.acc_start[next as usize] += self.step * by;
            }
            Some(p) => {
                self.w.trans[p as usize][next as usize] += by;
                self.acc_trans[p as usize][next as usize] += self.step * by;
            }
        }
    }

    /// The averaged weights: w − acc / step.
    fn finish(mut self) -> Weights {
        let step = self.step.max(1.0);
        let acc = std::mem::take(&mut self.acc);
        let mut out = self.w;
        for (f, a) in acc {
            let row = out.row_mut(f);
            for (x, y) in row.iter_mut().zip(a) {
                *x -= y / step;
            }
        }
        for (x, y) in out.start.iter_mut().zip(self.acc_start) {
            *x -= y / step;
        }
        for (xs, ys) in out.trans.iter_mut().zip(self.acc_trans) {
            for (x, y) in xs.iter_mut().zip(ys) {
                *x -= y / step;
            }
        }
        out.retain(|_, r| r.iter().any(|x| x.abs() > 1e-6));
        out
    }
}

/// A small, fixed pseudo-random sequence (SplitMix64), so that training is reproducible
/// without a dependency.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Trains weights on `sentences`. `progress` is called after each epoch with the epoch
/// number and the share of words labelled wrongly during it.
pub fn train(sentences: &[Sentence], opts: TrainOptions, mut progress: impl FnMut(usize, f64)) -> Weights {
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for s in sentences {
        for f in s.features.iter().flatten().flatten() {
            *counts.entry(*f).or_insert(0) += 1;
        }
    }
    let kept: Vec<Sentence> = sentences
        .iter()
        .map(|s| Sentence {
            features: s
                .features
                .iter()
                .map(|fs| {
                    fs.as_ref().map(|fs| {
                        fs.iter()
                            .copied()
                            .filter(|f| counts[f] >= opts.min_count)
                            .collect()
                    })
                })
                .collect(),
            gold: s.gold.clone(),
        })
        .collect();
    let mut model = Averaged {
        w: Weights::default(),
        acc: FxHashMap::default(),
        acc_start: [0.0; LABELS],
        acc_trans: [[0.0; LABELS]; LABELS],
        step: 1.0,
    };
    let mut order: Vec<usize> = (0..kept.len()).collect();
    let mut state = opts.seed;
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut wrong, mut words) = (0usize, 0usize);
        for &k in &order {
            let s = &kept[k];
            let emissions: Vec<_> = s
                .features
                .iter()
                .map(|f| model.w.emission(f.as_deref()))
                .collect();
            let pred = model.w.decode(&emissions);
            words += s.gold.len();
            if pred != s.gold {
                for i in 0..s.gold.len() {
                    let (g, p) = (s.gold[i], pred[i]);
                    if g != p {
                        wrong += 1;
                        if let Some(fs) = &s.features[i] {
                            for f in fs {
                                model.add(*f, g, 1.0);
                                model.add(*f, p, -1.0);
                            }
                        }
                    }
                    let (gp, pp) = if i == 0 {
                        (None, None)
                    } else {
                        (Some(s.gold[i - 1]), Some(pred[i - 1]))
                    };
                    if (gp, g) != (pp, p) {
                        model.add_transition(gp, g, 1.0);
                        model.add_transition(pp, p, -1.0);
                    }
                }
            }
            model.step += 1.0;
        }
        progress(epoch, wrong as f64 / words.max(1) as f64);
    }
    model.finish()
}
