#!/usr/bin/env python3
"""Runs a corpus of notebooks written for other JavaScript kernels through a vmjs kernel; counts unintended errors.

The corpus in this repository is tests/corpus (its corpus.json names each notebook's source, licence and the
capabilities it needs; CI runs it through tests/py/notebooks/test_corpus.py); any folder of notebooks works.
For each notebook a fresh kernel is started (its own temporary database) in a temporary copy of the notebook's
folder, and every code cell runs in order with a per-cell timeout (on timeout the kernel is interrupted and the
run goes on). A cell has an *unintended error* when vmjs replies with status "error" and the outputs the author
saved for that cell contain no error (output_type "error", or "pyerr" in nbformat 3). A notebook *runs clean*
when none of its cells has an unintended error.

    .venv/bin/python bench/notebook_corpus.py --corpus DIR --bin /path/to/vmjs [--json out.json] [notebook ...]
"""

import argparse
import json
import os
import pathlib
import queue
import shutil
import subprocess
import sys
import tempfile
import time

from jupyter_client import KernelManager

KERNEL_NAME = "vmjs-corpus"
MANIFEST = "corpus.json"


def corpus_notebooks(corpus):
    """The notebooks under `corpus` (not in node_modules or checkpoints), sorted, each with the capabilities
    its entry in the folder's corpus.json grants (none without one)."""
    manifest = corpus / MANIFEST
    entries = json.loads(manifest.read_text(encoding="utf-8"))["notebooks"] if manifest.exists() else {}
    skipped = {"node_modules", ".ipynb_checkpoints"}
    paths = sorted(p for p in corpus.rglob("*.ipynb") if not skipped & set(p.relative_to(corpus).parts))
    return [(p, entries.get(p.relative_to(corpus).as_posix(), {}).get("allow", [])) for p in paths]


def load_cells(path):
    """The code cells of a notebook as [(source, saved_error)], for nbformat 3 and 4."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    if nb.get("nbformat", 4) >= 4:
        cells, key = nb.get("cells", []), "source"
    else:
        cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
        key = "input"
    out = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get(key, "")
        if isinstance(source, list):
            source = "".join(source)
        saved = [o for o in cell.get("outputs", []) if o.get("output_type") in ("error", "pyerr")]
        out.append((source, saved))
    return out


def execute(kc, km, code, timeout):
    """Runs one cell; returns (status, ename, evalue, timed_out)."""
    msg_id = kc.execute(code, allow_stdin=False, stop_on_error=False)
    deadline = time.monotonic() + timeout
    timed_out = False
    error = None
    idle = False
    while not idle:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and not timed_out:
            timed_out = True
            km.interrupt_kernel()
            deadline = time.monotonic() + 10  # grace period for the interrupted cell to end
            continue
        if remaining <= 0:
            return "dead", "Timeout", "kernel did not end the interrupted cell", True
        try:
            msg = kc.get_iopub_msg(timeout=min(remaining, 1.0))
        except queue.Empty:
            if not km.is_alive():
                return "dead", "KernelDied", "the kernel process exited", timed_out
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "error":
            error = (content.get("ename", ""), content.get("evalue", ""))
        elif kind == "status" and content.get("execution_state") == "idle":
            idle = True
    status = "ok"
    while True:
        try:
            reply = kc.get_shell_msg(timeout=10)
        except queue.Empty:
            break
        if reply["parent_header"].get("msg_id") == msg_id:
            status = reply["content"].get("status", "ok")
            if status == "error" and error is None:
                error = (reply["content"].get("ename", ""), reply["content"].get("evalue", ""))
            break
    if timed_out:
        return "error", "Timeout", f"cell exceeded {timeout:g}s and was interrupted", True
    ename, evalue = error or ("", "")
    return status, ename, evalue, False


def run_notebook(path, binary, timeout, workdir, allow=()):
    """Results for each code cell of `path`, in a session whose template grants `allow` (capabilities, as
    `vmjs template create --allow` takes them; none: the default template)."""
    cells = load_cells(path)
    results = []
    if not cells:
        return results
    root = pathlib.Path(tempfile.mkdtemp(prefix="vmjs-corpus-kernel-"))
    db = root / "vmjs.db"
    # A kernelspec of our own (like `vmjs kernel install`, but with this run's binary and a fresh database),
    # found through JUPYTER_PATH.
    spec = root / "share" / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    template = "default"
    if allow:
        template = "corpus"
        grants = [arg for capability in allow for arg in ("--allow", capability)]
        subprocess.run([binary, "template", "create", template, "--db", str(db), *grants], check=True,
                       capture_output=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [binary, "kernel", "--connection-file", "{connection_file}", "--db", str(db),
                 "--template", template],
        "display_name": "JavaScript (vmjs corpus)",
        "language": "javascript",
        "interrupt_mode": "message",
    }))
    # Only while the kernel starts: a caller's other kernels (a test process's) keep their own search path.
    saved_path = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(root / "share" / "jupyter")
    try:
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel(cwd=str(workdir))
    finally:
        if saved_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved_path
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        dead = False
        for index, (source, saved) in enumerate(cells):
            if dead:
                status, ename, evalue, timed_out = "error", "KernelDied", "not run: the kernel had exited", False
            else:
                status, ename, evalue, timed_out = execute(kc, km, source, timeout)
                if status == "dead":
                    dead = True
                    status = "error"
            vm_error = status == "error"
            saved_error = bool(saved)
            results.append({
                "cell": index,
                "first_line": next((l for l in source.splitlines() if l.strip()), ""),
                "vmjs_error": vm_error,
                "ename": ename if vm_error else "",
                "evalue": evalue if vm_error else "",
                "timed_out": timed_out,
                "saved_error": saved_error,
                "saved_ename": saved[0].get("ename", "") if saved else "",
                "unintended": vm_error and not saved_error,
            })
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=not km.is_alive())
        except Exception:
            km.shutdown_kernel(now=True)
        shutil.rmtree(root, ignore_errors=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("VMJS_BIN"), help="vmjs binary (default $VMJS_BIN)")
    parser.add_argument("--json", metavar="OUT", help="write the per-cell results here")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per cell (default 20)")
    parser.add_argument("--allow", action="append", default=[], metavar="CAPABILITY",
                        help="grant the sessions a capability (fs.read, net:HOST, …; repeatable)")
    parser.add_argument("--corpus", required=True,
                        help="the folder of notebooks (each runs in a copy of its own folder, its root)")
    parser.add_argument("notebooks", nargs="*", help="notebooks of the corpus to run (default: all of them)")
    args = parser.parse_args()
    if not args.bin:
        parser.error("give --bin or set VMJS_BIN")
    binary = str(pathlib.Path(args.bin).resolve())

    corpus = pathlib.Path(args.corpus).resolve()
    notebooks = corpus_notebooks(corpus)
    if args.notebooks:
        wanted = {pathlib.Path(p).resolve() for p in args.notebooks}
        missing = wanted - {p for p, _ in notebooks}
        if missing:
            parser.error(f"not notebooks of {corpus}: {', '.join(sorted(map(str, missing)))}")
        notebooks = [(p, allow) for p, allow in notebooks if p in wanted]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="vmjs-corpus-"))
    report = {"bin": binary, "timeout": args.timeout, "notebooks": {}}
    clean = code_cells = unintended_cells = 0
    try:
        for path, allow in notebooks:
            workdir = tmp / path.stem
            shutil.copytree(path.parent, workdir, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            started = time.monotonic()
            try:
                cells = run_notebook(workdir / path.name, binary, args.timeout, workdir, [*allow, *args.allow])
                failure = None
            except Exception as exc:  # the kernel did not start, or the protocol broke
                cells, failure = [], f"{type(exc).__name__}: {exc}"
            elapsed = time.monotonic() - started
            bad = [c for c in cells if c["unintended"]]
            ok = not bad and failure is None
            clean += ok
            code_cells += len(cells)
            unintended_cells += len(bad)
            report["notebooks"][path.relative_to(corpus).as_posix()] = {"cells": cells, "failure": failure, "seconds": round(elapsed, 1)}
            line = f"{'CLEAN' if ok else 'FAIL '} {path.name}: {len(cells)} cells, {len(bad)} unintended"
            if failure:
                line += f"  [run failed: {failure}]"
            elif bad:
                first = bad[0]
                line += f"  first: cell {first['cell']} {first['ename']}: {first['evalue'][:100]!r}  <- {first['first_line'][:70]!r}"
            print(line, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["totals"] = {
        "notebooks": len(notebooks), "clean": clean, "code_cells": code_cells, "unintended_cells": unintended_cells,
    }
    print(f"\nnotebooks clean: {clean}/{len(notebooks)}   cells with unintended errors: {unintended_cells}/{code_cells}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
