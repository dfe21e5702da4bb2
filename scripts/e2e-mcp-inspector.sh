#!/usr/bin/env bash
# The MCP server `vmjs mcp` (stdio) driven by the official MCP Inspector CLI (npm @modelcontextprotocol/inspector,
# pinned in tests/e2e/mcp-inspector): tools/list names `execute`, tools/call execute `1+1` answers "2", and a call
# of a tool that does not exist fails. Each run has its own database and session root.
# Usage: VMJS_BIN=path/to/vmjs scripts/e2e-mcp-inspector.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${VMJS_BIN:?set VMJS_BIN to the vmjs binary}"
vmjs=$(realpath "$VMJS_BIN")
dir=tests/e2e/mcp-inspector
# npm ci only when the lockfile changed since the last install (idempotent, and fast when nothing changed).
stamp="$dir/node_modules/.package-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    (cd "$dir" && INSPECTOR_SKIP_CLIENT_INSTALL=1 npm ci --no-audit --no-fund --silent)
    echo "$want" >"$stamp"
fi
inspector=$(realpath "$dir/node_modules/.bin/mcp-inspector")

tmp=$(mktemp -d -t vmjs-e2e-mcp-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root"

# One Inspector CLI call against a fresh `vmjs mcp`: its JSON answer in $tmp/out.json, messages in $tmp/err.txt.
inspect() {
    (cd "$tmp/root" && VMJS_DB="$tmp/vmjs.db" timeout 60 "$inspector" --cli \
        -e "VMJS_DB=$tmp/vmjs.db" "$vmjs" mcp --root "$tmp/root" "$@") >"$tmp/out.json" 2>"$tmp/err.txt"
}
fail() {
    echo "e2e-mcp-inspector: FAIL: $1" >&2
    echo "--- stdout" >&2
    cat "$tmp/out.json" >&2
    echo "--- stderr" >&2
    cat "$tmp/err.txt" >&2
    exit 1
}
# Reads a JSON path from $tmp/out.json with Python (no jq needed): `field tools` or `field structuredContent result`.
field() {
    python3 - "$tmp/out.json" "$@" <<'EOF'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    value = value[key] if isinstance(value, dict) else value[int(key)]
print(json.dumps(value))
EOF
}

passed=0
check() {
    echo "e2e-mcp-inspector: ok: $1"
    passed=$((passed + 1))
}

inspect --method tools/list || fail "tools/list exited $?"
names=$(python3 -c 'import json, sys; print(" ".join(sorted(t["name"] for t in json.load(open(sys.argv[1]))["tools"])))' \
    "$tmp/out.json") || fail "tools/list answered no tool list"
[[ " $names " == *" execute "* ]] || fail "tools/list has no execute tool: $names"
check "tools/list: $names"

inspect --method tools/call --tool-name execute --tool-arg code=1+1 || fail "tools/call execute exited $?"
[[ "$(field isError)" == "false" ]] || fail "execute 1+1 is an error"
[[ "$(field structuredContent result)" == '"2"' ]] || fail "execute 1+1 did not answer \"2\""
[[ "$(field structuredContent status)" == '"ok"' ]] || fail "execute 1+1: status is not ok"
check "tools/call execute 1+1 -> \"2\""

inspect --method tools/call --tool-name execute --tool-arg 'code=throw new TypeError("bad")' || true
[[ "$(field isError)" == "true" ]] || fail "a throwing execute is not isError"
[[ "$(field structuredContent error name)" == '"TypeError"' ]] || fail "a thrown TypeError is not named TypeError"
check "tools/call execute throw -> isError, TypeError"

# A tool that does not exist: the CLI exits non-zero (JSON-RPC error) or answers isError.
if inspect --method tools/call --tool-name no_such_tool --tool-arg code=1; then
    [[ "$(field isError)" == "true" ]] || fail "an unknown tool succeeded"
fi
check "tools/call of an unknown tool fails"

echo "e2e-mcp-inspector: $passed passed, 0 failed"
