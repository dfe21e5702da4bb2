#!/usr/bin/env python3
"""Loops of `unshift`, `splice` and `delete`, vmjs beside Node in one run (bench/RESULTS.md).

boa 0.22 moved an array's elements one property at a time in `unshift` and `splice`, and rebuilt a shape for
every later property when a property other than the last was deleted (and moved every later value down);
vmjs builds boa with a patched boa_engine (vendor/boa_engine) that moves a dense array's elements in one step,
gives an object its own shape on such a delete and leaves a hole there (compacted when holes outnumber the
properties). Each case runs in its own process; the table shows the loop's time (measured inside
the script), the process's peak RSS (the worker's, for vmjs) and each binary's ratio to Node.

    python3 bench/array_moves.py --vmjs target/release/vmjs [--before /path/to/older/vmjs] [--n 10000]
"""

from loops import compare

# Each case leaves a number in `check` (the binaries must agree on it).
CASES = {
    "a.unshift(x), n times": """
const a = [];
for (let i = 0; i < N; i++) a.unshift(i);
const check = a[0] + a.length;
""",
    "a.unshift({…}) onto records": """
const a = [];
for (let i = 0; i < N; i++) a.unshift({ id: i, name: "row " + i });
const check = a[0].id + a.length;
""",
    "a.splice(middle, 1, x), n times on n elements": """
const a = Array.from({ length: N }, (_, i) => i);
for (let i = 0; i < N; i++) a.splice(a.length >> 1, 1, -i);
const check = a[a.length >> 1] + a.length;
""",
    "a.splice(0, 1) as a queue (n elements)": """
const a = Array.from({ length: N }, (_, i) => i);
let check = 0;
while (a.length) check += a.splice(0, 1)[0];
""",
    "delete keys in insertion order (n/1000 objects of 1000 keys)": """
let check = 0;
for (let round = 0; round < N / 1000; round++) {
  const o = {};
  for (let i = 0; i < 1000; i++) o["k" + i] = i;
  for (let i = 0; i < 1000; i++) delete o["k" + i];
  check += Object.keys(o).length + 1;
}
""",
    "delete keys in insertion order (one object of n keys)": """
const o = {};
for (let i = 0; i < N; i++) o["k" + i] = i;
for (let i = 0; i < N; i++) delete o["k" + i];
const check = Object.keys(o).length;
""",
    "an object as a queue: add one, delete the oldest (n times, 100 live)": """
const q = {};
let check = 0;
for (let i = 0; i < N; i++) {
  q["n" + i] = i;
  if (i >= 100) { check += q["n" + (i - 100)]; delete q["n" + (i - 100)]; }
}
check += Object.keys(q).length;
""",
    "delete every other key, then read the rest (one object of n keys)": """
const o = {};
for (let i = 0; i < N; i++) o["k" + i] = i;
for (let i = 0; i < N; i += 2) delete o["k" + i];
let check = 0;
for (const k in o) check += o[k];
""",
}

SCRIPT = """const N = {n};
const started = performance.now();
{body}
console.log(JSON.stringify({{ ms: performance.now() - started, check }}));
"""


if __name__ == "__main__":
    compare(__doc__, CASES, SCRIPT, 10_000, "check")
