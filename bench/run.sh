#!/usr/bin/env bash
# Runs the benchmarks of bench/ (not part of scripts/test.sh). One command each:
#   bench/run.sh build    build `vmjs` and the core benchmark with the `profiling` profile, timed
#                         (BENCH_PROFILE=release: the profile users install, thin LTO; ~5 min more to build)
#   bench/run.sh core     core benchmark (pipeline vs bare boa, console → store, start/restart, interrupt,
#                         timeout, RSS); extra arguments filter sections: bench/run.sh core start interrupt
#   bench/run.sh kernel   vmjs beside ipykernel and Deno's kernel through jupyter_client (bench/setup.sh first)
#   bench/run.sh serve    `vmjs serve` (and `vmjs mcp`) from a client beside in-process core: latency, 100k lines over
#                         SSE, 1 000 live sessions (PSS, p99 under load), 10 000 hibernating sessions; extra
#                         arguments filter sections: bench/run.sh serve latency sse
#   bench/run.sh typescript  stripping a 1 000-line TypeScript file beside boa parsing the JavaScript, and
#                         `main.ts` beside `main.js` run end to end in a session
#   bench/run.sh all      build, core, kernel
# The vmjs binary used is copied to $VMJS_BENCH_BIN (default /tmp/bench-vmjs-PROFILE/vmjs), with the session workers'
# vmjs-worker beside it, right after the build, since the shared target directory may be rebuilt by other worktrees
# meanwhile.
# Before/after in one run: VMJS_BENCH_BEFORE_BIN=/path/to/older/vmjs bench/run.sh kernel --rounds 2 runs ipykernel
# (the baseline of the ratios), the older binary as `vmjs-before` and $VMJS_BENCH_BIN as `vmjs`, alternating.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${BENCH_PROFILE:-profiling}
bin=${VMJS_BENCH_BIN:-/tmp/bench-vmjs-$profile/vmjs}
target_dir=$(cargo metadata --format-version 1 --no-deps --locked |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

build() {
    local started=$SECONDS
    cargo build --locked --profile "$profile" --bin vmjs --bin vmjs-worker
    mkdir -p "$(dirname "$bin")"
    cp "$target_dir/$profile/vmjs" "$bin"
    cp "$target_dir/$profile/vmjs-worker" "$(dirname "$bin")/vmjs-worker"
    cargo bench --locked --profile "$profile" -p vmjs-core --bench core_bench --no-run
    cargo bench --locked --profile "$profile" -p vmjs-core --bench typescript_bench --no-run
    cargo bench --locked --profile "$profile" -p vmjs-server --bench serve_bench --no-run
    echo "build ($profile): $((SECONDS - started)) s" >&2
}

core() {
    [[ -x "$bin" ]] || build
    VMJS_BIN="$bin" cargo bench --locked --profile "$profile" -p vmjs-core --bench core_bench -- "$@"
}

typescript() {
    [[ -x "$bin" ]] || build
    VMJS_BIN="$bin" cargo bench --locked --profile "$profile" -p vmjs-core --bench typescript_bench
}

serve() {
    [[ -x "$bin" ]] || build
    VMJS_BIN="$bin" cargo bench --locked --profile "$profile" -p vmjs-server --bench serve_bench -- "$@"
}

kernel() {
    [[ -x "$bin" ]] || build
    bench/setup.sh
    local tmp
    tmp=$(mktemp -d /tmp/vmjs-kernel-bench.XXXXXX)
    local prefix="$tmp/prefix"
    "$bin" --db "$tmp/vmjs.db" kernel install --prefix "$prefix" >/dev/null
    bench/.venv/bin/python -m ipykernel install --prefix "$prefix" --name bench-python3 >/dev/null 2>&1
    local kernels=(--kernel vmjs=vmjs --kernel ipykernel=bench-python3)
    if [[ -n "${VMJS_BENCH_BEFORE_BIN:-}" ]]; then
        "$VMJS_BENCH_BEFORE_BIN" --db "$tmp/vmjs-before.db" kernel install --prefix "$prefix" \
            --name vmjs-before >/dev/null
        kernels=(--kernel ipykernel=bench-python3 --kernel vmjs-before=vmjs-before --kernel vmjs=vmjs)
    fi
    # `deno jupyter --install` writes to $XDG_DATA_HOME/jupyter/kernels (it has no --prefix).
    if XDG_DATA_HOME="$prefix/share" bench/node_modules/.bin/deno jupyter --install --name bench-deno \
        --force >/dev/null 2>&1; then
        kernels+=(--kernel deno=bench-deno)
    else
        echo "deno: kernelspec install failed; running without Deno" >&2
    fi
    JUPYTER_PATH="$prefix/share/jupyter" DENO_NO_UPDATE_CHECK=1 \
        bench/.venv/bin/python bench/kernel_bench.py "${kernels[@]}" --json "$tmp/results.json" "$@"
    echo "raw results: $tmp/results.json" >&2
}

case "${1:-all}" in
build) build ;;
core) shift; core "$@" ;;
kernel) shift; kernel "$@" ;;
serve) shift; serve "$@" ;;
typescript) typescript ;;
all) build; core; kernel; serve ;;
*) echo "usage: bench/run.sh [build|core [SECTION…]|kernel [kernel_bench.py options]|serve [SECTION…]|typescript|all]" >&2; exit 2 ;;
esac
