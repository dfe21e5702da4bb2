//! Replays every fuzz target's seed corpus (fuzz/seeds/<target>/) through the same target bodies that
//! `cargo fuzz` runs, so CI checks them without a nightly toolchain.

#[path = "../../fuzz/src/targets.rs"]
mod targets;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| body(&data));
        assert!(outcome.is_ok(), "seed {} broke {target}", path.display());
        seeds += 1;
    }
    assert!(seeds > 0, "no seeds in {}", dir.display());
}

#[test]
fn worker_protocol_seeds() {
    replay("worker_protocol", targets::worker_protocol);
}

#[test]
fn cell_rewrite_seeds() {
    replay("cell_rewrite", targets::cell_rewrite);
}

#[test]
fn lsp_position_seeds() {
    replay("lsp_position", targets::lsp_position);
}

#[test]
fn jupyter_wire_seeds() {
    replay("jupyter_wire", targets::jupyter_wire);
}

#[test]
fn signed_seed_really_exercises_the_keyed_check() {
    let data = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/jupyter_wire/signed"),
    )
    .unwrap();
    let frames: Vec<bytes::Bytes> = data
        .split(|b| *b == 0xff)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    let message = zeromq::ZmqMessage::try_from(frames).unwrap();
    let signer = vmjs_kernel::wire::Signer::new(targets::FUZZ_KEY);
    assert!(vmjs_kernel::wire::decode(message, &signer).is_ok());
}
