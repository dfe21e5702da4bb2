//! The bodies of the fuzz targets, shared by `cargo fuzz` (fuzz/fuzz_targets/*.rs) and by the ordinary test
//! that replays every seed corpus in CI (tests/it/fuzz_corpus.rs includes this file). Each body panics only
//! when an invariant breaks.

use vmjs_core::analysis::{self, SourceKind};
use vmjs_core::protocol::{FromWorker, ToWorker, decode_frame};

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
