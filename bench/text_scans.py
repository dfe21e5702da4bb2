#!/usr/bin/env python3
"""Scanning a long text — `split`, `replaceAll`, `replace(/…/g)`, `matchAll` — and deleting from a `Map` or
`Set`, vmjs beside Node in one run (bench/RESULTS.md).

boa 0.22 searched a string from an index by stepping over everything before it (`split` and `replaceAll`
search again from each match), widened a Latin-1 string whole for the regex engine at every match, and
shifted every later entry of a `Map` or `Set` at each `delete`: all quadratic. vmjs builds boa with patched
crates (vendor/boa_string, vendor/boa_engine). Each case runs in its own process; the table shows the loop's
time (measured inside the script), the process's peak RSS (the worker's, for vmjs) and each binary's ratio
to Node.

    python3 bench/text_scans.py --vmjs target/release/vmjs [--before /path/to/older/vmjs] [--n 100000]
"""

from loops import compare

# `TEXT` is a CSV-like text of n rows, made before the clock starts; each case leaves a number in `check`.
CASES = {
    "text.split('\\n') then each row split(',')": """
let check = 0;
for (const row of TEXT.split("\\n")) check += row.split(",").length;
""",
    "text.replaceAll(',', ';')": """
const check = TEXT.replaceAll(",", ";").length;
""",
    "text.replace(/\\d+/g, …)": """
const check = TEXT.replace(/\\d+/g, (d) => d.length).length;
""",
    "[...text.matchAll(/id(\\d+)/g)]": """
const check = [...TEXT.matchAll(/id(\\d+)/g)].length;
""",
    "text.split(/,|\\n/)": """
const check = TEXT.split(/,|\\n/).length;
""",
    "Map: set n keys, delete them in insertion order": """
const m = new Map();
for (let i = 0; i < N; i++) m.set("k" + i, i);
for (let i = 0; i < N; i++) m.delete("k" + i);
const check = m.size + 1;
""",
    "Set: a sliding window (add one, delete the oldest; 100 live)": """
const s = new Set();
let check = 0;
for (let i = 0; i < N; i++) { s.add(i); if (i >= 100) { s.delete(i - 100); check++; } }
""",
}

SCRIPT = """const N = {n};
const TEXT = Array.from({{ length: N }}, (_, i) => `id${{i}},name ${{i % 97}},${{(i * 7) % 1000}}`).join("\\n");
const started = performance.now();
{body}
console.log(JSON.stringify({{ ms: performance.now() - started, check }}));
"""


if __name__ == "__main__":
    compare(__doc__, CASES, SCRIPT, 100_000, "check")
