"""Notebooks written for other JavaScript kernels (tests/corpus: IJavascript's, ITypeScript's and nteract's
Node kernel's, with their sources and licences in corpus.json) run unchanged through the vmjs kernel without an
error their authors did not see, each in a fresh kernel rooted at a copy of its folder (bench/notebook_corpus.py,
the runner bench/RESULTS.md reports with)."""

import importlib.util
import pathlib
import shutil

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
CORPUS = REPO / "tests" / "corpus"

_spec = importlib.util.spec_from_file_location("notebook_corpus", REPO / "bench" / "notebook_corpus.py")
runner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(runner)

NOTEBOOKS = runner.corpus_notebooks(CORPUS)


def test_the_corpus_is_there_with_a_licence_beside_each_source():
    assert len(NOTEBOOKS) >= 3
    for path, _ in NOTEBOOKS:
        assert (path.parent / "LICENSE").is_file(), f"{path.parent.name} has no LICENSE"


@pytest.mark.parametrize(
    ("path", "allow"), NOTEBOOKS, ids=[p.relative_to(CORPUS).as_posix() for p, _ in NOTEBOOKS]
)
def test_runs_without_an_unintended_error(vmjs_bin, tmp_path, path, allow):
    root = tmp_path / "root"
    shutil.copytree(path.parent, root)
    cells = runner.run_notebook(root / path.name, vmjs_bin, 60, root, allow)
    assert cells, "no code cell ran"
    unintended = [
        f"cell {c['cell']} ({c['first_line'][:60]!r}): {c['ename']}: {c['evalue'][:300]}"
        for c in cells
        if c["unintended"]
    ]
    assert not unintended, "errors the author did not see:\n" + "\n".join(unintended)
