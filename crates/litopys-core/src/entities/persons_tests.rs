//! Unit tests of person naming: surname patterns (no dictionary needed), merging the
//! mentions of one article, and reading names with the real lexicon when it is installed.

use super::persons::{article_persons, guess_surname, read_name, PersonName};
use litopys_analysis::lexicon::{default_path, Lexicon};

#[test]
fn surnames_the_dictionary_lacks_get_their_nominative_from_the_pattern() {
    for (form, feminine, want) in [
        ("Мельниченка", false, "Мельниченко"),
        ("Мельниченкові", false, "Мельниченко"),
        ("Гнатюка", false, "Гнатюк"),
        ("Зубицького", false, "Зубицький"),
        ("Байдена", false, "Байден"),
        ("Трампом", false, "Трамп"),
        ("Петровим", false, "Петров"),
        ("Ківалової", true, "Ківалова"),
        ("Зубицькою", true, "Зубицька"),
        ("Бобровській", true, "Бобровська"),
        // Not declined: a vowel stem, a feminine consonant surname, Latin letters.
        ("Шоу", false, "Шоу"),
        ("Коваль", true, "Коваль"),
        ("Macron", false, "Macron"),
    ] {
        assert_eq!(guess_surname(form, feminine), want, "{form}");
    }
}

fn name(first: Option<&str>, initial: Option<char>, surname: &str, feminine: bool) -> PersonName {
    PersonName {
        first: first.map(str::to_string),
        initial,
        surname: Some(surname.to_string()),
        feminine,
        known: true,
    }
}

#[test]
fn one_article_names_each_person_once_by_the_fullest_form() {
    let names = [
        name(None, None, "Зеленський", false),
        name(None, Some('В'), "Зеленський", false),
        name(Some("Володимир"), None, "Зеленський", false),
        name(Some("Олена"), None, "Зеленська", true),
        name(None, None, "Тимошенко", true),
        name(Some("Юлія"), None, "Тимошенко", true),
        name(None, None, "Тимошенко", false),
    ];
    let persons = article_persons(&names);
    let got: Vec<&str> = persons.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        got,
        vec![
            "Володимир Зеленський",
            "Олена Зеленська",
            "Юлія Тимошенко",
            "Тимошенко"
        ]
    );
    // Every mention finds its person; the man Тимошенко is not Юлія.
    assert!(names[1].belongs_to(&persons[0]));
    assert!(!names[6].belongs_to(&persons[2]));
    assert!(names[6].belongs_to(&persons[3]));
}

#[test]
fn a_surname_shared_by_two_full_names_is_not_guessed() {
    let names = [
        name(Some("Петро"), None, "Коваленко", false),
        name(Some("Іван"), None, "Коваленко", false),
        name(None, None, "Коваленко", false),
    ];
    let got: Vec<String> = article_persons(&names).into_iter().map(|p| p.name).collect();
    assert_eq!(got, vec!["Петро Коваленко", "Іван Коваленко"]);
}

#[test]
fn names_read_with_the_real_lexicon_when_installed() {
    let Ok(lexicon) = Lexicon::open(&default_path()) else {
        return;
    };
    let read = |s: &str| read_name(&lexicon, s, false);
    let full = |s: &str| {
        let n = read(s).unwrap_or_else(|| panic!("{s} is a name"));
        (n.first, n.surname, n.feminine)
    };
    assert_eq!(
        full("Петром Порошенком"),
        (Some("Петро".into()), Some("Порошенко".into()), false)
    );
    assert_eq!(
        full("Сергія Ківалова"),
        (Some("Сергій".into()), Some("Ківалов".into()), false)
    );
    assert_eq!(
        full("Олени Ківалової"),
        (Some("Олена".into()), Some("Ківалова".into()), true)
    );
    assert_eq!(
        full("Тимошенко Юлії Володимирівни"),
        (Some("Юлія".into()), Some("Тимошенко".into()), true)
    );
    assert_eq!(
        full("Тимошенко Юлії"),
        (Some("Юлія".into()), Some("Тимошенко".into()), true)
    );
    assert_eq!(read("В. Зеленського").and_then(|n| n.initial), Some('В'));
    // Titles are not names; a job alone is nobody.
    assert_eq!(full("президент Байден").1, Some("Байден".into()));
    assert_eq!(read("президент"), None);
    assert_eq!(read("Водночас"), None);
}
