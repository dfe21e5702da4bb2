//! cargo fuzz target: see `vmjs_fuzz::worker_protocol`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vmjs_fuzz::worker_protocol(data));
