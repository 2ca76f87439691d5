//! The terminal format: a count line, then per hit a bold headline with the matched words
//! highlighted, a `date · source · score` line and the snippets, indented.
//!
//! Colour is plain ANSI (bold, red for matches, dim for details), like grep and ripgrep
//! use: no terminal library is needed for three styles. Without colour the text is plain,
//! so it pipes cleanly into other tools.

use std::io::{self, Write};

use litopys_core::search::results::{Facets, Hit, SearchResults, Span};

const BOLD: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// How to print for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Use ANSI styles (the caller decides: terminal, `--color`, `NO_COLOR`).
    pub color: bool,
    /// Hits skipped before the first shown one, so the numbering continues across pages.
    pub offset: usize,
}

/// Writes the results; nothing at all when no article matches (the caller says so on
/// standard error, keeping standard output empty for scripts).
pub fn write(out: &mut dyn Write, results: &SearchResults, opts: &TextOptions) -> io::Result<()> {
    if results.total == 0 {
        return Ok(());
    }
    writeln!(out, "{}", header(results, opts.offset))?;
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        write_hit(out, hit, opts.offset + i + 1, opts.color)?;
    }
    if let Some(facets) = &results.facets {
        write_facets(out, facets)?;
    }
    Ok(())
}

/// The counts under the hits: `countries: Китай (CN) 11 · Туреччина (TR) 6`, then
/// companies, persons, organisations, sources and languages.
fn write_facets(out: &mut dyn Write, facets: &Facets) -> io::Result<()> {
    if facets.country.is_empty()
        && facets.company.is_empty()
        && facets.person.is_empty()
        && facets.organisation.is_empty()
        && facets.source.is_empty()
    {
        return Ok(());
    }
    writeln!(out)?;
    if !facets.country.is_empty() {
        let parts: Vec<String> = facets
            .country
            .iter()
            .map(|c| match &c.code {
                Some(code) => format!("{} ({code}) {}", c.name, c.count),
                None => format!("{} {}", c.name, c.count),
            })
            .collect();
        writeln!(out, "countries: {}", parts.join(" · "))?;
    }
    if !facets.company.is_empty() {
        let parts: Vec<String> = facets
            .company
            .iter()
            .map(|c| format!("{} {}", c.name, c.count))
            .collect();
        writeln!(out, "companies: {}", parts.join(" · "))?;
    }
    for (label, counts) in [
        ("persons", &facets.person),
        ("organisations", &facets.organisation),
        ("sources", &facets.source),
        ("languages", &facets.language),
    ] {
        if !counts.is_empty() {
            let parts: Vec<String> = counts.iter().map(|c| format!("{} {}", c.name, c.count)).collect();
            writeln!(out, "{label}: {}", parts.join(" · "))?;
        }
    }
    Ok(())
}

/// `N articles match «QUERY» (shown 1–10, X ms)`.
pub fn header(results: &SearchResults, offset: usize) -> String {
    let n = results.total;
    let (noun, verb) = if n == 1 {
        ("article", "matches")
    } else {
        ("articles", "match")
    };
    let what = if results.stories.is_some() { "stories " } else { "" };
    let shown = match results.hits.len() {
        0 => format!("none shown from {}", offset + 1),
        k => format!("{what}shown {}–{}", offset + 1, offset + k),
    };
    let ms = results.took_ms;
    let took = if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    };
    let stories = match results.stories {
        Some(1) => " in 1 story".to_string(),
        Some(s) => format!(" in {s} stories"),
        None => String::new(),
    };
    format!(
        "{n} {noun} {verb} «{}»{stories} ({shown}, {took} ms)",
        results.query
    )
}

fn write_hit(out: &mut dyn Write, hit: &Hit, rank: usize, color: bool) -> io::Result<()> {
    let header = &hit.header;
    write!(out, "{rank:>3}. ")?;
    match &header.title {
        // Line breaks are one byte like the space replacing them: the spans stay valid.
        Some(title) => {
            let flat = title.replace(['\n', '\r', '\t'], " ");
            write_marked(out, &flat, &hit.title_highlights, BOLD, color)?
        }
        None => write_styled(out, "(no headline)", color.then_some(DIM))?,
    }
    writeln!(out)?;
    // Unknown parts are left out rather than spelled as placeholders.
    let mut parts: Vec<String> = Vec::new();
    parts.push(
        header
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string()),
    );
    if let Some(source) = header.source.as_deref() {
        parts.push(source.to_string());
    }
    parts.push(format!("{:.2}", hit.score));
    let mut details = parts.join(" · ");
    if let Some(place) = header.url.as_deref().or(hit.path.as_deref()) {
        details.push_str(" · ");
        details.push_str(place);
    }
    write!(out, "     ")?;
    write_styled(out, &details, color.then_some(DIM))?;
    writeln!(out)?;
    for snippet in &hit.snippets {
        write!(out, "     ")?;
        write_marked(out, &snippet.text, &snippet.highlights, "", color)?;
        writeln!(out)?;
    }
    if let (Some(n @ 2..), Some(story)) = (hit.story_articles, hit.story.as_deref()) {
        write!(out, "     ")?;
        let more = if n == 2 {
            "and 1 more article".to_string()
        } else {
            format!("and {} more articles", n - 1)
        };
        write_styled(
            out,
            &format!("{more} of this story: --story {story}"),
            color.then_some(DIM),
        )?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_styled(out: &mut dyn Write, text: &str, style: Option<&str>) -> io::Result<()> {
    match style {
        Some(s) => write!(out, "{s}{text}{RESET}"),
        None => write!(out, "{text}"),
    }
}

/// Writes `text` in the `base` style with the `spans` in the match style; plain text
/// without colour.
fn write_marked(out: &mut dyn Write, text: &str, spans: &[Span], base: &str, color: bool) -> io::Result<()> {
    if !color {
        return out.write_all(text.as_bytes());
    }
    let mut pos = 0;
    write!(out, "{base}")?;
    for &[s, e] in spans {
        write!(out, "{}{MATCH}{}{RESET}{base}", &text[pos..s], &text[s..e])?;
        pos = e;
    }
    write!(out, "{}{RESET}", &text[pos..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use litopys_core::corpus::ArticleHeader;
    use litopys_core::search::results::Snippet;

    fn results(total: usize) -> SearchResults {
        let hit = Hit {
            header: ArticleHeader {
                id: "a".into(),
                title: Some("Угода з Китаєм".into()),
                date: None,
                published: None,
                source: Some("Вісник".into()),
                url: None,
                language: None,
            },
            path: Some("a.txt".into()),
            score: 3.1349,
            title_html: None,
            title_highlights: vec![[14, 26]],
            snippets: vec![Snippet {
                text: "…до Китаю…".into(),
                html: String::new(),
                highlights: vec![[8, 18]],
            }],
            countries: vec![],
            companies: vec![],
            persons: vec![],
            organisations: vec![],
            story: Some("00000000000000ab".into()),
            story_articles: None,
        };
        SearchResults {
            query: "Китай".into(),
            stories: None,
            total,
            took_ms: 1.234,
            hits: if total == 0 { vec![] } else { vec![hit] },
            facets: None,
        }
    }

    fn render(r: &SearchResults, color: bool, offset: usize) -> String {
        let mut out = Vec::new();
        write(&mut out, r, &TextOptions { color, offset }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_text_has_header_headline_details_and_snippets() {
        assert_eq!(
            render(&results(1), false, 0),
            "1 article matches «Китай» (shown 1–1, 1.2 ms)\n\n  1. Угода з Китаєм\n     \
             undated · Вісник · 3.13 · a.txt\n     …до Китаю…\n"
        );
        assert!(render(&results(12), false, 10).starts_with("12 articles match «Китай» (shown 11–11,"));
        assert_eq!(render(&results(0), false, 0), "");
    }

    #[test]
    fn a_collapsed_hit_says_how_many_more_and_how_to_list_them() {
        let mut r = results(5);
        r.stories = Some(2);
        r.hits[0].story_articles = Some(4);
        let out = render(&r, false, 0);
        assert!(
            out.starts_with("5 articles match «Китай» in 2 stories (stories shown 1–1,"),
            "{out}"
        );
        assert!(
            out.contains("and 3 more articles of this story: --story 00000000000000ab\n"),
            "{out}"
        );
        r.hits[0].story_articles = Some(1);
        assert!(!render(&r, false, 0).contains("more article"));
    }

    #[test]
    fn colour_marks_the_matches_only_when_asked() {
        let out = render(&results(1), true, 0);
        assert!(
            out.contains("\x1b[1mУгода з \x1b[1;31mКитаєм\x1b[0m\x1b[1m\x1b[0m"),
            "{out:?}"
        );
        assert!(out.contains("…до \x1b[1;31mКитаю\x1b[0m…\x1b[0m"), "{out:?}");
    }
}
