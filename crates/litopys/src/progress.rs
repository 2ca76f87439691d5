//! What `litopys index` shows while it runs: a progress bar (on a terminal) and one line
//! per skipped input on stderr.
//!
//! The bar measures archive bytes, whose total is known before reading starts. Articles
//! are emitted in file order, so every file before the current one is done; within the
//! current file, progress is estimated from the text read so far and the ratio of text to
//! file size seen in earlier files of the same format (before one is finished, the
//! format's own guess: [`Format::expected_text_ratio`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use litopys_core::corpus::{Article, Compression, Format, Skip, SourceFile};
use litopys_core::indexer::notes::{FieldsUsed, FileNotes};
use litopys_core::indexer::Observer;

/// Skipped inputs printed one per line before the rest are only counted.
pub const MAX_SKIP_LINES: u64 = 50;

/// Estimates how many archive bytes have been read from what was emitted.
///
/// Exists so that the progress bar (and its ETA) moves within a large file instead of
/// jumping from file to file; kept free of terminal code so that it is unit-tested.
#[derive(Debug, Default)]
pub struct ByteProgress {
    sizes: Vec<(u64, (Format, Compression))>,
    position_of: HashMap<PathBuf, usize>,
    current: usize,
    done_bytes: u64,
    current_text: u64,
    /// Per format and compression: (text bytes, file bytes) of finished files.
    seen: HashMap<(Format, Compression), (u64, u64)>,
}

impl ByteProgress {
    /// Progress over `files`, in the order they will be read.
    pub fn new(files: &[SourceFile]) -> Self {
        ByteProgress {
            sizes: files
                .iter()
                .map(|f| (f.size, (f.format, f.compression)))
                .collect(),
            position_of: files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.path.clone(), i))
                .collect(),
            ..Default::default()
        }
    }

    /// Total archive bytes.
    pub fn total(&self) -> u64 {
        self.sizes.iter().map(|(s, _)| s).sum()
    }

    /// Text bytes per file byte for `kind`: measured on finished files, else a guess.
    fn ratio(&self, kind: (Format, Compression)) -> f64 {
        match self.seen.get(&kind) {
            Some(&(text, size)) if text > 0 && size > 0 => text as f64 / size as f64,
            _ => kind.0.expected_text_ratio(kind.1),
        }
    }

    /// Records `text_bytes` read from the file at `path`; returns the estimated bytes read
    /// so far, never decreasing. Paths that are not in the list change nothing.
    pub fn advance(&mut self, path: &Path, text_bytes: u64) -> u64 {
        if let Some(&i) = self.position_of.get(path) {
            while self.current < i {
                let (size, kind) = self.sizes[self.current];
                let seen = self.seen.entry(kind).or_default();
                seen.0 += self.current_text;
                seen.1 += size;
                self.done_bytes += size;
                self.current_text = 0;
                self.current += 1;
            }
            if i == self.current {
                self.current_text += text_bytes;
            }
        }
        self.position()
    }

    /// The estimate without recording anything.
    pub fn position(&self) -> u64 {
        let Some(&(size, kind)) = self.sizes.get(self.current) else {
            return self.done_bytes;
        };
        let within = (self.current_text as f64 / self.ratio(kind)).min(size as f64 * 0.99);
        self.done_bytes + within as u64
    }
}

/// The CLI's [`Observer`]: a progress bar if asked for, skip lines unless quiet.
///
/// Exists so that skip messages and the bar share stderr without garbling each other (a
/// line is printed with the bar suspended).
pub struct Reporter {
    bar: Option<ProgressBar>,
    quiet: bool,
    bytes: ByteProgress,
    started: Instant,
    last_message: Option<Instant>,
    articles: u64,
    text_bytes: u64,
    skips: u64,
    show_fields: bool,
}

impl Reporter {
    /// A reporter; `bar` draws a progress bar on stderr (ask for it only when stderr is a
    /// terminal); `quiet` also silences skip lines.
    pub fn new(bar: bool, quiet: bool) -> Self {
        let bar = (bar && !quiet).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] [{bar:30}] {percent:>3}% {msg} (ETA {eta})",
            )
            .expect("valid progress template")
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Reporter {
            bar,
            quiet,
            bytes: ByteProgress::default(),
            started: Instant::now(),
            last_message: None,
            articles: 0,
            text_bytes: 0,
            skips: 0,
            show_fields: false,
        }
    }

    /// Also prints, per file read, which field or column fed each part of its articles
    /// (`corpus/a.csv: text←content, title←headline`), on stdout: what `--dry-run` shows.
    pub fn showing_fields(mut self, show: bool) -> Self {
        self.show_fields = show;
        self
    }

    /// Prints `line` on stderr without breaking the progress bar.
    fn eprint(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn message(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        format!(
            "{} articles, {:.1} MB text, {:.0} articles/s, {:.1} MB/s",
            self.articles,
            self.text_bytes as f64 / 1e6,
            self.articles as f64 / secs,
            self.text_bytes as f64 / 1e6 / secs
        )
    }

    /// Removes the bar and prints how many skip lines were not shown. Call it once at the
    /// end, whether the run succeeded or not.
    pub fn close(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if !self.quiet && self.skips > MAX_SKIP_LINES {
            eprintln!("litopys: … and {} more skipped", self.skips - MAX_SKIP_LINES);
        }
    }
}

impl Observer for Reporter {
    fn start(&mut self, files: &[SourceFile]) {
        self.bytes = ByteProgress::new(files);
        self.started = Instant::now();
        if let Some(bar) = &self.bar {
            bar.set_length(self.bytes.total());
            bar.set_message("reading");
        }
    }

    fn article(&mut self, article: &Article) {
        let text = (article.title.as_ref().map_or(0, String::len) + article.text.len()) as u64;
        self.articles += 1;
        self.text_bytes += text;
        let position = self.bytes.advance(&article.origin.path, text);
        if let Some(bar) = &self.bar {
            bar.set_position(position);
            if self
                .last_message
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(200))
            {
                self.last_message = Some(Instant::now());
                bar.set_message(self.message());
            }
        }
    }

    fn committing(&mut self) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes.total());
            bar.set_message(format!("{}, committing", self.message()));
        }
    }

    fn skip(&mut self, skip: &Skip) {
        self.skips += 1;
        self.bytes.advance(&skip.path, 0);
        if self.quiet || self.skips > MAX_SKIP_LINES {
            return;
        }
        self.eprint(&format!("litopys: skipped {skip}"));
    }

    fn file_notes(&mut self, notes: &FileNotes) {
        if self.quiet {
            return;
        }
        for warning in notes.warnings() {
            self.eprint(&format!("litopys: warning: {warning}"));
        }
        if let Some(fields) = notes.fields.as_ref().filter(|_| self.show_fields) {
            let line = format!("{}: {}", notes.path.display(), FieldsUsed(fields));
            match &self.bar {
                Some(bar) => bar.suspend(|| println!("{line}")),
                None => println!("{line}"),
            }
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64, format: Format) -> SourceFile {
        SourceFile {
            path: path.into(),
            root: "a".into(),
            size,
            modified: None,
            format,
            compression: Compression::from_path(Path::new(path)),
            options: Default::default(),
        }
    }

    #[test]
    fn estimate_moves_within_files_and_never_back() {
        let files = [
            file("a/1.jsonl.gz", 1000, Format::JsonLines),
            file("a/2.jsonl.gz", 1000, Format::JsonLines),
            file("a/3.txt", 100, Format::Text),
        ];
        let mut p = ByteProgress::new(&files);
        assert_eq!(p.total(), 2100);
        // Guessed ratio 3.6 (4 × 0.9): 1800 text bytes ≈ 500 file bytes.
        assert_eq!(p.advance(Path::new("a/1.jsonl.gz"), 1800), 500);
        // Never past the end of the current file.
        assert_eq!(p.advance(Path::new("a/1.jsonl.gz"), 9_700), 990);
        // First file done with 11 500 text bytes: the measured ratio 11.5 is used next.
        assert_eq!(p.advance(Path::new("a/2.jsonl.gz"), 2300), 1200);
        // Unknown paths (skips of files not in the list) change nothing.
        assert_eq!(p.advance(Path::new("elsewhere"), 5), 1200);
        assert_eq!(p.advance(Path::new("a/3.txt"), 45), 2050);
    }
}
