#!/usr/bin/env python3
"""Side-by-side LSP benchmark: didChange → the first publishDiagnostics that flags an injected syntax error,
for vmjs, quick-lint-js and oxlint, on a ~660-line and a ~12.5k-line real-world JS file (acorn and lodash's
CommonJS modules from bench/node_modules, concatenated, each wrapped in a function). Every round also checks that removing the
error clears it (speed without correctness does not count). Plus vmjs's run-file round trip
(executeCommand → vmjs/runEnd) for a trivial file.

Usage: (cd bench && npm ci) && python3 bench/lsp_bench.py [--vmjs PATH] [--rounds 30]
Stdlib only; results are printed as a Markdown table (copy them into bench/RESULTS.md).
"""

import argparse
import asyncio
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
MODULES = HERE / "node_modules"
INJECTED = "let = ;\n"


def corpus(min_lines: int, sources: list[pathlib.Path]) -> str:
    """Concatenates whole files (each in its own function scope) until at least `min_lines` lines."""
    parts, lines = [], 0
    for path in sources:
        text = path.read_text(encoding="utf-8")
        parts.append(f";(function () {{\n{text}\n}})();\n")
        lines += text.count("\n") + 3
        if lines >= min_lines:
            break
    return "".join(parts)


def lodash_modules() -> list[pathlib.Path]:
    """lodash's one-function CommonJS modules (not the bundles), biggest first."""
    bundles = {"lodash.js", "lodash.min.js", "core.js", "core.min.js"}
    modules = [p for p in (MODULES / "lodash").glob("*.js") if p.name not in bundles]
    return sorted(modules, key=lambda p: (-p.stat().st_size, p.name))


class Client:
    """A minimal LSP client over a subprocess's stdio."""

    def __init__(self, process):
        self.process = process
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.publishes: list[tuple[float, dict]] = []
        self.notifications: list[tuple[float, dict]] = []
        self.event = asyncio.Event()
        self.reader = asyncio.ensure_future(self.read_loop())

    @classmethod
    async def start(cls, command: list[str], env: dict[str, str]) -> "Client":
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=None if os.environ.get("BENCH_STDERR") else asyncio.subprocess.DEVNULL, env=env,
        )
        return cls(process)

    async def read_loop(self):
        stdout = self.process.stdout
        while True:
            try:
                header = await stdout.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionResetError):
                return
            length = next(
                int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length")
            )
            message = json.loads(await stdout.readexactly(length))
            now = time.perf_counter()
            if "id" in message and ("result" in message or "error" in message):
                future = self.pending.pop(message["id"], None)
                if future and not future.done():
                    future.set_result(message)
            elif "id" in message and "method" in message:
                # A request from the server (configuration, progress…): answer with nothing.
                result = [None] * len(message.get("params", {}).get("items", [])) if message["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.publishes.append((now, message["params"]))
            else:
                self.notifications.append((now, message))
            self.event.set()

    def send(self, message: dict):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params) -> dict:
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        await self.process.stdin.drain()
        return await asyncio.wait_for(future, 60)

    def notify(self, method: str, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    async def wait(self, check, timeout=30.0):
        deadline = time.perf_counter() + timeout
        while True:
            found = check()
            if found is not None:
                return found
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message")
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), min(left, 0.2))
            except asyncio.TimeoutError:
                pass

    async def quiet(self, seconds=0.1):
        """Waits until nothing arrived for `seconds`."""
        while True:
            count = len(self.publishes) + len(self.notifications)
            await asyncio.sleep(seconds)
            if len(self.publishes) + len(self.notifications) == count:
                return

    async def close(self):
        try:
            await self.request("shutdown", None)
            self.notify("exit", None)
            await self.process.stdin.drain()
            await asyncio.wait_for(self.process.wait(), 5)
        except Exception:
            self.process.kill()
        self.reader.cancel()


def flags(params: dict, line: int) -> bool:
    return any(d["range"]["start"]["line"] == line for d in params["diagnostics"])


async def measure_diagnostics(command, env, root, text, rounds, experimental=None):
    client = await Client.start(command, env)
    capabilities = {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}
    if experimental:
        capabilities["experimental"] = experimental
    init = await client.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": capabilities,
         "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}]},
    )
    client.notify("initialized", {})
    sync = init["result"]["capabilities"].get("textDocumentSync", 1)
    change_kind = sync.get("change", 1) if isinstance(sync, dict) else sync
    path = root / "bench.js"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": text}})
    await client.wait(lambda: next((p for _, p in client.publishes if p["uri"] == uri), None), 60)
    await client.quiet(0.3)
    # Inject at the start of a wrapper near the middle: top level, never inside a comment or a string.
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l == ";(function () {"]
    line = min(starts, key=lambda i: abs(i - len(lines) // 2))
    broken = "\n".join(lines[:line] + [INJECTED.rstrip("\n")] + lines[line:])
    version = 1
    times = []
    for _ in range(rounds):
        for injected in (True, False):
            version += 1
            if change_kind == 2:
                at = {"line": line, "character": 0}
                change = (
                    {"range": {"start": at, "end": at}, "text": INJECTED}
                    if injected
                    else {"range": {"start": at, "end": {"line": line + 1, "character": 0}}, "text": ""}
                )
            else:
                change = {"text": broken if injected else text}
            seen = len(client.publishes)
            started = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            await client.process.stdin.drain()

            def arrived():
                for at_time, params in client.publishes[seen:]:
                    if params["uri"] == uri and flags(params, line) == injected:
                        return at_time
                return None

            at_time = await client.wait(arrived, 60)
            if injected:
                times.append((at_time - started) * 1000)
            await client.quiet(0.05)
    await client.close()
    return times


async def measure_run_file(vmjs, env, root, rounds, pause):
    """Run-file round trips; `pause` seconds before each run (0: back to back)."""
    client = await Client.start([vmjs, "lsp"], env)
    await client.request(
        "initialize",
        {"processId": os.getpid(), "capabilities": {"experimental": {"vmjsOutput": True}},
         "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}]},
    )
    client.notify("initialized", {})
    path = root / "trivial.js"
    path.write_text("console.log(1 + 1);\n")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": path.read_text()}})
    times = []
    for i in range(rounds + 3):
        await asyncio.sleep(pause)
        seen = len(client.notifications)
        started = time.perf_counter()
        response = await client.request("workspace/executeCommand", {"command": "vmjs.runFile", "arguments": [{"uri": uri}]})
        assert response["result"]["status"] == "ok", response
        ended = await client.wait(
            lambda: next((t for t, m in client.notifications[seen:] if m.get("method") == "vmjs/runEnd"), None)
        )
        if i >= 3:  # warm-up: the first runs start the worker pool
            times.append((ended - started) * 1000)
    await client.close()
    return times


def row(name, times, reference):
    median = statistics.median(times)
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    ratio = f"{median / reference:.2f}×" if reference else "–"
    return f"| {name} | {median:.2f} | {p95:.2f} | {ratio} |"


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vmjs", default=os.environ.get("VMJS_BIN") or shutil.which("vmjs"))
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if not args.vmjs:
        sys.exit("set --vmjs or VMJS_BIN")
    bins = MODULES / ".bin"
    servers = {
        "vmjs": [args.vmjs, "lsp"],
        "quick-lint-js": [str(bins / "quick-lint-js"), "--lsp-server"],
        "oxlint": [str(bins / "oxlint"), "--lsp"],
    }
    modules = lodash_modules()
    files = {
        "small": corpus(660, modules),
        "big": corpus(12_500, [MODULES / "acorn" / "dist" / "acorn.js", *modules]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        env = dict(os.environ, VMJS_DB=str(root / "bench.db"))
        for label, text in files.items():
            n_lines = text.count("\n")
            print(f"\n### {label}: {n_lines} lines, {len(text.encode()) // 1024} KiB — didChange → first publish flagging the error (ms, {args.rounds} rounds)\n")
            print("| server | median | p95 | vs quick-lint-js |\n|---|---|---|---|")
            results = {}
            for name, command in servers.items():
                results[name] = await measure_diagnostics(command, env, root, text, args.rounds)
            reference = statistics.median(results["quick-lint-js"])
            for name, times in results.items():
                print(row(name, times, reference))
        print(f"\n### vmjs run-file round trip (executeCommand → vmjs/runEnd, trivial file, ms, {args.rounds} runs)\n")
        print("| runs | median | p95 | |\n|---|---|---|---|")
        # A user presses Run at human speed: the pool has its spare ready. Back to back, a run may come before
        # the spare (started 20 ms after each take) and then starts its worker itself.
        for label, pause in (("100 ms apart", 0.1), ("back to back", 0.0)):
            runs = await measure_run_file(args.vmjs, env, root, args.rounds, pause)
            print(row(label, runs, None))


if __name__ == "__main__":
    asyncio.run(main())
