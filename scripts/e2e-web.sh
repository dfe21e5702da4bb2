#!/usr/bin/env bash
# The web UI of `vmjs serve` in a real browser: starts the server on loopback with a token file and drives the
# page with headless Debian Chromium through playwright-core (npm; no browser downloads). Screenshots land in
# $ARTIFACTS (default target/e2e-web).
# Usage: VMJS_BIN=path/to/vmjs scripts/e2e-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${VMJS_BIN:?set VMJS_BIN to the vmjs binary}"
vmjs=$(realpath "$VMJS_BIN")
artifacts=$(realpath -m "${ARTIFACTS:-target/e2e-web}")
mkdir -p "$artifacts"
scripts/apt-deps.sh # Chromium, curl
(cd tests/e2e/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

tmp=$(mktemp -d -t vmjs-e2e-web-XXXXXX)
server_pid=
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "$token" > "$tmp/token"
chmod 600 "$tmp/token"
mkdir -p "$tmp/root"
(cd "$tmp/root" && exec "$vmjs" --db "$tmp/vmjs.db" serve --listen 127.0.0.1:0 --token-file "$tmp/token") \
    >"$artifacts/serve.log" 2>&1 &
server_pid=$!

url=
for _ in $(seq 1 300); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$artifacts/serve.log" | head -n 1 || true)
    if [[ -n "$url" ]]; then
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "vmjs serve exited; see $artifacts/serve.log" >&2
        tail -n 20 "$artifacts/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
[[ -n "$url" ]] || { echo "vmjs serve printed no address" >&2; exit 1; }

SERVER_URL="$url" SERVER_TOKEN="$token" ARTIFACTS="$artifacts" node tests/e2e/web/test.mjs
echo "screenshots: $artifacts"
