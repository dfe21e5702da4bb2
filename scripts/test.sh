#!/usr/bin/env bash
# Runs every test of vmjs: formatting and lint gates, then the whole workspace with cargo-nextest
# (unit tests of each crate and the end-to-end tests in tests/it, which spawn real worker processes and use
# real SQLite files), then the suites in tests/py that drive the built binary with real clients
# (jupyter_client, jupyter_kernel_test, pytest-lsp, the MCP SDK). Benchmarks are not part of this; see bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every Debian package any suite below needs, before the first suite runs (one list: scripts/apt-deps.sh).
scripts/apt-deps.sh

if ! command -v cargo-nextest >/dev/null 2>&1; then
    cargo install --locked cargo-nextest
fi

cargo fmt --all --check
cargo build --workspace --all-targets --locked
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo nextest run --workspace --locked --no-fail-fast
# boa_string as vmjs patches it (vendor/boa_string, outside the workspace): its tests and the appender's.
cargo fmt --manifest-path vendor/boa_string/Cargo.toml --check
cargo clippy --manifest-path vendor/boa_string/Cargo.toml --all-targets --locked -- -D warnings
cargo test --manifest-path vendor/boa_string/Cargo.toml --locked
# boa_engine as vmjs patches it (vendor/boa_engine): its format here; what the patches change is tested by
# the workspace's tests above (tests/it/array_moves.rs, property_deletes.rs, core's node_messages), and
# boa's own tests of those parts by the command in its VMJS-PATCH.md (their build alone takes ~8 minutes).
cargo fmt --manifest-path vendor/boa_engine/Cargo.toml --check

# Real-client suites against the binary just built. The packages notebook and its `vmjs run` test, the
# Deno-style example and a notebook of the corpus of other kernels' notebooks import npm packages from their
# folder's node_modules: installed here from their lockfiles before nbval, nbclient or `vmjs test` run them.
scripts/venv.sh
npm ci --prefix tests/notebooks/packages --no-audit --no-fund --loglevel=error
npm ci --prefix examples --no-audit --no-fund --loglevel=error
npm ci --prefix tests/corpus/nteract-examples --no-audit --no-fund --loglevel=error
# The nesting pre-scan rejects none of the ~10 000 source files those packages hold (the test built above).
# (Absolute paths: cargo runs a test in its package's folder.)
VMJS_NESTING_CORPUS="$PWD/tests/notebooks/packages/node_modules:$PWD/examples/node_modules:$PWD/tests/corpus/nteract-examples/node_modules" \
    cargo test --locked -q -p vmjs-core --lib real_package_files_are_not_rejected -- --ignored
target_dir=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
VMJS_FULL_SUITE=1 VMJS_BIN="$target_dir/debug/vmjs" .venv/bin/python -m pytest tests/py -q -p no:cacheprovider

# The notebooks of the repository as regression tests, through vmjs's own runner.
VMJS_DB="$(mktemp -d)/vmjs.db" "$target_dir/debug/vmjs" test --sanitize tests/notebooks/sanitize.cfg \
    --jobs 2 --timeout 30000 --junit "$target_dir/notebooks-junit.xml" tests/notebooks examples

# JupyterLab in headless Chromium: run cells, display, errors, the stop button.
VMJS_BIN="$target_dir/debug/vmjs" ARTIFACTS="$target_dir/e2e-jupyterlab" scripts/e2e-jupyterlab.sh

# The web UI of `vmjs serve` in headless Chromium: live output, displays, stop, history after a reload.
VMJS_BIN="$target_dir/debug/vmjs" ARTIFACTS="$target_dir/e2e-web" scripts/e2e-web.sh

# The MCP server through the official MCP Inspector CLI (npm): tools/list, execute 1+1, errors, an unknown tool.
VMJS_BIN="$target_dir/debug/vmjs" scripts/e2e-mcp-inspector.sh

# The VS Code extension: unit tests and the packaged .vsix.
scripts/test-vscode.sh

# The extension in a real VS Code (code-server + headless Chromium) against the binary just built.
VMJS_BIN="$target_dir/debug/vmjs" scripts/e2e-vscode.sh
