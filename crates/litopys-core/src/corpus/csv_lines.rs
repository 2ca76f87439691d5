//! The line on which each CSV record starts.
//!
//! Exists because the `csv` crate's record positions give the line where the reader was
//! when the record began, which is one line early after a CRLF line end and after blank
//! lines (both are passed over as part of the *next* record). Skips and derived ids must
//! name the line where the row's text starts, the same however the file ends its lines, so
//! this reader counts lines itself as the bytes stream by.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that remembers, for the bytes read so far, where lines with content start.
///
/// Every byte other than CR or LF that begins a line (the first byte of the input, or one
/// after a CR or LF) is noted with its byte offset and its 1-based line number (LF bytes
/// before it, plus one). A record whose reading began at byte offset `b` starts at the first
/// such byte at or after `b`, since only line ends stand between the two.
pub(super) struct LineStarts<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// LF bytes read so far.
    newlines: u64,
    /// Whether the last byte read was a CR or LF (true at the start).
    after_line_end: bool,
    /// (byte offset, line) of the line starts not yet asked about, in order.
    starts: VecDeque<(u64, u64)>,
}

impl<R: Read> LineStarts<R> {
    /// Counts the lines of `inner`.
    pub(super) fn new(inner: R) -> Self {
        LineStarts {
            inner,
            offset: 0,
            newlines: 0,
            after_line_end: true,
            starts: VecDeque::new(),
        }
    }

    /// The line of the first content byte at or after `byte`, forgetting earlier starts;
    /// `None` if none has been read yet (cannot happen for a record the caller holds).
    pub(super) fn line_at(&mut self, byte: u64) -> Option<u64> {
        while self.starts.front().is_some_and(|&(offset, _)| offset < byte) {
            self.starts.pop_front();
        }
        self.starts.front().map(|&(_, line)| line)
    }
}

impl<R: Read> Read for LineStarts<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        // The content byte after each line end (and the first byte, after the previous
        // read's line end) starts a line.
        let mut candidate = if self.after_line_end { Some(0) } else { None };
        for end in memchr::memchr2_iter(b'\n', b'\r', bytes).chain(std::iter::once(n)) {
            if let Some(start) = candidate.filter(|&s| s < end) {
                self.starts
                    .push_back((self.offset + start as u64, self.newlines + 1));
            }
            if end < n {
                self.newlines += u64::from(bytes[end] == b'\n');
            }
            candidate = Some(end + 1);
        }
        if n > 0 {
            self.after_line_end = matches!(bytes[n - 1], b'\n' | b'\r');
        }
        self.offset += n as u64;
        Ok(n)
    }
}
