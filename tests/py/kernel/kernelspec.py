"""Installs the vmjs kernelspecs under test (JavaScript and TypeScript) into a temporary Jupyter prefix, once per test process.

The kernelspec runs the binary from `VMJS_BIN` with its own temporary database, and `JUPYTER_PATH` points
at the prefix, so `jupyter_client` finds it exactly as a user's Jupyter would.
"""

import functools
import os
import pathlib
import subprocess
import tempfile

KERNEL_NAME = "vmjs"
# `vmjs kernel install --typescript`: the same kernel announcing TypeScript.
TYPESCRIPT_KERNEL_NAME = "vmjs-typescript"


@functools.lru_cache(maxsize=None)
def install() -> pathlib.Path:
    """Installs the kernelspec (idempotent within the process); returns the temporary directory."""
    vmjs = os.environ.get("VMJS_BIN")
    if not vmjs:
        raise RuntimeError("set VMJS_BIN to the vmjs binary (scripts/test.sh does this)")
    root = pathlib.Path(tempfile.mkdtemp(prefix="vmjs-kernel-test-"))
    prefix = root / "prefix"
    for language in ([], ["--typescript"]):
        subprocess.run(
            [vmjs, "--db", str(root / "vmjs.db"), "kernel", "install", "--prefix", str(prefix), *language],
            check=True,
            capture_output=True,
        )
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    return root
