//! cargo fuzz target: see `vmjs_fuzz::cell_rewrite`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vmjs_fuzz::cell_rewrite(data));
