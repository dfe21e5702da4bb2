#!/usr/bin/env bash
# `vmjs test` vs `pytest --nbval` on the same notebooks with the same kernel (a kernelspec whose template is
# deterministic, like `vmjs test`): wall time of each (best of 3) and the ratio. Not part of CI.
# Usage: VMJS_BIN=path/to/vmjs bench/notebooks.sh   (needs .venv from scripts/venv.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
vmjs=$(realpath "${VMJS_BIN:?set VMJS_BIN to the vmjs binary}")
tmp=$(mktemp -d -t vmjs-bench-nb-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$vmjs" --db "$tmp/vmjs.db" template create bench --deterministic true >/dev/null
"$vmjs" --db "$tmp/vmjs.db" kernel install --prefix "$tmp/prefix" --template bench --name vmjs >/dev/null
# nbval 0.11 does not implement clear_output/update_display_data: leave that notebook out of both runs.
notebooks=$(ls tests/notebooks/*.ipynb examples/*.ipynb | grep -v display_updates)
best() {
    local best=999999
    for _ in 1 2 3; do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        best=$(( (end - start) / 1000000 < best ? (end - start) / 1000000 : best ))
    done
    echo "$best"
}
# shellcheck disable=SC2086
vmjs_ms=$(best "$vmjs" --db "$tmp/vmjs.db" test --sanitize tests/notebooks/sanitize.cfg $notebooks)
# shellcheck disable=SC2086
nbval_ms=$(best env JUPYTER_PATH="$tmp/prefix/share/jupyter" .venv/bin/python -m pytest --nbval $notebooks \
    --nbval-sanitize-with tests/notebooks/sanitize.cfg --nbval-kernel-name vmjs \
    -p no:cacheprovider -p no:pytest-lsp -q)
echo "notebooks: $(echo "$notebooks" | wc -l)"
echo "vmjs test:      ${vmjs_ms} ms"
echo "pytest --nbval: ${nbval_ms} ms"
python3 -c "print(f'ratio: {$nbval_ms / $vmjs_ms:.1f}x')"
