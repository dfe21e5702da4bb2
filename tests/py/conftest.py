"""Shared fixtures for the real-client suites: the vmjs binary under test and isolated data directories."""

import os
import pathlib
import shutil

import pytest


@pytest.fixture(scope="session")
def vmjs_bin() -> str:
    """Absolute path of the vmjs binary under test (`VMJS_BIN`, else `vmjs` on PATH)."""
    path = os.environ.get("VMJS_BIN") or shutil.which("vmjs")
    if not path or not pathlib.Path(path).is_file():
        pytest.fail("set VMJS_BIN to the vmjs binary (scripts/test.sh does this)")
    return str(pathlib.Path(path).resolve())
