//! The query language: words (all required), `OR`, `-word` / `NOT word`, "phrases",
//! proximity (`"…"~N`), truncation (`word*`), parentheses, `title:` / `body:` scopes and
//! `=` for an exact word form.
//!
//! ```text
//! Китай BYD                   both words, in any form (Китаю, Китаєм …)
//! Китай OR Японія             either
//! електромобілі -Tesla        the first without the second
//! "транспортний маршрут"      the words adjacent, in any forms
//! "Зеленський Байден"~5       the words in any order, at most 5 other words between
//! корупц*                     every word form starting so (корупція, корупційний …)
//! title:Казахстан             in the headline only
//! =Китаєм  ="комерційних угод" exactly this word form / these forms
//! (Китай OR КНР) інвестиції   grouping
//! ```
//! Parsing only builds an [`Expr`]; turning words into index keys is the builder's job.
//! Errors carry the byte offset of the problem so the CLI can point at it.

use std::fmt;
use std::ops::Range;

/// Where in an article a query part looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Headline and body.
    All,
    /// The headline only.
    Title,
    /// The body only.
    Body,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// Every part must match (what juxtaposition means).
    And(Vec<Expr>),
    /// At least one part must match.
    Or(Vec<Expr>),
    /// The part must not match; only meaningful inside `And`.
    Not(Box<Expr>),
    /// A word or a quoted phrase.
    Text {
        /// The text as typed, without quotes.
        text: String,
        /// True for a quoted phrase: the words must be adjacent and in order.
        phrase: bool,
        /// True for `=word`: only this word form matches, not its other forms.
        exact: bool,
        /// For `"…"~N`: the words may come in any order with at most N other words
        /// between the first and the last of them.
        proximity: Option<u32>,
        /// True for `word*`: every word form that starts with `text` (the `*` removed).
        truncated: bool,
        /// Where to look.
        scope: Scope,
        /// Byte range of this part in the query string.
        span: Range<usize>,
    },
}

/// A syntax error in a query, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What is wrong, in words.
    pub message: String,
    /// Byte offset in the query where the problem is.
    pub offset: usize,
    /// The same place counted in characters from 1, for people.
    pub column: usize,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.column)
    }
}

impl std::error::Error for QueryError {}

impl QueryError {
    fn new(message: impl Into<String>, offset: usize) -> Self {
        QueryError {
            message: message.into(),
            offset,
            column: 0,
        }
    }

    /// Fills in the character column of the error for `query`.
    pub fn locate(mut self, query: &str) -> Self {
        let offset = self.offset.min(query.len());
        self.column = query[..offset].chars().count() + 1;
        self
    }

    /// The query with a caret under the problem, for terminals.
    pub fn pointer(&self, query: &str) -> String {
        let offset = self.offset.min(query.len());
        let col = query[..offset].chars().count();
        format!("  {query}\n  {}^", " ".repeat(col))
    }
}

/// The widest proximity accepted: Tantivy keeps the distance so far in a byte, and a
/// window wider than a long paragraph is no longer "near".
pub const MAX_PROXIMITY: u32 = 100;

/// How many words one proximity group may hold: any order means every permutation is
/// searched (4! = 24).
pub const MAX_PROXIMITY_WORDS: usize = 4;

/// The fewest characters a truncated word keeps before `*`: shorter prefixes match
/// thousands of unrelated forms.
pub const MIN_PREFIX_CHARS: usize = 3;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String, Option<u32>),
    LParen,
    RParen,
    Minus,
    Equals,
    Field(Scope),
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        '„' => Some('“'),
        _ => None,
    }
}

fn lex(query: &str) -> Result<Vec<(Tok, Range<usize>)>, QueryError> {
    let mut toks = Vec::new();
    let mut chars = query.char_indices().peekable();
    let mut at_word_start = true;
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            at_word_start = true;
            continue;
        }
        if let Some(close) = closing_quote(c) {
            chars.next();
            let start = i + c.len_utf8();
            let end = loop {
                match chars.next() {
                    Some((j, d)) if d == close || (close == '”' && d == '"') => break j,
                    Some(_) => continue,
                    None => return Err(QueryError::new("this quote is never closed", i)),
                }
            };
            let mut span_end = end + close.len_utf8();
            let proximity = proximity_suffix(query, &mut chars, &mut span_end)?;
            toks.push((Tok::Phrase(query[start..end].to_string(), proximity), i..span_end));
            at_word_start = false;
            continue;
        }
        match c {
            '(' => toks.push((Tok::LParen, i..i + 1)),
            ')' => toks.push((Tok::RParen, i..i + 1)),
            '-' if at_word_start => toks.push((Tok::Minus, i..i + 1)),
            '=' if at_word_start => toks.push((Tok::Equals, i..i + 1)),
            _ => {
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || d == '(' || d == ')' || closing_quote(d).is_some() {
                        break;
                    }
                    if d == ':' {
                        let name = &query[i..j];
                        let scope = match name {
                            "title" => Some(Scope::Title),
                            "body" | "text" => Some(Scope::Body),
                            _ if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()) => {
                                return Err(QueryError::new(
                                    format!("unknown field `{name}:` (fields: title:, body:)"),
                                    i,
                                ))
                            }
                            _ => None,
                        };
                        if let Some(scope) = scope {
                            chars.next();
                            toks.push((Tok::Field(scope), i..j + 1));
                            end = usize::MAX;
                            break;
                        }
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                if end != usize::MAX {
                    toks.push((Tok::Word(query[i..end].to_string()), i..end));
                    at_word_start = false;
                } else {
                    at_word_start = true;
                }
                continue;
            }
        }
        chars.next();
        at_word_start = c != ')';
    }
    Ok(toks)
}

/// Reads `~N` right after a closing quote, if there is one.
fn proximity_suffix(
    query: &str,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    span_end: &mut usize,
) -> Result<Option<u32>, QueryError> {
    let Some(&(tilde, '~')) = chars.peek() else {
        return Ok(None);
    };
    chars.next();
    let digits_start = tilde + 1;
    let mut digits_end = digits_start;
    while let Some(&(j, d)) = chars.peek() {
        if !d.is_ascii_digit() {
            break;
        }
        digits_end = j + 1;
        chars.next();
    }
    let needs_number = || {
        QueryError::new(
            format!("`~` needs a number of words after it, as in \"Зеленський Байден\"~5 (at most {MAX_PROXIMITY})"),
            tilde,
        )
    };
    if digits_end == digits_start {
        return Err(needs_number());
    }
    let n: u32 = query[digits_start..digits_end]
        .parse()
        .map_err(|_| needs_number())?;
    if n > MAX_PROXIMITY {
        return Err(QueryError::new(
            format!("proximity ~{n} is too wide: at most ~{MAX_PROXIMITY}"),
            tilde,
        ));
    }
    *span_end = digits_end;
    Ok(Some(n))
}

/// A word token as text to search for: a trailing `*` makes it truncated; a `*`
/// anywhere else, or too few letters before it, is an error.
fn word(w: String, exact: bool, scope: Scope, span: Range<usize>) -> Result<Expr, QueryError> {
    let stars = w.matches('*').count();
    if stars == 0 {
        return Ok(Expr::Text {
            text: w,
            phrase: false,
            exact,
            proximity: None,
            truncated: false,
            scope,
            span,
        });
    }
    if stars > 1 || !w.ends_with('*') {
        let at = span.start + w.find('*').unwrap_or(0) + usize::from(exact);
        return Err(QueryError::new(
            "`*` truncates a word only at its end, as in корупц*",
            at,
        ));
    }
    let prefix = w.trim_end_matches('*').to_string();
    if prefix.chars().filter(|c| c.is_alphanumeric()).count() < MIN_PREFIX_CHARS {
        return Err(QueryError::new(
            format!("`{w}`: a truncated word needs at least {MIN_PREFIX_CHARS} letters before `*`"),
            span.start,
        ));
    }
    Ok(Expr::Text {
        text: prefix,
        phrase: false,
        exact,
        proximity: None,
        truncated: true,
        scope,
        span,
    })
}

/// A quoted token as text to search for; a `*` inside it is refused, because a
/// phrase's positions are matched as lemmas, not as prefixes.
fn phrase(
    p: String,
    proximity: Option<u32>,
    exact: bool,
    scope: Scope,
    span: Range<usize>,
) -> Result<Expr, QueryError> {
    if p.contains('*') {
        return Err(QueryError::new(
            "`*` does not work inside quotes: truncate single words, as in корупц* схема",
            span.start,
        ));
    }
    Ok(Expr::Text {
        text: p,
        phrase: true,
        exact,
        proximity,
        truncated: false,
        scope,
        span,
    })
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |(_, r)| r.start)
    }

    fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == kw)
    }

    /// and := or+ (until `)` or the end)
    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut parts = Vec::new();
        while self.peek().is_some() && self.peek() != Some(&Tok::RParen) {
            parts.push(self.or()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Expr::And(parts)
        })
    }

    /// or := unary ("OR" unary)*
    fn or(&mut self) -> Result<Expr, QueryError> {
        if self.is_keyword("OR") {
            return Err(QueryError::new("`OR` needs something on its left", self.offset()));
        }
        let mut parts = vec![self.unary()?];
        while self.is_keyword("OR") {
            let at = self.offset();
            self.pos += 1;
            if self.peek().is_none() || self.peek() == Some(&Tok::RParen) || self.is_keyword("OR") {
                return Err(QueryError::new("`OR` needs something on its right", at));
            }
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Expr::Or(parts)
        })
    }

    /// unary := ("-" | "NOT") unary | primary
    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.peek() == Some(&Tok::Minus) || self.is_keyword("NOT") {
            let at = self.offset();
            self.pos += 1;
            if self.peek().is_none() || self.peek() == Some(&Tok::RParen) {
                return Err(QueryError::new("nothing to exclude after this", at));
            }
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary(Scope::All)
    }

    fn primary(&mut self, scope: Scope) -> Result<Expr, QueryError> {
        let at = self.offset();
        let Some((tok, span)) = self.toks.get(self.pos).cloned() else {
            return Err(QueryError::new("the query ends too early", at));
        };
        self.pos += 1;
        match tok {
            Tok::LParen => {
                let inner = self.and()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(QueryError::new("this parenthesis is never closed", at));
                }
                self.pos += 1;
                if inner == Expr::And(vec![]) {
                    return Err(QueryError::new("empty parentheses", at));
                }
                Ok(inner)
            }
            Tok::RParen => Err(QueryError::new("unexpected `)`", at)),
            Tok::Field(s) => {
                if scope != Scope::All {
                    return Err(QueryError::new("a field inside a field", at));
                }
                match self.peek() {
                    Some(Tok::Word(_) | Tok::Phrase(..) | Tok::Equals | Tok::LParen) => self.primary(s),
                    _ => Err(QueryError::new(
                        "a field needs a word or a phrase after the colon",
                        at,
                    )),
                }
            }
            Tok::Equals => match self.toks.get(self.pos).cloned() {
                Some((Tok::Word(w), r)) => {
                    self.pos += 1;
                    word(w, true, scope, span.start..r.end)
                }
                Some((Tok::Phrase(p, proximity), r)) => {
                    self.pos += 1;
                    phrase(p, proximity, true, scope, span.start..r.end)
                }
                _ => Err(QueryError::new("`=` needs a word or a phrase right after it", at)),
            },
            Tok::Minus => Err(QueryError::new("`-` cannot follow a field", at)),
            Tok::Word(w) => word(w, false, scope, span),
            Tok::Phrase(p, proximity) => phrase(p, proximity, false, scope, span),
        }
    }
}

/// Parses a query string.
pub fn parse(query: &str) -> Result<Expr, QueryError> {
    parse_inner(query).map_err(|e| e.locate(query))
}

fn parse_inner(query: &str) -> Result<Expr, QueryError> {
    let toks = lex(query)?;
    if toks.is_empty() {
        return Err(QueryError::new("the query is empty", 0));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        len: query.len(),
    };
    let expr = p.and()?;
    if p.peek() == Some(&Tok::RParen) {
        return Err(QueryError::new("unexpected `)`", p.offset()));
    }
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, span: Range<usize>) -> Expr {
        Expr::Text {
            text: text.into(),
            phrase: false,
            exact: false,
            proximity: None,
            truncated: false,
            scope: Scope::All,
            span,
        }
    }

    #[test]
    fn words_are_anded() {
        assert_eq!(
            parse("Китай BYD").unwrap(),
            Expr::And(vec![word("Китай", 0..10), word("BYD", 11..14)])
        );
    }

    #[test]
    fn or_binds_tighter_than_juxtaposition() {
        let e = parse("a b OR c").unwrap();
        assert_eq!(
            e,
            Expr::And(vec![
                word("a", 0..1),
                Expr::Or(vec![word("b", 2..3), word("c", 7..8)])
            ])
        );
    }

    #[test]
    fn negation_phrases_fields_and_exact() {
        let e = parse("-Tesla NOT кит title:\"Great Wall\" =Китаєм").unwrap();
        let Expr::And(parts) = e else { panic!() };
        assert!(matches!(&parts[0], Expr::Not(_)));
        assert!(matches!(&parts[1], Expr::Not(_)));
        assert!(
            matches!(&parts[2], Expr::Text { phrase: true, scope: Scope::Title, text, .. } if text == "Great Wall")
        );
        assert!(matches!(&parts[3], Expr::Text { exact: true, text, .. } if text == "Китаєм"));
    }

    #[test]
    fn hyphen_and_apostrophe_inside_words_are_text() {
        assert_eq!(parse("віце-прем'єр").unwrap(), word("віце-прем'єр", 0..22));
    }

    #[test]
    fn guillemets_make_a_phrase() {
        assert!(matches!(
            parse("«комерційних угод»").unwrap(),
            Expr::Text { phrase: true, .. }
        ));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("\"unclosed", 0),
            ("a OR", 2),
            ("OR a", 0),
            ("(a b", 0),
            ("a )", 2),
            ("foo:bar", 0),
            ("", 0),
            ("-", 0),
            ("title:", 0),
            ("()", 0),
        ];
        for (q, at) in cases {
            let e = parse(q).expect_err(q);
            assert_eq!(e.offset, at, "{q}: {e}");
        }
    }

    #[test]
    fn proximity_follows_the_closing_quote() {
        let e = parse("\"Зеленський Байден\"~5 мир").unwrap();
        let Expr::And(parts) = e else { panic!() };
        assert!(matches!(
            &parts[0],
            Expr::Text { phrase: true, proximity: Some(5), text, span, .. }
                if text == "Зеленський Байден" && *span == (0.."\"Зеленський Байден\"~5".len())
        ));
        assert!(matches!(
            parse("«мир угода»~0").unwrap(),
            Expr::Text {
                proximity: Some(0),
                ..
            }
        ));
        assert!(matches!(
            parse("=\"мир угода\"~2").unwrap(),
            Expr::Text {
                exact: true,
                proximity: Some(2),
                ..
            }
        ));
    }

    #[test]
    fn proximity_errors_say_what_is_wrong() {
        for (q, at, says) in [
            ("\"a b\"~", 5, "needs a number"),
            ("\"a b\"~x", 5, "needs a number"),
            ("\"a b\"~101", 5, "too wide"),
        ] {
            let e = parse(q).expect_err(q);
            assert_eq!(e.offset, at, "{q}: {e}");
            assert!(e.message.contains(says), "{q}: {e}");
        }
    }

    #[test]
    fn a_trailing_star_truncates() {
        assert!(matches!(
            parse("корупц*").unwrap(),
            Expr::Text { truncated: true, phrase: false, text, .. } if text == "корупц"
        ));
        assert!(matches!(
            parse("title:=Кита*").unwrap(),
            Expr::Text { truncated: true, exact: true, scope: Scope::Title, text, .. } if text == "Кита"
        ));
    }

    #[test]
    fn truncation_errors_say_what_is_wrong() {
        for (q, at, says) in [
            ("ко*", 0, "at least 3 letters"),
            ("ко*рупц", 4, "only at its end"),
            ("a корупц**", 14, "only at its end"),
            ("\"корупц* схема\"", 0, "inside quotes"),
        ] {
            let e = parse(q).expect_err(q);
            assert_eq!(e.offset, at, "{q}: {e}");
            assert!(e.message.contains(says), "{q}: {e}");
        }
    }

    #[test]
    fn pointer_marks_the_column() {
        let e = parse("Китай OR").unwrap_err();
        assert_eq!(e.pointer("Китай OR"), "  Китай OR\n        ^");
    }
}
