#!/usr/bin/env python3
"""Soak tests (long; not CI). Prints a Markdown report to stdout (bench/SOAK.md records a run).

  cells     N cells (default 10 000) in one Jupyter kernel; after the first cell and every 500 cells the RSS of
            the kernel and of its worker(s), the kernel's open file descriptors and the wall time per 500 cells.
  restarts  N session restarts (default 1 000) in one `vmjs lsp` process (`vmjs.restartSession` between two
            `vmjs.runSelection`s, each on a fresh worker); every 100 restarts the server's open file
            descriptors, live child processes and RSS. Fails if either grows.

Usage: VMJS_BIN=target/debug/vmjs .venv/bin/python scripts/soak.py [cells|restarts|all] [--n N]
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time


def rss_kib(pid):
    """VmRSS of a process in KiB (0 if it is gone)."""
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """Live (non-zombie) direct children of a process."""
    found = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    live = []
    for child in found:
        try:
            stat = pathlib.Path(f"/proc/{child}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[1].split()[0] != "Z":
            live.append(child)
    return live


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def soak_cells(vmjs, n):
    """N cells with output in one kernel; reports the RSS curve."""
    from jupyter_client.manager import start_new_kernel

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "py" / "kernel"))
    os.environ["VMJS_BIN"] = vmjs
    from kernelspec import KERNEL_NAME, install

    install()
    cwd = tempfile.mkdtemp(prefix="vmjs-soak-")
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, cwd=cwd)
    kernel = km.provisioner.process.pid
    print(f"## {n} cells in one kernel\n")
    print("| cells | kernel RSS MiB | worker RSS MiB | kernel fds | s / 500 cells |")
    print("|---:|---:|---:|---:|---:|")
    rows = []
    started = time.monotonic()
    try:
        for i in range(1, n + 1):
            msg_id = kc.execute(
                f"globalThis.acc = (globalThis.acc || 0) + {i}; console.log('cell {i}', acc); "
                f"const big{i % 7} = Array.from({{length: 200}}, (_, k) => k * {i}); big{i % 7}.length"
            )
            while True:
                msg = kc.get_iopub_msg(timeout=60)
                if (
                    msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"
                ):
                    break
            reply = kc.get_shell_msg(timeout=60)
            assert reply["content"]["status"] in ("ok", "error"), reply["content"]
            if i % 500 == 0 or i == 1:
                workers = children(kernel)
                row = (
                    i,
                    rss_kib(kernel) / 1024,
                    sum(rss_kib(w) for w in workers) / 1024,
                    fd_count(kernel),
                    time.monotonic() - started,
                )
                started = time.monotonic()
                rows.append(row)
                print(f"| {row[0]} | {row[1]:.1f} | {row[2]:.1f} | {row[3]} | {row[4]:.1f} |", flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print()
    return rows


class Lsp:
    """A minimal JSON-RPC client on `vmjs lsp`'s stdio."""

    def __init__(self, vmjs, folder):
        env = dict(os.environ, VMJS_DB=str(pathlib.Path(folder) / "soak.db"))
        self.process = subprocess.Popen(
            [vmjs, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("server closed its stdout")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        my_id = self.next_id
        self.send({"jsonrpc": "2.0", "id": my_id, "method": method, "params": params})
        while True:
            message = self.read()
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


def soak_restarts(vmjs, n):
    """N session restarts in one language server: no leaked processes or file descriptors."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="vmjs-soak-lsp-"))
    (folder / "a.js").write_text("globalThis.x = (globalThis.x || 0) + 1; x\n")
    uri = (folder / "a.js").as_uri()
    lsp = Lsp(vmjs, folder)
    pid = lsp.process.pid
    lsp.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {},
         "workspaceFolders": [{"uri": folder.as_uri(), "name": "soak"}]},
    )
    lsp.notify("initialized", {})
    lsp.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "javascript", "version": 1, "text": (folder / "a.js").read_text()}})
    selection = {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}

    def run():
        result = lsp.request("workspace/executeCommand", {"command": "vmjs.runSelection", "arguments": [selection]})
        assert result["status"] == "ok", result
        return result

    run()
    baseline = (fd_count(pid), len(children(pid)))
    print(f"## {n} session restarts in one `vmjs lsp`\n")
    print("| restarts | server fds | live children | server RSS MiB |")
    print("|---:|---:|---:|---:|")
    print(f"| 0 | {baseline[0]} | {baseline[1]} | {rss_kib(pid) / 1024:.1f} |", flush=True)
    rows = []
    for i in range(1, n + 1):
        lsp.request("workspace/executeCommand", {"command": "vmjs.restartSession", "arguments": [{"uri": uri}]})
        result = run()
        assert result["result"]["preview"] == "1", result  # a fresh worker: state is gone
        if i % 100 == 0:
            row = (i, fd_count(pid), len(children(pid)), rss_kib(pid) / 1024)
            rows.append(row)
            print(f"| {row[0]} | {row[1]} | {row[2]} | {row[3]:.1f} |", flush=True)
    lsp.request("shutdown", None)
    lsp.notify("exit", None)
    lsp.process.wait(timeout=30)
    print()
    last = rows[-1] if rows else (0, *baseline, 0)
    ok = last[1] <= baseline[0] + 2 and last[2] <= baseline[1]
    print(f"Restarts: {'no leak' if ok else 'LEAK'} (fds {baseline[0]} → {last[1]}, children {baseline[1]} → {last[2]})\n")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="?", default="all", choices=["cells", "restarts", "all"])
    parser.add_argument("--n", type=int, help="cells or restarts (default 10 000 / 1 000)")
    args = parser.parse_args()
    vmjs = os.environ.get("VMJS_BIN")
    if not vmjs:
        sys.exit("set VMJS_BIN to the vmjs binary")
    ok = True
    if args.what in ("cells", "all"):
        soak_cells(vmjs, args.n or 10_000)
    if args.what in ("restarts", "all"):
        ok = soak_restarts(vmjs, args.n or 1_000)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
