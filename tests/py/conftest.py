"""Shared fixtures for the real-client suites: the vmjs binary under test and isolated data directories."""

import os
import pathlib
import resource
import shutil

import pytest
import zmq

# One pytest process starts ~150 kernels and their clients; jupyter_client's sockets live in the shared
# `zmq.Context.instance()` and are closed when Python collects their clients, which can lag behind a burst of
# tests. A channel thread once failed with "Too many open files" (zmq's error for both limits below): the soft
# descriptor limit is raised to the hard one (as vmjs raises its own) and the shared context takes more sockets.
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
_wanted = 65536 if _hard == resource.RLIM_INFINITY else _hard
if _wanted > _soft:
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (_wanted, _hard))
    except (ValueError, OSError):
        pass
zmq.Context.instance().set(zmq.MAX_SOCKETS, 8192)


@pytest.fixture(scope="session")
def vmjs_bin() -> str:
    """Absolute path of the vmjs binary under test (`VMJS_BIN`, else `vmjs` on PATH)."""
    path = os.environ.get("VMJS_BIN") or shutil.which("vmjs")
    if not path or not pathlib.Path(path).is_file():
        pytest.fail("set VMJS_BIN to the vmjs binary (scripts/test.sh does this)")
    return str(pathlib.Path(path).resolve())
