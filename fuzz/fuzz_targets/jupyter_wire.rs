//! cargo fuzz target: see `vmjs_fuzz::jupyter_wire`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vmjs_fuzz::jupyter_wire(data));
