"""The Jupyter comm protocol both ways with a real jupyter_client: comm_open from either side, comm_msg with
binary buffers, comm_close, comm_info_request, ordering against running cells, and the store."""

import json
import sqlite3
import time
import uuid

from conftest import collect, run
from kernelspec import install


def send_comm(kc, msg_type, content, buffers=None):
    """Sends a comm message on the shell channel as a frontend does; returns its msg_id."""
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg) if buffers is None else kc.session.send(
        kc.shell_channel.socket, msg, buffers=buffers
    )
    return msg["header"]["msg_id"]


def iopub_of(kc, msg_id, timeout=30):
    """The IOPub messages (full messages) parented to `msg_id`, up to its idle status."""
    messages = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return messages
            continue
        messages.append(msg)


def open_to_target(kc, on_msg):
    """Registers target `t` whose comms handle messages with the JS function `on_msg` (given `comm`, `m`), then
    opens a comm to it as a frontend does; returns the comm id."""
    reply, _ = run(kc, f"Jupyter.comm.registerTarget('t', (comm) => {{ comm.onMsg = (m) => {{ {on_msg} }}; }})")
    assert reply["status"] == "ok", reply
    comm_id = uuid.uuid4().hex
    iopub_of(kc, send_comm(kc, "comm_open", {"comm_id": comm_id, "target_name": "t", "data": {}}))
    return comm_id


def comm_info(kc, target_name=None):
    content = {} if target_name is None else {"target_name": target_name}
    msg = kc.session.msg("comm_info_request", content)
    kc.shell_channel.send(msg)
    while True:
        reply = kc.get_shell_msg(timeout=10)
        if reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]:
            return reply["content"]


def test_a_frontend_opens_a_comm_and_both_sides_exchange_messages_with_buffers(kernel):
    _, kc = kernel
    reply, _ = run(
        kc,
        "globalThis.log = [];\n"
        "Jupyter.comm.registerTarget('echo', (comm, msg) => {\n"
        "  log.push(['open', msg.content.data]);\n"
        "  comm.onMsg = (m) => {\n"
        "    log.push(['msg', m.content.data, m.buffers.map((b) => Array.from(new Uint8Array(b.buffer)))]);\n"
        "    console.log('handled', m.content.data.n);\n"
        "    comm.send({doubled: m.content.data.n * 2}, {why: 'echo'}, [new Uint8Array([m.content.data.n, 255])]);\n"
        "  };\n"
        "  comm.onClose = (m) => log.push(['close', m.content.data]);\n"
        "})",
    )
    assert reply["status"] == "ok"
    comm_id = uuid.uuid4().hex
    opened = send_comm(kc, "comm_open", {"comm_id": comm_id, "target_name": "echo", "data": {"hi": 1}})
    assert iopub_of(kc, opened) == []
    assert comm_info(kc) == {"status": "ok", "comms": {comm_id: {"target_name": "echo"}}}
    assert comm_info(kc, "echo")["comms"] == {comm_id: {"target_name": "echo"}}
    assert comm_info(kc, "other")["comms"] == {}

    sent = send_comm(kc, "comm_msg", {"comm_id": comm_id, "data": {"n": 21}}, buffers=[b"\x01\x02\x03"])
    messages = iopub_of(kc, sent)
    kinds = [m["msg_type"] for m in messages]
    assert kinds == ["stream", "comm_msg"], kinds
    assert messages[0]["content"]["text"] == "handled 21\n"
    answer = messages[1]
    assert answer["content"] == {"comm_id": comm_id, "data": {"doubled": 42}}
    assert answer["metadata"] == {"why": "echo"}
    assert [bytes(b) for b in answer["buffers"]] == [b"\x15\xff"]

    closed = send_comm(kc, "comm_close", {"comm_id": comm_id, "data": {"bye": True}})
    assert iopub_of(kc, closed) == []
    assert comm_info(kc)["comms"] == {}
    reply, outputs = run(kc, "JSON.stringify(log)")
    assert json.loads(outputs[-1][1]["data"]["text/plain"][1:-1]) == [
        ["open", {"hi": 1}],
        ["msg", {"n": 21}, [[1, 2, 3]]],
        ["close", {"bye": True}],
    ]


def test_the_kernel_opens_a_comm_and_receives_the_frontends_messages(kernel):
    _, kc = kernel
    msg_id = kc.execute(
        "globalThis.got = []; const c = Jupyter.comm.open('my.target', {x: 1}); "
        "c.onMsg = (m) => got.push(m.content.data); c.commId"
    )
    reply, outputs = collect(kc, msg_id)
    assert reply["status"] == "ok"
    opens = [content for kind, content in outputs if kind == "comm_open"]
    assert len(opens) == 1 and opens[0]["target_name"] == "my.target" and opens[0]["data"] == {"x": 1}
    comm_id = opens[0]["comm_id"]
    assert comm_info(kc)["comms"] == {comm_id: {"target_name": "my.target"}}
    iopub_of(kc, send_comm(kc, "comm_msg", {"comm_id": comm_id, "data": {"from": "frontend"}}))
    _, outputs = run(kc, "JSON.stringify(got)")
    assert outputs[-1][1]["data"]["text/plain"] == """'[{"from":"frontend"}]'"""
    # A message for a comm that was never opened is dropped without an execution.
    iopub_of(kc, send_comm(kc, "comm_msg", {"comm_id": "nope", "data": {}}))
    _, outputs = run(kc, "c.close(); JSON.stringify(got)")
    assert [kind for kind, _ in outputs][:2] == ["execute_input", "comm_close"]
    assert comm_info(kc)["comms"] == {}


def test_messages_sent_while_a_cell_runs_arrive_after_it_in_order_and_are_stored(kernel):
    _, kc = kernel
    run(kc, "globalThis.order = []")
    comm_id = open_to_target(kc, "order.push(m.content.data.i);")
    # A cell that runs for a while and reports what had arrived by its end.
    running = kc.execute(
        "const until = Date.now() + 700; while (Date.now() < until) {} order.length"
    )
    time.sleep(0.2)
    sent = [send_comm(kc, "comm_msg", {"comm_id": comm_id, "data": {"i": i}}) for i in range(5)]
    after = kc.execute("JSON.stringify(order)")
    reply, outputs = collect(kc, running)
    assert outputs[-1][1]["data"]["text/plain"] == "0", "delivered only once the session is idle"
    for msg_id in sent:
        iopub_of(kc, msg_id)
    reply, outputs = collect(kc, after)
    assert outputs[-1][1]["data"]["text/plain"] == "'[0,1,2,3,4]'"

    db = sqlite3.connect(install() / "vmjs.db")
    rows = db.execute(
        "SELECT input, source_name, status FROM executions WHERE kind = 'comm' AND source_name = ?"
        " ORDER BY started_at, rowid",
        (f"<comm {comm_id}>",),
    ).fetchall()
    db.close()
    delivered = [json.loads(input) for input, _, status in rows if status == "ok"]
    assert [m["action"] for m in delivered] == ["open"] + ["msg"] * 5
    assert [m["data"].get("i") for m in delivered[1:]] == [0, 1, 2, 3, 4]


def test_a_failing_handler_shows_its_error_and_the_comm_stays_usable(kernel):
    _, kc = kernel
    comm_id = open_to_target(
        kc, "if (m.content.data.fail) throw new RangeError('bad message'); comm.send({ok: true});"
    )
    messages = iopub_of(kc, send_comm(kc, "comm_msg", {"comm_id": comm_id, "data": {"fail": True}}))
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert errors and errors[0]["ename"] == "RangeError" and errors[0]["evalue"] == "bad message"
    messages = iopub_of(kc, send_comm(kc, "comm_msg", {"comm_id": comm_id, "data": {}}))
    assert [m["content"]["data"] for m in messages if m["msg_type"] == "comm_msg"] == [{"ok": True}]
    # Malformed comm messages are dropped with no harm to the kernel.
    iopub_of(kc, send_comm(kc, "comm_msg", {"data": {}}))
    iopub_of(kc, send_comm(kc, "comm_open", {"comm_id": uuid.uuid4().hex}))
    reply, _ = run(kc, "1")
    assert reply["status"] == "ok"
