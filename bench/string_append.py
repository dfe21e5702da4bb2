#!/usr/bin/env python3
"""Building a long text by appending in a loop, vmjs beside Node in one run (bench/RESULTS.md).

boa 0.22 copies the whole text at every `s += part`, so such a loop was quadratic; vmjs builds boa with
a patched boa_string (vendor/boa_string) whose concatenation appends in place. Each case runs in its own
process; the table shows the loop's time (measured inside the script) and the process's peak RSS (the
worker's, for vmjs: `wait4` counts the descendants a process waited for), and each binary's ratio to Node.

    python3 bench/string_append.py --vmjs target/release/vmjs [--before /path/to/older/vmjs] [--n 100000]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Each case builds a text of about n rows and prints the milliseconds its loop took and the length.
CASES = {
    "s += row": """
let s = "";
for (let i = 0; i < N; i++) s += "<tr><td>" + i + "</td><td>" + (i * 7) % 13 + "</td></tr>";
""",
    "s = `${s}…` (template)": """
let s = "";
for (let i = 0; i < N; i++) s = `${s}<li id="${i}">item ${i}</li>`;
""",
    "two texts in one loop": """
let s = "", csv = "";
for (let i = 0; i < N; i++) { s += "<td>" + i + "</td>"; csv += i + "," + (i % 7) + "\\n"; }
s += csv;
""",
    "lines with a non-Latin1 character": """
let s = "";
for (let i = 0; i < N; i++) s += "→ line " + i + "\\n";
""",
    "parts.join (the array idiom, for reference)": """
const parts = [];
for (let i = 0; i < N; i++) parts.push("<tr><td>" + i + "</td><td>" + (i * 7) % 13 + "</td></tr>");
const s = parts.join("");
""",
}

SCRIPT = """const N = {n};
const started = performance.now();
{body}
console.log(JSON.stringify({{ ms: performance.now() - started, length: s.length }}));
"""


def run(command, folder, timeout):
    """Runs one case; returns (loop ms, text length, peak RSS in MB) or None on timeout/failure."""
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
    result = json.loads(out.strip().splitlines()[-1])
    return result["ms"], result["length"], usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vmjs", required=True, help="the vmjs binary measured")
    parser.add_argument("--before", help="an older vmjs binary, run beside it")
    parser.add_argument("--n", type=int, default=100_000, help="rows per case")
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
    header = "| case | " + " | ".join(name for name, _ in binaries) + " |"
    print(header)
    print("|---|" + "---:|" * len(binaries))
    with tempfile.TemporaryDirectory(prefix="vmjs-string-append-") as folder:
        for case, body in CASES.items():
            path = os.path.join(folder, "case.js")
            with open(path, "w") as file:
                file.write(SCRIPT.format(n=args.n, body=body))
            cells, lengths, node_ms = [], set(), None
            for name, command in binaries:
                result = run(command + ["case.js"], folder, args.timeout)
                if result is None:
                    cells.append(f"> {args.timeout:.0f} s or failed")
                    continue
                ms, length, rss = result
                lengths.add(length)
                if name == "node":
                    node_ms = ms
                    cells.append(f"{ms:.0f} ms, {rss:.0f} MB")
                else:
                    ratio = f" ({ms / node_ms:.1f}×)" if node_ms else ""
                    cells.append(f"{ms:.0f} ms{ratio}, {rss:.0f} MB")
            if len(lengths) > 1:
                sys.exit(f"{case}: the binaries built texts of different lengths: {sorted(lengths)}")
            print(f"| {case} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
