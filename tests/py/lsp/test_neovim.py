"""Headless Neovim as the LSP client: a syntax error arrives as a diagnostic, fixing it clears it, and the
`vmjs.runFile` command (the code lens' command) runs the buffer."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).parent


def test_neovim_receives_the_syntax_diagnostic(vmjs_bin, tmp_path):
    if shutil.which("nvim") is None:
        # scripts/test.sh installs every package first (scripts/apt-deps.sh), so there a missing Neovim is a
        # failure; a developer running pytest alone without it gets a skip.
        if os.environ.get("VMJS_FULL_SUITE"):
            pytest.fail("neovim is not installed, though scripts/apt-deps.sh should have installed it")
        pytest.skip("neovim is not installed (scripts/apt-deps.sh installs it)")
    root = tmp_path / "ws"
    root.mkdir()
    file = root / "broken.js"
    file.write_text("let x = 1;\nlet y = ;\n")
    out = tmp_path / "out.json"
    env = dict(
        os.environ,
        VMJS_BIN=vmjs_bin,
        VMJS_DB=str(tmp_path / "vmjs.db"),
        VMJS_NVIM_ROOT=str(root),
        VMJS_NVIM_FILE=str(file),
        VMJS_NVIM_OUT=str(out),
        HOME=str(tmp_path),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    subprocess.run(
        ["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {HERE / 'nvim_client.lua'}"],
        env=env,
        timeout=90,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    result = json.loads(out.read_text())
    assert result["got"] is True
    assert result["diagnostics"] == [
        {"lnum": 1, "col": 8, "message": "Unexpected token", "source": "vmjs"}
    ]
    assert result["cleared"] is True
    assert result["run"] == "ok"
