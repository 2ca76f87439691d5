//! Quoted company names: where a quotation ends (nested «…«…»» included), how legal forms
//! and quotes are peeled off a name («ДП «НАЕК «Енергоатом»»» → Енергоатом), the normal
//! form of a rule-found name, and whether quoted text looks like a name at all.
//!
//! Used by the rules (a quoted name after an organisation word), by the extractor (a
//! longer quoted name that starts with a listed company) and by `resolve` (user input
//! with quotes or a legal form).

use super::names::{is_quote, is_upper, shape, Shape};
use super::vocab::is_company_trigger;

fn closing_for(open: char) -> &'static [char] {
    match open {
        '«' => &['»'],
        '"' => &['"'],
        '“' => &['”'],
        '„' => &['“', '”'],
        '‹' => &['›'],
        _ => &[],
    }
}

/// The content of the quotation opening at byte `open` of `text`: (start, end) of the
/// text inside the outermost quotes. Stops at a line break or after 160 bytes.
pub(crate) fn quoted(text: &str, open: usize) -> Option<(usize, usize)> {
    let open_c = text[open..].chars().next()?;
    let closers = closing_for(open_c);
    if closers.is_empty() {
        return None;
    }
    let start = open + open_c.len_utf8();
    let mut nested = false;
    let mut iter = text[start..].char_indices().peekable();
    while let Some((off, c)) = iter.next() {
        let pos = start + off;
        if c == '\n' || off > 320 {
            break;
        }
        if c == open_c && open_c == '«' {
            nested = true;
            continue;
        }
        if closers.contains(&c) {
            // «ДП «НАЕК «Енергоатом»» or, as often written, with one closing quote: the
            // first closing quote ends the name; a second one right after belongs to it.
            if nested {
                if let Some(&(off2, c2)) = iter.peek() {
                    if closers.contains(&c2) {
                        return Some((start, start + off2));
                    }
                }
            }
            return Some((start, pos));
        }
    }
    None
}

/// Peels legal forms and quotes: «НАЕК «Енергоатом»» → «Енергоатом». Returns the byte
/// range of the name in `text`.
pub(crate) fn peel(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    for _ in 0..4 {
        let inner = &text[start..end];
        if inner.trim().is_empty() {
            // Only spaces between the quotes («компанія « »»): no name, an empty range.
            return (start, start);
        }
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        start += lead;
        end -= trail;
        let inner = &text[start..end];
        // Surrounding quotes.
        if let Some(c) = inner.chars().next().filter(|c| is_quote(*c)) {
            start += c.len_utf8();
            let inner = &text[start..end];
            if let Some(l) = inner.chars().next_back().filter(|c| is_quote(*c)) {
                end -= l.len_utf8();
            }
            continue;
        }
        // A leading legal form or organisation word followed by a quote.
        let first_end = inner
            .find(|c: char| c.is_whitespace() || is_quote(c))
            .unwrap_or(inner.len());
        let first = &inner[..first_end];
        let rest = inner[first_end..].trim_start();
        // «БК «Олімпія»», «ПК «Індустріал Груп»»: a short abbreviation is a form too.
        let abbreviation = shape(first) == Shape::Upper && first.chars().count() <= 5;
        if !rest.is_empty() && rest.starts_with(is_quote) && (is_company_trigger(first) || abbreviation) {
            start = end - rest.len();
            continue;
        }
        break;
    }
    // Trailing quote left from unbalanced nesting.
    while let Some(l) = text[start..end].chars().next_back().filter(|c| is_quote(*c)) {
        end -= l.len_utf8();
    }
    let inner = &text[start..end];
    let trail = inner.len() - inner.trim_end().len();
    (start, end - trail)
}

/// The normal form of a rule-found name (see [`super::normalize_name`]).
pub fn clean_name(name: &str) -> String {
    let (s, e) = peel(name, 0, name.len());
    let inner = &name[s..e];
    let mut out = String::new();
    for w in inner.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            out.push(match c {
                '’' | 'ʼ' | '`' | '‘' => '\'',
                '“' | '”' | '„' => '"',
                c => c,
            });
        }
    }
    out
}

/// Does the quoted text look like a company name rather than a quotation?
pub(crate) fn looks_like_name(name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return false;
    };
    if !(is_upper(first) || first.is_ascii_digit()) || !name.chars().any(char::is_alphabetic) {
        return false;
    }
    if name.chars().count() > 120 || name.ends_with([',', ':', ';', '!', '?']) {
        return false;
    }
    // A sentence inside: «… вироблено. Далі …» (initials such as «Ю. К.» are fine).
    let mut prev = ' ';
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?') && prev.is_alphabetic() {
            let mut rest = chars.clone();
            if rest.next() == Some(' ') && rest.next().is_some_and(|n| n.is_lowercase()) {
                return false;
            }
        }
        prev = c;
    }
    name.split_whitespace().count() <= 10
}

/// The normal form of a company name found by the rules: quotes and surrounding legal
/// forms dropped, spaces collapsed, apostrophes straightened. Lets callers compare a
/// filter typed by a user with stored rule-found names.
pub fn normalize_name(name: &str) -> String {
    clean_name(name)
}
