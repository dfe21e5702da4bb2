//! The text `JSON.stringify` writes ([`super::json_stringify`]): one buffer, Latin-1 until a character needs
//! UTF-16, that never grows past what a JavaScript string may hold nor past what the session's memory limit
//! allows.
//!
//! Both bounds fail the call, not the worker. A text longer than V8's longest string (2²⁹ − 24 characters)
//! is V8's `RangeError: Invalid string length`; a buffer the memory limit cannot hold (the worker's heap is
//! capped, so an allocation that does not fit fails) is a `RangeError` that says so, where an infallible
//! allocation would have ended the worker and every value the session held. Writes after a failure do
//! nothing; the serializer asks [`Output::check`] after each value and stops there.

use boa_engine::property::PropertyKey;
use boa_engine::string::JsStrVariant;
use boa_engine::{JsResult, JsStr, JsString};

use super::long_strings::{MAX_STRING_LENGTH, heap_has_room, out_of_memory, too_long};

/// Why the text could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    /// It would be longer than [`MAX_STRING_LENGTH`].
    TooLong,
    /// The memory limit could not hold it.
    OutOfMemory,
}

/// The text being written. Positions count characters in both encodings, so a mark taken before a switch to
/// UTF-16 stays valid.
pub(super) struct Output {
    text: Text,
    overflow: Option<Overflow>,
}

enum Text {
    Latin1(Vec<u8>),
    Utf16(Vec<u16>),
}

impl Output {
    pub(super) fn new() -> Self {
        Self {
            text: Text::Latin1(Vec::new()),
            overflow: None,
        }
    }

    /// Characters written so far.
    pub(super) fn len(&self) -> usize {
        match &self.text {
            Text::Latin1(bytes) => bytes.len(),
            Text::Utf16(units) => units.len(),
        }
    }

    pub(super) fn truncate(&mut self, len: usize) {
        match &mut self.text {
            Text::Latin1(bytes) => bytes.truncate(len),
            Text::Utf16(units) => units.truncate(len),
        }
    }

    /// The error of a write that did not fit, if one did not.
    pub(super) fn check(&self) -> JsResult<()> {
        match self.overflow {
            None => Ok(()),
            Some(overflow) => Err(overflow_error(overflow, self.len())),
        }
    }

    /// The text as a JavaScript string (checked: the copy into the string must fit too).
    pub(super) fn into_js_string(self) -> JsResult<JsString> {
        self.check()?;
        let bytes = match &self.text {
            Text::Latin1(bytes) => bytes.len(),
            Text::Utf16(units) => units.len() * 2,
        };
        // The string is a copy: while both exist the heap holds the text twice. Ask for that room first so
        // that a string the limit cannot hold fails here, not inside boa.
        if !heap_has_room(bytes) {
            return Err(overflow_error(Overflow::OutOfMemory, self.len()));
        }
        Ok(match &self.text {
            Text::Latin1(bytes) => JsString::from(JsStr::latin1(bytes)),
            Text::Utf16(units) => JsString::from(&units[..]),
        })
    }

    /// ASCII `text`.
    pub(super) fn ascii(&mut self, text: &[u8]) {
        self.latin1(text);
    }

    /// UTF-16 `units` as they are (the buffer stays Latin-1 when they fit).
    pub(super) fn units(&mut self, units: &[u16]) {
        if let Text::Latin1(_) = self.text
            && units.iter().all(|&unit| unit <= 0xFF)
        {
            if self.room(units.len())
                && let Text::Latin1(bytes) = &mut self.text
            {
                bytes.extend(units.iter().filter_map(|&unit| u8::try_from(unit).ok()));
            }
            return;
        }
        if let Some(wide) = self.wide(units.len()) {
            wide.extend_from_slice(units);
        }
    }

    /// `text` as it is.
    pub(super) fn js_str(&mut self, text: JsStr<'_>) {
        match text.variant() {
            JsStrVariant::Latin1(text) => self.latin1(text),
            JsStrVariant::Utf16(text) => self.units(text),
        }
    }

    /// A finite number as `Number.prototype.toString` writes it; `null` for NaN and the infinities.
    pub(super) fn number(&mut self, number: f64) {
        if !number.is_finite() {
            self.ascii(b"null");
        } else if number == 0.0 {
            self.ascii(b"0");
        } else if number.fract() == 0.0 && number.abs() < 9.007_199_254_740_992e15 {
            self.ascii(itoa::Buffer::new().format(number as i64).as_bytes());
        } else {
            self.ascii(ryu_js::Buffer::new().format_finite(number).as_bytes());
        }
    }

    /// A property key, quoted.
    pub(super) fn quoted_key(&mut self, key: &PropertyKey) {
        match key {
            PropertyKey::String(name) => self.quoted(name.as_str()),
            PropertyKey::Index(index) => {
                self.ascii(b"\"");
                self.ascii(itoa::Buffer::new().format(index.get()).as_bytes());
                self.ascii(b"\"");
            }
            PropertyKey::Symbol(_) => self.ascii(b"\"\""),
        }
    }

    /// QuoteJSONString: `"`, `\` and control characters escaped (`\n` and the like where JSON has them,
    /// `\u00XX` otherwise), lone surrogates as `\uXXXX`. The characters between two escapes are copied as
    /// one run.
    pub(super) fn quoted(&mut self, text: JsStr<'_>) {
        // Room for the text unescaped, at once: a string that cannot fit fails before it is read.
        if !self.room(text.len().saturating_add(2)) {
            return;
        }
        self.ascii(b"\"");
        match text.variant() {
            JsStrVariant::Latin1(text) => {
                let mut plain_from = 0;
                for (at, &byte) in text.iter().enumerate() {
                    if let Some(escape) = escape(u16::from(byte)) {
                        self.latin1(&text[plain_from..at]);
                        self.ascii(escape.text());
                        plain_from = at + 1;
                    }
                }
                self.latin1(&text[plain_from..]);
            }
            JsStrVariant::Utf16(text) => {
                let mut plain_from = 0;
                let mut at = 0;
                while at < text.len() {
                    let unit = text[at];
                    let escaped = match unit {
                        0xD800..=0xDBFF
                            if text
                                .get(at + 1)
                                .is_some_and(|u| (0xDC00..=0xDFFF).contains(u)) =>
                        {
                            at += 2; // a pair: kept as it is
                            continue;
                        }
                        0xD800..=0xDFFF => Some(Escape::Unicode(unicode_escape(unit))),
                        _ => escape(unit),
                    };
                    if let Some(escape) = escaped {
                        self.units(&text[plain_from..at]);
                        self.ascii(escape.text());
                        plain_from = at + 1;
                    }
                    at += 1;
                }
                self.units(&text[plain_from..]);
            }
        }
        self.ascii(b"\"");
    }

    /// Latin-1 `text`.
    fn latin1(&mut self, text: &[u8]) {
        if !self.room(text.len()) {
            return;
        }
        match &mut self.text {
            Text::Latin1(bytes) => bytes.extend_from_slice(text),
            Text::Utf16(units) => units.extend(text.iter().map(|&b| u16::from(b))),
        }
    }

    /// Whether `additional` more characters fit (growing the buffer if need be); records why not otherwise.
    #[inline]
    fn room(&mut self, additional: usize) -> bool {
        // Nearly every write fits in the buffer as it is.
        let (len, spare) = match &self.text {
            Text::Latin1(bytes) => (bytes.len(), bytes.capacity() - bytes.len()),
            Text::Utf16(units) => (units.len(), units.capacity() - units.len()),
        };
        if additional <= spare && len + additional <= MAX_STRING_LENGTH && self.overflow.is_none() {
            return true;
        }
        self.grow(additional)
    }

    /// [`Self::room`] when the buffer must grow (or cannot).
    #[cold]
    fn grow(&mut self, additional: usize) -> bool {
        if self.overflow.is_some() {
            return false;
        }
        if self.len().saturating_add(additional) > MAX_STRING_LENGTH {
            self.overflow = Some(Overflow::TooLong);
            return false;
        }
        let grown = match &mut self.text {
            Text::Latin1(bytes) => {
                bytes.try_reserve(additional).is_ok() || bytes.try_reserve_exact(additional).is_ok()
            }
            Text::Utf16(units) => {
                units.try_reserve(additional).is_ok() || units.try_reserve_exact(additional).is_ok()
            }
        };
        if !grown {
            self.overflow = Some(Overflow::OutOfMemory);
        }
        grown
    }

    /// The UTF-16 buffer with room for `additional` more units, converting what was written so far (`None`:
    /// it does not fit).
    fn wide(&mut self, additional: usize) -> Option<&mut Vec<u16>> {
        if let Text::Latin1(bytes) = &self.text {
            if self.overflow.is_some() {
                return None;
            }
            let mut units: Vec<u16> = Vec::new();
            if units
                .try_reserve(bytes.len().saturating_add(additional))
                .is_err()
            {
                self.overflow = Some(Overflow::OutOfMemory);
                return None;
            }
            units.extend(bytes.iter().map(|&b| u16::from(b)));
            self.text = Text::Utf16(units);
        }
        if !self.room(additional) {
            return None;
        }
        match &mut self.text {
            Text::Utf16(units) => Some(units),
            Text::Latin1(_) => None,
        }
    }
}

/// The error of a text that did not fit.
fn overflow_error(overflow: Overflow, written: usize) -> boa_engine::JsError {
    match overflow {
        Overflow::TooLong => too_long(),
        Overflow::OutOfMemory => out_of_memory(&format!(
            "the text of JSON.stringify ({written} characters so far)"
        )),
    }
}

/// How a character that JSON escapes is written.
enum Escape {
    /// `\` and this letter (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`).
    Short([u8; 2]),
    /// `\uXXXX`.
    Unicode([u8; 6]),
}

impl Escape {
    fn text(&self) -> &[u8] {
        match self {
            Self::Short(text) => text,
            Self::Unicode(text) => text,
        }
    }
}

/// The escape of a code unit below U+0080 that JSON escapes.
fn escape(unit: u16) -> Option<Escape> {
    let short = |letter: u8| Some(Escape::Short([b'\\', letter]));
    match unit {
        0x22 => short(b'"'),
        0x5C => short(b'\\'),
        0x08 => short(b'b'),
        0x0C => short(b'f'),
        0x0A => short(b'n'),
        0x0D => short(b'r'),
        0x09 => short(b't'),
        0x00..=0x1F => Some(Escape::Unicode(unicode_escape(unit))),
        _ => None,
    }
}

/// `\u` and four lowercase hexadecimal digits.
fn unicode_escape(unit: u16) -> [u8; 6] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digit = |shift: u16| HEX[usize::from((unit >> shift) & 0xF)];
    [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_v8s_longest_string_is_refused_before_it_is_written() {
        let mut out = Output::new();
        out.ascii(b"[");
        let long = vec![b'x'; 64];
        assert!(!out.room(MAX_STRING_LENGTH), "one character too many");
        assert_eq!(out.overflow, Some(Overflow::TooLong));
        out.latin1(&long);
        assert_eq!(out.len(), 1, "nothing is written after the overflow");
        let error = out.check().expect_err("overflowed");
        assert_eq!(
            error.as_native().map(|e| e.message().to_string()),
            Some("Invalid string length".to_owned())
        );
    }

    #[test]
    fn the_buffer_turns_utf16_at_the_first_character_past_latin1_and_keeps_positions() {
        let mut out = Output::new();
        out.ascii(b"ab");
        out.units(&[0xE9]);
        assert!(matches!(out.text, Text::Latin1(_)));
        let mark = out.len();
        out.units(&[0x263A]);
        assert!(matches!(out.text, Text::Utf16(_)));
        out.ascii(b"c");
        out.truncate(mark + 1);
        assert_eq!(
            out.into_js_string().map(|s| s.to_std_string_escaped()).ok(),
            Some("ab\u{e9}\u{263a}".to_owned())
        );
    }

    #[test]
    fn escapes_are_jsons() {
        let mut out = Output::new();
        out.quoted(JsStr::latin1(b"a\"\\\n\x01"));
        let lone: Vec<u16> = vec![0x61, 0xD800, 0x62, 0xD83D, 0xDE00, 0x0A];
        out.quoted(JsStr::utf16(&lone));
        assert_eq!(
            out.into_js_string().map(|s| s.to_std_string_escaped()).ok(),
            Some("\"a\\\"\\\\\\n\\u0001\"\"a\\ud800b\u{1F600}\\n\"".to_owned())
        );
    }
}
