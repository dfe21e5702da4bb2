"""Notebooks with the tools people already use: nbclient runs every notebook in `examples/` with the installed
vmjs kernelspec, `pytest --nbval` passes on `tests/notebooks/` (run as a subprocess against a kernelspec whose
template is deterministic, like `vmjs test`), and every notebook in the repository is written exactly as
nbformat writes it (what `vmjs test --update` promises)."""

import os
import pathlib
import subprocess
import sys
import tempfile

import nbformat
import pytest
from nbclient import NotebookClient

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "kernel"))

from kernelspec import KERNEL_NAME, install  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]
REGRESSION = REPO / "tests" / "notebooks"
# The examples, and the notebook of real npm packages (ES modules and CommonJS from its folder's node_modules).
EXAMPLES = sorted((REPO / "examples").glob("*.ipynb")) + [REGRESSION / "packages" / "packages.ipynb"]
# nbval 0.11 does not implement `update_display_data` and `clear_output` (it prints "unhandled iopub msg"),
# so the notebook that checks them is left to `vmjs test` and nbclient-like clients.
NBVAL_IGNORE = [REGRESSION / "display_updates.ipynb"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs_with_nbclient(path):
    install()
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=60,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert code_cells, "an example without code"
    for cell in code_cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" not in cell.metadata.get("tags", []):
            assert not errors, f"{path.name}: {cell.source!r} raised {errors}"
    assert any(cell.outputs for cell in code_cells)


def test_nbval_passes_on_the_regression_notebooks(vmjs_bin):
    with tempfile.TemporaryDirectory(prefix="vmjs-nbval-") as tmp:
        tmp = pathlib.Path(tmp)
        db = str(tmp / "vmjs.db")
        prefix = tmp / "prefix"
        subprocess.run(
            [vmjs_bin, "--db", db, "template", "create", "nbval", "--deterministic", "true"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [vmjs_bin, "--db", db, "kernel", "install", "--prefix", str(prefix), "--template", "nbval",
             "--name", KERNEL_NAME],
            check=True,
            capture_output=True,
        )
        env = dict(os.environ, JUPYTER_PATH=str(prefix / "share" / "jupyter"))
        command = [
            sys.executable, "-m", "pytest", "--nbval", str(REGRESSION),
            "--nbval-sanitize-with", str(REGRESSION / "sanitize.cfg"),
            "--nbval-kernel-name", KERNEL_NAME,
            "-p", "no:cacheprovider", "-p", "no:pytest-lsp", "-q",
        ]
        for ignored in NBVAL_IGNORE:
            command += ["--ignore", str(ignored)]
        result = subprocess.run(command, env=env, cwd=tmp, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.parametrize(
    "path",
    sorted(REGRESSION.glob("*.ipynb")) + EXAMPLES,
    ids=lambda p: p.name,
)
def test_notebook_is_valid_and_written_like_nbformat_writes_it(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert nbformat.writes(notebook) + "\n" == path.read_text(encoding="utf-8")
