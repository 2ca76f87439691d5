//! Decoder for morfologik CFSA2 dictionaries (the LanguageTool `.dict` format).
//!
//! No maintained Rust crate reads this format under a compatible licence, and
//! we only need a full enumeration at install time, so this is a small
//! independent reader of the published layout (morfologik-fsa `CFSA2`):
//!
//! ```text
//! header:  "\fsa"  version=0xC6  flags:u16be  label_map_len:u8  label_map[len]
//! arc:     flags_label:u8 [label:u8 if index==0] [goto:vint if !NEXT]
//!          bit 7 NEXT  (target node follows this node's last arc)
//!          bit 6 LAST  (last arc of the node)
//!          bit 5 FINAL (a sequence ends on this arc)
//!          bits 0-4    index into label_map (0 = explicit label byte follows)
//! node:    [vint count if the NUMBERS flag is set] arcs...
//! ```
//! Node 0 holds a dummy arc whose target is the root. Each accepted byte
//! sequence is one dictionary entry `form SEP encoded_lemma SEP tag`.

use super::build::LexiconBuilder;
use super::error::LexiconError;
use super::tags::Tags;

const MAGIC: &[u8; 4] = b"\\fsa";
const VERSION_CFSA2: u8 = 0xC6;
const BIT_TARGET_NEXT: u8 = 1 << 7;
const BIT_LAST_ARC: u8 = 1 << 6;
const BIT_FINAL_ARC: u8 = 1 << 5;
const LABEL_INDEX_MASK: u8 = 0x1f;
const FLAG_NUMBERS: u16 = 1 << 8;
/// All FSA flags this reader understands (FLEXIBLE, STOPBIT, NEXTBIT, NUMBERS).
const KNOWN_FLAGS: u16 = 0b1_0000_0111;

fn err(msg: impl Into<String>) -> LexiconError {
    LexiconError::Dictionary(msg.into())
}

/// Dictionary properties from the `.info` file that decoding depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DictInfo {
    /// Byte separating form, encoded lemma and tag (`fsa.dict.separator`).
    pub separator: u8,
}

/// Parses a morfologik `.info` file; only UTF-8 dictionaries with the SUFFIX
/// lemma encoder are supported (that is what the Ukrainian dictionary uses).
pub(crate) fn parse_info(text: &str) -> Result<DictInfo, LexiconError> {
    let mut separator = b'+';
    let mut encoder = String::from("SUFFIX");
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key.trim() {
            "fsa.dict.separator" => match value.trim().as_bytes() {
                [b] if b.is_ascii() => separator = *b,
                _ => return Err(err(format!("unsupported separator {value:?}"))),
            },
            "fsa.dict.encoding" if !value.trim().eq_ignore_ascii_case("utf-8") => {
                return Err(err(format!("unsupported encoding {value:?} (need utf-8)")));
            }
            "fsa.dict.encoder" => encoder = value.trim().to_ascii_uppercase(),
            _ => {}
        }
    }
    if encoder != "SUFFIX" {
        return Err(err(format!("unsupported lemma encoder {encoder} (need SUFFIX)")));
    }
    Ok(DictInfo { separator })
}

/// A parsed CFSA2 automaton borrowing the dictionary bytes.
pub(crate) struct Cfsa2<'a> {
    arcs: &'a [u8],
    labels: &'a [u8],
    numbers: bool,
}

impl<'a> Cfsa2<'a> {
    /// Checks the header and splits off the label map and the arc data.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, LexiconError> {
        if bytes.len() < 8 || &bytes[..4] != MAGIC {
            return Err(err("not a morfologik FSA (bad magic)"));
        }
        if bytes[4] != VERSION_CFSA2 {
            return Err(err(format!("FSA version 0x{:02x} is not CFSA2 (0xc6)", bytes[4])));
        }
        let flags = u16::from_be_bytes([bytes[5], bytes[6]]);
        if flags & !KNOWN_FLAGS != 0 {
            return Err(err(format!("unknown FSA flags 0x{flags:04x}")));
        }
        let map_len = bytes[7] as usize;
        let labels = bytes
            .get(8..8 + map_len)
            .ok_or_else(|| err("truncated label map"))?;
        Ok(Cfsa2 {
            arcs: &bytes[8 + map_len..],
            labels,
            numbers: flags & FLAG_NUMBERS != 0,
        })
    }

    fn byte(&self, at: usize) -> Result<u8, LexiconError> {
        self.arcs
            .get(at)
            .copied()
            .ok_or_else(|| err(format!("arc offset {at} out of range")))
    }

    fn vint(&self, mut at: usize) -> Result<(usize, usize), LexiconError> {
        let (mut value, mut shift) = (0usize, 0u32);
        loop {
            let b = self.byte(at)?;
            at += 1;
            value |= ((b & 0x7f) as usize) << shift;
            if b & 0x80 == 0 {
                return Ok((value, at));
            }
            shift += 7;
            if shift > 28 {
                return Err(err("vint too long"));
            }
        }
    }

    fn first_arc(&self, node: usize) -> Result<usize, LexiconError> {
        if self.numbers {
            Ok(self.vint(node)?.1)
        } else {
            Ok(node)
        }
    }

    /// Offset just past the arc at `arc`.
    fn skip_arc(&self, arc: usize) -> Result<usize, LexiconError> {
        let flags = self.byte(arc)?;
        let mut at = arc + 1;
        if flags & LABEL_INDEX_MASK == 0 {
            at += 1;
        }
        if flags & BIT_TARGET_NEXT == 0 {
            at = self.vint(at)?.1;
        }
        Ok(at)
    }

    fn label(&self, arc: usize) -> Result<u8, LexiconError> {
        let index = (self.byte(arc)? & LABEL_INDEX_MASK) as usize;
        if index == 0 {
            self.byte(arc + 1)
        } else {
            self.labels
                .get(index)
                .copied()
                .ok_or_else(|| err("label index out of range"))
        }
    }

    /// Target node of an arc; 0 means the arc is terminal.
    fn target(&self, mut arc: usize) -> Result<usize, LexiconError> {
        let flags = self.byte(arc)?;
        if flags & BIT_TARGET_NEXT != 0 {
            while self.byte(arc)? & BIT_LAST_ARC == 0 {
                arc = self.skip_arc(arc)?;
            }
            self.skip_arc(arc)
        } else {
            let skip = if flags & LABEL_INDEX_MASK == 0 { 2 } else { 1 };
            Ok(self.vint(arc + skip)?.0)
        }
    }

    /// Calls `f` with every byte sequence the automaton accepts, in order.
    pub fn for_each_sequence(&self, mut f: impl FnMut(&[u8])) -> Result<(), LexiconError> {
        const DONE: usize = usize::MAX;
        let root = self.target(self.first_arc(0)?)?;
        let mut path: Vec<u8> = Vec::with_capacity(256);
        // One entry per open node: the next arc of that node still to visit.
        let mut stack: Vec<usize> = vec![self.first_arc(root)?];
        while let Some(&arc) = stack.last() {
            if arc == DONE {
                stack.pop();
                path.pop();
                continue;
            }
            let flags = self.byte(arc)?;
            *stack.last_mut().expect("non-empty") = if flags & BIT_LAST_ARC != 0 {
                DONE
            } else {
                self.skip_arc(arc)?
            };
            path.push(self.label(arc)?);
            if flags & BIT_FINAL_ARC != 0 {
                f(&path);
            }
            let target = self.target(arc)?;
            if target == 0 {
                path.pop();
            } else {
                if stack.len() > 1024 {
                    return Err(err("automaton too deep (corrupt?)"));
                }
                stack.push(self.first_arc(target)?);
            }
        }
        Ok(())
    }
}

/// Decodes every entry of a SUFFIX-encoded dictionary, calling
/// `f(form, lemma, tag)`; returns the number of entries.
pub(crate) fn for_each_entry(
    dict: &[u8],
    info: &DictInfo,
    mut f: impl FnMut(&str, &str, &str),
) -> Result<usize, LexiconError> {
    let fsa = Cfsa2::parse(dict)?;
    let (mut form, mut lemma) = (String::with_capacity(128), String::with_capacity(128));
    let mut count = 0usize;
    let mut bad: Option<String> = None;
    fsa.for_each_sequence(|seq| {
        if bad.is_none() {
            match split_entry(seq, info.separator, &mut form, &mut lemma) {
                Some(tag) => {
                    count += 1;
                    f(&form, &lemma, tag);
                }
                None => bad = Some(format!("malformed entry {:?}", String::from_utf8_lossy(seq))),
            }
        }
    })?;
    match bad {
        Some(msg) => Err(err(msg)),
        None => Ok(count),
    }
}

/// Splits `form SEP code+suffix SEP tag` into `form` and the decoded `lemma`;
/// returns the tag, or `None` for a malformed entry. `form` keeps the
/// previous form: entries of one form are consecutive, so each form is
/// validated once.
fn split_entry<'s>(seq: &'s [u8], sep: u8, form: &mut String, lemma: &mut String) -> Option<&'s str> {
    let mut parts = seq.splitn(3, |&b| b == sep);
    let (raw_form, enc, tag) = (parts.next()?, parts.next()?, parts.next()?);
    if raw_form != form.as_bytes() {
        form.clear();
        form.push_str(std::str::from_utf8(raw_form).ok()?);
    }
    // SUFFIX encoder: first byte = 'A' + bytes to cut from the form (255 = all).
    let (&code, append) = enc.split_first()?;
    let cut = code.wrapping_sub(b'A');
    let keep = if cut == 255 {
        0
    } else {
        raw_form.len().saturating_sub(cut as usize)
    };
    lemma.clear();
    match (form.get(..keep), std::str::from_utf8(append)) {
        (Some(stem), Ok(append)) => {
            lemma.push_str(stem);
            lemma.push_str(append);
        }
        // The cut is in bytes and may split a character ("людей" -> "люд\xd0" + "\xb8на").
        _ => {
            let mut bytes = std::mem::take(lemma).into_bytes(); // reuse the buffer
            bytes.extend_from_slice(&raw_form[..keep]);
            bytes.extend_from_slice(append);
            *lemma = String::from_utf8(bytes).ok()?;
        }
    }
    std::str::from_utf8(tag).ok()
}

/// Decodes a morfologik dictionary (+ its `.info` text) into a builder;
/// returns the builder and the number of entries decoded.
pub fn decode_into_builder(dict: &[u8], info: &str) -> Result<(LexiconBuilder, usize), LexiconError> {
    let info = parse_info(info)?;
    let mut builder = LexiconBuilder::new();
    let mut tag_cache: rustc_hash::FxHashMap<String, Tags> = Default::default();
    let entries = for_each_entry(dict, &info, |form, lemma, tag| {
        let tags = match tag_cache.get(tag) {
            Some(&t) => t,
            None => *tag_cache
                .entry(tag.to_string())
                .or_insert_with(|| Tags::parse_lt(tag)),
        };
        builder.add(form, lemma, tags);
    })?;
    Ok((builder, entries))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes a sorted byte-string set as an (unminimised) CFSA2 trie, using
    /// both explicit and mapped labels and both NEXT and explicit gotos.
    pub(crate) fn encode_cfsa2(words: &[&[u8]]) -> Vec<u8> {
        // Build a trie: node = list of (label, final, child).
        #[derive(Default)]
        struct Node(Vec<(u8, bool, Option<usize>)>);
        let mut nodes = vec![Node::default()];
        for w in words {
            let mut n = 0;
            for (i, &b) in w.iter().enumerate() {
                let last = i + 1 == w.len();
                let pos = nodes[n].0.iter().position(|a| a.0 == b);
                let pos = pos.unwrap_or_else(|| {
                    nodes[n].0.push((b, false, None));
                    nodes[n].0.len() - 1
                });
                if last {
                    nodes[n].0[pos].1 = true;
                } else {
                    let child = match nodes[n].0[pos].2 {
                        Some(c) => c,
                        None => {
                            nodes.push(Node::default());
                            nodes[n].0[pos].2 = Some(nodes.len() - 1);
                            nodes.len() - 1
                        }
                    };
                    n = child;
                }
            }
        }
        let labels: Vec<u8> = vec![0, b'+', b'a'];
        // Lay out in preorder with 2-byte vints (fixed size makes addresses easy).
        // Node 0 (dummy) = one arc with explicit goto to the root.
        let arc_len = |l: u8, next: bool| 1 + usize::from(!labels.contains(&l)) + if next { 0 } else { 2 };
        let mut order = vec![];
        let mut st = vec![0usize];
        while let Some(n) = st.pop() {
            order.push(n);
            for a in nodes[n].0.iter().rev() {
                if let Some(c) = a.2 {
                    st.push(c);
                }
            }
        }
        let mut addr = vec![0usize; nodes.len()];
        let mut at = 4; // dummy node: flags, label, 2-byte goto
        for (i, &n) in order.iter().enumerate() {
            addr[n] = at;
            for (j, a) in nodes[n].0.iter().enumerate() {
                let next = j + 1 == nodes[n].0.len() && a.2.is_some() && order.get(i + 1) == a.2.as_ref();
                at += arc_len(a.0, next);
            }
        }
        let mut out = b"\\fsa\xc6\x00\x07".to_vec();
        out.push(labels.len() as u8);
        out.extend_from_slice(&labels);
        let vint2 = |v: usize| [(v & 0x7f) as u8 | 0x80, (v >> 7) as u8];
        out.extend_from_slice(&[BIT_LAST_ARC, b'^']);
        out.extend_from_slice(&vint2(addr[0]));
        for (i, &n) in order.iter().enumerate() {
            for (j, a) in nodes[n].0.iter().enumerate() {
                let last = j + 1 == nodes[n].0.len();
                let next = last && a.2.is_some() && order.get(i + 1) == a.2.as_ref();
                let idx = labels.iter().position(|&l| l == a.0).unwrap_or(0) as u8;
                let mut flags = idx;
                flags |= if last { BIT_LAST_ARC } else { 0 } | if a.1 { BIT_FINAL_ARC } else { 0 };
                flags |= if next { BIT_TARGET_NEXT } else { 0 };
                out.push(flags);
                if idx == 0 {
                    out.push(a.0);
                }
                if !next {
                    out.extend_from_slice(&vint2(a.2.map_or(0, |c| addr[c])));
                }
            }
        }
        out
    }

    #[test]
    fn decodes_synthetic_automaton() {
        let words: Vec<&[u8]> = vec![b"ab", b"abc", b"b+a", b"ba", "ї+Bя+x".as_bytes()];
        let bytes = encode_cfsa2(&words);
        let fsa = Cfsa2::parse(&bytes).unwrap();
        let mut got: Vec<Vec<u8>> = vec![];
        fsa.for_each_sequence(|s| got.push(s.to_vec())).unwrap();
        let want: Vec<Vec<u8>> = words.iter().map(|w| w.to_vec()).collect();
        assert_eq!(got, want);

        let info = parse_info("fsa.dict.separator=+\nfsa.dict.encoder=SUFFIX\n").unwrap();
        let mut entries = vec![];
        let bytes = encode_cfsa2(&["Китаєм+Eй+noun:prop".as_bytes(), "людей+Eина+noun".as_bytes()]);
        for_each_entry(&bytes, &info, |f, l, t| entries.push(format!("{f} {l} {t}"))).unwrap();
        assert_eq!(entries, ["Китаєм Китай noun:prop", "людей людина noun"]);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(Cfsa2::parse(b"garbage!").is_err());
        assert!(parse_info("fsa.dict.encoder=INFIX").is_err());
        let mut bytes = encode_cfsa2(&[b"ab"]);
        bytes.truncate(bytes.len() - 2);
        let fsa = Cfsa2::parse(&bytes).unwrap();
        assert!(fsa.for_each_sequence(|_| {}).is_err());
    }
}
