//! The language an archive gives for an article, in one spelling.
//!
//! Dumps spell it many ways (`uk`, `UK`, `uk_UA`, `uk-UA`, `ukr`, `Ukrainian`,
//! `українська`); a researcher filtering a mixed archive by `--language uk` means all of
//! them. So every reader passes what it found through [`normalize_language`], and the
//! filter compares the normalised tags.

/// Three-letter codes (ISO 639-2/3) and names of the languages most often found in
/// Ukrainian news archives, with their two-letter codes.
const ALIASES: &[(&str, &str)] = &[
    ("ukr", "uk"),
    ("ukrainian", "uk"),
    ("українська", "uk"),
    ("rus", "ru"),
    ("russian", "ru"),
    ("російська", "ru"),
    ("eng", "en"),
    ("english", "en"),
    ("англійська", "en"),
    ("pol", "pl"),
    ("polish", "pl"),
    ("польська", "pl"),
    ("deu", "de"),
    ("ger", "de"),
    ("german", "de"),
    ("німецька", "de"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("french", "fr"),
    ("французька", "fr"),
    ("bel", "be"),
    ("belarusian", "be"),
    ("білоруська", "be"),
    ("crh", "crh"),
];

/// The language tag `raw` names, as a lowercase BCP 47 tag (`uk`, `uk-ua`, `en-gb`);
/// `None` for a blank value.
///
/// Underscores become hyphens (`uk_UA`, as POSIX locales write it), a known three-letter
/// code or language name becomes its two-letter code (`ukr`, `Ukrainian` → `uk`), and
/// anything else is kept lowercased as written, so no information is lost.
pub fn normalize_language(raw: &str) -> Option<String> {
    let tag = raw.trim().to_lowercase().replace('_', "-");
    if tag.is_empty() {
        return None;
    }
    let (primary, rest) = match tag.split_once('-') {
        Some((p, r)) => (p, Some(r)),
        None => (tag.as_str(), None),
    };
    let primary = ALIASES
        .iter()
        .find(|(alias, _)| *alias == primary)
        .map_or(primary, |(_, code)| code);
    Some(match rest {
        Some(rest) => format!("{primary}-{rest}"),
        None => primary.to_string(),
    })
}

/// Whether the normalised tag `tag` is the language `wanted` (normalised too): the same
/// tag, or `wanted` with a region or script (`uk` matches `uk-ua`).
pub fn language_matches(tag: &str, wanted: &str) -> bool {
    tag == wanted || tag.strip_prefix(wanted).is_some_and(|rest| rest.starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_language_become_one_tag() {
        for raw in ["uk", "UK", " uk ", "ukr", "Ukrainian", "українська", "Українська"] {
            assert_eq!(normalize_language(raw).as_deref(), Some("uk"), "{raw}");
        }
        assert_eq!(normalize_language("uk_UA").as_deref(), Some("uk-ua"));
        assert_eq!(normalize_language("ukr-UA").as_deref(), Some("uk-ua"));
        assert_eq!(normalize_language("en-GB").as_deref(), Some("en-gb"));
        assert_eq!(normalize_language("  ").as_deref(), None);
        assert_eq!(normalize_language("x-klingon").as_deref(), Some("x-klingon"));
    }

    #[test]
    fn a_language_matches_its_regional_tags_only() {
        assert!(language_matches("uk", "uk"));
        assert!(language_matches("uk-ua", "uk"));
        assert!(!language_matches("uk", "uk-ua"));
        assert!(!language_matches("ukx", "uk"));
        assert!(!language_matches("ru", "uk"));
    }
}
