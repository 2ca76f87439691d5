//! The archive's own plain-text format: one article per `.txt` file.
//!
//! ```text
//!  date 2024-03-12 Headline and lead on the first line
//!
//! Body paragraphs, separated by blank lines.
//! ```
//!
//! Leading whitespace and a UTF-8 BOM are ignored, `\r\n` line ends are accepted. The first
//! line is a *date line* when it is `date` (any case), whitespace, then a token starting with
//! a digit; that token must be a valid `YYYY-MM-DD` day, and the rest of the line is the
//! title. Any other first line is the title of an undated article. The body is the rest of
//! the file; an article without a body is skipped as `no-text`.

use super::article::{Article, ArticleHeader, Origin};
use super::date::ArticleDate;
use super::discover::SourceFile;
use super::skip::{Skip, SkipReason};

/// The UTF-8 byte order mark some Windows editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses the bytes of a `.txt` file into its article.
pub(super) fn parse_text(bytes: &[u8], file: &SourceFile) -> Result<Article, Skip> {
    let skip = |reason| Skip::file(&file.path, reason);
    let (bytes, offset) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (bytes, 0),
    };
    let s = std::str::from_utf8(bytes).map_err(|e| {
        skip(SkipReason::InvalidUtf8 {
            byte: offset + e.valid_up_to(),
        })
    })?;
    let s = s.trim_start();
    let (first, rest) = s.split_once('\n').unwrap_or((s, ""));
    let first = first.trim();
    let (date, title) = match date_line(first) {
        None => (None, first),
        Some(Ok((date, title))) => (Some(date), title),
        Some(Err(message)) => return Err(skip(SkipReason::ImpossibleDate(message))),
    };
    let body = rest.trim();
    if body.is_empty() {
        return Err(skip(SkipReason::NoText));
    }
    let text = if body.contains('\r') {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    };
    Ok(Article {
        header: ArticleHeader {
            id: file.id_base(),
            title: (!title.is_empty()).then(|| title.to_string()),
            date,
            published: None,
            source: None,
            url: None,
            language: None,
        },
        text,
        origin: Origin {
            path: file.path.clone(),
            line: None,
            index: None,
        },
    })
}

/// If `line` (trimmed) is a date line, its date and title, or a message saying what is wrong
/// with its date; `None` if it is not a date line.
fn date_line(line: &str) -> Option<Result<(ArticleDate, &str), String>> {
    let keyword = line.get(..4)?;
    let rest = &line[4..];
    if !keyword.eq_ignore_ascii_case("date") || !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (token, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    Some(
        ArticleDate::parse(token)
            .map(|date| (date, title.trim()))
            .map_err(|e| format!("date line `{keyword} {token}`: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::tests::source_file;
    use crate::corpus::Format;

    fn parse(s: &[u8]) -> Result<Article, Skip> {
        parse_text(s, &source_file("txt/2024/a.txt", Format::Text))
    }

    #[test]
    fn dated_article() {
        let a = parse(
            " date 2024-03-12 Нова пошта відкрила відділення у Кишиневі\n\nПерший абзац.\n\nДругий абзац."
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(a.id, "txt/2024/a.txt");
        assert_eq!(a.date.unwrap().to_string(), "2024-03-12");
        assert_eq!(
            a.title.as_deref(),
            Some("Нова пошта відкрила відділення у Кишиневі")
        );
        assert_eq!(a.text, "Перший абзац.\n\nДругий абзац.");
        assert_eq!(a.origin.line, None);
    }

    #[test]
    fn undated_article_bom_and_crlf() {
        let a = parse("\u{feff}Як працює облікова ставка\r\n\r\nРядок один.\r\nРядок два.\r\n".as_bytes())
            .unwrap();
        assert_eq!(a.date, None);
        assert_eq!(a.title.as_deref(), Some("Як працює облікова ставка"));
        assert_eq!(a.text, "Рядок один.\nРядок два.");
    }

    #[test]
    fn bad_dates_are_impossible_dates() {
        for (input, needle) in [
            (
                "date 2023-1-5 Заголовок\n\nТекст.",
                "`date 2023-1-5`: `2023-1-5` is not a YYYY-MM-DD date",
            ),
            (
                "date 2023-02-30 Заголовок\n\nТекст.",
                "2023-02-30 is not a day of the calendar",
            ),
            ("date 2023-13-01 Заголовок\n\nТекст.", "2023-13-01"),
        ] {
            let skip = parse(input.as_bytes()).unwrap_err();
            assert_eq!(skip.reason.kind(), "impossible-date", "{input}");
            assert!(skip.to_string().contains(needle), "{skip}");
            assert_eq!(skip.path, std::path::PathBuf::from("arch/txt/2024/a.txt"));
        }
    }

    #[test]
    fn a_title_that_starts_with_date_is_not_a_date_line() {
        let a = parse(b"Date night in Kyiv\n\nText.").unwrap();
        assert_eq!(a.title.as_deref(), Some("Date night in Kyiv"));
        assert_eq!(a.date, None);
        let a = parse(b"dated stuff\nText.").unwrap();
        assert_eq!(a.title.as_deref(), Some("dated stuff"));
    }

    #[test]
    fn empty_and_title_only_files_have_no_text() {
        for input in [
            "",
            "  \n\n ",
            "date 2024-01-01 Лише заголовок\n",
            "Лише заголовок",
        ] {
            assert_eq!(
                parse(input.as_bytes()).unwrap_err().reason,
                SkipReason::NoText,
                "{input:?}"
            );
        }
    }

    #[test]
    fn invalid_utf8_reports_byte_offset() {
        let mut bytes = "date 2024-01-01 Заголовок\n\nТекст ".as_bytes().to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(&[0xcf, 0xf0, 0xe8]); // cp1251 "При"
        let skip = parse(&bytes).unwrap_err();
        assert_eq!(skip.reason, SkipReason::InvalidUtf8 { byte: at });
        let mut with_bom = BOM.to_vec();
        with_bom.extend_from_slice(&bytes);
        assert_eq!(
            parse(&with_bom).unwrap_err().reason,
            SkipReason::InvalidUtf8 { byte: at + 3 }
        );
    }
}
