#!/usr/bin/env bash
# Prepares the comparison kernels for bench/kernel_bench.py. Idempotent: the venv is rebuilt only when
# bench/requirements.txt changed, node_modules only when package-lock.json changed.
#   bench/.venv         jupyter_client + ipykernel (PyPI)
#   bench/node_modules  the npm package `deno` (its binary is bench/node_modules/.bin/deno)
set -euo pipefail
cd "$(dirname "$0")"

venv=.venv
stamp="$venv/.requirements.sha256"
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [[ ! -x "$venv/bin/python" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$want" > "$stamp"
fi

if [[ -f package-lock.json ]]; then
    lock=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [[ ! -f node_modules/.lock.sha256 || "$(cat node_modules/.lock.sha256)" != "$lock" ]]; then
        npm ci --no-audit --no-fund
        echo "$lock" > node_modules/.lock.sha256
    fi
else
    npm install --no-audit --no-fund
fi
