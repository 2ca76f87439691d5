//! What an evaluation reports: precision and recall per kind, the errors behind them and
//! the entities left out of the count. Plain data, serialised as is by `--json`.

use serde::Serialize;

use litopys_core::entities::EntityKind;

/// Precision and recall of one kind.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Scores {
    /// Correct system pairs.
    pub tp: usize,
    /// Wrong system pairs.
    pub fp: usize,
    /// Missed gold pairs.
    pub missed: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + missed).
    pub recall: f64,
}

impl Scores {
    pub(super) fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.missed);
    }
}

/// One error, for `--errors`.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorCase {
    /// What kind of entity.
    pub kind: EntityKind,
    /// `false positive`, `missed` or (persons) `named wrong`.
    pub what: &'static str,
    /// Document id.
    pub doc: String,
    /// The entity.
    pub name: String,
    /// Mentions (system) or gold forms.
    pub detail: String,
}

/// The evaluation of one data set.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Data set name.
    pub dataset: String,
    /// Documents.
    pub docs: usize,
    /// Countries.
    pub countries: Scores,
    /// Companies.
    pub companies: Scores,
    /// Gold organisations of unknown kind (not counted).
    pub unjudged_orgs: usize,
    /// System companies that match only a BSNLP product (not counted).
    pub matched_products: usize,
    /// Persons and organisations (BSNLP only: NER-UK's split is the recogniser's
    /// training data).
    pub people: Option<super::people::PeopleScores>,
    /// Errors, in document order.
    pub errors: Vec<ErrorCase>,
}
