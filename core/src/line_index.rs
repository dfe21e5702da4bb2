//! Positions in text, one implementation for every face: (line, character) ↔ byte offsets into UTF-8 text,
//! with characters counted in UTF-8 bytes, UTF-16 units (the LSP default) or code points (Jupyter's
//! `cursor_pos`, boa's and oxc's columns). A line ends at `\n`, `\r\n` or a lone `\r`, as LSP says and as
//! ECMAScript counts lines (so boa's line numbers agree); the terminator is not part of the line. Used by the
//! analysis (positions in rewritten REPL input), the kernel (completion, inspection) and the language server.

/// How the `character` of a position is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 code units (bytes): LSP, when the client offers it.
    Utf8,
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
    /// Code points (`char`s): Jupyter, boa's and oxc's columns, LSP's `utf-32`.
    Utf32,
}

impl Encoding {
    /// How many units of this encoding `c` is.
    pub fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// Byte offset of the `units`-th unit of `text` (a flat offset, as Jupyter's `cursor_pos`), clamped to the
/// text; an offset inside a character means that character's start.
pub fn offset_of_units(text: &str, units: usize, encoding: Encoding) -> usize {
    let mut counted = 0;
    for (i, c) in text.char_indices() {
        let width = encoding.width(c);
        if counted + width > units {
            return i;
        }
        counted += width;
    }
    text.len()
}

/// How many units of `encoding` the text before byte `offset` is (clamped, moved back to a char boundary).
pub fn units_before(text: &str, offset: usize, encoding: Encoding) -> usize {
    let before = text
        .get(..floor_char_boundary(text, offset))
        .unwrap_or(text);
    match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => before.chars().count(),
    }
}

/// `offset` clamped to the text and moved back to a char boundary.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A position outside the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("position {line}:{character} is outside the document ({n_lines} lines)")]
pub struct OutOfRange {
    /// 0-based line asked for.
    pub line: u32,
    /// Character asked for.
    pub character: u32,
    /// Lines the document has.
    pub n_lines: usize,
}

/// Line starts of one text, for converting both ways.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(line_starts_between(text.as_bytes(), 1, text.len()));
        Self {
            line_starts,
            len: text.len(),
        }
    }

    /// The index after bytes `start..end` of the text were replaced by `inserted_len` bytes, giving `edited`:
    /// line starts before the edit stay, those inside it are found again in the inserted bytes, those after it
    /// move (no scan of the rest of the text; an edit costs a few µs where indexing 650 KB anew costs
    /// ~0.3 ms). Whether a line starts at `start` or right after the inserted bytes depends on the bytes on
    /// both sides (an edit can join a `\r` and a `\n` into one terminator or split them), so those two
    /// places are looked at in `edited`.
    pub fn replace(&mut self, edited: &str, start: usize, end: usize, inserted_len: usize) {
        let end = end.clamp(start, self.len);
        let inserted_end = start + inserted_len;
        // A line start `s` depends on bytes `s - 1` and `s` only: those before `start` are unchanged, those
        // after `end` are unchanged bytes that moved.
        let first_gone = self.line_starts.partition_point(|&s| s < start.max(1));
        let first_kept = self.line_starts.partition_point(|&s| s <= end);
        let shift = |s: usize| s - end + inserted_end;
        let after: Vec<usize> = self.line_starts[first_kept..]
            .iter()
            .map(|&s| shift(s))
            .collect();
        self.line_starts.truncate(first_gone);
        self.line_starts.extend(line_starts_between(
            edited.as_bytes(),
            start.max(1),
            inserted_end,
        ));
        self.line_starts.extend(after);
        self.len = edited.len();
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn n_lines(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of `(line, character)`; a character past the end of its line means the line's end (as the
    /// protocol says), a line past the end of the text is an error.
    pub fn offset(
        &self,
        text: &str,
        line: u32,
        character: u32,
        encoding: Encoding,
    ) -> Result<usize, OutOfRange> {
        let Some(&start) = self.line_starts.get(line as usize) else {
            return Err(OutOfRange {
                line,
                character,
                n_lines: self.n_lines(),
            });
        };
        let end = self.line_end(text, line as usize);
        let line_text = text.get(start..end).unwrap_or_default();
        let mut units = 0u32;
        for (i, c) in line_text.char_indices() {
            let width = encoding.width(c) as u32;
            // A position inside a character (half a surrogate pair, a byte inside a UTF-8 sequence) means
            // that character's start.
            if units + width > character {
                return Ok(start + i);
            }
            units += width;
        }
        Ok(end)
    }

    /// Like [`LineIndex::offset`], but a line past the end means the end of the text (for edits).
    pub fn offset_clamped(
        &self,
        text: &str,
        line: u32,
        character: u32,
        encoding: Encoding,
    ) -> usize {
        self.offset(text, line, character, encoding)
            .unwrap_or(self.len)
    }

    /// `(line, character)` of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_text = text.get(self.line_starts[line]..).unwrap_or_default();
        let character = units_before(line_text, offset - self.line_starts[line], encoding);
        (to_u32(line), to_u32(character))
    }

    /// 1-based line and 1-based column counted in chars (boa's and oxc's positions) of byte `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let (line, character) = self.position(text, offset, Encoding::Utf32);
        (line.saturating_add(1), character.saturating_add(1))
    }

    /// Byte offset of a 1-based line and 1-based column counted in chars (core's and boa's positions),
    /// clamped to that line / the text.
    pub fn offset_of_line_col(&self, text: &str, line: u32, column: u32) -> usize {
        let line = line.max(1) as usize - 1;
        let Some(&start) = self.line_starts.get(line) else {
            return self.len;
        };
        let end = self.line_end(text, line);
        let skip = column.max(1) as usize - 1;
        text.get(start..end)
            .unwrap_or_default()
            .char_indices()
            .nth(skip)
            .map_or(end, |(i, _)| start + i)
    }

    /// End of `line` in `text`: where its terminator (`\n`, `\r\n` or `\r`) starts, or the text's end.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        match self.line_starts.get(line + 1) {
            Some(&next) => {
                let bytes = text.as_bytes();
                let crlf = next >= 2
                    && bytes.get(next - 1) == Some(&b'\n')
                    && bytes.get(next - 2) == Some(&b'\r');
                if crlf { next - 2 } else { next - 1 }
            }
            None => self.len,
        }
    }
}

/// The line starts `s` with `from <= s <= to` (`from` ≥ 1) in `text`: each follows a `\n`, or a `\r` that no
/// `\n` follows.
fn line_starts_between(text: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    let window = text.get(from - 1..to.min(text.len())).unwrap_or_default();
    memchr::memchr2_iter(b'\n', b'\r', window)
        .map(move |i| from - 1 + i)
        .filter(move |&t| text.get(t) == Some(&b'\n') || text.get(t + 1) != Some(&b'\n'))
        .map(|t| t + 1)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_round_trip() {
        let text = "ab\ncd\n\nz";
        let index = LineIndex::new(text);
        assert_eq!(index.n_lines(), 4);
        for offset in 0..=text.len() {
            let (line, character) = index.position(text, offset, Encoding::Utf16);
            assert_eq!(
                index.offset(text, line, character, Encoding::Utf16),
                Ok(offset)
            );
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        // 'é' is 2 UTF-8 bytes / 1 UTF-16 unit; '😀' is 4 bytes / 2 units (a surrogate pair).
        let text = "é😀x\n😀";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 2, Encoding::Utf16), (0, 1));
        assert_eq!(index.position(text, 6, Encoding::Utf16), (0, 3));
        assert_eq!(index.position(text, 6, Encoding::Utf8), (0, 6));
        assert_eq!(index.offset(text, 0, 3, Encoding::Utf16), Ok(6));
        assert_eq!(index.offset(text, 0, 6, Encoding::Utf8), Ok(6));
        // Half a surrogate pair means the start of that character.
        assert_eq!(index.offset(text, 0, 2, Encoding::Utf16), Ok(2));
        assert_eq!(index.offset(text, 1, 2, Encoding::Utf16), Ok(text.len()));
        // Inside a UTF-8 sequence: the start of that character.
        assert_eq!(index.offset(text, 0, 1, Encoding::Utf8), Ok(0));
    }

    #[test]
    fn past_line_end_clamps_past_text_end_fails() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, 0, 99, Encoding::Utf16), Ok(2));
        assert!(index.offset(text, 2, 0, Encoding::Utf16).is_err());
        assert_eq!(
            index.offset_clamped(text, 9, 0, Encoding::Utf16),
            text.len()
        );
        assert_eq!(index.position(text, 999, Encoding::Utf16), (1, 2));
    }

    #[test]
    fn replacing_keeps_the_index_equal_to_a_fresh_one() {
        let texts = [
            "ab\ncd\n\nz",
            "",
            "\n",
            "x\ny",
            "é😀\n\n😀x\n",
            "a\r\nb\rc\n\r\r\nd\r",
            "\r\n\r\n",
            "\r",
        ];
        let inserts = [
            "", "q", "\n", "\r", "\r\n", "a\nb\n", "\n\n\n", "😀\n", "x\r", "\ny",
        ];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    for inserted in inserts {
                        let mut index = LineIndex::new(text);
                        let mut edited = text.to_owned();
                        edited.replace_range(start..end, inserted);
                        index.replace(&edited, start, end, inserted.len());
                        let fresh = LineIndex::new(&edited);
                        assert_eq!(
                            (&index.line_starts, index.len),
                            (&fresh.line_starts, fresh.len),
                            "{text:?} {start}..{end} <- {inserted:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn flat_offsets_in_each_encoding() {
        let text = "é😀x";
        assert_eq!(offset_of_units(text, 2, Encoding::Utf32), "é😀".len());
        assert_eq!(
            offset_of_units(text, 2, Encoding::Utf16),
            "é".len(),
            "inside the pair"
        );
        assert_eq!(offset_of_units(text, 3, Encoding::Utf16), "é😀".len());
        assert_eq!(offset_of_units(text, 99, Encoding::Utf8), text.len());
        assert_eq!(units_before(text, text.len(), Encoding::Utf32), 3);
        assert_eq!(units_before(text, text.len(), Encoding::Utf16), 4);
        assert_eq!(
            units_before(text, 4, Encoding::Utf8),
            2,
            "moved back to a boundary"
        );
        let index = LineIndex::new("ab\r\nc😀d");
        assert_eq!(index.line_col("ab\r\nc😀d", 4 + 1 + 4), (2, 3));
        assert_eq!(index.position("ab\r\nc😀d", 9, Encoding::Utf32), (1, 2));
    }

    #[test]
    fn one_based_char_columns() {
        let text = "é = 1;\n  x😀y";
        let index = LineIndex::new(text);
        assert_eq!(index.offset_of_line_col(text, 1, 2), 2);
        assert_eq!(index.offset_of_line_col(text, 2, 5), text.len() - 1);
        assert_eq!(index.offset_of_line_col(text, 9, 1), text.len());
    }

    #[test]
    fn lone_cr_crlf_and_lf_each_end_a_line() {
        // Line 0 ends in \n, line 1 in \r\n, lines 2 and 3 in a lone \r, line 4 in \r\n, line 5 is the rest.
        let text = "a\nbb\r\ncc\r\rd😀\r\ne";
        let index = LineIndex::new(text);
        assert_eq!(index.n_lines(), 6);
        let lines: Vec<&str> = (0..index.n_lines())
            .map(|l| {
                let start = index.offset_of_line_col(text, l as u32 + 1, 1);
                &text[start..index.line_end(text, l)]
            })
            .collect();
        assert_eq!(lines, ["a", "bb", "cc", "", "d😀", "e"]);
        // A character past the end of a line is the line's end: before its whole terminator.
        assert_eq!(index.offset(text, 1, 9, Encoding::Utf16), Ok(4));
        assert_eq!(index.offset(text, 2, 9, Encoding::Utf16), Ok(8));
        assert_eq!(index.offset(text, 4, 9, Encoding::Utf16), Ok(15));
        assert_eq!(index.position(text, text.len(), Encoding::Utf16), (5, 1));
        assert_eq!(index.position(text, 10, Encoding::Utf16), (4, 0));
        assert_eq!(index.position(text, 15, Encoding::Utf16), (4, 3));
        for offset in 0..=text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            let (line, character) = index.position(text, offset, Encoding::Utf16);
            let back = index
                .offset(text, line, character, Encoding::Utf16)
                .unwrap();
            // Offsets inside a terminator map to the line's end; every other offset round-trips.
            let end = index.line_end(text, line as usize);
            assert_eq!(back, if offset > end { end } else { offset }, "{offset}");
        }
    }
}
