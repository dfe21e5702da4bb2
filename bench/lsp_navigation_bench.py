#!/usr/bin/env python3
"""Side-by-side LSP navigation benchmark: definition, references, rename, documentHighlight and semantic
tokens on the ~12.5k-line real-world file of bench/lsp_bench.py (acorn and lodash's modules), for vmjs and
typescript-language-server (the npm package, with TypeScript's tsserver), in one run, plus a cross-file
case (an imported function). Correctness first: vmjs's answers are checked against a table of expected
positions taken from the file itself (each function's declaration, its uses) and compared with
tsserver's; speed counts only where they agree. Latency is measured warm (the same version queried again,
once the server has had a second to finish its background analysis)
and after an edit (the first query of a new version: sent back to back with the edit, which pays for
re-analysis, and after a short pause, in which vmjs indexes the new version ahead): a comment added at the
end, and a statement typed into a function's body.

The client is synchronous (blocking reads and writes on the pipes): the floor row, a request the server
answers with an error at once, shows what the client and pipe add to every figure.

Usage: (cd bench && npm ci) && python3 bench/lsp_navigation_bench.py [--vmjs PATH] [--rounds 20]
Results are printed as Markdown tables (copy them into bench/RESULTS.md).
"""

import argparse
import json
import os
import pathlib
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
# The pause between an edit and the next go-to-definition in the second after-edit measure: shorter than a
# typist's (moving to a name and pressing F12 takes longer).
PAUSE_MS = 50
# How long a server is left alone after opening the files and answering the correctness table, before the
# latency rows: what it analyses in the background then (vmjs's second phase of the 12.5k-line file takes
# ~0.15 s) is not what a user who opened a file and then navigates in it waits for.
SETTLE_S = 1.0
sys.path.insert(0, str(HERE))
from lsp_bench import MODULES, corpus, lodash_modules  # noqa: E402

LIB = "export function helper(n) {\n  return n * 2;\n}\n"
MAIN = 'import { helper } from "./lib.js";\nconsole.log(helper(21));\n'


class Client:
    """A synchronous LSP client over a subprocess's stdio: a request is written and its answer read with
    blocking system calls on the pipes (no event loop, no thread between the pipe and the timer), so a
    latency below measures the server and the pipe, not the client's scheduling. Server requests are
    answered with nothing; notifications are kept."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=None if os.environ.get("BENCH_STDERR") else subprocess.DEVNULL, env=env,
        )
        self.stdin = self.process.stdin.fileno()
        self.stdout = self.process.stdout.fileno()
        self.buffer = bytearray()
        self.next_id = 0
        self.notifications: list[dict] = []

    def send(self, message: dict):
        """Writes a frame; reads what the server writes meanwhile (neither side blocks on a full pipe)."""
        body = json.dumps(message).encode()
        data = memoryview(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        while data:
            readable, writable, _ = select.select([self.stdout], [self.stdin], [])
            if readable:
                self.fill()
            if writable:
                data = data[os.write(self.stdin, data[:65536]):]

    def fill(self):
        chunk = os.read(self.stdout, 1 << 20)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buffer += chunk

    def frame(self) -> dict | None:
        """The first whole frame in the buffer, taken out of it."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        length = next(
            int(line.split(b":")[1])
            for line in bytes(self.buffer[:end]).split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        if len(self.buffer) < end + 4 + length:
            return None
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        return json.loads(body)

    def message(self) -> dict:
        """The next frame from the server (blocks until it is whole)."""
        while (message := self.frame()) is None:
            self.fill()
        return message

    def drain(self):
        """Takes in what the server has written already (so a timed request reads only its own answer)."""
        while select.select([self.stdout], [], [], 0)[0]:
            self.fill()
        while (message := self.frame()) is not None:
            self.handle(message)

    def handle(self, message: dict):
        if "id" in message and "method" in message:
            # A request from the server (configuration, progress…): answer with nothing.
            items = message.get("params", {}).get("items", [])
            result = [None] * len(items) if message["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        else:
            self.notifications.append(message)

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.message()
            if message.get("id") == self.next_id and "method" not in message:
                return message
            self.handle(message)

    def notify(self, method: str, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(5)
        except Exception:
            self.process.kill()


def position(text: str, offset: int) -> dict:
    """LSP position of a byte offset of ASCII-only text (UTF-16 = bytes there)."""
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def cases(text: str, count: int) -> list[dict]:
    """Function declarations of the file (`function` first on its line: not a named function expression,
    whose name is only visible inside it) with a later call: where they are declared, and a call site."""
    found = []
    for match in re.finditer(r"(?m)^[ \t]*function ([A-Za-z_$][\w$]*)\(", text):
        name = match.group(1)
        declared = match.start(1)
        call = re.search(r"(?<![\w$.])" + re.escape(name) + r"\(", text[match.end():])
        if call is None:
            continue
        found.append({"name": name, "declared": declared, "call": match.end() + call.start()})
        if len(found) == count:
            break
    return found


def key(location: dict) -> tuple:
    start = location["range"]["start"]
    return (location["uri"], start["line"], start["character"])


def start(command, env, root):
    client = Client(command, env)
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
            "capabilities": {
                "textDocument": {
                    "rename": {"prepareSupport": True},
                    "semanticTokens": {
                        "requests": {"full": {"delta": True}},
                        "tokenTypes": [],
                        "tokenModifiers": [],
                        "formats": ["relative"],
                    },
                    "publishDiagnostics": {},
                }
            },
        },
    )
    client.notify("initialized", {})
    return client


def open_document(client, path: pathlib.Path, version: int = 1):
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": path.as_uri(), "languageId": "javascript", "version": version, "text": path.read_text()}},
    )


def timed(client, method, params):
    """Milliseconds from writing the request to reading its answer, and the answer's result."""
    client.drain()
    started = time.perf_counter()
    response = client.request(method, params)
    return (time.perf_counter() - started) * 1000, response.get("result")


def answers(client, uri, text, table):
    """The server's definition, references and rename answers for every case."""
    out = []
    for case in table:
        at_call = {"textDocument": {"uri": uri}, "position": position(text, case["call"])}
        at_declaration = {"textDocument": {"uri": uri}, "position": position(text, case["declared"])}
        _, definition = timed(client, "textDocument/definition", at_call)
        if isinstance(definition, dict):
            definition = [definition]
        _, references = timed(
            client, "textDocument/references", {**at_declaration, "context": {"includeDeclaration": True}}
        )
        _, rename = timed(client, "textDocument/rename", {**at_declaration, "newName": case["name"] + "Renamed"})
        edits = []
        for edit_uri, list_ in ((rename or {}).get("changes") or {}).items():
            edits += [(edit_uri, e["range"]["start"]["line"], e["range"]["start"]["character"]) for e in list_]
        for change in (rename or {}).get("documentChanges") or []:
            edits += [
                (change["textDocument"]["uri"], e["range"]["start"]["line"], e["range"]["start"]["character"])
                for e in change["edits"]
            ]
        out.append(
            {
                "definition": sorted(key(d) for d in (definition or [])),
                "references": sorted(key(r) for r in (references or [])),
                "rename": sorted(edits),
            }
        )
    return out


def latencies(client, uri, path, text, table, rounds):
    """Median ms per request kind, warm, and for the first definition after an edit."""
    kinds = {
        # What a request costs when the server does nothing (it answers MethodNotFound): the floor of this
        # client and pipe, under every figure below.
        "round trip of an unknown method (the floor)": ("bench/noSuchMethod", lambda c: {}),
        "definition": ("textDocument/definition", lambda c: {"position": position(text, c["call"])}),
        "references": (
            "textDocument/references",
            lambda c: {"position": position(text, c["declared"]), "context": {"includeDeclaration": True}},
        ),
        "rename": ("textDocument/rename", lambda c: {"position": position(text, c["declared"]), "newName": "zz"}),
        "documentHighlight": ("textDocument/documentHighlight", lambda c: {"position": position(text, c["call"])}),
        "semanticTokens/full": ("textDocument/semanticTokens/full", lambda c: {}),
    }
    results = {}
    for kind, (method, extra) in kinds.items():
        times = []
        for i in range(rounds):
            case = table[i % len(table)]
            ms, _ = timed(client, method, {"textDocument": {"uri": uri}, **extra(case)})
            times.append(ms)
        results[kind] = statistics.median(times)
    # After an edit: a comment added at the end, then a definition (the new version's first query) — sent at
    # once (back to back: the adversarial case), and after a pause as short as a typist's before F12.
    version = 1
    current = text
    for label, pause in (("definition right after an edit", 0.0), (f"definition {PAUSE_MS} ms after an edit", PAUSE_MS / 1000)):
        times = []
        for i in range(rounds):
            version += 1
            at = position(current, len(current))
            client.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": {"start": at, "end": at}, "text": f"// {i}\n"}]},
            )
            current += f"// {i}\n"
            if pause:
                time.sleep(pause)
            case = table[i % len(table)]
            ms, _ = timed(client, "textDocument/definition", {"textDocument": {"uri": uri}, "position": position(text, case["call"])})
            times.append(ms)
        results[label] = statistics.median(times)
    # Code typed inside a function (a statement added to a function's body, then removed), each edit sent
    # back to back with a definition of another function: the answer must point at the declaration where
    # it is in the edited text.
    times, correct, inserted = [], 0, None
    for i in range(rounds):
        version += 1
        case = table[i % len(table)]
        if inserted is None:
            body = current.index("{", case["declared"]) + 1
            inserted = (body, " void 0;")
            change = {"range": {"start": position(current, body), "end": position(current, body)}, "text": inserted[1]}
            current = current[:body] + inserted[1] + current[body:]
        else:
            at, snippet = inserted
            change = {"range": {"start": position(current, at), "end": position(current, at + len(snippet))}, "text": ""}
            current = current[:at] + current[at + len(snippet):]
            inserted = None
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        target = table[(i + 1) % len(table)]

        def moved(offset):
            return offset + len(inserted[1]) if inserted and offset >= inserted[0] else offset

        ms, result = timed(client, "textDocument/definition", {"textDocument": {"uri": uri}, "position": position(current, moved(target["call"]))})
        times.append(ms)
        got = [key(r) for r in (result if isinstance(result, list) else [result] if result else [])]
        correct += got == [(uri, *position(current, moved(target["declared"])).values())]
    results["definition sent back to back with a statement typed in a function"] = statistics.median(times)
    results["_typed_correct"] = correct
    return results


def cross_file(client, root):
    """Definition of an imported function: the location in lib.js."""
    main = root / "main.js"
    call = MAIN.index("helper(21)")
    _, result = timed(
        client, "textDocument/definition", {"textDocument": {"uri": main.as_uri()}, "position": position(MAIN, call)}
    )
    if isinstance(result, dict):
        result = [result]
    return sorted(key(d) for d in (result or []))


def measure(command, env, root, text, table, rounds):
    client = start(command, env, root)
    big = root / "big.js"
    for path in (big, root / "lib.js", root / "main.js"):
        open_document(client, path)
    uri = big.as_uri()
    # Warm-up: the first answer of a project (tsserver loads it) is not what an editing user waits for.
    timed(client, "textDocument/definition", {"textDocument": {"uri": uri}, "position": position(text, table[0]["call"])})
    found = answers(client, uri, text, table)
    imported = cross_file(client, root)
    time.sleep(SETTLE_S)
    timing = latencies(client, uri, big, text, table, rounds)
    client.close()
    return found, imported, timing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vmjs", default=os.environ.get("VMJS_BIN") or shutil.which("vmjs"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cases", type=int, default=12)
    args = parser.parse_args()
    if not args.vmjs:
        sys.exit("set --vmjs or VMJS_BIN")
    text = corpus(12_500, [MODULES / "acorn" / "dist" / "acorn.js", *lodash_modules()])
    table = cases(text, args.cases)
    servers = {
        "vmjs": [args.vmjs, "lsp"],
        "typescript-language-server": [str(MODULES / ".bin" / "typescript-language-server"), "--stdio"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "big.js").write_text(text)
        (root / "lib.js").write_text(LIB)
        (root / "main.js").write_text(MAIN)
        env = dict(os.environ, VMJS_DB=str(root / "bench.db"))
        results = {name: measure(command, env, root, text, table, args.rounds) for name, command in servers.items()}
    vmjs_found, vmjs_imported, vmjs_timing = results["vmjs"]
    ts_found, ts_imported, ts_timing = results["typescript-language-server"]
    big_uri = (root / "big.js").as_uri()
    print(f"\n### Correctness: {len(table)} functions of the {text.count(chr(10))}-line file\n")
    print("| check | vmjs | agrees with tsserver |\n|---|---|---|")
    expected_definitions = [[(big_uri, *position(text, c["declared"]).values())] for c in table]
    ok_definition = sum(f["definition"] == e for f, e in zip(vmjs_found, expected_definitions))
    print(f"| definition at a call = the declaration (expected table) | {ok_definition}/{len(table)} | "
          f"{sum(a['definition'] == b['definition'] for a, b in zip(vmjs_found, ts_found))}/{len(table)} |")
    ok_references = sum(
        (big_uri, *position(text, c["declared"]).values()) in f["references"]
        and (big_uri, *position(text, c["call"]).values()) in f["references"]
        for f, c in zip(vmjs_found, table)
    )
    print(f"| references include the declaration and the call (expected table) | {ok_references}/{len(table)} | "
          f"{sum(a['references'] == b['references'] for a, b in zip(vmjs_found, ts_found))}/{len(table)} |")
    print(f"| rename edits = the references | "
          f"{sum(f['rename'] == f['references'] for f in vmjs_found)}/{len(table)} | "
          f"{sum(a['rename'] == b['rename'] for a, b in zip(vmjs_found, ts_found))}/{len(table)} |")
    lib_uri = (root / "lib.js").as_uri()
    print(f"| definition of an imported function → lib.js | {vmjs_imported == [(lib_uri, 0, 16)]} | "
          f"{vmjs_imported == ts_imported} |")
    for i, (a, b) in enumerate(zip(vmjs_found, ts_found)):
        for kind in ("definition", "references", "rename"):
            if a[kind] != b[kind]:
                only_vmjs = sorted(set(a[kind]) - set(b[kind]))[:3]
                only_ts = sorted(set(b[kind]) - set(a[kind]))[:3]
                print(f"\n- `{table[i]['name']}` {kind}: only vmjs {only_vmjs}, only tsserver {only_ts}")
    print(f"\nAnswers right after a statement typed in a function: vmjs {vmjs_timing.pop('_typed_correct')}/{args.rounds}, "
          f"tsserver {ts_timing.pop('_typed_correct')}/{args.rounds} point at the declaration in the edited text.")
    print(f"\n### Latency (median ms, {args.rounds} requests each, same run)\n")
    print("| request | vmjs | typescript-language-server | vmjs / tsserver |\n|---|---|---|---|")
    for kind in vmjs_timing:
        ratio = vmjs_timing[kind] / ts_timing[kind] if ts_timing[kind] else float("nan")
        print(f"| {kind} | {vmjs_timing[kind]:.2f} | {ts_timing[kind]:.2f} | {ratio:.3f}× |")


if __name__ == "__main__":
    main()
