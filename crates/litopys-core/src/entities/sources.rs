//! The entity lists before compilation: the embedded country and company lists parsed
//! into [`Sources`] (entities with their aliases, blocker phrases), to which the user file
//! ([`super::user_file`]) adds its entries, renames and suppressions.
//!
//! Parsing is kept apart from compilation ([`super::gazetteer`]) so that the list format
//! can be read and checked without an analyzer.

use super::model::{EntityError, EntityKind};
use super::names::name_key;

/// The embedded country list (see the file for its format).
pub const COUNTRIES: &str = include_str!("data/countries.txt");
/// The embedded company list (see the file for its format).
pub const COMPANIES: &str = include_str!("data/companies.txt");

/// One alias of an entity, with its marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The name as written (nominative for Ukrainian words).
    pub text: String,
    /// `=`: the text must have the alias's capitalisation (Latin common words: Apple).
    pub exact_case: bool,
    /// `?`: counts only in quotes or after an organisation word or legal form.
    pub needs_context: bool,
}

impl Alias {
    /// Parses an alias with its optional leading marks `=` and `?`.
    pub fn parse(raw: &str) -> Alias {
        let mut text = raw.trim();
        let (mut exact_case, mut needs_context) = (false, false);
        loop {
            if let Some(rest) = text.strip_prefix('=') {
                exact_case = true;
                text = rest.trim_start();
            } else if let Some(rest) = text.strip_prefix('?') {
                needs_context = true;
                text = rest.trim_start();
            } else {
                break;
            }
        }
        Alias {
            text: text.to_string(),
            exact_case,
            needs_context,
        }
    }
}

/// One entity before compilation.
#[derive(Clone, Debug)]
pub struct EntitySource {
    /// Country or company.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// ISO code (countries).
    pub code: Option<String>,
    /// Aliases; the canonical name is added unless an alias already spells it.
    pub aliases: Vec<Alias>,
}

/// Everything the gazetteer is built from: entities, blockers and the renames and
/// suppressions that apply to names found by the rules.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The entities.
    pub entities: Vec<EntitySource>,
    /// Phrases that are not mentions (for one kind, or for both).
    pub blockers: Vec<(Option<EntityKind>, String)>,
    /// Rule-found company names renamed by the user (`[[merge]]`): from → to.
    pub renames: Vec<(EntityKind, String, String)>,
    /// Rule-found names suppressed by the user.
    pub suppressed: Vec<(Option<EntityKind>, String)>,
}

fn split_aliases(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|a| !a.is_empty())
}

impl Sources {
    /// The embedded lists.
    pub fn embedded() -> Result<Sources, EntityError> {
        let mut s = Sources::default();
        s.parse_list(COUNTRIES, EntityKind::Country)?;
        s.parse_list(COMPANIES, EntityKind::Company)?;
        Ok(s)
    }

    fn parse_list(&mut self, text: &str, kind: EntityKind) -> Result<(), EntityError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let bad = || EntityError::Embedded(format!("{kind} list line {}: {line}", n + 1));
            if fields[0] == "!" {
                let phrases = fields.get(1).ok_or_else(bad)?;
                self.blockers
                    .extend(split_aliases(phrases).map(|p| (Some(kind), p.to_string())));
                continue;
            }
            let (code, name, aliases) = match (kind, fields.as_slice()) {
                (EntityKind::Country, [code, name, aliases]) => (Some(code.to_string()), *name, *aliases),
                (EntityKind::Country, [code, name]) => (Some(code.to_string()), *name, ""),
                (EntityKind::Company, [name, aliases]) => (None, *name, *aliases),
                (EntityKind::Company, [name]) => (None, *name, ""),
                _ => return Err(bad()),
            };
            if name.is_empty() || code.as_ref().is_some_and(|c| c.len() != 2) {
                return Err(bad());
            }
            self.entities.push(EntitySource {
                kind,
                name: name.to_string(),
                code,
                aliases: split_aliases(aliases).map(Alias::parse).collect(),
            });
        }
        Ok(())
    }

    /// The entity of `kind` whose canonical name is `name` (case-insensitive).
    pub fn find(&self, kind: EntityKind, name: &str) -> Option<usize> {
        let want = name_key(name);
        self.entities
            .iter()
            .position(|e| e.kind == kind && name_key(&e.name) == want)
    }
}
