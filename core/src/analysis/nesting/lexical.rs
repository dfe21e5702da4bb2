//! The byte classes of the scan: white space, line terminators, words.

/// The white space or line terminator at `at`, if one starts there: its length in bytes, and whether it
/// ends a line. As ECMAScript defines them: white space is tab, VT, FF, space, U+FEFF and every other
/// space separator (U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000); line terminators are LF, CR,
/// U+2028 and U+2029.
#[inline]
pub(super) fn space_at(b: &[u8], at: usize) -> Option<(usize, bool)> {
    match b[at] {
        b'\n' | b'\r' => Some((1, true)),
        b' ' | b'\t' | 0x0b | 0x0c => Some((1, false)),
        c if c < 0x80 => None,
        lead => {
            let next = |k: usize| b.get(at + k).copied().unwrap_or(0);
            match (lead, next(1), next(2)) {
                (0xC2, 0xA0, _) => Some((2, false)),
                (0xE2, 0x80, 0xA8 | 0xA9) => Some((3, true)),
                (0xE1, 0x9A, 0x80)
                | (0xE2, 0x80, 0x80..=0x8A | 0xAF)
                | (0xE2, 0x81, 0x9F)
                | (0xE3, 0x80, 0x80)
                | (0xEF, 0xBB, 0xBF) => Some((3, false)),
                _ => None,
            }
        }
    }
}

/// Whether a line terminator starts at `at`.
#[inline]
pub(super) fn ends_line(b: &[u8], at: usize) -> bool {
    match b[at] {
        b'\n' | b'\r' => true,
        0xE2 => matches!(space_at(b, at), Some((_, true))),
        _ => false,
    }
}

/// Where the line that holds `at` ends: the offset of its terminator, or the text's length.
pub(super) fn line_end(b: &[u8], at: usize) -> usize {
    let mut end = at;
    while let Some(k) = b[end..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r' || c == 0xE2)
    {
        end += k;
        if ends_line(b, end) {
            return end;
        }
        end += 1;
    }
    b.len()
}

/// Where a word that starts at `at` ends: ASCII letters, digits, `_`, `$`, non-ASCII characters other
/// than white space, and `\u` escapes (`\u0069`, `\u{69}`), as a parser reads identifiers; and whether it
/// holds an escape.
pub(super) fn word_end(b: &[u8], at: usize) -> (usize, bool) {
    let (mut end, mut escaped) = (at, false);
    loop {
        end += run_length(&b[end..], is_ascii_word_byte);
        match b.get(end) {
            Some(&c) if c >= 0x80 && space_at(b, end).is_none() => end += 1,
            Some(b'\\') if b.get(end + 1) == Some(&b'u') => {
                escaped = true;
                end += 2;
                if b.get(end) == Some(&b'{') {
                    end += run_length(&b[end..], |c| {
                        c != b'}' && is_ascii_word_byte(c) || c == b'{'
                    });
                    end += usize::from(b.get(end) == Some(&b'}'));
                }
            }
            _ => return (end, escaped),
        }
    }
}

/// Whether a word can start with `c` (or a number: digits are word bytes).
pub(super) fn starts_word(b: &[u8], at: usize) -> bool {
    let c = b[at];
    is_ascii_word_byte(c)
        || (c >= 0x80 && space_at(b, at).is_none())
        || (c == b'\\' && b.get(at + 1) == Some(&b'u'))
}

/// How many bytes at the start of `bytes` satisfy `in_run`.
pub(super) fn run_length(bytes: &[u8], in_run: impl Fn(u8) -> bool) -> usize {
    bytes
        .iter()
        .position(|&c| !in_run(c))
        .unwrap_or(bytes.len())
}

/// ASCII letters, digits, `_` and `$`.
pub(super) fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_WORD_BYTES[usize::from(b)]
}

/// [`is_ascii_word_byte`] as a table, so the scan's hottest loop — through names — tests one load per
/// byte.
static ASCII_WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
        b += 1;
    }
    table
};
