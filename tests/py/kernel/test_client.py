"""Real-client tests with jupyter_client for what the conformance suite does not cover: interrupt with
state kept, restart, stdin, signatures, big output, display updates, history across restarts, aborts."""

import signal
import time
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import alive, collect, process_children, run
from kernelspec import KERNEL_NAME


def test_outputs_arrive_in_order_before_idle(kernel):
    _, kc = kernel
    reply, outputs = run(
        kc, "console.log('a'); console.warn('b'); Jupyter.display(Jupyter.md`*c*`); console.log('d'); 1"
    )
    assert reply["status"] == "ok"
    assert [t for t, _ in outputs] == ["execute_input", "stream", "stream", "display_data", "stream", "execute_result"]
    assert outputs[1][1] == {"name": "stdout", "text": "a\n"}
    assert outputs[2][1] == {"name": "stderr", "text": "b\n"}
    assert outputs[3][1]["data"]["text/markdown"] == "*c*"
    assert outputs[5][1]["data"] == {"text/plain": "1"}


def test_hundred_thousand_lines_arrive_complete_and_coalesced_before_idle(kernel):
    _, kc = kernel
    reply, outputs = run(kc, "for (let i = 0; i < 100000; i++) console.log(i)")
    assert reply["status"] == "ok"
    streams = [c for t, c in outputs if t == "stream"]
    text = "".join(c["text"] for c in streams)
    assert text == "".join(f"{i}\n" for i in range(100000))
    assert len(streams) < 1000, f"{len(streams)} stream messages for 100k lines"


def test_interrupt_stops_a_loop_and_keeps_state(kernel):
    km, kc = kernel
    run(kc, "let kept = 41")
    msg_id = kc.execute("while (true) {}")
    time.sleep(0.3)
    started = time.monotonic()
    km.interrupt_kernel()
    reply, outputs = collect(kc, msg_id)
    elapsed = time.monotonic() - started
    assert reply["status"] == "error" and reply["ename"] == "Interrupted"
    assert ("error", ) == tuple(t for t, _ in outputs if t == "error")
    assert elapsed < 1.0, f"interrupt took {elapsed:.3f}s"
    reply, outputs = run(kc, "kept + 1")
    assert outputs[-1][1]["data"]["text/plain"] == "42"


def test_interrupt_inside_a_native_callback_restores_the_session(kernel):
    km, kc = kernel
    run(kc, "const base = 10")
    msg_id = kc.execute("[1].forEach(() => { while (true) {} })")
    time.sleep(0.3)
    km.interrupt_kernel()
    reply, outputs = collect(kc, msg_id)
    assert reply["status"] == "error" and reply["ename"] == "Interrupted"
    stderr = "".join(c["text"] for t, c in outputs if t == "stream" and c["name"] == "stderr")
    assert "restor" in stderr, stderr
    _, outputs = run(kc, "base * 2")
    assert outputs[-1][1]["data"]["text/plain"] == "20"


def test_prompt_uses_stdin_when_allowed_and_fails_clearly_otherwise(kernel):
    _, kc = kernel
    msg_id = kc.execute("const name = prompt('name?'); `hi ${name}`", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=10)
    assert request["msg_type"] == "input_request"
    assert request["content"]["prompt"] == "name?"
    kc.input("Ada")
    reply, outputs = collect(kc, msg_id)
    assert reply["status"] == "ok"
    assert outputs[-1][1]["data"]["text/plain"] == "'hi Ada'"
    reply, _ = run(kc, "prompt('again?')", allow_stdin=False)
    assert reply["status"] == "error"
    assert "allow_stdin" in reply["evalue"]


def test_interrupt_while_prompt_waits_cancels_the_cell_and_keeps_the_worker(kernel):
    km, kc = kernel
    # Input that used prompt() is never replayed: only a worker that was not replaced still has it.
    msg_id = kc.execute("var asked = prompt('first?'); asked", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=10)["msg_type"] == "input_request"
    kc.input("yes")
    collect(kc, msg_id)
    msg_id = kc.execute("prompt('never answered')", allow_stdin=True)
    assert kc.get_stdin_msg(timeout=10)["msg_type"] == "input_request"
    started = time.monotonic()
    km.interrupt_kernel()
    reply, outputs = collect(kc, msg_id)
    elapsed = time.monotonic() - started
    assert reply["status"] == "error" and reply["ename"] == "Interrupted", reply
    stderr = "".join(c["text"] for t, c in outputs if t == "stream" and c["name"] == "stderr")
    assert "restor" not in stderr, stderr
    assert elapsed < 0.4, f"interrupt took {elapsed:.3f}s (a killed worker waits 0.5 s first)"
    _, outputs = run(kc, "asked")
    assert outputs[-1][1]["data"]["text/plain"] == "'yes'"


def test_update_display_data_by_display_id(kernel):
    _, kc = kernel
    reply, outputs = run(
        kc,
        "Jupyter.display('first', { display_id: 'progress' });"
        "Jupyter.display('second', { display_id: 'progress', update: true })",
    )
    assert reply["status"] == "ok"
    kinds = [(t, c.get("transient")) for t, c in outputs if t.endswith("display_data")]
    assert kinds == [
        ("display_data", {"display_id": "progress"}),
        ("update_display_data", {"display_id": "progress"}),
    ]
    assert outputs[-1][1]["data"]["text/plain"] == "'second'"


def test_messages_with_a_bad_signature_are_dropped_and_the_next_valid_one_is_served(kernel):
    km, kc = kernel
    forger = km.client()
    forger.session.key = b"not-the-key"
    forger.start_channels()
    try:
        forger.kernel_info()
        with pytest.raises(Empty):
            forger.get_shell_msg(timeout=1)
    finally:
        forger.stop_channels()
    kc.kernel_info()
    assert kc.get_shell_msg(timeout=5)["msg_type"] == "kernel_info_reply"


def test_unknown_and_malformed_requests_get_error_replies(kernel):
    _, kc = kernel
    msg = kc.session.msg("frobnicate_request", {})
    kc.shell_channel.send(msg)
    reply = kc.get_shell_msg(timeout=5)
    assert reply["msg_type"] == "frobnicate_reply"
    assert reply["content"]["status"] == "error"
    msg = kc.session.msg("execute_request", {"code": 42})
    kc.shell_channel.send(msg)
    reply = kc.get_shell_msg(timeout=5)
    assert reply["content"]["status"] == "error"
    reply, _ = run(kc, "1 + 1")
    assert reply["status"] == "ok"


def test_stop_on_error_aborts_the_queued_cells(kernel):
    _, kc = kernel
    # The failing cell runs long enough for the next two requests to be queued behind it (a bare `throw`
    # could finish before they arrive, and then they would rightly run).
    failing = kc.execute("const until = Date.now() + 1000; while (Date.now() < until) {}\nthrow new Error('first fails')")
    queued = [kc.execute("globalThis.ran = true"), kc.execute("2")]
    replies = {}
    while len(replies) < 3:
        reply = kc.get_shell_msg(timeout=10)
        replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
    assert replies[failing] == "error"
    assert [replies[m] for m in queued] == ["aborted", "aborted"]
    _, outputs = run(kc, "typeof globalThis.ran")
    assert outputs[-1][1]["data"]["text/plain"] == "'undefined'"


def test_silent_publishes_nothing_and_does_not_count(kernel):
    _, kc = kernel
    first, _ = run(kc, "1")
    reply, outputs = run(kc, "console.log('hidden'); 2", silent=True)
    assert reply["status"] == "ok"
    assert outputs == []
    third, _ = run(kc, "3")
    assert third["execution_count"] == first["execution_count"] + 1


def test_completion_and_inspection_answer_while_a_cell_runs(kernel):
    km, kc = kernel
    run(kc, "let declaredEarlier = [1, 2]")
    _, outputs = run(kc, "declaredEarlier")
    kc.complete("declaredEarlier.pu")
    reply = kc.get_shell_msg(timeout=5)["content"]
    assert reply["matches"] == ["push"]
    assert (reply["cursor_start"], reply["cursor_end"]) == (16, 18)
    busy = kc.execute("while (true) {}")
    time.sleep(0.2)
    started = time.monotonic()
    kc.complete("declaredE")
    reply = kc.get_shell_msg(timeout=5)
    elapsed = time.monotonic() - started
    assert reply["content"]["matches"] == ["declaredEarlier"]
    assert elapsed < 1.0
    km.interrupt_kernel()
    collect(kc, busy)


def test_completion_positions_count_code_points(kernel):
    _, kc = kernel
    run(kc, "var café = 1")
    code = "'😀'; caf"
    kc.complete(code, len(code))
    reply = kc.get_shell_msg(timeout=5)["content"]
    assert "café" in reply["matches"]
    # Code points: the emoji counts once (it would be 2 in UTF-16).
    assert (reply["cursor_start"], reply["cursor_end"]) == (5, 8)


def test_inspection_shows_type_preview_and_signature(kernel):
    _, kc = kernel
    run(kc, "function add(a, b = 1) { return a + b }; const point = { x: 1, y: 2 }")
    kc.inspect("add(1)", 1)
    reply = kc.get_shell_msg(timeout=5)["content"]
    assert reply["found"] and "add(a, b = 1)" in reply["data"]["text/plain"]
    kc.inspect("point", 3)
    reply = kc.get_shell_msg(timeout=5)["content"]
    assert reply["found"] and "x: 1" in reply["data"]["text/plain"]
    kc.inspect("nothingHere", 3)
    assert kc.get_shell_msg(timeout=5)["content"]["found"] is False


def test_restart_gives_a_fresh_session_leaves_no_orphans_and_keeps_history(tmp_path):
    km, kc = start_new_kernel(kernel_name=KERNEL_NAME, cwd=str(tmp_path))
    try:
        run(kc, "var survivor = 'old session'")
        marker = f"'history marker {time.time()}'"
        run(kc, marker)
        old_pid = km.provisioner.process.pid
        workers = process_children(old_pid)
        assert workers, "the kernel runs its session in worker processes"
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        assert not alive(old_pid)
        for worker in workers:
            deadline = time.monotonic() + 5
            while alive(worker) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not alive(worker), f"worker {worker} outlived its kernel"
        _, outputs = run(kc, "typeof survivor")
        assert outputs[-1][1]["data"]["text/plain"] == "'undefined'"
        kc.history(hist_access_type="search", pattern=f"*{marker[1:-1]}*", output=True)
        history = kc.get_shell_msg(timeout=5)["content"]["history"]
        assert [entry[2][0] for entry in history] == [marker]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def test_heartbeat_and_control_answer_while_a_cell_runs_and_sigint_interrupts(kernel):
    km, kc = kernel
    busy = kc.execute("while (true) {}")
    time.sleep(0.2)
    assert kc.hb_channel.is_beating()
    msg = kc.session.msg("kernel_info_request", {})
    kc.control_channel.send(msg)
    reply = kc.control_channel.get_msg(timeout=2)
    assert reply["msg_type"] == "kernel_info_reply"
    km.signal_kernel(signal.SIGINT)
    reply, _ = collect(kc, busy)
    assert reply["ename"] == "Interrupted"


def test_user_expressions_rich_values_and_charts(kernel):
    _, kc = kernel
    reply, outputs = run(
        kc,
        "const n = 6; ({ [Symbol.for('Jupyter.display')]() { return { 'text/html': '<i>mine</i>' } } })",
        user_expressions={"double": "n * 2", "broken": "nope.nope"},
    )
    assert reply["user_expressions"]["double"] == {"status": "ok", "data": {"text/plain": "12"}, "metadata": {}}
    assert reply["user_expressions"]["broken"]["status"] == "error"
    assert reply["user_expressions"]["broken"]["ename"] == "ReferenceError"
    assert outputs[-1][1]["data"]["text/html"] == "<i>mine</i>"
    _, outputs = run(kc, "Jupyter.plot.bar([{ k: 'a', v: 1 }, { k: 'b', v: 2 }], { x: 'k', y: 'v' })")
    data = outputs[-1][1]["data"]
    spec = data["application/vnd.vegalite.v5+json"]
    assert spec["mark"] in ("bar", {"type": "bar"}) or spec["mark"].get("type") == "bar"
    assert spec["data"]["values"] == [{"k": "a", "v": 1}, {"k": "b", "v": 2}]
    assert "text/plain" in data


def test_comms_are_refused_and_comm_info_is_empty(kernel):
    _, kc = kernel
    kc.comm_info()
    assert kc.get_shell_msg(timeout=5)["content"] == {"status": "ok", "comms": {}}
    msg = kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {}})
    kc.shell_channel.send(msg)
    deadline = time.monotonic() + 5
    while True:
        iopub = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if iopub["msg_type"] == "comm_close":
            assert iopub["content"]["comm_id"] == "c1"
            break


def test_a_session_that_cannot_start_is_explained_in_the_notebook(tmp_path):
    import os
    import subprocess

    from kernelspec import install

    root = install()
    vmjs = os.environ["VMJS_BIN"]
    db = str(root / "vmjs.db")
    (tmp_path / "boot.js").write_text("throw new Error('broken boot file')")
    subprocess.run([vmjs, "--db", db, "template", "create", "broken-boot", "--startup", "boot.js"], check=True)
    subprocess.run(
        [vmjs, "--db", db, "kernel", "install", "--prefix", str(root / "prefix"), "--template", "broken-boot", "--force"],
        check=True,
    )
    km, kc = start_new_kernel(kernel_name="vmjs-broken-boot", cwd=str(tmp_path))
    try:
        reply, outputs = run(kc, "1 + 1")
        assert reply["status"] == "error" and reply["ename"] == "SessionFailed"
        assert "broken boot file" in reply["evalue"]
        assert [t for t, _ in outputs] == ["error"]
        kc.kernel_info()
        assert kc.get_shell_msg(timeout=5)["msg_type"] == "kernel_info_reply"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def resident_code_kib(pid):
    """Resident KiB of the executable mappings of process `pid`."""
    total, in_code = 0, False
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):
                in_code = len(fields) >= 6 and fields[1] == "r-xp"
            elif in_code and fields[0] == "Rss:":
                total += int(fields[1])
    return total


def test_an_idle_kernel_releases_its_start_up_code_and_serves_on(kernel):
    km, kc = kernel
    run(kc, "let kept = 2")
    pid = km.provisioner.process.pid
    before = resident_code_kib(pid)
    time.sleep(1.6)  # vmjs_core::code_pages::IDLE_AFTER_START_UP (1 s) and some
    after = resident_code_kib(pid)
    assert after * 2 < before, f"code mapped: {before} KiB after the first cell, {after} KiB after idling"
    reply, outputs = run(kc, "kept * 21")
    assert reply["status"] == "ok"
    assert outputs[-1][1]["data"]["text/plain"] == "42"
