//! Packs the relative relocations of the `vmjs` and `vmjs-worker` executables (`-z pack-relative-relocs`,
//! DT_RELR).
//!
//! Every vmjs process — kernel, language server, and above all each session's worker — is one of these two
//! binaries, position-independent executables. With classic RELA relocations it carries ~128k of them: 3 MB of
//! `.rela.dyn` read by the dynamic loader in every process at start-up. Packed, they take ~30 KB. Measured with
//! the core benchmark's RSS rows (bench/RESULTS.md): spare worker 10.1 → 7.1 MiB, idle worker 19.5 → 16.6 MiB,
//! with address-space randomisation of the executable kept (linking without PIE saves 0.2 MiB more, at that
//! price).
//!
//! Needs a C library whose loader understands DT_RELR (glibc 2.36+, which then defines the symbol version
//! `GLIBC_ABI_DT_RELR`): probed on the build machine — the one the binary runs on when built from source —
//! and skipped otherwise, so older systems still build. `VMJS_NO_RELR=1` skips it too.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=VMJS_NO_RELR");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    let same_machine = std::env::var("TARGET").ok() == std::env::var("HOST").ok();
    if linux_gnu && same_machine && std::env::var_os("VMJS_NO_RELR").is_none() && libc_loads_relr()
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this machine's glibc defines `GLIBC_ABI_DT_RELR` (its loader then applies packed relocations).
fn libc_loads_relr() -> bool {
    const CANDIDATES: &[&str] = &[
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/aarch64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/usr/lib64/libc.so.6",
        "/usr/lib/libc.so.6",
        "/lib/libc.so.6",
    ];
    const NEEDLE: &[u8] = b"GLIBC_ABI_DT_RELR";
    CANDIDATES.iter().any(|path| {
        std::fs::read(path)
            .map(|bytes| bytes.windows(NEEDLE.len()).any(|w| w == NEEDLE))
            .unwrap_or(false)
    })
}
