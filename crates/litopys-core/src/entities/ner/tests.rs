//! Unit tests of the recogniser: the model file, the BIO constraint of decoding, and
//! training on a small generated corpus (test lexicon), which must tag unseen names.

use super::labels::{begin, inside, is_inside, LABELS, OUTSIDE};
use super::model::{ModelError, Weights};
use super::train::{train, TrainOptions};
use super::*;
use litopys_analysis::test_lexicon;

#[test]
fn model_file_round_trips_and_rejects_damage_without_panicking() {
    let mut w = Weights::default();
    w.row_mut(7)[1] = 1.5;
    w.row_mut(9)[3] = -2.0;
    w.start[2] = -4.0;
    w.trans[1][2] = 0.25;
    let bytes = w.to_bytes();
    let back = Weights::from_bytes(&bytes).expect("reads back");
    assert_eq!(back.len(), 2);
    assert_eq!(back.row(7).map(|r| r[1]), Some(1.5));
    assert_eq!(back.row(9).map(|r| r[3]), Some(-2.0));
    assert_eq!(back.start[2], -4.0);
    assert_eq!(back.trans[1][2], 0.25);
    assert_eq!(back.to_bytes(), bytes, "the file is canonical");
    for cut in 0..bytes.len() {
        assert!(Weights::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut other = bytes.clone();
    other[14] ^= 0xff;
    assert!(matches!(
        Weights::from_bytes(&other),
        Err(ModelError::Version { .. })
    ));
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Weights::from_bytes(&longer).is_err());
}

#[test]
fn decoding_never_continues_a_name_that_was_not_begun() {
    let w = Weights::default();
    // Emissions that prefer I-PERS everywhere, and an inactive word in the middle.
    let mut e = [[0.0f32; LABELS]; 4];
    for row in &mut e {
        row[inside(NerType::Person) as usize] = 5.0;
        row[begin(NerType::Person) as usize] = 1.0;
    }
    e[2] = w.emission(None);
    let labels = w.decode(&e);
    assert_eq!(labels[0], begin(NerType::Person));
    assert_eq!(labels[1], inside(NerType::Person));
    assert_eq!(labels[2], OUTSIDE, "inactive words are outside");
    assert_eq!(
        labels[3],
        begin(NerType::Person),
        "a name after a gap begins again"
    );
    for pair in labels.windows(2) {
        assert!(!is_inside(pair[1]) || pair[0] != OUTSIDE);
    }
}

/// A generated corpus: "<First> <Last> <verb> у <Place>." with every combination.
fn corpus() -> Vec<(String, Vec<NerSpan>)> {
    let firsts = ["Петро", "Андрій", "Марко", "Іван", "Тарас", "Богдан"];
    let lasts = ["Коваленко", "Шевчук", "Бондар", "Ткаченко", "Кравець", "Савчук"];
    let verbs = ["заявив", "сказав", "повідомив"];
    let places = ["Києві", "Харкові", "Полтаві", "Одесі"];
    let mut out = Vec::new();
    for (k, f) in firsts.iter().enumerate() {
        for (j, l) in lasts.iter().enumerate() {
            let v = verbs[(k + j) % verbs.len()];
            let p = places[(k * 7 + j) % places.len()];
            let text = format!("Учора {f} {l} {v} у {p} про нові плани.");
            let ps = text.find(f).unwrap();
            let pe = text.find(l).unwrap() + l.len();
            let ls = text.find(p).unwrap();
            out.push((
                text.clone(),
                vec![
                    NerSpan {
                        typ: NerType::Person,
                        start: ps,
                        end: pe,
                    },
                    NerSpan {
                        typ: NerType::Location,
                        start: ls,
                        end: ls + p.len(),
                    },
                ],
            ));
        }
    }
    out
}

#[test]
fn training_learns_names_it_never_saw() {
    let analyzer = test_lexicon::analyzer();
    let lexicon = analyzer.lexicon();
    let mut sentences = Vec::new();
    for (text, gold) in corpus() {
        let (s, lost) = training_sentences(lexicon, &text, &[], &gold);
        assert_eq!(lost, 0);
        sentences.extend(s);
    }
    let opts = TrainOptions {
        min_count: 1,
        ..TrainOptions::default()
    };
    let mut epochs = Vec::new();
    let weights = train(&sentences, opts, |e, wrong| epochs.push((e, wrong)));
    assert_eq!(epochs.len(), opts.epochs);
    assert_eq!(
        epochs.last().map(|e| e.1),
        Some(0.0),
        "the training set is learnt"
    );
    let again = train(&sentences, opts, |_, _| {});
    assert_eq!(weights.to_bytes(), again.to_bytes(), "training is deterministic");
    let rec = Recogniser::from_bytes(&weights.to_bytes()).expect("model");
    let text = "Учора Олег Мельниченко заявив у Житомирі про нові плани.";
    let found: Vec<(NerType, &str)> = rec
        .recognise(lexicon, text, &[])
        .iter()
        .map(|s| (s.typ, &text[s.start..s.end]))
        .collect();
    assert_eq!(
        found,
        vec![
            (NerType::Person, "Олег Мельниченко"),
            (NerType::Location, "Житомирі")
        ]
    );
    assert!(rec.fingerprint().starts_with("ner-"));
}

#[test]
fn words_far_from_any_capital_are_not_decoded() {
    let analyzer = test_lexicon::analyzer();
    let text = "але тоді все було інакше, і ніхто не знав, що буде далі. Потім прийшов Тарас.";
    let ws = words::Words::new(text, analyzer.lexicon(), &[]);
    let active: Vec<&str> = ws
        .words
        .iter()
        .filter(|w| w.active)
        .map(|w| &text[w.start..w.end])
        .collect();
    assert_eq!(active, vec!["Потім", "прийшов", "Тарас"]);
    assert_eq!(ws.sentences.len(), 2);
}

#[test]
fn initials_and_abbreviations_do_not_end_sentences() {
    let analyzer = test_lexicon::analyzer();
    let text = "Сказав В. Зеленський у м. Києві. Потім пішов.";
    let ws = words::Words::new(text, analyzer.lexicon(), &[]);
    assert_eq!(ws.sentences.len(), 2, "{:?}", ws.sentences);
}

#[test]
fn the_shipped_model_loads_and_tags_with_the_real_lexicon_when_present() {
    let rec = Recogniser::embedded().expect("the embedded model reads");
    assert!(rec.weights().len() > 1000);
    // Reads the user's installed lexicon when there is one (the tests need not have it).
    let path = litopys_analysis::lexicon::default_path();
    let Ok(lexicon) = litopys_analysis::lexicon::Lexicon::open(&path) else {
        return;
    };
    let text = "Президент Володимир Зеленський зустрівся в Берліні з представниками компанії Siemens.";
    let found: Vec<(NerType, &str)> = rec
        .recognise(&lexicon, text, &[])
        .iter()
        .map(|s| (s.typ, &text[s.start..s.end]))
        .collect();
    assert!(
        found.contains(&(NerType::Person, "Володимир Зеленський")),
        "{found:?}"
    );
    assert!(found.contains(&(NerType::Location, "Берліні")), "{found:?}");
}

#[test]
fn per_form_sums_score_every_word_as_summing_all_its_features_does() {
    let analyzer = test_lexicon::analyzer();
    let rec = Recogniser::embedded().expect("the embedded model reads");
    // Forms recur across the two texts and within each, in other contexts and cases.
    let texts = [
        "Президент Тарас Шевченко приїхав до Києва. «Нафтогаз України» і Тарас знову тут.",
        "Тарас сказав: \"Шевченко\" — це ТОВ «Нафтогаз». Київ, Києва, Київ-Пас, Tesla Inc.",
    ];
    for round in 0..2 {
        for text in texts {
            let ws = words::Words::new(text, analyzer.lexicon(), &[(0, 9, EntityKind::Company)]);
            let cached = scores::emissions(rec.id, rec.weights(), &ws);
            for s in &ws.sentences {
                for (i, got) in s.clone().zip(&cached[s.clone()]) {
                    let mut fs = Vec::new();
                    let want = if ws.words[i].active {
                        features::features(&ws, i, &mut fs);
                        rec.weights().emission(Some(&fs))
                    } else {
                        rec.weights().emission(None)
                    };
                    for (g, w) in got.iter().zip(&want) {
                        let close = (g - w).abs() <= 1e-3 * w.abs().max(1.0) || g == w;
                        assert!(
                            close,
                            "round {round}, word {:?}: {got:?} vs {want:?}",
                            &text[ws.words[i].start..ws.words[i].end]
                        );
                    }
                }
            }
        }
    }
}
