//! Highlighted headlines and body snippets, made by re-analysing the stored text.
//!
//! Tantivy's `SnippetGenerator` is not used (see the research notes, §2.3): it returns one
//! fragment only, highlights words under `-`/`NOT`, and compares the lower-cased surface
//! form with the indexed keys, which misses lemmas. Here every word of the stored text goes
//! through the same [`Analyzer`] as at index time; a word is marked when one of its keys is
//! a query key (or its lower-cased form is an `=exact` form), so «Китай» marks «Китаєм» and
//! «Китаю». The analyzer's byte offsets point into the original text, so marks land
//! exactly on the words as written, and all cuts fall on word boundaries, never inside a
//! UTF-8 character.

use rustc_hash::FxHashMap;

use super::query::HighlightTerms;
use super::results::{Snippet, Span};
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::stopwords::is_stopword;
use litopys_analysis::{Analyzer, Session, Side};

/// Fragments per hit: enough to show the query's words in different contexts, few
/// enough to scan a page of hits.
pub const MAX_FRAGMENTS: usize = 3;

/// Target fragment length in characters: about two lines of a terminal or a result page.
pub const FRAGMENT_CHARS: usize = 200;

/// Marks the cut ends of a fragment.
const ELLIPSIS: &str = "…";

/// Distinct words cached across the hits of one page (their texts share vocabulary).
const CACHE_WORDS: usize = 50_000;

/// One word of an analysed text: where it is (bytes and characters) and what it matched.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// Character offsets, to measure fragments in characters without re-scanning.
    char_start: usize,
    char_end: usize,
    /// The highlight term it matched (an id for counting distinct terms), if any.
    term: Option<usize>,
}

/// Finds the query's words in stored texts and cuts snippets around them.
///
/// Exists as a value (not a function) so that one page of hits shares the analysis
/// cache and the term table; make one per query.
pub struct Highlighter<'a> {
    session: Session<&'a Analyzer>,
    /// Lemma key → term id.
    keys: FxHashMap<String, usize>,
    /// Exact lower-cased form → term id.
    exact: FxHashMap<String, usize>,
    /// True when some query term is not a stopword; then stopword matches count only next
    /// to a real match (the «з» of "з Китаєм", not every «з» of the article).
    guard_stopwords: bool,
    fragment_chars: usize,
    max_fragments: usize,
}

impl<'a> Highlighter<'a> {
    /// A highlighter for the terms of one query, with the default fragment size and count.
    pub fn new(analyzer: &'a Analyzer, terms: &HighlightTerms) -> Self {
        let keys: FxHashMap<String, usize> = terms.keys.iter().cloned().zip(0..).collect();
        let exact: FxHashMap<String, usize> = terms.exact_forms.iter().cloned().zip(keys.len()..).collect();
        Highlighter {
            session: Session::new(analyzer, Side::Index, CACHE_WORDS),
            guard_stopwords: !exact.is_empty() || keys.keys().any(|k| !is_stopword(k)),
            keys,
            exact,
            fragment_chars: FRAGMENT_CHARS,
            max_fragments: MAX_FRAGMENTS,
        }
    }

    /// Changes the fragment length (characters) and the number of fragments per text.
    pub fn with_fragments(mut self, fragment_chars: usize, max_fragments: usize) -> Self {
        self.fragment_chars = fragment_chars.max(1);
        self.max_fragments = max_fragments;
        self
    }

    /// Byte ranges of the matched words of `text` (a headline), in order.
    pub fn highlight(&mut self, text: &str) -> Vec<Span> {
        self.words(text)
            .iter()
            .filter(|w| w.term.is_some())
            .map(|w| [w.start, w.end])
            .collect()
    }

    /// Up to `max_fragments` passages of `body`, the best first: most distinct query
    /// terms, then most matches. A body without matches (a headline-only hit) gives its
    /// opening passage, unmarked.
    pub fn snippets(&mut self, body: &str) -> Vec<Snippet> {
        let words = self.words(body);
        if words.is_empty() {
            let end = char_prefix(body, self.fragment_chars);
            return if body[..end].trim().is_empty() {
                Vec::new()
            } else {
                vec![render(body, 0..end, &[])]
            };
        }
        let matches: Vec<usize> = (0..words.len()).filter(|&i| words[i].term.is_some()).collect();
        if matches.is_empty() {
            let range = self.window(body, &words, 0, 0);
            return vec![render(body, range.bytes, &[])];
        }
        let budget = self.fragment_chars;
        let mut candidates: Vec<Candidate> = (0..matches.len())
            .map(|m| {
                let first = matches[m];
                let last = matches[m..]
                    .iter()
                    .take_while(|&&j| words[j].char_end - words[first].char_start <= budget)
                    .last()
                    .copied()
                    .unwrap_or(first);
                self.window(body, &words, first, last)
            })
            .collect();
        // Best first; among equals the earlier passage, which usually sets the context.
        candidates.sort_by(|a, b| b.score.cmp(&a.score).then(a.bytes.start.cmp(&b.bytes.start)));
        let mut chosen: Vec<Candidate> = Vec::new();
        for c in candidates {
            if chosen.len() == self.max_fragments {
                break;
            }
            if chosen
                .iter()
                .all(|o| c.bytes.end <= o.bytes.start || o.bytes.end <= c.bytes.start)
            {
                chosen.push(c);
            }
        }
        chosen
            .into_iter()
            .map(|c| render(body, c.bytes, &words[c.words]))
            .collect()
    }

    /// Analyses `text` and marks the words that match a query term.
    fn words(&mut self, text: &str) -> Vec<Word> {
        let (keys, exact) = (&self.keys, &self.exact);
        let mut out: Vec<Word> = Vec::new();
        let mut weak: Vec<bool> = Vec::new();
        let mut lower = String::new();
        let (mut byte, mut chars) = (0, 0);
        self.session.analyze(text, |w| {
            chars += text[byte..w.start].chars().count();
            let char_start = chars;
            chars += text[w.start..w.end].chars().count();
            byte = w.end;
            lowercase_into(&w.text, &mut lower);
            let by_exact = exact.get(lower.as_str()).copied();
            let by_key = w.keys.iter().filter_map(|k| keys.get(k.as_str()).copied()).min();
            weak.push(by_exact.is_none() && w.keys.iter().all(|k| !keys.contains_key(k) || is_stopword(k)));
            out.push(Word {
                start: w.start,
                end: w.end,
                char_start,
                char_end: chars,
                term: by_exact.or(by_key),
            });
        });
        if self.guard_stopwords {
            let strong = |i: usize| out[i].term.is_some() && !weak[i];
            let keep: Vec<bool> = (0..out.len())
                .map(|i| !weak[i] || (i > 0 && strong(i - 1)) || (i + 1 < out.len() && strong(i + 1)))
                .collect();
            for (w, keep) in out.iter_mut().zip(keep) {
                if !keep {
                    w.term = None;
                }
            }
        }
        out
    }

    /// The passage around words `first..=last`: about half of the spare room before them
    /// (from a sentence start when one is near), the rest after, cut at word boundaries.
    fn window(&self, text: &str, words: &[Word], first: usize, last: usize) -> Candidate {
        let budget = self.fragment_chars;
        let core = words[last].char_end - words[first].char_start;
        let lead = budget.saturating_sub(core) / 2;
        let mut s = first;
        while s > 0 && words[first].char_start - words[s - 1].char_start <= lead {
            s -= 1;
        }
        if let Some(k) = (s + 1..=first)
            .rev()
            .find(|&k| ends_sentence(&text[words[k - 1].end..words[k].start]))
        {
            s = k;
        }
        let glued = |a: usize| !text[words[a].end..words[a + 1].start].contains(char::is_whitespace);
        // Never start or end inside a hyphenated compound («віце-прем'єр»).
        while s > 0 && glued(s - 1) {
            s -= 1;
        }
        let mut e = last.max(s);
        while e + 1 < words.len() && words[e + 1].char_end - words[s].char_start <= budget {
            e += 1;
        }
        while e + 1 < words.len() && glued(e) {
            e += 1;
        }
        // Keep the punctuation glued to the edge words: opening quotes, closing marks.
        let before = if s == 0 { 0 } else { words[s - 1].end };
        let start = match text[before..words[s].start].rfind(char::is_whitespace) {
            Some(i) => before + i + text[before + i..].chars().next().map_or(1, char::len_utf8),
            None => before,
        };
        let after = words.get(e + 1).map_or(text.len(), |w| w.start);
        let end = text[words[e].end..after]
            .find(char::is_whitespace)
            .map_or(after, |i| words[e].end + i);
        let mut terms: Vec<usize> = words[s..=e].iter().filter_map(|w| w.term).collect();
        let count = terms.len();
        terms.sort_unstable();
        terms.dedup();
        Candidate {
            bytes: start..end,
            words: s..e + 1,
            score: (terms.len(), count),
        }
    }
}

/// A possible fragment: its byte range, its words and its rank.
struct Candidate {
    bytes: std::ops::Range<usize>,
    words: std::ops::Range<usize>,
    /// (distinct terms, matches).
    score: (usize, usize),
}

/// Whether the gap between two words ends a sentence or a paragraph.
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['.', '!', '?', '…', '\n'])
}

/// Byte length of the first `chars` characters of `text` (for texts without words).
fn char_prefix(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// Cuts `range` out of `text` as a snippet: whitespace runs become one space, "…" marks
/// the ends that are not the text's own, matched words get their spans.
fn render(text: &str, range: std::ops::Range<usize>, words: &[Word]) -> Snippet {
    let mut out = String::with_capacity(range.len() + 2 * ELLIPSIS.len());
    if !text[..range.start].trim().is_empty() {
        out.push_str(ELLIPSIS);
    }
    let mut highlights = Vec::new();
    let mut pos = range.start;
    for w in words.iter().filter(|w| w.term.is_some()) {
        push_collapsed(&mut out, &text[pos..w.start]);
        let s = out.len();
        out.push_str(&text[w.start..w.end]);
        highlights.push([s, out.len()]);
        pos = w.end;
    }
    push_collapsed(&mut out, &text[pos..range.end]);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if !text[range.end..].trim().is_empty() {
        out.push_str(ELLIPSIS);
    }
    let html = to_html(&out, &highlights);
    Snippet {
        text: out,
        html,
        highlights,
    }
}

/// Appends `s` with every whitespace run folded to one space (none at the very start).
fn push_collapsed(out: &mut String, s: &str) {
    let mut in_space = out.is_empty() || out.ends_with(' ');
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
                in_space = true;
            }
        } else {
            out.push(c);
            in_space = false;
        }
    }
}

/// `text` HTML-escaped (`& < > " '`), the `spans` wrapped in `<mark>`; the form a web page
/// can insert as it is.
pub fn to_html(text: &str, spans: &[Span]) -> String {
    let mut html = String::with_capacity(text.len() + spans.len() * 13);
    let mut pos = 0;
    for &[s, e] in spans {
        escape_into(&mut html, &text[pos..s]);
        html.push_str("<mark>");
        escape_into(&mut html, &text[s..e]);
        html.push_str("</mark>");
        pos = e;
    }
    escape_into(&mut html, &text[pos..]);
    html
}

/// `s` with `&`, `<`, `>`, `"` and `'` escaped for HTML text and attributes: how
/// snippets are marked up, and what anything else writing HTML from article text uses.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
#[path = "snippets_tests.rs"]
mod tests;
