//! The extractor: the gazetteer built from the embedded lists and the user file, its
//! fingerprint, and for each field of an article the mentions that list matching and the
//! rules find, merged (rule names win over list matches inside them, a longer quoted name
//! that starts with a listed company is a company of its own, a country inside a
//! company's name is reported too); then the recogniser's names: persons (one canonical
//! name per person of the article, see `persons`) and organisations the lists and rules
//! did not find, each a company or another organisation (see `organisations`).
//!
//! The top of `entities`: it alone combines the matcher, the rules and the recogniser.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::doc::{sentence_start, Doc, Hit, HitKind};
use super::gazetteer::Gazetteer;
use super::memo::{self, Memo};
use super::model::{Canonical, EntityError, EntityKind, Field, ListSizes, Mention};
use super::names::is_upper;
use super::ner::{NerType, Recogniser};
use super::organisations::{self, classify, normalise, OrgKind};
use super::pattern::Target;
use super::persons::{article_persons, read_name, PersonName};
use super::sources::{Sources, COMPANIES, COUNTRIES};
use super::{quoted, rules, user_file, vocab};
use litopys_analysis::tokenizer::{words, WordSpan};
use litopys_analysis::Analyzer;

/// Recognised names worked out per thread (see [`memo`]): the organisation each span is
/// filed under, and each person span read into its parts, apart for spans that open a
/// sentence (their first capital says less).
const NAME_LIMIT: usize = 50_000;

thread_local! {
    static ORGANISATIONS: RefCell<Memo<Option<Rc<str>>>> = RefCell::new(Memo::new(NAME_LIMIT));
    static PERSONS: RefCell<Memo<Option<PersonName>>> = RefCell::new(Memo::new(NAME_LIMIT));
    static PERSONS_OPENING: RefCell<Memo<Option<PersonName>>> = RefCell::new(Memo::new(NAME_LIMIT));
}

/// Version of the extraction rules: part of [`EntityExtractor::fingerprint`]. Bump it
/// whenever a change to the code changes which entities a text yields.
pub const RULES_VERSION: &str = "entities-2";

/// Finds country and company mentions in article text. Built once (lists analysed with
/// the index's analyzer); `extract` is cheap and thread-safe.
pub struct EntityExtractor {
    gazetteer: Gazetteer,
    recogniser: Recogniser,
    fingerprint: String,
}

impl EntityExtractor {
    /// Builds the extractor from the embedded lists, plus the user entity file if given.
    pub fn new(analyzer: Arc<Analyzer>, user_file: Option<&Path>) -> Result<Self, EntityError> {
        let user = match user_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| EntityError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                Some((path.to_path_buf(), text))
            }
            None => None,
        };
        Self::with_user_text(analyzer, user.as_ref().map(|(p, t)| (p.as_path(), t.as_str())))
    }

    /// As [`new`](Self::new), with the user file's content given directly (`path` is only
    /// used in error messages).
    pub fn with_user_text(analyzer: Arc<Analyzer>, user: Option<(&Path, &str)>) -> Result<Self, EntityError> {
        let mut sources = Sources::embedded()?;
        if let Some((path, text)) = user {
            let file = user_file::parse(text).map_err(|message| EntityError::Format {
                path: path.to_path_buf(),
                message,
            })?;
            file.apply(&mut sources).map_err(|message| EntityError::Format {
                path: path.to_path_buf(),
                message,
            })?;
        }
        let recogniser = Recogniser::embedded()
            .map_err(|e| EntityError::Embedded(format!("the recogniser model: {e}")))?;
        let mut h = Sha256::new();
        for part in [
            RULES_VERSION,
            recogniser.fingerprint(),
            analyzer.fingerprint().as_str(),
            COUNTRIES,
            COMPANIES,
            user.map(|(_, t)| t).unwrap_or(""),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        let digest = h.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let fingerprint = format!("{RULES_VERSION}/{hex}");
        let gazetteer = Gazetteer::build(analyzer, sources);
        Ok(EntityExtractor {
            gazetteer,
            recogniser,
            fingerprint,
        })
    }

    /// Identifies the lists, the rules, the user file and the analyzer: an index stores
    /// it, and a different value means the entity fields must be rebuilt.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// The mentions the lists and rules find (countries and companies), title first:
    /// what the recogniser's features see, in training as in extraction.
    pub fn extract_listed(&self, title: Option<&str>, body: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        for (field, text, spans) in cut_fields(title, body) {
            extract_field(&self.gazetteer, text, &spans, field, &mut out);
        }
        out
    }

    /// The mentions in an article's title and body, title first, each in text order.
    pub fn extract(&self, title: Option<&str>, body: &str) -> Vec<Mention> {
        let fields = cut_fields(title, body);
        let mut out = Vec::new();
        for (field, text, spans) in &fields {
            extract_field(&self.gazetteer, text, spans, *field, &mut out);
        }
        let mut persons: Vec<(PersonName, Field, usize, usize)> = Vec::new();
        let mut named = Vec::new();
        for (field, text, spans) in &fields {
            self.recognised(*field, text, spans, &out, &mut persons, &mut named);
        }
        let people = article_persons(&persons.iter().map(|p| p.0.clone()).collect::<Vec<_>>());
        for (name, field, start, end) in persons {
            let text = if field == Field::Title {
                title.unwrap_or("")
            } else {
                body
            };
            if let Some(p) = people.iter().find(|p| name.belongs_to(p)) {
                named.push(Mention {
                    kind: EntityKind::Person,
                    name: p.name.clone(),
                    code: None,
                    field,
                    start,
                    end,
                    text: text[start..end].to_string(),
                });
            }
        }
        out.extend(named);
        out.sort_by_key(|m| (m.field != Field::Title, m.start, m.end));
        out
    }

    /// The recogniser's names in one field: persons (read, for naming after the whole
    /// article is seen) and organisations the lists and rules did not find.
    fn recognised(
        &self,
        field: Field,
        text: &str,
        spans: &[WordSpan],
        listed: &[Mention],
        persons: &mut Vec<(PersonName, Field, usize, usize)>,
        out: &mut Vec<Mention>,
    ) {
        let lexicon = self.gazetteer.analyzer.lexicon();
        let owner = self.gazetteer.memo_owner;
        let here: Vec<&Mention> = listed.iter().filter(|m| m.field == field).collect();
        let ranges: Vec<(usize, usize, EntityKind)> = here.iter().map(|m| (m.start, m.end, m.kind)).collect();
        for span in self.recogniser.recognise_spans(lexicon, text, spans, &ranges) {
            let (s, e) = (span.start, span.end);
            let overlaps = |k: EntityKind| here.iter().any(|m| m.kind == k && m.start < e && s < m.end);
            match span.typ {
                NerType::Person => {
                    // A person's name holds no listed country or company («Connecting
                    // Europe Facility»).
                    // Ukrainian news writes persons in Cyrillic; a Latin-script «person» is
                    // most often a programme, a product or a quotation.
                    let latin = !text[s..e]
                        .chars()
                        .any(|c| matches!(c, 'А'..='я' | 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ'));
                    if latin || here.iter().any(|m| m.start < e && s < m.end) || cut_out(text, s, e) {
                        continue;
                    }
                    let opens = sentence_start(text, s);
                    let memo = if opens { &PERSONS_OPENING } else { &PERSONS };
                    if let Some(name) = memo::cached(memo, owner, &text[s..e], || {
                        read_name(lexicon, &text[s..e], opens)
                    }) {
                        persons.push((name, field, s, e));
                    }
                }
                NerType::Organisation => {
                    // Found by the lists or the rules already, or a country the
                    // recogniser took for an organisation («Україна» as a party to a deal).
                    if overlaps(EntityKind::Company)
                        || here
                            .iter()
                            .any(|m| m.kind == EntityKind::Country && m.start <= s && e <= m.end)
                    {
                        continue;
                    }
                    let written = &text[s..e];
                    if cut_out(text, s, e) {
                        continue;
                    }
                    let Some(name) =
                        memo::cached(&ORGANISATIONS, owner, written, || self.organisation_name(written))
                    else {
                        continue;
                    };
                    let kind = match classify(written, &text[..s]) {
                        OrgKind::Company => EntityKind::Company,
                        OrgKind::Organisation => EntityKind::Organisation,
                    };
                    out.push(Mention {
                        kind,
                        name: name.to_string(),
                        code: None,
                        field,
                        start: s,
                        end: e,
                        text: written.to_string(),
                    });
                }
                NerType::Location => {}
            }
        }
    }

    /// The name an organisation span the recogniser found is filed under, `None` when
    /// the span names no organisation: a legal form or an organisation word alone (ТОВ,
    /// «компанія»), more than eight words, quotes or brackets left open, a blocked phrase
    /// or a place. Depends only on the span as written (see [`memo`]).
    fn organisation_name(&self, written: &str) -> Option<Rc<str>> {
        let lexicon = self.gazetteer.analyzer.lexicon();
        let bare = written
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| vocab::is_legal_form(w) || vocab::is_org_word(w));
        if bare
            || written.split_whitespace().count() > 8
            || !balanced(written)
            || self.is_blocked(EntityKind::Country, written)
            || organisations::is_place(lexicon, written)
        {
            return None;
        }
        let name = normalise(lexicon, written);
        (name.chars().filter(|c| c.is_alphanumeric()).count() >= 2).then(|| name.into())
    }

    /// What a user typed for a filter (`--country КНР`, `cn`, `Китаєм`; `--company
    /// Нафтогазу`) as the canonical entity, or `None` when no list entry matches. Names
    /// found only by the rules (ТОВ «…») are not in the lists: the caller should then
    /// compare the input with the stored names (see [`normalize_name`](super::normalize_name)).
    pub fn resolve(&self, kind: EntityKind, user_input: &str) -> Option<Canonical> {
        self.gazetteer.resolve(kind, user_input)
    }

    /// True when `phrase` as a whole is a blocked phrase for `kind` («Північна Ірландія»,
    /// «Латинська Америка»): named like an entity, but not one.
    pub fn is_blocked(&self, kind: EntityKind, phrase: &str) -> bool {
        matches!(
            self.gazetteer.full_match(phrase, Some(kind), false),
            Some(Target::Block(_))
        )
    }

    /// The analyzer the lists were compiled with: the recogniser looks words up in the
    /// same lexicon.
    pub fn analyzer(&self) -> &Arc<Analyzer> {
        &self.gazetteer.analyzer
    }

    /// Numbers for reports: (countries, companies, aliases incl. canonical names,
    /// blocker phrases).
    pub fn sizes(&self) -> ListSizes {
        self.gazetteer.sizes()
    }
}

/// An article's fields, title first, each cut once into the analyzer's words for the
/// lists, the rules and the recogniser.
fn cut_fields<'t>(title: Option<&'t str>, body: &'t str) -> Vec<(Field, &'t str, Vec<WordSpan>)> {
    title
        .map(|t| (Field::Title, t))
        .into_iter()
        .chain([(Field::Body, body)])
        .map(|(field, text)| (field, text, words(text).collect()))
        .collect()
}

/// Finds the mentions of one field (cut into `spans`) and appends them to `out`.
fn extract_field(g: &Gazetteer, text: &str, spans: &[WordSpan], field: Field, out: &mut Vec<Mention>) {
    let mut doc = Doc::from_spans(text, spans, false);
    let mut rule_hits = Vec::new();
    rules::find(g, &mut doc, &mut rule_hits);
    let mut hits = Vec::new();
    g.scan(&mut doc, &mut hits);
    // A listed company at the start of a longer quoted name names a company of its
    // own: «ДТЕК Дніпроенерго», «МТС-Україна».
    for h in &mut hits {
        let HitKind::Entity(id) = h.what else { continue };
        if g.entity(id).kind != EntityKind::Company {
            continue;
        }
        let before = text[..h.start].trim_end_matches([' ', '\u{a0}']);
        let Some(q) = before
            .chars()
            .next_back()
            .filter(|c| matches!(c, '«' | '"' | '“' | '„'))
        else {
            continue;
        };
        let open = before.len() - q.len_utf8();
        let Some((qs, qe)) = quoted::quoted(text, open) else {
            continue;
        };
        if qe <= h.end {
            continue;
        }
        let rest = text[h.end..qe].trim();
        if rest.is_empty()
            || !rest
                .chars()
                .next()
                .is_some_and(|c| is_upper(c) || c == '-' || c.is_ascii_digit())
        {
            continue;
        }
        let name = quoted::clean_name(&text[qs..qe]);
        if !quoted::looks_like_name(&name) || name.split_whitespace().count() > 5 {
            continue;
        }
        if let Some(what) = rules::classify(g, &name) {
            let s = qs + (text[qs..qe].len() - text[qs..qe].trim_start().len());
            let e = qe - (text[qs..qe].len() - text[qs..qe].trim_end().len());
            *h = Hit {
                start: s,
                end: e,
                zone_start: s,
                what,
            };
        }
    }
    // Rule names win over list matches inside them (the country in «China Datang
    // Corporation», the list company inside «ТОВ "…"», already resolved by the rule).
    hits.retain(|h| !rule_hits.iter().any(|r| h.start < r.end && r.zone_start < h.end));
    hits.extend(rule_hits);
    // A country named inside a company's name is named all the same («Нафтогаз
    // України», «China Datang Corporation»).
    let mut nested = Vec::new();
    for h in &hits {
        let company = match &h.what {
            HitKind::Entity(id) => g.entity(*id).kind == EntityKind::Company,
            HitKind::RuleCompany(_) => true,
        };
        if company {
            g.scan_countries_within(&mut doc, h.start, h.end, &mut nested);
        }
    }
    hits.extend(nested);
    hits.sort_by_key(|h| (h.start, h.end));
    hits.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.what == b.what);
    for h in hits {
        let (kind, name, code) = match h.what {
            HitKind::Entity(id) => {
                let e = g.entity(id);
                (e.kind, e.name.clone(), e.code.clone())
            }
            HitKind::RuleCompany(name) => (EntityKind::Company, name, None),
        };
        out.push(Mention {
            kind,
            name,
            code,
            field,
            start: h.start,
            end: h.end,
            text: text[h.start..h.end].to_string(),
        });
    }
}

/// True when the quotes and brackets of a name are closed inside it: a name cut across
/// a quotation («Після «Брекзиту») or a bracket is a misreading.
fn balanced(s: &str) -> bool {
    let (mut quotes, mut brackets) = (0i32, 0i32);
    for c in s.chars() {
        match c {
            '«' | '“' | '„' => quotes += 1,
            '»' | '”' => quotes -= 1,
            '(' | '[' => brackets += 1,
            ')' | ']' => brackets -= 1,
            _ => {}
        }
        if quotes < 0 || brackets < 0 {
            return false;
        }
    }
    quotes == 0 && brackets == 0 && s.matches('"').count().is_multiple_of(2)
}

/// True when a name the recogniser found is a piece of something else:
/// - part of a hyphenated word («Економіко-правові», «Маппет-шоу»);
/// - the start of a quoted phrase that goes on past it («“Виключення акцій призупинено…”»);
/// - in Latin letters next to other Latin words or after `@` (an English sentence, a
///   handle: «UK Prime Minister (@10DowningStreet)»), inside brackets (a gloss of the
///   Ukrainian name before it: «(Alessandro Monteduro)», «(BDI)»), or with an initial
///   («Donald J. Trump», a person).
fn cut_out(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].trim_end_matches([' ', '\u{a0}']);
    let after = text[e..].trim_start_matches([' ', '\u{a0}']);
    let next_letter = |t: &str| t.chars().next().is_some_and(char::is_alphanumeric);
    if text[e..].starts_with('-') && next_letter(&text[e + 1..]) {
        return true;
    }
    if before.ends_with(['«', '“', '„', '"']) && !after.starts_with(['»', '”', '"', '“']) {
        return true;
    }
    let name = &text[s..e];
    let latin = name.chars().any(|c| c.is_ascii_alphabetic())
        && !name
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)) || "іїєґІЇЄҐ".contains(c));
    if !latin {
        return false;
    }
    let word_before = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let word_after = after.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    let latin_word = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        !w.is_empty()
            && w.chars().all(|c| c.is_ascii_alphanumeric())
            && w.chars().any(|c| c.is_ascii_alphabetic())
    };
    let initial = name.split_whitespace().any(|w| w.len() == 2 && w.ends_with('.'));
    // A name does not begin or end with a lower-case word («the Somaliland office»).
    let lower_edge = [
        name.split_whitespace().next(),
        name.split_whitespace().next_back(),
    ]
    .into_iter()
    .flatten()
    .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    lower_edge
        || before.ends_with('@')
        || before.ends_with('(') && after.starts_with(')')
        || latin_word(word_before)
        || latin_word(word_after)
        || initial
}
