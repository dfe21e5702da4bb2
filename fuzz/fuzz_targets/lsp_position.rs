//! cargo fuzz target: see `vmjs_fuzz::lsp_position`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vmjs_fuzz::lsp_position(data));
