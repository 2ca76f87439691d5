//! Unit tests of entity extraction. They use the workspace's test lexicon
//! (`litopys_analysis::test_lexicon`), so they run without the real dictionary; one test checks the seed article with the real
//! lexicon when it is there.

use std::path::Path;
use std::sync::Arc;

use super::*;
use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::{test_lexicon, Analyzer};

fn analyzer() -> Arc<Analyzer> {
    test_lexicon::analyzer()
}

fn extractor() -> EntityExtractor {
    EntityExtractor::new(analyzer(), None).expect("embedded lists")
}

fn with_user(toml: &str) -> EntityExtractor {
    EntityExtractor::with_user_text(analyzer(), Some((Path::new("user.toml"), toml))).expect("user file")
}

/// (kind, canonical name, code) of the country and company mentions of `text` (these
/// tests are about the lists and rules; the recogniser has tests of its own).
fn found(ex: &EntityExtractor, text: &str) -> Vec<(EntityKind, String, Option<String>)> {
    ex.extract(None, text)
        .into_iter()
        .filter(|m| matches!(m.kind, EntityKind::Country | EntityKind::Company))
        .map(|m| (m.kind, m.name, m.code))
        .collect()
}

fn names(ex: &EntityExtractor, kind: EntityKind, text: &str) -> Vec<String> {
    found(ex, text)
        .into_iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, n, _)| n)
        .collect()
}

fn country(name: &str, code: &str) -> (EntityKind, String, Option<String>) {
    (EntityKind::Country, name.to_string(), Some(code.to_string()))
}

fn company(name: &str) -> (EntityKind, String, Option<String>) {
    (EntityKind::Company, name.to_string(), None)
}

#[test]
fn inflections_abbreviations_and_aliases_reach_one_country() {
    let ex = extractor();
    assert_eq!(found(&ex, "угоду з Китаєм"), [country("Китай", "CN")]);
    assert_eq!(found(&ex, "курс КНР"), [country("Китай", "CN")]);
    assert_eq!(found(&ex, "в Китаї"), [country("Китай", "CN")]);
    assert_eq!(
        found(&ex, "угоду Сполучених Штатів"),
        [country("Сполучені Штати", "US")]
    );
    assert_eq!(found(&ex, "угоду США"), [country("Сполучені Штати", "US")]);
    assert_eq!(
        found(&ex, "в Великій Британії"),
        [country("Велика Британія", "GB")]
    );
    assert_eq!(found(&ex, "the deal with China"), [country("Китай", "CN")]);
    assert_eq!(
        found(&ex, "угоду з РФ і ОАЕ"),
        [
            country("Росія", "RU"),
            country("Об'єднані Арабські Емірати", "AE")
        ]
    );
}

#[test]
fn offsets_and_text_are_those_of_the_field() {
    let ex = extractor();
    let title = "Угоду з Китаєм";
    let body = "США і КНР";
    let m = ex.extract(Some(title), body);
    assert_eq!(m.len(), 3);
    assert_eq!((m[0].field, &m[0].text[..]), (Field::Title, "Китаєм"));
    assert_eq!(&title[m[0].start..m[0].end], "Китаєм");
    assert_eq!((m[1].field, &body[m[1].start..m[1].end]), (Field::Body, "США"));
    assert_eq!(m[2].code.as_deref(), Some("CN"));
}

#[test]
fn homonyms_do_not_fire() {
    let ex = extractor();
    // The whale, the pronoun, the pepper: lower case never matches a name.
    assert!(found(&ex, "побачив кита і кит").is_empty());
    assert!(found(&ex, "з того дня").is_empty());
    assert!(found(&ex, "Я люблю чилі").is_empty());
    // At the start of a sentence the capital says nothing: «Того ж дня», «Чилі …».
    assert!(found(&ex, "Того ж дня побачив").is_empty());
    assert!(found(&ex, "Побачив. Чилі я люблю").is_empty());
    // Inside a sentence the capitalised name is the country.
    assert_eq!(found(&ex, "угоду з Того"), [country("Того", "TG")]);
    assert_eq!(found(&ex, "угоду з Чилі"), [country("Чилі", "CL")]);
    // A surname after a first name is not the country.
    assert!(found(&ex, "побачив Марія Грузія").is_empty());
    assert_eq!(found(&ex, "угоду з Грузії"), [country("Грузія", "GE")]);
    // Adjectives are not mentions.
    assert!(found(&ex, "китайських компаній").is_empty());
}

#[test]
fn cities_and_continents_are_not_countries() {
    let ex = extractor();
    for text in [
        "з Москви",
        "Пекін і Москва",
        "угоду з Вашингтоном",
        "з Європою",
        "в Латинській Америці",
    ] {
        assert!(found(&ex, text).is_empty(), "{text}: {:?}", found(&ex, text));
    }
    // …while «Америка» alone is the United States.
    assert_eq!(found(&ex, "в Америці"), [country("Сполучені Штати", "US")]);
}

#[test]
fn companies_from_the_list_in_any_form() {
    let ex = extractor();
    assert_eq!(found(&ex, "борг Нафтогазу"), [company("Нафтогаз України")]);
    assert_eq!(
        names(
            &ex,
            EntityKind::Company,
            "НАК «Нафтогаз України» і НАК \"Нафтогаз України\""
        ),
        ["Нафтогаз України", "Нафтогаз України"]
    );
    // The country in the company's name is named too.
    assert_eq!(
        names(&ex, EntityKind::Country, "НАК «Нафтогаз України»"),
        ["Україна"]
    );
    assert_eq!(
        names(
            &ex,
            EntityKind::Company,
            "марки Great Wall, Chery і BYD, дані Bloomberg"
        ),
        ["Great Wall", "Chery", "BYD", "Bloomberg"]
    );
    // Latin names match case-insensitively on whole words, abbreviations in capitals.
    assert_eq!(names(&ex, EntityKind::Company, "дані BLOOMBERG"), ["Bloomberg"]);
    assert!(names(&ex, EntityKind::Company, "bydgoszcz і byd").is_empty());
    // A brand followed by a model is a product.
    assert!(names(&ex, EntityKind::Company, "авто Skoda Superb").is_empty());
}

#[test]
fn company_rules_find_names_the_list_lacks() {
    let ex = extractor();
    let c = |t: &str| names(&ex, EntityKind::Company, t);
    assert_eq!(c("компанія \"Zhongtai Group\" інвестує"), ["Zhongtai Group"]);
    assert_eq!(c("концерн «Бурштин» інвестує"), ["Бурштин"]);
    assert_eq!(
        c("переможець ТОВ «Ромашка-Плюс» і ПрАТ \"Зоря\""),
        ["Ромашка-Плюс", "Зоря"]
    );
    // Nested legal forms are peeled, also with one closing quote.
    assert_eq!(
        c("ДП «НАЕК «Енергоатом»» і ДП «НАЕК «Енергоатом»"),
        ["Енергоатом", "Енергоатом"]
    );
    assert_eq!(c("і ТОВ «БК «Олімпія» виграло"), ["Олімпія"]);
    // Latin names with a corporate suffix, with or without quotes.
    assert_eq!(
        c("проєкт Fujian Qiaotou Investment у Казахстані"),
        ["Fujian Qiaotou Investment"]
    );
    assert_eq!(
        c("China Datang Corporation і Krederi ltd"),
        ["China Datang Corporation", "Krederi ltd"]
    );
    assert_eq!(
        c("фірма «Трейдер Інвестмент Девелопмент Лімітед»"),
        ["Трейдер Інвестмент Девелопмент Лімітед"]
    );
    // …and the country inside is not a company but still a country.
    assert_eq!(
        names(&ex, EntityKind::Country, "China Datang Corporation"),
        ["Китай"]
    );
    // A listed company at the start of a longer quoted name: its subsidiary.
    assert_eq!(c("власник «ДТЕК Дніпроенерго» є"), ["ДТЕК Дніпроенерго"]);
}

#[test]
fn government_bodies_and_quotations_are_not_companies() {
    let ex = extractor();
    let c = |t: &str| names(&ex, EntityKind::Company, t);
    assert!(c("Служба зовнішньої розвідки України").is_empty());
    assert!(c("Міністерство фінансів і «Міністерство фінансів»").is_empty());
    assert!(c("компанія \"не бачить підстав\"").is_empty());
    assert!(c("ДП «Інститут фінансів» і КП «Управління справами»").is_empty());
    assert!(c("Світовий банк і World Bank, а також МВФ").is_empty());
    // A corporate legal form makes it a company whatever the name says.
    assert_eq!(c("ТОВ «Управління справами»"), ["Управління справами"]);
}

#[test]
fn user_file_adds_aliases_merges_and_suppresses() {
    let base = extractor();
    let ex = with_user(
        r#"
        [[company]]
        name = "Укрнафта"
        aliases = ["Ukrnafta"]

        [[country]]
        name = "Китай"
        aliases = ["Піднебесна"]

        [[country]]
        name = "Сомаліленд"
        code = "XS"
        aliases = ["Somaliland"]

        [[merge]]
        kind = "company"
        into = "Meta"
        names = ["Facebook", "Instagram", "Ромашка"]

        [[suppress]]
        kind = "company"
        names = ["Bloomberg", "Great Wall"]

        [[suppress]]
        names = ["Велика Британія"]
        "#,
    );
    assert_eq!(names(&ex, EntityKind::Company, "акції Ukrnafta"), ["Укрнафта"]);
    assert_eq!(found(&ex, "в Піднебесна"), [country("Китай", "CN")]);
    assert_eq!(found(&ex, "the Somaliland office"), [country("Сомаліленд", "XS")]);
    assert_eq!(
        names(&ex, EntityKind::Company, "Facebook і Instagram, ТОВ «Ромашка»"),
        ["Meta", "Meta", "Meta"]
    );
    assert!(names(&ex, EntityKind::Company, "дані Bloomberg").is_empty());
    assert_eq!(names(&base, EntityKind::Company, "дані Bloomberg"), ["Bloomberg"]);
    assert!(names(&ex, EntityKind::Company, "марки Great Wall").is_empty());
    // A suppressed country name removes the country, aliases included.
    assert!(found(&ex, "в Великій Британії").is_empty());
    // The user file changes the fingerprint; the same file gives the same one.
    assert_ne!(ex.fingerprint(), base.fingerprint());
    assert_eq!(extractor().fingerprint(), base.fingerprint());
    assert!(base.fingerprint().starts_with(RULES_VERSION));
}

#[test]
fn user_file_errors_say_what_is_wrong() {
    let err = |toml: &str| {
        EntityExtractor::with_user_text(analyzer(), Some((Path::new("u.toml"), toml)))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(err("[[country]]\nname = \"Нова\"\n").contains("needs a code"));
    assert!(err("[[company]]\nnme = \"X\"\n").contains("u.toml"));
    assert!(err("[[merge]]\nkind = \"city\"\ninto = \"X\"\nnames = []\n").contains("kind"));
    let missing = EntityExtractor::new(analyzer(), Some(Path::new("/nonexistent/entities.toml")));
    assert!(matches!(missing, Err(EntityError::Io { .. })));
}

#[test]
fn resolve_user_input_to_canonical() {
    let ex = extractor();
    let cn = Some(Canonical {
        kind: EntityKind::Country,
        name: "Китай".into(),
        code: Some("CN".into()),
    });
    for input in ["КНР", "cn", "CN", "Китаєм", "китаєм", "Китай", "China", "кнр"] {
        assert_eq!(ex.resolve(EntityKind::Country, input), cn, "{input}");
    }
    assert_eq!(
        ex.resolve(EntityKind::Country, "сполучених штатів")
            .map(|c| c.name),
        Some("Сполучені Штати".to_string())
    );
    for input in ["Нафтогазу", "нафтогаз", "НАК «Нафтогаз України»", "Naftogaz"]
    {
        assert_eq!(
            ex.resolve(EntityKind::Company, input).map(|c| c.name),
            Some("Нафтогаз України".to_string()),
            "{input}"
        );
    }
    assert_eq!(ex.resolve(EntityKind::Country, "Москва"), None);
    assert_eq!(ex.resolve(EntityKind::Country, "Нафтогаз"), None);
    assert_eq!(ex.resolve(EntityKind::Company, "Китай"), None);
    assert_eq!(ex.resolve(EntityKind::Country, "Латинська Америка"), None);
    assert!(ex.is_blocked(EntityKind::Country, "Латинська Америка"));
    assert_eq!(normalize_name("ТОВ «Ромашка»"), "Ромашка");
}

#[test]
fn doc_entities_dedupes_in_order_of_first_mention() {
    let ex = extractor();
    let m = ex.extract(Some("США і Китай"), "Китаєм, КНР, Нафтогазу, США, Bloomberg");
    let (countries, companies) = doc_entities(&m);
    let n: Vec<_> = countries.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(n, ["Сполучені Штати", "Китай"]);
    let n: Vec<_> = companies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(n, ["Нафтогаз України", "Bloomberg"]);
}

#[test]
fn embedded_lists_are_consistent() {
    let s = sources::Sources::embedded().unwrap();
    let mut codes = std::collections::HashSet::new();
    let mut seen = std::collections::HashSet::new();
    for e in &s.entities {
        assert!(
            seen.insert((e.kind, names::name_key(&e.name))),
            "duplicate {}",
            e.name
        );
        if e.kind == EntityKind::Country {
            let code = e.code.as_deref().unwrap();
            assert!(
                code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()),
                "{code}"
            );
            assert!(codes.insert(code.to_string()), "duplicate code {code}");
        }
    }
    let sizes = extractor().sizes();
    assert!(sizes.countries >= 200 && sizes.companies >= 300, "{sizes:?}");
}

#[test]
fn extractor_is_shareable() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<EntityExtractor>();
}

/// The seed article with the real lexicon: runs when `LITOPYS_LEXICON` names a lexicon
/// file and `../shared/data/seed` exists; with `LITOPYS_REQUIRE_LEXICON=1` their absence
/// fails the test.
#[test]
fn seed_article_countries_and_companies() {
    let lexicon = std::env::var_os("LITOPYS_LEXICON").map(std::path::PathBuf::from);
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seed");
    let required = std::env::var("LITOPYS_REQUIRE_LEXICON").is_ok_and(|v| v == "1");
    let (Some(lexicon), true) = (lexicon.filter(|p| p.is_file()), seed.is_dir()) else {
        assert!(
            !required,
            "LITOPYS_REQUIRE_LEXICON=1 but the lexicon or the seed data is missing"
        );
        eprintln!("skipped: needs LITOPYS_LEXICON and ../shared/data/seed");
        return;
    };
    let analyzer = Analyzer::new(Arc::new(Lexicon::open(&lexicon).unwrap()));
    let ex = EntityExtractor::new(analyzer, None).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&seed)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed article in {}", seed.display());
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let (countries, companies) = doc_entities(&ex.extract(None, &text));
    let countries: Vec<&str> = countries.iter().map(|c| c.name.as_str()).collect();
    let companies: Vec<&str> = companies.iter().map(|c| c.name.as_str()).collect();
    for c in [
        "Казахстан",
        "Китай",
        "Україна",
        "Росія",
        "Азербайджан",
        "Грузія",
        "Туреччина",
    ] {
        assert!(countries.contains(&c), "{c} missing from {countries:?}");
    }
    for c in ["Москва", "Вашингтон", "Пекін", "Європа"] {
        assert!(!countries.contains(&c), "{c} is not a country: {countries:?}");
    }
    for c in [
        "Dalian Group",
        "Fufeng Group",
        "Great Wall",
        "Chery",
        "Changan",
        "BYD",
        "Fujian Hengwang Investment",
        "China Power",
        "China Energy",
        "China Huadian Corporation",
        "CNPC",
    ] {
        assert!(companies.contains(&c), "{c} missing from {companies:?}");
    }
    assert!(!companies.iter().any(|c| c.contains("розвідк")), "{companies:?}");
}

/// Found by the never-panics property test: quotes around nothing but spaces after an
/// organisation word made the name's range run backwards and panicked the indexer.
#[test]
fn quotes_around_only_spaces_are_no_name() {
    let ex = extractor();
    for text in [
        "компанія « »",
        "компанія «  »  ",
        "ТОВ \" \"",
        "компанія «\u{a0}»",
    ] {
        assert!(found(&ex, text).is_empty(), "{text}");
    }
}
