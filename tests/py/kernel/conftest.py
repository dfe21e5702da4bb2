"""Fixtures for kernel tests: a running vmjs kernel (real process, real ZeroMQ sockets) and helpers."""

import os
import pathlib
import sys

import pytest
from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from kernelspec import KERNEL_NAME, install  # noqa: E402


@pytest.fixture
def kernel(tmp_path):
    """A fresh kernel started in `tmp_path` (its notebook folder); shut down after the test."""
    install()
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, cwd=str(tmp_path))
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=False)


def run(kc, code, timeout=30, **options):
    """Executes `code`; returns (reply content, [(msg_type, content)] of IOPub messages up to idle)."""
    msg_id = kc.execute(code, **options)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=30):
    """The shell reply and the IOPub messages of request `msg_id`, up to its idle status."""
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                break
            continue
        outputs.append((msg["msg_type"], msg["content"]))
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply["content"], outputs


def process_children(pid):
    """Direct children of a process (from /proc)."""
    children = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text()
        children.extend(int(c) for c in text.split())
    return children


def alive(pid):
    """Whether `pid` exists and is not a zombie."""
    try:
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


os.environ.setdefault("PYTHONUNBUFFERED", "1")
