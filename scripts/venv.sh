#!/usr/bin/env bash
# Creates (or refreshes) the Python virtualenv `.venv` with the real Jupyter and LSP clients the end-to-end
# suites in tests/py use. Idempotent: reinstalls only when tests/py/requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
stamp="$venv/.requirements.sha256"
want=$(sha256sum tests/py/requirements.txt | cut -d' ' -f1)
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/py/requirements.txt
echo "$want" > "$stamp"
