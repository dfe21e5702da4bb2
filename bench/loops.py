"""Runs a benchmark's cases — JavaScript loops, each in its own process — under Node, an older vmjs and vmjs,
and prints one table (bench/string_append.py and bench/array_moves.py use it)."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def run(command, folder, timeout):
    """Runs one case; returns (the JSON its last line printed, peak RSS in MB) or None on timeout/failure."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            return None
        time.sleep(0.01)
    out = process.stdout.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(f"{command}: {process.stderr.read().decode()}\n")
        return None
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def compare(doc, cases, script, default_n, check):
    """The command line of a benchmark described by `doc`: each of `cases` (name → JavaScript) is put into
    `script` (with `{n}` and `{body}`), which prints `{"ms": …, check: …}`; the binaries must agree on
    `check`. Prints the loop's time and the peak RSS (the worker's, for vmjs: `wait4` counts the
    descendants a process waited for) with each binary's ratio to Node's."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--vmjs", required=True, help="the vmjs binary measured")
    parser.add_argument("--before", help="an older vmjs binary, run beside it")
    parser.add_argument("--n", type=int, default=default_n, help="iterations per case")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a case may take")
    args = parser.parse_args()

    node = shutil.which("node")
    if node is None:
        sys.exit("node is needed (the peer)")
    binaries = [("node", [node])]
    if args.before:
        binaries.append(("vmjs-before", [os.path.abspath(args.before), "run"]))
    binaries.append(("vmjs", [os.path.abspath(args.vmjs), "run"]))

    print(f"n = {args.n}; loop time (ms) and peak RSS (MB); ratio = time / Node's")
    print("| case | " + " | ".join(name for name, _ in binaries) + " |")
    print("|---|" + "---:|" * len(binaries))
    with tempfile.TemporaryDirectory(prefix="vmjs-bench-loops-") as folder:
        for case, body in cases.items():
            with open(os.path.join(folder, "case.js"), "w") as file:
                file.write(script.format(n=args.n, body=body))
            cells, checks, node_ms = [], set(), None
            for name, command in binaries:
                result = run(command + ["case.js"], folder, args.timeout)
                if result is None:
                    cells.append(f"> {args.timeout:.0f} s or failed")
                    continue
                printed, rss = result
                checks.add(printed[check])
                if name == "node":
                    node_ms = printed["ms"]
                    cells.append(f"{node_ms:.1f} ms, {rss:.0f} MB")
                else:
                    ratio = f" ({printed['ms'] / node_ms:.1f}×)" if node_ms else ""
                    cells.append(f"{printed['ms']:.1f} ms{ratio}, {rss:.0f} MB")
            if len(checks) > 1:
                sys.exit(f"{case}: the binaries disagree on {check}: {sorted(checks)}")
            print(f"| {case} | " + " | ".join(cells) + " |", flush=True)
