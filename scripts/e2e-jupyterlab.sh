#!/usr/bin/env bash
# JupyterLab in a real browser: starts `jupyter lab` on loopback (JupyterLab, ipywidgets and anywidget from PyPI
# and jupyterlab-lsp in .venv-e2e) with the vmjs kernelspec installed into a temporary prefix and `vmjs lsp` as
# jupyter-lsp's only language server, and drives it (test.mjs: cells, errors, interrupt; widgets.mjs: widgets
# both ways, tables; lsp.mjs: vmjs's diagnostics and jump to definition in a notebook) with headless Debian
# Chromium through playwright-core (npm; no browser downloads). Screenshots and jupyter-lab.log land in
# $ARTIFACTS (default target/e2e-jupyterlab).
# Usage: VMJS_BIN=path/to/vmjs scripts/e2e-jupyterlab.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

: "${VMJS_BIN:?set VMJS_BIN to the vmjs binary}"
vmjs=$(realpath "$VMJS_BIN")
artifacts=$(realpath -m "${ARTIFACTS:-target/e2e-jupyterlab}")
mkdir -p "$artifacts"
scripts/apt-deps.sh # Chromium, curl

venv=.venv-e2e
requirements=tests/e2e/jupyterlab/requirements.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ ! -x "$venv/bin/jupyter-lab" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" > "$stamp"
fi
(cd tests/e2e/jupyterlab && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

tmp=$(mktemp -d -t vmjs-e2e-lab-XXXXXX)
lab_pid=
cleanup() {
    if [[ -n "$lab_pid" ]]; then
        kill "$lab_pid" 2>/dev/null || true
        wait "$lab_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$vmjs" --db "$tmp/vmjs.db" kernel install --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/work"
cp tests/e2e/jupyterlab/{e2e,widgets,lsp}.ipynb "$tmp/work/"
# jupyter-lsp's server spec for vmjs (README.md shows the same), and no autodetected servers: vmjs is the only
# one. Its debug log goes to stderr, which jupyter-lsp passes on to jupyter-lab.log (lsp.mjs reads it).
mkdir -p "$tmp/config"
python3 - "$vmjs" "$tmp/vmjs.db" >"$tmp/config/jupyter_server_config.json" <<'EOF'
import json, sys
vmjs, db = sys.argv[1:]
spec = {
    "argv": [vmjs, "--db", db, "lsp"],
    "languages": ["javascript", "typescript"],
    "version": 2,
    "mime_types": ["application/javascript", "text/javascript", "text/typescript"],
    "display_name": "vmjs",
    "env": {"VMJS_LOG": "vmjs_lsp=debug", "NO_COLOR": "1"},
}
print(json.dumps({"LanguageServerManager": {"autodetect": False, "language_servers": {"vmjs": spec}}}, indent=1))
EOF
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export JUPYTER_PATH="$tmp/prefix/share/jupyter"
export JUPYTER_CONFIG_DIR="$tmp/config" JUPYTER_DATA_DIR="$tmp/data" JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTERLAB_SETTINGS_DIR="$tmp/settings" JUPYTERLAB_WORKSPACES_DIR="$tmp/workspaces"
"$repo/$venv/bin/jupyter-lab" --no-browser --allow-root --ip=127.0.0.1 --port="$port" \
    --IdentityProvider.token="$token" --ServerApp.root_dir="$tmp/work" \
    >"$artifacts/jupyter-lab.log" 2>&1 &
lab_pid=$!

for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/api/status?token=$token" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$lab_pid" 2>/dev/null; then
        echo "jupyter lab exited; see $artifacts/jupyter-lab.log" >&2
        tail -n 20 "$artifacts/jupyter-lab.log" >&2
        exit 1
    fi
    sleep 0.1
done

export LAB_URL="http://127.0.0.1:$port" LAB_TOKEN="$token" ARTIFACTS="$artifacts" LAB_LOG="$artifacts/jupyter-lab.log"
node tests/e2e/jupyterlab/test.mjs
node tests/e2e/jupyterlab/widgets.mjs
node tests/e2e/jupyterlab/lsp.mjs
echo "screenshots: $artifacts"
