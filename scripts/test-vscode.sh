#!/usr/bin/env bash
# Builds and tests the VS Code extension (editor-extensions/vscode): npm ci from its lockfile, unit tests
# (node --test with the pure modules, no VS Code needed), then `npm run package`: type-check, esbuild bundle
# and editor-extensions/vscode/vmjs.vsix.
# The end-to-end test in a real VS Code is scripts/e2e-vscode.sh.
set -euo pipefail
cd "$(dirname "$0")/../editor-extensions/vscode"

start=$SECONDS
npm ci --no-audit --no-fund --loglevel=error
npm test
npm run package
echo "test-vscode: built, tested and packaged $(pwd)/vmjs.vsix in $((SECONDS - start)) s"
