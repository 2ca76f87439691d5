//! Persons: the recogniser's person names of one article, each in the nominative and
//! merged into one person per individual: «Петром Порошенком» → «Петро Порошенко»; in one
//! article «Зеленського», «В. Зеленський» and «Володимир Зеленський» are one person, named
//! by the fullest form (first name and surname).
//!
//! How a name is read:
//! - its words are the first name, the patronymic, the surname or an initial (В.), by their
//!   dictionary readings (first names, patronymics, surnames are tagged) and their place
//!   («Тимошенко Юлія Володимирівна» is surname first);
//! - the name's gender is the one most of its words agree on, so «Сергія Ківалова» is
//!   Ківалов and «Олени Ківалової» is Ківалова, and a woman's surname never merges with a
//!   man's;
//! - each word becomes its nominative: the dictionary lemma of the reading with that role
//!   and gender, else the inflection patterns of Ukrainian surnames (-енко, -ук/-юк, -ський,
//!   -ов/-ова, -ин/-іна, and foreign names declined like nouns: Байдена → Байден);
//! - words that are not names (titles and jobs: «президент», «генсек») are dropped at the
//!   edges of a name.
//!
//! A person named only by a first name («Марина») is left out: across articles it does
//! not identify anyone.

use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::{lowercase_into, normalize_word};
use litopys_analysis::tokenizer::{words, Script};

use super::names::{shape, Shape};
use super::pattern::readings;

/// The role of one word of a person's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    First,
    Patronymic,
    Surname,
    Initial,
}

impl Role {
    /// The dictionary tag of a reading that fits the role.
    fn tag(self) -> Tags {
        match self {
            Role::First => Tags::FNAME,
            Role::Patronymic => Tags::PATR,
            _ => Tags::LNAME,
        }
    }
}

/// Grammatical gender of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Masculine,
    Feminine,
}

/// One word of a name and what the dictionary says of it.
struct NameWord {
    /// The word (for a hyphenated surname unknown as a whole, its last part).
    surface: String,
    /// The parts before it in a hyphenated surname, with their hyphens («Різ-»).
    prefix: String,
    readings: Vec<(String, Tags)>,
    /// The lower-case form is a common word (водночас, експерт): a capital from the
    /// sentence start, not a name.
    lower_common: bool,
    /// The lower-case form is a common word and never a noun (Американський).
    lower_not_noun: bool,
    latin: bool,
    role: Role,
}

/// A person named in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The canonical name: «Петро Порошенко», or the surname alone when no first name is
    /// known in the article («Зеленський»).
    pub name: String,
    /// The surname in the nominative (the key persons are merged by).
    pub surname: String,
    /// The first name in the nominative, when known.
    pub first: Option<String>,
    /// Feminine (a woman's surname stays apart from a man's).
    pub feminine: bool,
}

/// A person's name as written in one place, read into its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    /// First name, nominative.
    pub first: Option<String>,
    /// Initial of the first name (from «В.»), when no first name is written.
    pub initial: Option<char>,
    /// Surname, nominative.
    pub surname: Option<String>,
    /// Feminine.
    pub feminine: bool,
    /// The dictionary knows the surname as a name (a surname, or a proper noun).
    pub known: bool,
}

impl PersonName {
    /// True when this mention names `p` (see [`article_persons`]).
    pub fn belongs_to(&self, p: &Person) -> bool {
        let key = |s: &str| s.to_lowercase();
        let Some(surname) = &self.surname else {
            return false;
        };
        if key(surname) != key(&p.surname) || self.feminine != p.feminine {
            return false;
        }
        match (&self.first, &p.first) {
            (Some(a), Some(b)) => key(a) == key(b),
            (Some(_), None) => false,
            (None, Some(b)) => self.initial.is_none_or(|i| {
                b.chars()
                    .next()
                    .is_some_and(|c| c.to_lowercase().eq(i.to_lowercase()))
            }),
            (None, None) => true,
        }
    }
}

const NAME_TAGS: Tags = Tags(Tags::FNAME.0 | Tags::LNAME.0 | Tags::PATR.0);

/// Reads one person mention (the text of a recogniser span) into its parts, `None` when
/// nothing in it is a name. `sentence_start`: the span opens a sentence, so the capital of
/// its first word may be the sentence's («Водночас Мей …»).
pub fn read_name(lexicon: &Lexicon, span: &str, sentence_start: bool) -> Option<PersonName> {
    let mut ws: Vec<NameWord> = Vec::new();
    let mut norm = String::new();
    let mut lower = String::new();
    for w in words(span) {
        let surface = &span[w.start..w.end];
        norm.clear();
        normalize_word(surface, &mut norm);
        let initial = norm.chars().count() == 1 && span[w.end..].starts_with('.');
        // A word in capitals is an abbreviation (ЄС, МВС), not part of a person's name.
        if shape(&norm) == Shape::Upper && norm.chars().count() > 1 {
            return None;
        }
        let form = norm.clone();
        // A hyphenated surname (Різ-Мог, Кос-Косач) is one word, declined at its end.
        if w.hyphen_joined {
            if let Some(prev) = ws.last_mut() {
                let whole = format!("{}{}-{form}", prev.prefix, prev.surface);
                let mut rs = Vec::new();
                readings(lexicon, &whole, &mut rs);
                if rs.is_empty() {
                    prev.prefix = format!("{}{}-", prev.prefix, prev.surface);
                    readings(lexicon, &form, &mut rs);
                    prev.surface = form;
                } else {
                    prev.prefix.clear();
                    prev.surface = whole;
                }
                prev.readings = rs;
                prev.role = Role::Surname;
                continue;
            }
        }
        let mut rs = Vec::new();
        readings(lexicon, &form, &mut rs);
        lowercase_into(&norm, &mut lower);
        let mut lrs = Vec::new();
        if rs.is_empty() && lower != form {
            readings(lexicon, &lower, &mut lrs);
        }
        ws.push(NameWord {
            latin: w.script == Script::Latin,
            lower_common: lrs.iter().any(|(_, t)| !t.intersects(NAME_TAGS)),
            lower_not_noun: !lrs.is_empty() && lrs.iter().all(|(_, t)| !t.contains(Tags::NOUN)),
            surface: form,
            prefix: String::new(),
            readings: rs,
            role: if initial { Role::Initial } else { Role::Surname },
        });
    }
    let cyrillic = ws.iter().any(|w| !w.latin);
    // Titles, jobs, sentence adverbs and places: a word the dictionary knows, but never
    // as a person's name (президент, Водночас, Лондон), or a Latin word in a Cyrillic
    // name (Brexit Браверман).
    let not_name = |w: &NameWord| {
        w.role != Role::Initial
            && (!w.surface.chars().next().is_some_and(char::is_uppercase)
                || (cyrillic && w.latin)
                || (!w.readings.is_empty() && !w.readings.iter().any(|(_, t)| t.intersects(NAME_TAGS))))
    };
    if sentence_start
        && ws
            .first()
            .is_some_and(|w| w.readings.is_empty() && w.lower_common)
    {
        ws.remove(0);
    }
    while ws.first().is_some_and(not_name) {
        ws.remove(0);
    }
    while ws
        .last()
        .is_some_and(|w| not_name(w) || (w.readings.is_empty() && w.lower_not_noun))
    {
        ws.pop();
    }
    // One word that is a common word in lower case (Експерт, Союз) is not taken for a
    // name wherever it stands.
    if ws.len() == 1 && ws[0].readings.is_empty() && ws[0].lower_common {
        return None;
    }
    // What is left must be a name throughout (particles such as «де», «фон» aside).
    let particle = |w: &NameWord| !w.surface.chars().next().is_some_and(char::is_uppercase);
    if ws.is_empty() || ws.len() > 4 || ws.iter().any(|w| not_name(w) && !particle(w)) {
        return None;
    }
    ws.retain(|w| !particle(w) || w.role == Role::Initial);
    // One word that is also a place (Лондон, Вашингтон) is taken for the place.
    if ws.len() == 1 && ws[0].readings.iter().any(|(_, t)| t.contains(Tags::GEO)) {
        return None;
    }
    assign_roles(&mut ws);
    let gender = gender_of(&ws);
    let mut name = PersonName {
        first: None,
        initial: None,
        surname: None,
        feminine: gender == Gender::Feminine,
        known: false,
    };
    for w in &ws {
        match w.role {
            Role::Initial => name.initial = name.initial.or(w.surface.chars().next()),
            Role::First if name.first.is_none() => name.first = Some(first_nominative(w, gender)),
            Role::Surname if name.surname.is_none() => {
                name.known = w.readings.iter().any(|(_, t)| t.intersects(NAME_TAGS));
                name.surname = Some(format!("{}{}", w.prefix, surname_nominative(w, gender)))
            }
            _ => {}
        }
    }
    Some(name)
}

/// Decides which word is the first name, the patronymic and the surname.
fn assign_roles(ws: &mut [NameWord]) {
    let has = |w: &NameWord, t: Tags| w.readings.iter().any(|(_, r)| r.contains(t));
    let n = ws.len();
    let names: Vec<usize> = (0..n).filter(|&i| ws[i].role != Role::Initial).collect();
    match names.len() {
        0 => {}
        1 => {
            let i = names[0];
            // One word: a surname, unless it can only be a first name.
            let only_first =
                has(&ws[i], Tags::FNAME) && !has(&ws[i], Tags::LNAME) && !ws[i].readings.is_empty();
            ws[i].role = if only_first { Role::First } else { Role::Surname };
        }
        _ => {
            let (a, b) = (names[0], names[names.len() - 1]);
            let surname_first = has(&ws[b], Tags::PATR)
                || (has(&ws[b], Tags::FNAME) && !has(&ws[a], Tags::FNAME))
                || (names.len() == 3 && has(&ws[names[1]], Tags::FNAME) && !has(&ws[a], Tags::FNAME));
            if surname_first {
                ws[a].role = Role::Surname;
                ws[names[1]].role = Role::First;
                for &i in &names[2..] {
                    ws[i].role = Role::Patronymic;
                }
            } else {
                ws[a].role = Role::First;
                for &i in &names[1..names.len() - 1] {
                    ws[i].role = if has(&ws[i], Tags::PATR) {
                        Role::Patronymic
                    } else {
                        Role::First
                    };
                }
                ws[b].role = Role::Surname;
            }
        }
    }
}

/// The gender most words of the name have a fitting reading for.
fn gender_of(ws: &[NameWord]) -> Gender {
    let (mut m, mut f) = (0, 0);
    for w in ws.iter().filter(|w| w.role != Role::Initial) {
        let want = w.role.tag();
        let fitting: Vec<Tags> = w
            .readings
            .iter()
            .filter(|(_, t)| t.contains(want))
            .map(|(_, t)| *t)
            .collect();
        let (wm, wf) = (
            fitting.iter().any(|t| t.contains(Tags::MASC)),
            fitting.iter().any(|t| t.contains(Tags::FEM)),
        );
        // A word that fits one gender only decides more than one that fits both.
        match (wm, wf) {
            (true, false) => m += 2,
            (false, true) => f += 2,
            (true, true) => {
                m += 1;
                f += 1;
            }
            (false, false) => {
                if w.role == Role::Surname && w.readings.is_empty() && feminine_surface(&w.surface) {
                    f += 1;
                }
            }
        }
    }
    if f != m {
        return if f > m {
            Gender::Feminine
        } else {
            Gender::Masculine
        };
    }
    // A tie: the gender in which the words can stand in one case. «Тимошенко Юлії»: a
    // man's Тимошенко is only nominative and Юлії is not, so she is a woman.
    let (cm, cf) = (one_case(ws, Tags::MASC), one_case(ws, Tags::FEM));
    if cm != cf {
        return if cf { Gender::Feminine } else { Gender::Masculine };
    }
    // A tie («Яна Рябенко»: Ян's genitive or Яна; Рябенко either): the word written in a
    // nominative of one gender decides.
    for w in ws.iter().filter(|w| w.role == Role::First) {
        for (lemma, t) in &w.readings {
            if t.contains(Tags::FNAME) && t.contains(Tags::NOMINATIVE) && *lemma == w.surface {
                if t.contains(Tags::FEM) {
                    return Gender::Feminine;
                }
                if t.contains(Tags::MASC) {
                    return Gender::Masculine;
                }
            }
        }
    }
    Gender::Masculine
}

/// True when the name's words, read in `gender`, can all be nominative or all be in
/// another case (the dictionary marks only the nominative). Words without a reading of
/// their role in that gender do not object.
fn one_case(ws: &[NameWord], gender: Tags) -> bool {
    let (mut all_nom, mut all_other) = (true, true);
    for w in ws.iter().filter(|w| w.role != Role::Initial) {
        let want = w.role.tag();
        let fit: Vec<Tags> = w
            .readings
            .iter()
            .map(|(_, t)| *t)
            .filter(|t| t.contains(want) && t.contains(gender))
            .collect();
        if fit.is_empty() {
            continue;
        }
        all_nom &= fit.iter().any(|t| t.contains(Tags::NOMINATIVE));
        all_other &= fit.iter().any(|t| !t.contains(Tags::NOMINATIVE));
    }
    all_nom || all_other
}

/// Endings of feminine surnames the dictionary lacks (Ківалової, Мельничук-less forms).
fn feminine_surface(s: &str) -> bool {
    [
        "ської",
        "ській",
        "ською",
        "цької",
        "цькій",
        "цькою",
        "ової",
        "овій",
        "овою",
        "іної",
        "іній",
        "іною",
        "ська",
        "цька",
    ]
    .iter()
    .any(|e| s.ends_with(e))
}

/// The lemma of the reading with `want` and `gender`, else any reading with `want`, else
/// the word as written.
fn nominative(w: &NameWord, want: Tags, gender: Gender) -> String {
    let g = match gender {
        Gender::Masculine => Tags::MASC,
        Gender::Feminine => Tags::FEM,
    };
    let pick = |need: Tags| {
        w.readings
            .iter()
            .filter(|(_, t)| t.contains(need))
            // The nominative reading first: «Ківалова» her own name, not his genitive.
            .max_by_key(|(l, t)| (t.contains(Tags::NOMINATIVE), *l == w.surface))
            .map(|(l, _)| l.clone())
    };
    pick(Tags(want.0 | g.0))
        .or_else(|| pick(want))
        .unwrap_or_else(|| w.surface.clone())
}

/// A first name in the nominative: the dictionary's, else by its ending (Терези →
/// Тереза, Джейкоба → Джейкоб).
fn first_nominative(w: &NameWord, gender: Gender) -> String {
    if w.readings.iter().any(|(_, t)| t.contains(Tags::FNAME)) {
        return nominative(w, Tags::FNAME, gender);
    }
    let table = match gender {
        Gender::Masculine => FIRST_MASCULINE_ENDINGS,
        Gender::Feminine => FIRST_FEMININE_ENDINGS,
    };
    by_endings(&w.surface, table)
}

/// (ending, replacement) pairs of first names the dictionary lacks.
const FIRST_MASCULINE_ENDINGS: &[(&str, &str)] = &[("ові", ""), ("ом", ""), ("ем", ""), ("а", ""), ("у", "")];

/// (ending, replacement) pairs of feminine first names the dictionary lacks.
const FIRST_FEMININE_ENDINGS: &[(&str, &str)] = &[
    ("ією", "ія"),
    ("ії", "ія"),
    ("ію", "ія"),
    ("ою", "а"),
    ("и", "а"),
    ("і", "а"),
    ("у", "а"),
];

/// A surname in the nominative: the dictionary's, else by its inflection pattern.
fn surname_nominative(w: &NameWord, gender: Gender) -> String {
    let listed = w.readings.iter().any(|(_, t)| t.contains(Tags::LNAME));
    if listed {
        return nominative(w, Tags::LNAME, gender);
    }
    // A proper noun the dictionary knows (Трамп is a surname there; Байден may be not).
    if let Some((l, _)) = w
        .readings
        .iter()
        .find(|(_, t)| t.contains(Tags::PROPER) && t.contains(Tags::NOUN))
    {
        return l.clone();
    }
    guess(&w.surface, gender)
}

/// (ending, replacement) pairs of masculine surnames, longest first.
const MASCULINE_ENDINGS: &[(&str, &str)] = &[
    ("ського", "ський"),
    ("ському", "ський"),
    ("ським", "ський"),
    ("ськім", "ський"),
    ("цького", "цький"),
    ("цькому", "цький"),
    ("цьким", "цький"),
    ("енкові", "енко"),
    ("енком", "енко"),
    ("енка", "енко"),
    ("енку", "енко"),
    ("укові", "ук"),
    ("уком", "ук"),
    ("юкові", "юк"),
    ("юком", "юк"),
    ("ука", "ук"),
    ("уку", "ук"),
    ("юка", "юк"),
    ("юку", "юк"),
    ("ичем", "ич"),
    ("ичеві", "ич"),
    ("ича", "ич"),
    ("ичу", "ич"),
    ("овим", "ов"),
    ("ові", ""),
    ("ова", "ов"),
    ("ову", "ов"),
    ("іним", "ін"),
    ("іна", "ін"),
    ("іну", "ін"),
    ("ого", "ий"),
    ("ому", "ий"),
    ("ем", ""),
    ("ом", ""),
    ("а", ""),
    ("у", ""),
];

/// (ending, replacement) pairs of feminine surnames.
const FEMININE_ENDINGS: &[(&str, &str)] = &[
    ("ської", "ська"),
    ("ській", "ська"),
    ("ською", "ська"),
    ("ську", "ська"),
    ("цької", "цька"),
    ("цькій", "цька"),
    ("цькою", "цька"),
    ("цьку", "цька"),
    ("ової", "ова"),
    ("овій", "ова"),
    ("овою", "ова"),
    ("ову", "ова"),
    ("іної", "іна"),
    ("іній", "іна"),
    ("іною", "іна"),
    ("іну", "іна"),
];

/// A surname the dictionary lacks, in the nominative by its inflection pattern. Endings
/// are only removed from words long enough to keep a stem of three letters.
pub fn guess_surname(surface: &str, feminine: bool) -> String {
    guess(
        surface,
        if feminine {
            Gender::Feminine
        } else {
            Gender::Masculine
        },
    )
}

fn guess(surface: &str, gender: Gender) -> String {
    let table = match gender {
        Gender::Masculine => MASCULINE_ENDINGS,
        Gender::Feminine => FEMININE_ENDINGS,
    };
    by_endings(surface, table)
}

/// `surface` with the first ending of `table` it has replaced, keeping a stem of three
/// letters or more; Latin-script words as they are.
fn by_endings(surface: &str, table: &[(&str, &str)]) -> String {
    let mut lower = String::new();
    lowercase_into(surface, &mut lower);
    // Latin-script names are not declined in Ukrainian text.
    if !lower
        .chars()
        .any(|c| ('а'..='я').contains(&c) || "іїєґ".contains(c))
    {
        return surface.to_string();
    }
    for (end, with) in table {
        if let Some(stem) = lower.strip_suffix(end) {
            if stem.chars().count() < 3 {
                continue;
            }
            // Masculine -а/-у/-ом/-ові on a stem ending in a vowel is not an ending.
            if with.is_empty() && stem.chars().last().is_some_and(|c| "аеєиіїоуюяь'".contains(c)) {
                continue;
            }
            let mut out = String::with_capacity(surface.len());
            out.push_str(stem);
            out.push_str(with);
            return capitalize_like(surface, &out);
        }
    }
    surface.to_string()
}

/// `lower` with the first letter capital when `surface` starts with one, and capitals
/// after hyphens kept (Кос-Косач).
fn capitalize_like(surface: &str, lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    let mut cap = surface.chars().next().is_some_and(char::is_uppercase);
    for c in lower.chars() {
        if cap {
            out.extend(c.to_uppercase());
            cap = false;
        } else {
            out.push(c);
        }
        if c == '-' {
            cap = true;
        }
    }
    out
}

/// The distinct persons of an article from its person mentions (as read by
/// [`read_name`]), in order of first mention. A surname alone, or with an initial, joins
/// the person of the same surname and gender with a first name (with that initial) when
/// the article names exactly one; a person never given a surname is left out.
pub fn article_persons(names: &[PersonName]) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    let key = |s: &str| s.to_lowercase();
    // Full names first, so that the fuller form names the person.
    for n in names {
        let (Some(first), Some(surname)) = (&n.first, &n.surname) else {
            continue;
        };
        let same = |p: &Person| {
            key(&p.surname) == key(surname)
                && p.feminine == n.feminine
                && p.first.as_deref().is_some_and(|f| key(f) == key(first))
        };
        if !out.iter().any(same) {
            out.push(Person {
                name: format!("{first} {surname}"),
                surname: surname.clone(),
                first: Some(first.clone()),
                feminine: n.feminine,
            });
        }
    }
    let mut short: Vec<Person> = Vec::new();
    for n in names {
        let (None, Some(surname)) = (&n.first, &n.surname) else {
            continue;
        };
        let candidates: Vec<&Person> = out
            .iter()
            .filter(|p| key(&p.surname) == key(surname) && p.feminine == n.feminine)
            .filter(|p| {
                n.initial.is_none_or(|i| {
                    p.first
                        .as_deref()
                        .and_then(|f| f.chars().next())
                        .is_some_and(|c| c.to_lowercase().eq(i.to_lowercase()))
                })
            })
            .collect();
        if candidates.len() == 1 {
            continue;
        }
        // Without a unique full name, the surname names the person, when the dictionary
        // knows it as a name or an initial came with it: a lone word the dictionary
        // lacks is as often a place or a thing (Карс, Чекерс) as a person.
        if !n.known && n.initial.is_none() {
            continue;
        }
        let name = surname.clone();
        if !short
            .iter()
            .any(|p| key(&p.surname) == key(surname) && p.feminine == n.feminine)
        {
            short.push(Person {
                name,
                surname: surname.clone(),
                first: None,
                feminine: n.feminine,
            });
        }
    }
    // A surname with several full names in the article stays ambiguous: not reported
    // as a person of its own when any of them is there.
    short.retain(|s| {
        !out.iter()
            .any(|p| key(&p.surname) == key(&s.surname) && p.feminine == s.feminine)
    });
    out.extend(short);
    out
}
