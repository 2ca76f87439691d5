//! The one tiny test lexicon, built in memory (or written out as TSV by [`tsv`]), so that
//! tests in every crate run without the real dictionary (which a fresh clone does not
//! have).

use std::sync::Arc;

use super::analyzer::Analyzer;
use super::lexicon::{Lexicon, LexiconBuilder, Tags};

/// (form, lemma, LanguageTool tag) triples covering the cases the tests need.
pub const ENTRIES: &[(&str, &str, &str)] = &[
    ("Китай", "Китай", "noun:inanim:m:v_naz:prop:geo"),
    ("Китаю", "Китай", "noun:inanim:m:v_dav:prop:geo"),
    ("Китаєм", "Китай", "noun:inanim:m:v_oru:prop:geo"),
    ("Китаї", "Китай", "noun:inanim:m:v_mis:prop:geo"),
    ("кит", "кит", "noun:anim:m:v_naz"),
    ("кита", "кит", "noun:anim:m:v_rod"),
    ("люди", "людина", "noun:anim:p:v_naz"),
    ("Люди", "Люда", "noun:anim:f:v_rod:prop:fname"),
    ("людей", "людина", "noun:anim:p:v_rod"),
    ("людина", "людина", "noun:anim:f:v_naz"),
    ("київ", "кий", "noun:inanim:p:v_rod"),
    ("Київ", "Київ", "noun:inanim:m:v_naz:prop:geo"),
    ("Києва", "Київ", "noun:inanim:m:v_rod:prop:geo"),
    ("проєкт", "проєкт", "noun:inanim:m:v_naz"),
    ("проект", "проект", "noun:inanim:m:v_naz:alt"),
    ("п'ять", "п'ять", "numr:p:v_naz"),
    ("комп'ютера", "комп'ютер", "noun:inanim:m:v_rod"),
    ("України", "Україна", "noun:inanim:f:v_rod:prop:geo"),
    ("угод", "угода", "noun:inanim:p:v_rod"),
    ("угода", "угода", "noun:inanim:f:v_naz"),
    ("комерційних", "комерційний", "adj:p:v_rod"),
    ("комерційна", "комерційний", "adj:f:v_naz"),
    ("той", "той", "adj:m:v_naz:&pron:dem"),
    ("в", "в", "prep"),
    ("з", "з", "prep"),
    ("знати", "знати", "verb:imperf:inf"),
    ("знають", "знати", "verb:imperf:pres:p:3"),
    ("знаючи", "знаючи", "advp:imperf"),
    ("віце", "віце", "noun:inanim:n:v_naz:nv"),
    ("прем'єр", "прем'єр", "noun:anim:m:v_naz"),
    // What the binary's end-to-end tests index and search.
    ("Китаю", "Китай", "noun:inanim:m:v_rod:prop:geo"),
    ("угоди", "угода", "noun:inanim:f:v_rod"),
    ("угоду", "угода", "noun:inanim:f:v_zna"),
    ("угодами", "угода", "noun:inanim:p:v_oru"),
    ("комерційний", "комерційний", "adj:m:v_naz"),
    ("комерційні", "комерційний", "adj:p:v_naz"),
    ("інвестувати", "інвестувати", "verb:imperf:inf"),
    ("інвестує", "інвестувати", "verb:imperf:pres:s:3"),
    ("інвестують", "інвестувати", "verb:imperf:pres:p:3"),
    ("інвестиції", "інвестиція", "noun:inanim:p:v_naz"),
    ("інвестицій", "інвестиція", "noun:inanim:p:v_rod"),
    ("Україна", "Україна", "noun:inanim:f:v_naz:prop:geo"),
    ("Україні", "Україна", "noun:inanim:f:v_dav:prop:geo"),
    ("Польща", "Польща", "noun:inanim:f:v_naz:prop:geo"),
    ("Польщі", "Польща", "noun:inanim:f:v_rod:prop:geo"),
    ("зерно", "зерно", "noun:inanim:n:v_naz"),
    ("зерна", "зерно", "noun:inanim:n:v_rod"),
    ("експорт", "експорт", "noun:inanim:m:v_naz"),
    ("експорту", "експорт", "noun:inanim:m:v_rod"),
    ("компанія", "компанія", "noun:inanim:f:v_naz"),
    ("компанії", "компанія", "noun:inanim:f:v_rod"),
    ("підписала", "підписати", "verb:perf:past:f"),
    ("підписати", "підписати", "verb:perf:inf"),
    ("у", "у", "prep"),
    ("та", "та", "conj:coord"),
    // What the entity extractor's tests name: countries, companies, homonyms, people.
    ("китайський", "китайський", "adj:m:v_naz"),
    ("китайських", "китайський", "adj:p:v_rod"),
    ("сполучені", "сполучений", "adj:p:v_naz"),
    ("сполучених", "сполучений", "adj:p:v_rod"),
    ("штати", "штат", "noun:inanim:p:v_naz"),
    ("штатів", "штат", "noun:inanim:p:v_rod"),
    ("велика", "великий", "adj:f:v_naz"),
    ("великій", "великий", "adj:f:v_mis"),
    ("Британія", "Британія", "noun:inanim:f:v_naz:prop:geo"),
    ("Британії", "Британія", "noun:inanim:f:v_mis:prop:geo"),
    ("Нафтогаз", "Нафтогаз", "noun:inanim:m:v_naz:prop"),
    ("Нафтогазу", "Нафтогаз", "noun:inanim:m:v_rod:prop"),
    ("Того", "Того", "noun:inanim:n:v_naz:prop:geo:nv"),
    ("того", "той", "adj:m:v_rod:&pron:dem"),
    ("Чилі", "Чилі", "noun:inanim:f:v_naz:prop:geo:nv"),
    ("чилі", "чилі", "noun:inanim:m:v_naz:nv"),
    ("Грузія", "Грузія", "noun:inanim:f:v_naz:prop:geo"),
    ("Грузії", "Грузія", "noun:inanim:f:v_rod:prop:geo"),
    ("Марія", "Марія", "noun:anim:f:v_naz:prop:fname"),
    ("Москва", "Москва", "noun:inanim:f:v_naz:prop:geo"),
    ("Москви", "Москва", "noun:inanim:f:v_rod:prop:geo"),
    ("Пекін", "Пекін", "noun:inanim:m:v_naz:prop:geo"),
    ("Вашингтоном", "Вашингтон", "noun:inanim:m:v_oru:prop:geo"),
    ("Європою", "Європа", "noun:inanim:f:v_oru:prop:geo"),
    ("Європа", "Європа", "noun:inanim:f:v_naz:prop:geo"),
    ("латинська", "латинський", "adj:f:v_naz"),
    ("латинській", "латинський", "adj:f:v_mis"),
    ("Америка", "Америка", "noun:inanim:f:v_naz:prop:geo"),
    ("Америці", "Америка", "noun:inanim:f:v_mis:prop:geo"),
    ("концерн", "концерн", "noun:inanim:m:v_naz"),
    ("і", "і", "conj:coord"),
    ("ж", "ж", "part"),
    ("дня", "день", "noun:inanim:m:v_rod"),
    ("люблю", "любити", "verb:imperf:pres:s:1"),
    ("Я", "я", "noun:anim:s:v_naz:&pron:pers:1"),
    ("я", "я", "noun:anim:s:v_naz:&pron:pers:1"),
    ("побачив", "побачити", "verb:perf:past:m"),
    ("міністерство", "міністерство", "noun:inanim:n:v_naz"),
    ("Міністерство", "міністерство", "noun:inanim:n:v_naz"),
    ("фінансів", "фінанси", "noun:inanim:p:v_rod"),
    ("служба", "служба", "noun:inanim:f:v_naz"),
    ("Служба", "служба", "noun:inanim:f:v_naz"),
    ("зовнішньої", "зовнішній", "adj:f:v_rod"),
    ("розвідки", "розвідка", "noun:inanim:f:v_rod"),
    ("не", "не", "part:neg"),
];

/// The test lexicon.
pub fn lexicon() -> Lexicon {
    let mut b = LexiconBuilder::new();
    for (form, lemma, tag) in ENTRIES {
        b.add(form, lemma, Tags::parse_lt(tag));
    }
    let mut bytes = Vec::new();
    b.finish_to_writer(&mut bytes, "test entries")
        .expect("build test lexicon");
    Lexicon::from_bytes(bytes).expect("open test lexicon")
}

/// The entries as `form<TAB>lemma<TAB>tag` lines, the input of `litopys lexicon
/// build-tsv`: the end-to-end tests build the same lexicon as a file from this.
pub fn tsv() -> String {
    ENTRIES
        .iter()
        .map(|(form, lemma, tag)| format!("{form}\t{lemma}\t{tag}\n"))
        .collect()
}

/// An analyzer over the test lexicon.
pub fn analyzer() -> Arc<Analyzer> {
    Analyzer::new(Arc::new(lexicon()))
}
