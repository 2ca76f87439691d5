//! The lab's evaluations end to end: `litopys-lab eval …` on the gold data in `../shared`
//! with the real lexicon; each test says it is skipped when either is missing (CI sets
//! `LITOPYS_REQUIRE_LEXICON=1`, so there they fail instead).

mod common;

mod bench_index;
mod eval_entities;
mod eval_lemmas;
mod eval_stories;
