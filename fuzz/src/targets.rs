//! The bodies of the fuzz targets, shared by `cargo fuzz` (fuzz/fuzz_targets/*.rs) and by the ordinary test
//! that replays every seed corpus in CI (tests/it/fuzz_corpus.rs includes this file). Each body panics only
//! when an invariant breaks.

use vmjs_core::analysis::{self, SourceKind};
use vmjs_core::protocol::{FromWorker, ToWorker, decode_frame};

/// Position mapping (core's, which the language server, the kernel and the analysis use).
use vmjs_core::line_index as position;

/// The worker protocol decoder: any bytes give a message, "need more", or an error — never a panic, and a
/// decoded frame never claims more bytes than it was given.
pub fn worker_protocol(data: &[u8]) {
    if let Ok(Some((_, used))) = decode_frame::<ToWorker>(data) {
        assert!(used <= data.len());
    }
    if let Ok(Some((_, used))) = decode_frame::<FromWorker>(data) {
        assert!(used <= data.len());
    }
}

/// Cell analysis and rewriting: no panic on any text; a rewrite of valid input keeps the line count, parses
/// as a script, and maps every position back inside the original.
pub fn cell_rewrite(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let _ = analysis::is_complete(source);
    let _ = analysis::declared_names(source);
    let kind = analysis::source_kind(source);
    let _ = analysis::syntax_errors(source, kind);
    if let Ok(rewrite) = analysis::rewrite_repl_input(source) {
        assert_eq!(
            rewrite.code.lines().count(),
            source.lines().count(),
            "a rewrite adds or removes lines"
        );
        let errors = analysis::syntax_errors(&rewrite.code, SourceKind::Script);
        assert!(
            errors.is_empty(),
            "the rewrite of valid input does not parse: {errors:?}\n--- input\n{source}\n--- rewrite\n{}",
            rewrite.code
        );
        let lines = source.lines().count().max(1) as u32;
        for (line, text) in rewrite.code.lines().enumerate() {
            let line = line as u32 + 1;
            let (orig_line, _) = rewrite.original_position(line, text.chars().count() as u32 + 1);
            assert!(orig_line >= 1 && orig_line <= lines + 1);
        }
    }
}

/// The Jupyter wire decoder and signature check: arbitrary frames never panic, and a message signed with
/// the wrong key is never accepted.
pub fn jupyter_wire(data: &[u8]) {
    let frames: Vec<bytes::Bytes> = data
        .split(|b| *b == 0xff)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    let Ok(message) = zeromq::ZmqMessage::try_from(frames) else {
        return;
    };
    use vmjs_kernel::wire::{Signer, decode};
    let _ = decode(message.clone(), &Signer::new(""));
    if decode(message.clone(), &Signer::new(FUZZ_KEY)).is_ok() {
        // Accepted under one key: the check is really keyed, so another key must refuse it.
        assert!(
            decode(message, &Signer::new("another-key")).is_err(),
            "a signed message was accepted under the wrong key"
        );
    }
}

/// The key the seed corpus' signed messages use.
pub const FUZZ_KEY: &str = "fuzz-key";

/// Position mapping: for any UTF-8 text, every char boundary maps to a `(line, character)` and back to
/// itself in each encoding, and to a flat unit count and back; the encodings' positions of one offset name the
/// same byte; arbitrary positions (the first bytes of `data` pick them) never panic and land on a char
/// boundary; an index kept up to date through an edit (also picked by those bytes) equals a fresh one.
pub fn lsp_position(data: &[u8]) {
    use position::{Encoding, LineIndex, offset_of_units, units_before};
    const ENCODINGS: [Encoding; 3] = [Encoding::Utf16, Encoding::Utf8, Encoding::Utf32];
    let (head, rest) = data.split_at(data.len().min(8));
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let index = LineIndex::new(text);
    for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
        let mut seen = Vec::new();
        for encoding in ENCODINGS {
            let units = units_before(text, offset, encoding);
            assert_eq!(
                offset_of_units(text, units, encoding),
                offset,
                "{encoding:?} flat {offset}"
            );
            let (line, character) = index.position(text, offset, encoding);
            let back = index.offset(text, line, character, encoding);
            // Offsets inside a `\r\n` terminator map to the line's end (before the `\r`).
            let expected = offset.min(index.line_end(text, line as usize));
            assert_eq!(
                back,
                Ok(expected),
                "{encoding:?} {offset} -> {line}:{character}"
            );
            seen.push(back);
        }
        assert!(
            seen.iter().all(|s| *s == seen[0]),
            "the encodings disagree at {offset}"
        );
    }
    let mut numbers = head.chunks(4).map(|c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        u32::from_le_bytes(word)
    });
    let line = numbers.next().unwrap_or(0) % 64;
    let character = numbers.next().unwrap_or(0);
    for encoding in ENCODINGS {
        if let Ok(offset) = index.offset(text, line, character, encoding) {
            assert!(
                text.is_char_boundary(offset),
                "{offset} is inside a character"
            );
        }
        let clamped = index.offset_clamped(text, line, character, encoding);
        assert!(clamped <= text.len() && text.is_char_boundary(clamped));
        let _ = index.offset_of_line_col(text, line, character);
        let _ = index.position(text, character as usize, encoding);
    }
    // An edit: replace a range picked by the header with a piece of the text itself (terminators included).
    let start = position::floor_char_boundary(text, line as usize);
    let end = position::floor_char_boundary(text, start + (character as usize % 16)).max(start);
    let inserted = &text[end..position::floor_char_boundary(text, end + 4)];
    let mut edited = text.to_owned();
    edited.replace_range(start..end, inserted);
    let mut kept = index.clone();
    kept.replace(&edited, start, end, inserted.len());
    let fresh = LineIndex::new(&edited);
    assert_eq!(kept.n_lines(), fresh.n_lines(), "{edited:?}");
    for line in 0..fresh.n_lines() {
        assert_eq!(
            kept.line_end(&edited, line),
            fresh.line_end(&edited, line),
            "{edited:?} line {line}"
        );
    }
}
