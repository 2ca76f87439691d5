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
        for (i, &b) in buf[..n].iter().enumerate() {
            let line_end = b == b'\n' || b == b'\r';
            if !line_end && self.after_line_end {
                self.starts.push_back((self.offset + i as u64, self.newlines + 1));
            }
            self.newlines += u64::from(b == b'\n');
            self.after_line_end = line_end;
        }
        self.offset += n as u64;
        Ok(n)
    }
}
