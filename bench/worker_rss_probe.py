"""The RSS of a kernel's session worker at the moments its code pages change, for kernelspecs side by side.

For each round and each kernelspec: a fresh kernel, the first cell (`1+1`), the worker's RSS 0.3 s later and
2.5 s later (after 1 s idle it releases its start-up code), then a second cell and 0.3 s later again (the code
it runs mapped back). Used for bench/RESULTS.md (2026-12-04): compare two vmjs binaries installed as two
kernelspecs, e.g.

    /tmp/vmjs-a --db /tmp/a.db kernel install --prefix /tmp/p --name a
    /tmp/vmjs-b --db /tmp/b.db kernel install --prefix /tmp/p --name b
    JUPYTER_PATH=/tmp/p/share/jupyter bench/.venv/bin/python bench/worker_rss_probe.py a b --rounds 3
"""

import argparse
import subprocess
import time

from jupyter_client.manager import start_new_kernel


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def oldest_child(pid: int) -> int:
    """The session's worker: the kernel's first child (the pool's spare starts later)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--sort=start_time", "--ppid", str(pid)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0])


def probe(kernel_name: str) -> tuple[float, float, float]:
    manager, client = start_new_kernel(kernel_name=kernel_name)
    try:
        client.execute_interactive("1+1", timeout=10, output_hook=lambda _msg: None)
        worker = oldest_child(manager.provisioner.process.pid)
        time.sleep(0.3)
        first = rss_mib(worker)
        time.sleep(2.2)
        released = rss_mib(worker)
        client.execute_interactive(
            "let s = 0; for (let i = 0; i < 1000; i++) s += i; s", timeout=10, output_hook=lambda _msg: None
        )
        time.sleep(0.3)
        second = rss_mib(worker)
        return first, released, second
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kernels", nargs="+", help="kernelspec names, alternated")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for round_number in range(1, args.rounds + 1):
        for name in args.kernels:
            first, released, second = probe(name)
            print(
                f"round {round_number} {name}: worker 0.3 s after the first cell {first:.1f} MiB, "
                f"2.5 s after {released:.1f}, 0.3 s after a second cell {second:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
