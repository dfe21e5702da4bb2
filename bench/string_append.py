#!/usr/bin/env python3
"""Building a long text by appending in a loop, vmjs beside Node in one run (bench/RESULTS.md).

boa 0.22 copies the whole text at every `s += part`, so such a loop was quadratic; vmjs builds boa with
a patched boa_string (vendor/boa_string) whose concatenation appends in place. Each case runs in its own
process; the table shows the loop's time (measured inside the script) and the process's peak RSS (the
worker's, for vmjs: `wait4` counts the descendants a process waited for), and each binary's ratio to Node.

    python3 bench/string_append.py --vmjs target/release/vmjs [--before /path/to/older/vmjs] [--n 100000]
"""

from loops import compare

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


if __name__ == "__main__":
    compare(__doc__, CASES, SCRIPT, 100_000, "length")
