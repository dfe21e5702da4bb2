//! Names this build of the worker: `VMJS_WORKER_BUILD`, a hash of everything a worker's behaviour comes from
//! (this crate's sources and manifest, the workspace's manifest — the dependencies' features — and lock
//! file — their versions).
//!
//! The `vmjs` host starts each session's worker from the smaller `vmjs-worker` binary beside it (see
//! `worker_exe.rs`) and hands it this name: a `vmjs-worker` left from another build (`cargo build --bin vmjs`
//! relinks only `vmjs`) sees a name that is not its own and hands over to `vmjs worker`, so a host never talks
//! to a worker of another build. The hash is of the sources, not of the time: two builds of the same sources
//! agree.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut inputs = Vec::new();
    collect_files(&manifest_dir.join("src"), &mut inputs);
    inputs.push(manifest_dir.join("Cargo.toml"));
    // The workspace's manifest (dependencies' features, e.g. boa's) and lock file (their versions).
    for workspace_file in ["../Cargo.toml", "../Cargo.lock"] {
        let path = manifest_dir.join(workspace_file);
        if path.is_file() {
            inputs.push(path);
        }
    }
    inputs.sort();
    let mut hash = Fnv1a::default();
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    for input in &inputs {
        let relative = input.strip_prefix(&manifest_dir).unwrap_or(input);
        hash.write(relative.to_string_lossy().as_bytes());
        hash.write(&[0]);
        hash.write(&std::fs::read(input).unwrap_or_default());
        hash.write(&[0]);
    }
    println!("cargo:rustc-env=VMJS_WORKER_BUILD={:016x}", hash.finish());
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=../Cargo.toml");
    println!("cargo:rerun-if-changed=../Cargo.lock");
}

/// Every file under `dir`, recursively.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: a stable hash without a build dependency (std's `DefaultHasher` may change between Rust
/// releases; a name only has to tell builds apart).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
