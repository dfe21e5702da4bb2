#!/usr/bin/env bash
# Runs every test of vmjs: formatting and lint gates, then the whole workspace with cargo-nextest
# (unit tests of each crate and the end-to-end tests in tests/it, which spawn real worker processes and use
# real SQLite files). Benchmarks are not part of this; see bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-nextest >/dev/null 2>&1; then
    cargo install --locked cargo-nextest
fi

cargo fmt --all --check
cargo build --workspace --all-targets --locked
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo nextest run --workspace --locked --no-fail-fast
