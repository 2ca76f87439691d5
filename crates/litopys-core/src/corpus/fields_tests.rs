//! Unit tests of field-name recognition.

use super::*;

fn resolve(map: &FieldMap, names: &[&str]) -> Vec<(FieldKey, String)> {
    map.resolve(names.iter().copied())
        .iter()
        .map(|(k, n)| (k, n.to_string()))
        .collect()
}

#[test]
fn every_default_name_feeds_its_key_in_any_case() {
    let map = FieldMap::new();
    for key in FieldKey::ALL {
        for (p, name) in key.default_names().iter().enumerate() {
            assert_eq!(map.classify(name), Some((key, p + 1)), "{name}");
            assert_eq!(map.classify(&name.to_uppercase()), Some((key, p + 1)), "{name}");
        }
    }
    assert_eq!(map.classify("Date_Publish"), Some((FieldKey::Date, 5)));
    assert_eq!(map.classify("raw_html"), None);
    assert_eq!(map.classify(""), None);
}

#[test]
fn default_lists_share_no_name() {
    let mut all: Vec<&str> = FieldKey::ALL
        .iter()
        .flat_map(|k| k.default_names().to_vec())
        .collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n);
}

#[test]
fn first_in_each_list_wins_whatever_the_order_of_the_record() {
    let map = FieldMap::new();
    let got = resolve(
        &map,
        &[
            "maintext",
            "Headline",
            "Content",
            "date_publish",
            "title",
            "source_domain",
            "lang",
            "extra",
        ],
    );
    assert_eq!(
        got,
        [
            (FieldKey::Text, "Content".to_string()),
            (FieldKey::Title, "title".to_string()),
            (FieldKey::Date, "date_publish".to_string()),
            (FieldKey::Source, "source_domain".to_string()),
            (FieldKey::Language, "lang".to_string()),
        ]
    );
    // Equal ranks (the same name in two cases): the first one seen.
    assert_eq!(map.resolve(["TEXT", "text"]).get(FieldKey::Text), Some("TEXT"));
    assert_eq!(map.resolve(["url"]).get(FieldKey::Id), None);
}

#[test]
fn news_please_record() {
    let r = FieldMap::new().resolve([
        "authors",
        "date_download",
        "date_modify",
        "date_publish",
        "description",
        "filename",
        "image_url",
        "language",
        "localpath",
        "maintext",
        "source_domain",
        "title",
        "title_page",
        "title_rss",
        "url",
    ]);
    assert_eq!(
        r.to_string(),
        "text ← maintext, title ← title, date ← date_publish, source ← source_domain, url ← url, \
         language ← language"
    );
    assert_eq!(Resolved::default().to_string(), "no known field");
}

#[test]
fn overrides_come_first_and_claim_their_name() {
    let map = FieldMap::from_overrides(["text=tekst", " Date = data ", "title=content"]).unwrap();
    assert_eq!(map.override_for(FieldKey::Text), Some("tekst"));
    assert_eq!(map.override_for(FieldKey::Url), None);
    let r = map.resolve(["text", "Tekst", "date", "data", "content", "body"]);
    assert_eq!(r.get(FieldKey::Text), Some("Tekst"));
    assert_eq!(r.get(FieldKey::Date), Some("data"));
    assert_eq!(
        r.get(FieldKey::Title),
        Some("content"),
        "claimed by the title override"
    );
    // Without the overriding field, the defaults still apply; a claimed name never feeds
    // its default key.
    let r = map.resolve(["text", "content"]);
    assert_eq!(
        (r.get(FieldKey::Text), r.get(FieldKey::Title)),
        (Some("text"), Some("content"))
    );
    let r = map.resolve(["content", "body"]);
    assert_eq!(r.get(FieldKey::Text), Some("body"));
    // Cyrillic names, in any case.
    let map = FieldMap::from_overrides(["text=Текст", "title=Заголовок"]).unwrap();
    let r = map.resolve(["ТЕКСТ", "заголовок"]);
    assert_eq!(
        (r.get(FieldKey::Text), r.get(FieldKey::Title)),
        (Some("ТЕКСТ"), Some("заголовок"))
    );
    // A later override of the same key replaces the earlier one.
    let map = FieldMap::from_overrides(["text=a", "text=b"]).unwrap();
    assert_eq!(map.override_for(FieldKey::Text), Some("b"));
}

#[test]
fn bad_overrides_say_what_is_wrong() {
    let err = |s: &str| FieldMap::parse_override(s).unwrap_err().to_string();
    assert_eq!(
        err("body=tekst"),
        "unknown field key `body` (expected one of text, title, date, source, url, id, language)"
    );
    assert_eq!(err("text="), "no field name after `text=`");
    assert_eq!(err("date=  "), "no field name after `date=`");
    assert_eq!(err("tekst"), "`tekst` is not KEY=NAME (e.g. text=body)");
    assert_eq!(
        err("=x"),
        "unknown field key `` (expected one of text, title, date, source, url, id, language)"
    );
    assert_eq!(
        FieldMap::parse_override("LANG=x").unwrap_err(),
        FieldMapError::UnknownKey("LANG".into())
    );
    assert_eq!(
        FieldMap::parse_override("Language=mova").unwrap(),
        (FieldKey::Language, "mova".into())
    );
    // A name may itself contain `=`.
    assert_eq!(
        FieldMap::parse_override("url=a=b").unwrap(),
        (FieldKey::Url, "a=b".into())
    );
    assert!(FieldMap::from_overrides(["text=a", "nope=b"]).is_err());
}

#[test]
fn keys_by_name() {
    for key in FieldKey::ALL {
        assert_eq!(key.as_str().parse::<FieldKey>().unwrap(), key);
        assert_eq!(key.to_string().to_uppercase().parse::<FieldKey>().unwrap(), key);
    }
}
