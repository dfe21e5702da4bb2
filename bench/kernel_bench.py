#!/usr/bin/env python3
"""Side-by-side benchmark of Jupyter kernels through jupyter_client (issue 4, "Benchmark").

Drives any kernelspec found on JUPYTER_PATH, in one run, and prints a table with ratios (the first kernel is
the baseline):

- start: process spawn -> first kernel_info_reply, with the client's sockets already connected to the
  connection file's ports before the process is spawned (jupyter_client's own start-up handshake would add
  ~400 ms and hide a fast kernel); kernel_info_request is re-sent every 20 ms until one is answered;
- trivial-cell round trip: execute_request sent -> execute_reply and IOPub idle both received, p50/p95;
- 100k console lines (`'line ' + i`, 1.1 MB of text): rate up to IOPub idle and the share of lines that arrived before idle (IOPub is
  drained for 1 s after idle to count late lines);
- RSS (from /proc) of the kernel process and of its children, idle after the trivial cells (which follow
  1.5 s of idling after start-up: vmjs unmaps the code only its start-up ran after 1 s); for vmjs the
  child started first is the session's worker and a later one the pre-warmed spare, reported apart; and PSS
  (smaps_rollup) of kernel + active worker, which splits the pages they share (vmjs's kernel and worker are
  one binary, so RSS counts its code twice);
- memory after real work: the RSS and PSS of the kernel's whole process tree (vmjs: kernel, worker and spare)
  at idle, right after the 100k-line cell, a 3M-iteration loop and a cell that builds 100k records and joins
  them into text (then drops them), as soon as the cell's `idle` arrives and again 2 s later;
- interrupt of a top-level infinite loop (interrupt_mode of the kernelspec: interrupt_request on the control
  channel, or SIGINT to the process group), then a state check (a variable set before the loop).

Usage: bench/kernel_bench.py --kernel vmjs=vmjs --kernel ipykernel=bench-python3 --kernel deno=bench-deno
(NAME=KERNELSPEC; see bench/run.sh, which installs the kernelspecs into a temporary prefix).
"""

import argparse
import json
import os
import pathlib
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import zmq

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager

CODE = {
    "js": {
        "trivial": "1",
        "lines": "for (let i = 0; i < {n}; i++) console.log('line ' + i)",
        "set": "globalThis.kept = 41",
        "loop": "while (true) {}",
        "check": "kept + 1",
        # Heavy cells after which the kernel tree's memory is measured (right after idle, and 2 s later).
        "count": "let s = 0; for (let i = 0; i < 3e6; i++) s += i % 7; s",
        "records": "{ const rows = Array.from({ length: 1e5 }, (_, i) => ({ id: i, name: 'row ' + i }));"
        " rows.map((r) => r.id + ',' + r.name).join('\\n').length }",
    },
    "python": {
        "trivial": "1",
        "lines": "for i in range({n}): print(f'line {{i}}')",
        "set": "kept = 41",
        "loop": "while True: pass",
        "check": "kept + 1",
        "count": "s = 0\nfor i in range(3_000_000): s += i % 7\ns",
        "records": "len('\\n'.join(f\"{r['id']},{r['name']}\" for r in [{'id': i, 'name': f'row {i}'}"
        " for i in range(100_000)]))",
    },
}


def now():
    return time.perf_counter()


class Kernel:
    """One kernel process started from a kernelspec, with a connected BlockingKernelClient."""

    def __init__(self, spec_name, workdir):
        self.spec = KernelSpecManager().get_kernel_spec(spec_name)
        self.language = "python" if self.spec.language.lower().startswith("python") else "js"
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix="kbench-", dir=workdir))
        self.connection_file = str(self.dir / "kernel.json")
        write_connection_file(self.connection_file, ip="127.0.0.1")
        # libzmq retries a refused connect only every RECONNECT_IVL (100 ms by default): the sockets connect
        # before the kernel binds, so a 1 ms interval keeps that wait out of the start measurement.
        context = zmq.Context()
        context.setsockopt(zmq.RECONNECT_IVL, 1)
        self.client = BlockingKernelClient(connection_file=self.connection_file, context=context)
        self.client.load_connection_file()
        self.process = None

    def launch(self, timeout=30.0):
        """Connects, spawns, polls kernel_info; returns seconds from spawn to the first kernel_info_reply."""
        self.client.start_channels()
        argv = [a.replace("{connection_file}", self.connection_file) for a in self.spec.argv]
        env = dict(os.environ)
        env.update(self.spec.env or {})
        pending = set()
        started = now()
        self.process = subprocess.Popen(
            argv,
            cwd=self.dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "stderr.log", "wb"),
            start_new_session=True,
        )
        deadline = started + timeout
        while now() < deadline:
            pending.add(self.client.kernel_info())
            try:
                reply = self.client.get_shell_msg(timeout=0.02)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError(f"kernel exited: {self.stderr()}")
                continue
            if reply["parent_header"].get("msg_id") in pending:
                elapsed = now() - started
                self.drain_shell(pending, 0.3)
                return elapsed
        raise RuntimeError(f"no kernel_info_reply in {timeout} s: {self.stderr()}")

    def drain_shell(self, pending, seconds):
        """Swallows the replies to the extra kernel_info requests."""
        end = now() + seconds
        while now() < end:
            try:
                self.client.get_shell_msg(timeout=0.05)
            except queue.Empty:
                pass
        self.drain_iopub()

    def drain_iopub(self):
        while True:
            try:
                self.client.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                return

    def stderr(self):
        try:
            return (self.dir / "stderr.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def execute(self, code, timeout=120.0, on_iopub=None):
        """Runs `code`; returns (seconds to reply and idle, reply content, seconds to idle).

        Waits on both sockets with one zmq poll (no busy loop: the machine has 2 cores)."""
        shell = self.client.shell_channel
        iopub = self.client.iopub_channel
        poller = zmq.Poller()
        poller.register(shell.socket, zmq.POLLIN)
        poller.register(iopub.socket, zmq.POLLIN)
        started = now()
        msg_id = self.client.execute(code)
        reply = None
        idle_at = None
        deadline = started + timeout
        while reply is None or idle_at is None:
            left = deadline - now()
            if left <= 0:
                raise RuntimeError(f"`{code[:40]}` did not finish in {timeout} s")
            ready = dict(poller.poll(left * 1000))
            if iopub.socket in ready:
                while True:
                    try:
                        msg = iopub.get_msg(timeout=0)
                    except queue.Empty:
                        break
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        idle_at = now()
                    elif on_iopub is not None:
                        on_iopub(msg, idle_at is not None)
            if shell.socket in ready:
                try:
                    msg = shell.get_msg(timeout=0)
                except queue.Empty:
                    msg = None
                if msg is not None and msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
        return now() - started, reply, idle_at - started

    def value(self, code):
        """The text/plain result of `code`."""
        result = {}

        def grab(msg, _after_idle):
            if msg["msg_type"] == "execute_result":
                result["text"] = msg["content"]["data"].get("text/plain")

        _, reply, _ = self.execute(code, on_iopub=grab)
        return reply.get("status"), result.get("text")

    def rss(self, measure=None):
        """(kernel KiB, [(child pid, KiB, start time)] sorted by start); `measure` = rss_kib or pss_kib."""
        measure = measure or rss_kib
        pid = self.process.pid
        children = []
        for child in descendants(pid):
            try:
                children.append((child, measure(child), start_time(child)))
            except OSError:
                pass
        children.sort(key=lambda c: (c[2], c[0]))
        return measure(pid), children

    def tree(self):
        """(RSS KiB, PSS KiB) of the kernel process and all its descendants (vmjs: worker and spare)."""
        rss, children = self.rss()
        pss, pss_children = self.rss(pss_kib)
        return rss + sum(c[1] for c in children), pss + sum(c[1] for c in pss_children)

    def interrupt(self):
        if self.spec.interrupt_mode == "message":
            msg = self.client.session.msg("interrupt_request", {})
            self.client.control_channel.send(msg)
        else:
            os.killpg(self.process.pid, signal.SIGINT)

    def shutdown(self):
        try:
            msg = self.client.session.msg("shutdown_request", {"restart": False})
            self.client.control_channel.send(msg)
            self.process.wait(timeout=5)
        except Exception:
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        else:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.client.stop_channels()


def descendants(pid):
    out = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        try:
            text = (task / "children").read_text()
        except OSError:
            continue
        for child in (int(c) for c in text.split()):
            out.append(child)
            out.extend(descendants(child))
    return out


def rss_kib(pid):
    return proc_kib(pid, "status", "VmRSS:")


def pss_kib(pid):
    """Proportional set size: shared pages (the one binary mapped by kernel and workers) split among the
    processes that map them, so the sum over processes is their real memory cost."""
    return proc_kib(pid, "smaps_rollup", "Pss:")


def proc_kib(pid, file, field):
    """The value in KiB of the line starting with `field` in /proc/PID/FILE."""
    for line in pathlib.Path(f"/proc/{pid}/{file}").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    raise OSError(f"no {field} in /proc/{pid}/{file}")


def start_time(pid):
    stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[19])


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def detail(kernel):
    """RSS KiB of the kernel process and of each child (oldest first), as a string kept in --json output."""
    kib, children = kernel.rss()
    return " ".join(str(k) for k in [kib] + [c[1] for c in children])


def bench_kernel(name, spec, args, workdir):
    out = {"name": name, "spec": spec}
    starts = []
    for _ in range(args.starts):
        kernel = Kernel(spec, workdir)
        try:
            starts.append(kernel.launch())
        finally:
            kernel.shutdown()
    out["start_p50"] = statistics.median(starts)
    out["start_min"] = min(starts)
    out["starts"] = starts

    kernel = Kernel(spec, workdir)
    code = CODE[kernel.language]
    try:
        kernel.launch()
        for _ in range(20):
            kernel.execute(code["trivial"])
        # A notebook kernel mostly waits between cells: idle first (vmjs then unmaps the code only its
        # start-up ran), then the cells whose round trips are measured, then the RSS of what they use.
        time.sleep(1.5)
        trips = [kernel.execute(code["trivial"])[0] for _ in range(args.cells)]
        out["rt_p50"] = pct(trips, 50)
        out["rt_p95"] = pct(trips, 95)

        time.sleep(0.5)
        kib, children = kernel.rss()
        out["rss_kernel"] = kib
        # The oldest child is the session's worker; later ones (vmjs's pre-warmed spare) are reported apart.
        out["rss_worker"] = children[0][1] if children else 0
        out["rss_spare"] = sum(c[1] for c in children[1:])
        out["rss_total_active"] = out["rss_kernel"] + out["rss_worker"]
        pss_kernel, pss_children = kernel.rss(pss_kib)
        out["pss_total_active"] = pss_kernel + sum(c[1] for c in pss_children[:1])
        out["tree_rss_idle"], out["tree_pss_idle"] = kernel.tree()

        n = args.lines
        counted = {"before": 0, "after": 0}

        def count(msg, after_idle):
            if msg["msg_type"] == "stream":
                counted["after" if after_idle else "before"] += msg["content"]["text"].count("\n")

        elapsed, reply, to_idle = kernel.execute(code["lines"].format(n=n), on_iopub=count)
        # What a user sees right after the work: the tree's memory at idle, then 2 s later.
        idle_at = now()
        out["tree_rss_lines"], out["tree_pss_lines"] = kernel.tree()
        out["rss_detail_lines"] = detail(kernel)
        end = now() + 1.0
        while now() < end:
            try:
                msg = kernel.client.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            count(msg, True)
        out["lines_status"] = reply.get("status")
        out["lines_rate"] = counted["before"] / to_idle
        out["lines_before_idle"] = counted["before"] / n
        out["lines_after_idle"] = counted["after"]
        out["lines_seconds"] = to_idle
        time.sleep(max(0.0, idle_at + 2.0 - now()))
        out["tree_rss_lines_2s"], out["tree_pss_lines_2s"] = kernel.tree()
        out["rss_detail_lines_2s"] = detail(kernel)

        for cell in ("count", "records"):
            _, reply, _ = kernel.execute(code[cell])
            idle_at = now()
            out[f"{cell}_status"] = reply.get("status")
            out[f"tree_rss_{cell}"], out[f"tree_pss_{cell}"] = kernel.tree()
            kernel.drain_iopub()
            time.sleep(max(0.0, idle_at + 2.0 - now()))
            out[f"tree_rss_{cell}_2s"], out[f"tree_pss_{cell}_2s"] = kernel.tree()

        status, _ = kernel.value(code["set"])
        samples = []
        for _ in range(args.interrupts):
            msg_id = kernel.client.execute(code["loop"])
            time.sleep(0.3)
            started = now()
            kernel.interrupt()
            mode = kernel.spec.interrupt_mode
            reply = None
            while now() - started < args.interrupt_timeout:
                if mode == "signal" and now() - started > args.interrupt_timeout / 2:
                    # The kernel ignored SIGINT: try interrupt_request as well before giving up.
                    mode = "signal, then message"
                    kernel.client.control_channel.send(kernel.client.session.msg("interrupt_request", {}))
                try:
                    msg = kernel.client.get_shell_msg(timeout=0.1)
                except queue.Empty:
                    continue
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg["content"]
                    break
            if reply is None:
                out["interrupt_note"] = (
                    f"no execute_reply within {args.interrupt_timeout} s of the interrupt ({mode})"
                )
                break
            samples.append(now() - started)
            out["interrupt_mode"] = mode
            kernel.drain_iopub()
        if samples:
            out["interrupt"] = statistics.median(samples)
            out["interrupt_max"] = max(samples)
            status, text = kernel.value(code["check"])
            out["interrupt_state"] = f"{status}: kept + 1 = {text}"
    finally:
        kernel.shutdown()
    return out


def median_of(runs):
    """One result per kernel: the median of each number over the rounds, the last round's other fields."""
    merged = {}
    for run in runs:
        merged.update(run)
    for key, value in merged.items():
        numbers = [r[key] for r in runs if isinstance(r.get(key), (int, float)) and not isinstance(r[key], bool)]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and numbers:
            merged[key] = statistics.median(numbers)
    return merged


def ms(x):
    return "-" if x is None else f"{x * 1e3:.2f} ms"


def mib(k):
    return "-" if k is None else f"{k / 1024:.1f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernel", action="append", required=True, help="NAME=KERNELSPEC (first = baseline)")
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--cells", type=int, default=300)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--interrupts", type=int, default=5)
    parser.add_argument("--interrupt-timeout", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=1, help="run the kernels this many times, alternating; "
                        "each figure is the median over the rounds")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="kernel-bench-")
    rounds = {}
    for round_number in range(args.rounds):
        for item in args.kernel:
            name, _, spec = item.partition("=")
            print(f"== {name} ({spec or name}), round {round_number + 1}", file=sys.stderr, flush=True)
            try:
                result = bench_kernel(name, spec or name, args, workdir)
            except Exception as error:  # one kernel failing must not hide the others
                print(f"   {name} failed: {error}", file=sys.stderr, flush=True)
                result = {"name": name, "spec": spec, "error": str(error)}
            rounds.setdefault(name, []).append(result)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rounds, indent=2))
    results = [median_of(runs) for runs in rounds.values()]

    base = results[0]
    rows = [
        ("start: spawn -> kernel_info_reply p50", "start_p50", ms),
        ("start: min", "start_min", ms),
        (f"trivial cell round trip p50 ({args.cells} cells)", "rt_p50", ms),
        ("trivial cell round trip p95", "rt_p95", ms),
        (f"{args.lines} lines: lines/s up to idle", "lines_rate", lambda x: "-" if x is None else f"{x:,.0f}"),
        ("  share of lines before idle", "lines_before_idle", lambda x: "-" if x is None else f"{x:.1%}"),
        ("  seconds to idle", "lines_seconds", lambda x: "-" if x is None else f"{x:.3f} s"),
        ("RSS kernel process", "rss_kernel", mib),
        ("RSS active worker (children)", "rss_worker", mib),
        ("RSS kernel + active worker", "rss_total_active", mib),
        ("RSS spare worker", "rss_spare", mib),
        ("PSS kernel + active worker (shared pages split)", "pss_total_active", mib),
        ("tree RSS idle (kernel + all children)", "tree_rss_idle", mib),
        ("tree PSS idle", "tree_pss_idle", mib),
        (f"tree RSS right after {args.lines} lines (at idle)", "tree_rss_lines", mib),
        ("  2 s later", "tree_rss_lines_2s", mib),
        ("  PSS right after", "tree_pss_lines", mib),
        ("  PSS 2 s later", "tree_pss_lines_2s", mib),
        ("tree RSS right after 3M-iteration loop", "tree_rss_count", mib),
        ("  2 s later", "tree_rss_count_2s", mib),
        ("  PSS right after", "tree_pss_count", mib),
        ("  PSS 2 s later", "tree_pss_count_2s", mib),
        ("tree RSS right after 100k records -> text", "tree_rss_records", mib),
        ("  2 s later", "tree_rss_records_2s", mib),
        ("  PSS right after", "tree_pss_records", mib),
        ("  PSS 2 s later", "tree_pss_records_2s", mib),
        ("interrupt of a top-level loop p50", "interrupt", ms),
        ("interrupt max", "interrupt_max", ms),
    ]
    names = [r["name"] for r in results]
    header = f"{'measure':<44}" + "".join(f"{n:>16}" for n in names) + "".join(
        f"{n + '/' + base['name']:>26}" for n in names[1:]
    )
    print(header)
    for label, key, fmt in rows:
        line = f"{label:<44}" + "".join(f"{fmt(r.get(key)):>16}" for r in results)
        for r in results[1:]:
            a, b = r.get(key), base.get(key)
            line += f"{(f'{a / b:.2f}x' if a and b else '-'):>26}"
        print(line)
    for r in results:
        if "error" in r:
            print(f"{r['name']}: ERROR {r['error']}")
        if r.get("interrupt_state"):
            print(f"{r['name']}: state after interrupt: {r['interrupt_state']}")
        if r.get("interrupt_note"):
            print(f"{r['name']}: interrupt: {r['interrupt_note']}")
        for cell in ("count", "records"):
            if r.get(f"{cell}_status") not in (None, "ok"):
                print(f"{r['name']}: the {cell} cell ended {r[f'{cell}_status']}")
        if "tree_rss_idle" in r:
            growth = [
                f"{cell} {(r[f'tree_rss_{cell}_2s'] - r['tree_rss_idle']) / 1024:+.1f}"
                for cell in ("lines", "count", "records")
                if f"tree_rss_{cell}_2s" in r
            ]
            print(f"{r['name']}: tree RSS 2 s after each heavy cell vs idle (MiB): {', '.join(growth)}")
        if r.get("lines_after_idle"):
            print(f"{r['name']}: {r['lines_after_idle']} lines arrived after idle")


if __name__ == "__main__":
    main()
