#!/usr/bin/env bash
# Installs every Debian package that any of vmjs's test suites needs, before the first suite runs: the one list
# of them, in one place. scripts/test.sh calls it first; the end-to-end scripts call it too, so each also works
# on its own on a fresh machine. Installs with apt-get only what is missing (root, or sudo, only then).
#
#   neovim                   the headless Neovim LSP client test (tests/py/lsp/test_neovim.py)
#   chromium                 the browser of the JupyterLab and VS Code end-to-end tests (playwright-core drives it)
#   libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make
#                            headers and tools code-server's native modules build with (scripts/e2e-vscode.sh)
#   curl                     readiness checks of the servers the end-to-end tests start
set -euo pipefail

packages=(
    neovim
    chromium
    libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config g++ make
    curl
)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
echo "apt-deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
