//! Per-form score sums: most of a word's features depend on its surface form alone
//! ([`features::local`] and [`features::neighbour`]), and forms recur from article to
//! article, so each thread sums their rows once per form. Of the context features
//! ([`features::context`]), the coded ones (punctuation, case, the gazetteer) are summed
//! once per combination of codes, and only the two that join a neighbour's form are
//! looked up per occurrence. The labels are the same as summing every feature's row per
//! word (up to the order of float additions).

use std::cell::RefCell;

use super::features::{self, neighbour_at, NEIGHBOURS};
use super::labels::LABELS;
use super::model::Weights;
use super::words::{Words, NO_FORM};

/// The summed rows of one form: as the word itself, and as each neighbour of another.
struct FormScores {
    local: [f32; LABELS],
    neighbour: [[f32; LABELS]; NEIGHBOURS.len()],
}

/// One thread's sums for one model and one generation of the form table.
#[derive(Default)]
struct ScoreTable {
    model: u64,
    generation: u64,
    /// By `2 × form id + active`: 1 + the place of the form's sums in `sums` (0: none
    /// yet). Four bytes a form and the sums side by side, rather than a pointer each.
    rows: Vec<u32>,
    sums: Vec<FormScores>,
    /// The summed rows of the coded context features, by their codes
    /// ([`features::context_codes`]): between 16k and 32k combinations per thread while
    /// indexing a 20k-article archive on two threads, each met again and again.
    coded: rustc_hash::FxHashMap<u64, [f32; LABELS]>,
}

/// Combinations of context codes a thread keeps summed before it starts again.
const CODED_LIMIT: usize = 100_000;

thread_local! {
    static SCORES: RefCell<ScoreTable> = RefCell::new(ScoreTable::default());
}

/// Adds `b` into `a`.
fn add(a: &mut [f32; LABELS], b: &[f32; LABELS]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

impl ScoreTable {
    /// The sums of word `j`'s form, computed on first use.
    fn of(&mut self, weights: &Weights, ws: &Words, j: usize, fs: &mut Vec<u64>) -> &FormScores {
        let form = ws.form(j);
        debug_assert_ne!(form, NO_FORM, "a feature looks at a word without a form");
        let active = ws.words[j].active;
        let at = 2 * form as usize + usize::from(active);
        if self.rows.len() <= at {
            self.rows.resize(at + 1, 0);
        }
        if self.rows[at] == 0 {
            let mut local = [0.0; LABELS];
            if active {
                fs.clear();
                features::local(ws, j, fs);
                local = weights.emission(Some(fs));
            }
            let mut neighbour = [[0.0; LABELS]; NEIGHBOURS.len()];
            for (k, row) in neighbour.iter_mut().enumerate() {
                fs.clear();
                features::neighbour(ws, j, k, fs);
                *row = weights.emission(Some(fs));
            }
            self.sums.push(FormScores { local, neighbour });
            self.rows[at] = self.sums.len() as u32;
        }
        &self.sums[self.rows[at] as usize - 1]
    }
}

/// The label scores of every word of `ws`, in text order, for the model `weights` (known
/// as `model`): inactive words can only be outside, and sentences without an active word
/// are not scored.
pub(super) fn emissions(model: u64, weights: &Weights, ws: &Words) -> Vec<[f32; LABELS]> {
    let outside = weights.emission(None);
    let mut out = vec![outside; ws.words.len()];
    SCORES.with(|table| {
        let mut table = table.borrow_mut();
        if table.model != model || table.coded.len() > CODED_LIMIT {
            table.coded.clear();
        }
        if table.model != model || table.generation != ws.generation() {
            table.rows.clear();
            table.sums.clear();
            table.model = model;
            table.generation = ws.generation();
        }
        let mut fs = Vec::new();
        for i in (0..ws.words.len()).filter(|&i| ws.words[i].active) {
            let mut e = table.of(weights, ws, i, &mut fs).local;
            for (k, &(d, _)) in NEIGHBOURS.iter().enumerate() {
                if let Some(j) = neighbour_at(ws, i, d) {
                    add(&mut e, &table.of(weights, ws, j, &mut fs).neighbour[k]);
                }
            }
            let codes = features::context_codes(ws, i);
            let mut context = *table.coded.entry(codes).or_insert_with(|| {
                fs.clear();
                features::coded(codes, &mut fs);
                weights.emission(Some(&fs))
            });
            fs.clear();
            features::joined(ws, i, &mut fs);
            for f in &fs {
                if let Some(r) = weights.row(*f) {
                    add(&mut context, r);
                }
            }
            add(&mut e, &context);
            out[i] = e;
        }
    });
    out
}
