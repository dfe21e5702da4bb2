"""End-to-end tests of the vmjs MCP server with the official MCP Python SDK: `vmjs mcp` over stdio and `/mcp`
of `vmjs serve` over streamable HTTP."""

import base64
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid
from functools import partial

import anyio
import pytest
from mcp import MCPError

pytestmark = pytest.mark.asyncio

TOOLS = {
    "execute",
    "run_file",
    "create_session",
    "list_sessions",
    "close_session",
    "interrupt",
    "history",
    "list_templates",
}
ANSWER_FIELDS = {
    "session_id",
    "session_created",
    "execution_id",
    "status",
    "result",
    "error",
    "stdout",
    "stderr",
    "displays",
    "truncated",
}
LOOP = "while (true) {}"


def out(answer, stream):
    """stdout or stderr of an answer, less one final newline (test_console_output_is_newline_joined checks that
    the SPEC's "newline-joined" holds exactly; the other tests are about other things)."""
    text = answer[stream]
    return text[:-1] if text.endswith("\n") else text


def assert_ok(answer):
    assert not answer.is_error, answer
    assert answer["status"] == "ok", answer
    assert answer["error"] is None, answer


async def session_status(client, session_id):
    listed = await client.call("list_sessions")
    assert not listed.is_error, listed
    for session in listed["sessions"]:
        if session["session_id"] == session_id:
            return session
    raise AssertionError(f"{session_id} not in {listed}")


async def wait_busy(client, session_id):
    """Returns once the session runs something (its execute request has reached the worker)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if (await session_status(client, session_id))["status"] == "busy":
            return
        await anyio.sleep(0.05)
    raise AssertionError(f"session {session_id} never became busy")


# ---------------------------------------------------------------------------------------------------- stdio


async def test_tools_list_names_and_schemas(vmjs):
    async with vmjs.stdio() as client:
        tools = (await client.session.list_tools()).tools
        assert {t.name for t in tools} == TOOLS
        for tool in tools:
            assert tool.input_schema.get("type") == "object", tool
            assert tool.output_schema is not None and tool.output_schema.get("type") == "object", tool
            assert tool.description, tool
        execute = next(t for t in tools if t.name == "execute")
        assert execute.input_schema["required"] == ["code"]
        assert set(execute.input_schema["properties"]) == {"code", "session_id", "template", "timeout_ms"}
        assert ANSWER_FIELDS <= set(execute.output_schema["properties"])


async def test_execute_keeps_state_and_creates_a_session(vmjs):
    async with vmjs.stdio() as client:
        first = await client.execute("let x = 41")
        assert_ok(first)
        assert first["session_created"] is True
        session_id = first["session_id"]
        assert isinstance(session_id, str) and session_id
        assert len(first.raw.content) == 1 and first.raw.content[0].type == "text"

        second = await client.execute("x + 1", session_id=session_id)
        assert_ok(second)
        assert second["result"] == "42"
        assert second["session_id"] == session_id
        assert second["session_created"] is False
        assert second["execution_id"] != first["execution_id"]
        assert second["stdout"] == "" and second["stderr"] == ""
        assert second["displays"] == []
        assert second["truncated"] is False

        # Without session_id: another, fresh session (x is not defined there).
        other = await client.execute("typeof x")
        assert_ok(other)
        assert other["session_created"] is True
        assert other["session_id"] != session_id
        assert other["result"] == "'undefined'"


async def test_result_is_printed_like_the_repl(vmjs):
    async with vmjs.stdio() as client:
        answer = await client.execute('({a: 1, b: "s"})')
        assert_ok(answer)
        assert answer["result"] == "{ a: 1, b: 's' }"


async def test_js_errors_are_tool_errors_with_structure(vmjs):
    async with vmjs.stdio() as client:
        answer = await client.execute("null.f")
        assert answer.is_error is True, answer
        assert answer["status"] == "error"
        assert answer["error"]["name"] == "TypeError"
        assert answer["result"] is None

        thrown = await client.execute('throw new RangeError("too far")', session_id=answer["session_id"])
        assert thrown.is_error is True
        assert thrown["status"] == "error"
        assert thrown["error"]["name"] == "RangeError"
        assert thrown["error"]["message"] == "too far"
        assert isinstance(thrown["error"]["stack"], str)

        syntax = await client.execute("let = ;", session_id=answer["session_id"])
        assert syntax.is_error is True
        assert syntax["error"]["name"] == "SyntaxError"

        # The session survives its errors.
        after = await client.execute("1 + 1", session_id=answer["session_id"])
        assert_ok(after)
        assert after["result"] == "2"


async def test_console_output_is_one_line_per_call(vmjs):
    async with vmjs.stdio() as client:
        answer = await client.execute('console.log("a"); console.error("b"); console.warn("w"); console.log("c", 1)')
        assert_ok(answer)
        # As a terminal shows them: each call is one line, ended by a newline.
        assert answer["stdout"] == "a\nc 1\n"
        assert answer["stderr"] == "b\nw\n"
        assert answer["result"] in (None, "undefined")


async def test_bad_arguments_are_tool_errors(vmjs):
    async with vmjs.stdio() as client:
        missing = await client.call("execute")
        assert missing.is_error is True, missing
        assert "code" in missing.text, missing

        wrong_type = await client.call("execute", code=42)
        assert wrong_type.is_error is True, wrong_type

        unknown = str(uuid.uuid4())
        unknown_session = await client.execute("1", session_id=unknown)
        assert unknown_session.is_error is True, unknown_session
        assert unknown in unknown_session.text, unknown_session

        malformed = await client.execute("1", session_id="no-such-session")
        assert malformed.is_error is True, malformed
        assert "session_id" in malformed.text, malformed

        unknown_template = await client.execute("1", template="no-such-template")
        assert unknown_template.is_error is True, unknown_template
        assert "no-such-template" in unknown_template.text, unknown_template

        # An unknown tool fails (as a tool error or a JSON-RPC error; either is a failure to the client).
        try:
            unknown = await client.call("no_such_tool")
        except MCPError:
            pass
        else:
            assert unknown.is_error is True, unknown


async def test_timeout_ms_stops_an_endless_loop_and_the_session_lives_on(vmjs):
    async with vmjs.stdio() as client:
        first = await client.execute("let x = 41")
        session_id = first["session_id"]
        started = time.monotonic()
        answer = await client.execute(LOOP, session_id=session_id, timeout_ms=300)
        assert time.monotonic() - started < 10
        assert answer.is_error is True, answer
        assert answer["status"] == "timeout"
        after = await client.execute("x + 1", session_id=session_id)
        assert_ok(after)
        assert after["result"] == "42"


async def test_cancelling_the_request_interrupts_the_execution(vmjs):
    async with vmjs.stdio() as client:
        first = await client.execute("let x = 41")
        session_id = first["session_id"]

        # Cancelling the task that awaits tools/call makes the SDK send notifications/cancelled.
        async with anyio.create_task_group() as group:
            group.start_soon(partial(client.execute, LOOP, session_id=session_id))
            await wait_busy(client, session_id)
            group.cancel_scope.cancel()

        started = time.monotonic()
        after = await client.execute("x + 1", session_id=session_id)
        assert time.monotonic() - started < 5, "the cancelled loop kept the session busy"
        assert_ok(after)
        assert after["result"] == "42"

        history = await client.call("history", session_id=session_id, limit=3)
        assert not history.is_error, history
        statuses = [(e["input"], e["status"]) for e in history["executions"]]
        assert statuses == [("x + 1", "ok"), (LOOP, "cancelled"), ("let x = 41", "ok")]


async def test_interrupt_tool_stops_the_running_execution(vmjs):
    async with vmjs.stdio() as client:
        first = await client.execute("let x = 41")
        session_id = first["session_id"]

        idle = await client.call("interrupt", session_id=session_id)
        assert not idle.is_error, idle
        assert idle.data == {"session_id": session_id, "interrupted_execution_id": None}

        answers = []

        async def run_loop():
            answers.append(await client.execute(LOOP, session_id=session_id))

        async with anyio.create_task_group() as group:
            group.start_soon(run_loop)
            await wait_busy(client, session_id)
            interrupted = await client.call("interrupt", session_id=session_id)
        assert not interrupted.is_error, interrupted
        assert interrupted["session_id"] == session_id
        [loop] = answers
        assert loop.is_error is True
        assert loop["status"] == "cancelled"
        assert interrupted["interrupted_execution_id"] == loop["execution_id"]

        after = await client.execute("x + 1", session_id=session_id)
        assert after["result"] == "42"


async def test_progress_notifications_carry_console_lines(vmjs):
    code = (
        'for (let i = 0; i < 8; i++) { console.log("line " + i); '
        "const t = Date.now(); while (Date.now() - t < 100) {} }"
    )
    lines = [f"line {i}" for i in range(8)]
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, message))

    async with vmjs.stdio() as client:
        answer = await client.call("execute", progress=on_progress, code=code)
    assert_ok(answer)
    assert out(answer, "stdout") == "\n".join(lines)
    assert len(progress) >= 2, progress
    values = [value for value, _ in progress]
    assert values == sorted(values), progress
    # Each notification carries the lines printed since the previous one; progress counts the lines so far.
    seen = 0
    for value, message in progress:
        assert value == int(value) and seen < value <= 8, progress
        new_lines = "".join(line + "\n" for line in lines[seen : int(value)])
        assert message == new_lines, f"progress {value}: message {message!r}, all: {progress}"
        seen = int(value)


def cpu_seconds_of_server(root) -> float:
    """User + system CPU time of the `vmjs mcp --root ROOT` process (not its workers)."""
    import os
    import pathlib

    for proc in pathlib.Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        if b"mcp" in argv and str(root).encode() in argv:
            fields = stat[stat.rfind(")") + 2 :].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    raise AssertionError(f"no vmjs mcp process for {root}")


async def test_a_quiet_execution_with_progress_does_not_busy_wait(vmjs):
    progress = []

    async def on_progress(value, total, message):
        progress.append(value)

    async with vmjs.stdio() as client:
        answer = await client.call("execute", progress=on_progress, code="console.log('one')")
        assert_ok(answer)
        before = cpu_seconds_of_server(vmjs.root)
        quiet = await client.call(
            "execute",
            progress=on_progress,
            code="console.log('start'); await new Promise((r) => setTimeout(r, 1500)); 'done'",
            session_id=answer["session_id"],
        )
        spent = cpu_seconds_of_server(vmjs.root) - before
        assert_ok(quiet)
        assert quiet["result"] == "'done'"
        # Waiting 1.5 s for a timer must not cost the server that much CPU (a spinning wait costs all of it).
        assert spent < 0.5, f"the server used {spent:.2f} s of CPU while the code slept 1.5 s"


async def test_memory_bomb_is_an_execution_outcome(vmjs):
    vmjs.template("small", "--mem-mb", "64")
    async with vmjs.stdio("--template", "small") as client:
        started = time.monotonic()
        bomb = await client.execute("let a = []; while (true) a.push(new Array(1e6).fill(1))")
        assert time.monotonic() - started < 15
        assert bomb.is_error is True, bomb
        assert bomb["status"] in ("error", "crashed"), bomb
        assert "memory" in json.dumps(bomb["error"]).lower(), bomb

        after = await client.execute("1 + 1")
        assert_ok(after)
        assert after["result"] == "2"
        # The bombed session itself answers again (its worker was replaced; current behaviour, not in the SPEC).
        again = await client.execute("2 + 2", session_id=bomb["session_id"])
        assert_ok(again)
        assert again["result"] == "4"


async def test_fs_read_needs_the_capability(vmjs):
    (vmjs.root / "x.txt").write_text("hello from root")
    vmjs.template("reader", "--allow", "fs.read")
    async with vmjs.stdio() as client:
        denied = await client.execute('vmjs.fs.readTextFile("x.txt")')
        assert denied.is_error is True
        assert denied["status"] == "error"
        assert denied["error"]["name"] == "PermissionDenied"
        assert "fs.read" in denied["error"]["message"]

        allowed = await client.execute('vmjs.fs.readTextFile("x.txt")', template="reader")
        assert_ok(allowed)
        assert allowed["result"] == "'hello from root'"


async def test_create_session_with_template_and_root(vmjs):
    # A folder inside the server's --root (`vmjs mcp --help`: create_session accepts roots inside it only).
    other = vmjs.root / "other-root"
    other.mkdir()
    (other / "x.txt").write_text("other root")
    vmjs.template("reader", "--allow", "fs.read")
    async with vmjs.stdio() as client:
        created = await client.call("create_session", template="reader", root=str(other))
        assert not created.is_error, created
        assert created["template"] == "reader"
        assert created["root"] == str(other)
        answer = await client.execute('vmjs.fs.readTextFile("x.txt")', session_id=created["session_id"])
        assert_ok(answer)
        assert answer["session_created"] is False
        assert answer["result"] == "'other root'"


async def test_run_file_with_args(vmjs):
    (vmjs.root / "main.js").write_text('console.log(vmjs.args.join(","));\nlet fromFile = 7;\n')
    async with vmjs.stdio() as client:
        ran = await client.call("run_file", path="main.js", args=["a", "b c"])
        assert_ok(ran)
        assert out(ran, "stdout") == "a,b c"
        assert ran["session_created"] is True
        after = await client.execute("fromFile * 6", session_id=ran["session_id"])
        assert after["result"] == "42"

        missing = await client.call("run_file", path="missing.js", session_id=ran["session_id"])
        assert missing.is_error is True, missing


async def test_output_cap_truncates(vmjs):
    async with vmjs.stdio("--max-output-bytes", "1000") as client:
        answer = await client.execute('console.log("x".repeat(1 << 20))')
        assert answer["truncated"] is True, answer.data.get("truncated")
        stdout = answer["stdout"]
        assert stdout.startswith("x" * 100)
        assert len(stdout.encode()) <= 1100, len(stdout.encode())
        assert len(answer.text.encode()) < 20_000, len(answer.text.encode())

        small = await client.execute("1 + 1", session_id=answer["session_id"])
        assert_ok(small)
        assert small["truncated"] is False
        assert small["result"] == "2"


async def test_list_templates(vmjs):
    vmjs.template("sec", "--description", "with a key", "--allow", "env:API_KEY", "--wall-ms", "1234")
    async with vmjs.stdio() as client:
        answer = await client.call("list_templates")
        assert not answer.is_error, answer
        by_name = {t["name"]: t for t in answer["templates"]}
        assert set(by_name) == {"default", "sec"}
        assert by_name["sec"]["description"] == "with a key"
        assert "API_KEY" in json.dumps(by_name["sec"]["capabilities"])
        assert "API_KEY" not in json.dumps(by_name["default"]["capabilities"])
        assert by_name["sec"]["limits"]["wall_ms"] == 1234


async def test_list_sessions(vmjs):
    async with vmjs.stdio() as client:
        a = await client.execute("let x = 1")
        await client.execute("x + 1", session_id=a["session_id"])
        b = await client.execute("2")

        listed = await client.call("list_sessions")
        assert not listed.is_error, listed
        by_id = {s["session_id"]: s for s in listed["sessions"]}
        assert set(by_id) == {a["session_id"], b["session_id"]}
        assert by_id[a["session_id"]]["executions"] == 2
        assert by_id[b["session_id"]]["executions"] == 1
        for session in by_id.values():
            assert session["status"] == "ready"
            assert session["template"] == "default"
            assert session["root"] == str(vmjs.root)
            assert isinstance(session["idle_ms"], int) and session["idle_ms"] >= 0


async def test_close_session_then_use_fails(vmjs):
    async with vmjs.stdio() as client:
        a = await client.execute("let x = 1")
        b = await client.execute("2")

        closed = await client.call("close_session", session_id=a["session_id"])
        assert not closed.is_error, closed
        assert closed.data == {"session_id": a["session_id"], "status": "closed"}

        use = await client.execute("x", session_id=a["session_id"])
        assert use.is_error is True, use
        assert a["session_id"] in use.text and "closed" in use.text.lower(), use.text

        again = await client.call("close_session", session_id=str(uuid.uuid4()))
        assert again.is_error is True, again

        # list_sessions lists the sessions this server opened, a closed one with status "closed".
        assert (await session_status(client, b["session_id"]))["status"] == "ready"
        assert (await session_status(client, a["session_id"]))["status"] == "closed"


async def test_idle_sessions_expire_after_the_templates_close_after(vmjs):
    vmjs.template("brief", "--close-after", "300")
    async with vmjs.stdio("--template", "brief") as client:
        a = await client.execute("let x = 1")
        assert_ok(a)
        # A session that keeps working does not expire.
        for _ in range(4):
            await anyio.sleep(0.15)
            assert_ok(await client.execute("x", session_id=a["session_id"]))
        assert (await session_status(client, a["session_id"]))["status"] == "ready"
        # Idle past 300 ms (the server looks every 250 ms), it is closed and listed as expired.
        deadline = time.monotonic() + 5
        while (await session_status(client, a["session_id"]))["status"] != "expired":
            assert time.monotonic() < deadline, "the idle session was not closed"
            await anyio.sleep(0.1)
        expired = await session_status(client, a["session_id"])
        assert expired["executions"] == 5 and isinstance(expired["closed_at_ms"], int), expired
        use = await client.execute("x", session_id=a["session_id"])
        assert use.is_error is True, use
        assert "idle" in use.text and "close_after_ms" in use.text, use.text
        # Its history stays.
        history = await client.call("history", session_id=a["session_id"])
        assert len(history["executions"]) == 5, history


async def test_history_tool(vmjs):
    async with vmjs.stdio() as client:
        a = await client.execute("let x = 41")
        sid = a["session_id"]
        await client.execute("x + 1", session_id=sid)
        await client.execute('throw new Error("boom")', session_id=sid)

        history = await client.call("history", session_id=sid)
        assert not history.is_error, history
        executions = history["executions"]
        assert [(e["input"], e["status"], e["kind"]) for e in executions] == [
            ('throw new Error("boom")', "error", "repl"),
            ("x + 1", "ok", "repl"),
            ("let x = 41", "ok", "repl"),
        ]
        assert executions[1]["result"] == "42"
        # The SPEC leaves the shape of a history entry's error open: {name, message, stack} or its text.
        error = executions[0]["error"]
        assert error["message"] == "boom" if isinstance(error, dict) else "boom" in error, error
        assert executions[1]["error"] is None
        assert executions[2]["execution_id"] == a["execution_id"]
        assert all(isinstance(e["wall_ms"], int) for e in executions)

        limited = await client.call("history", session_id=sid, limit=1)
        assert [e["input"] for e in limited["executions"]] == ['throw new Error("boom")']


async def test_resources(vmjs):
    async with vmjs.stdio() as client:
        a = await client.execute('console.log("from a"); 6 * 7')
        sid = a["session_id"]

        resources = (await client.session.list_resources()).resources
        assert "vmjs://sessions" in {str(r.uri) for r in resources}
        templates = (await client.session.list_resource_templates()).resource_templates
        assert {"vmjs://sessions/{id}/history", "vmjs://executions/{id}"} <= {t.uri_template for t in templates}

        # The SPEC names these resources but not their JSON shapes: the values are checked, the keys are read
        # as the tools name them (`session_id`, `execution_id`) or as the store does (`id`).
        sessions = await client.read_json("vmjs://sessions")
        if isinstance(sessions, dict):
            sessions = sessions["sessions"]
        assert [s.get("session_id", s.get("id")) for s in sessions] == [sid]

        history = await client.read_json(f"vmjs://sessions/{sid}/history")
        if isinstance(history, dict):
            history = history["executions"]
        assert [e.get("execution_id", e.get("id")) for e in history] == [a["execution_id"]], history
        assert "42" in json.dumps(history[0]), history

        execution = await client.read_json(f"vmjs://executions/{a['execution_id']}")
        text = json.dumps(execution)
        assert a["execution_id"] in text
        events = execution["events"] if "events" in execution else execution["execution"]["events"]
        assert isinstance(events, list) and events, execution
        assert "from a" in json.dumps(events)

        with pytest.raises(MCPError):
            await client.session.read_resource("vmjs://executions/no-such-execution")


# ------------------------------------------------------------------------------------------------ redaction

SECRET = "vmjs-secret-" + secrets.token_hex(8)


def assert_redacted(answer_or_text, *, expect_marker=True):
    text = answer_or_text if isinstance(answer_or_text, str) else json.dumps(answer_or_text.data) + answer_or_text.text
    assert SECRET not in text, text
    if expect_marker:
        assert "[REDACTED]" in text, text


async def test_redaction_of_a_granted_env_value(vmjs):
    vmjs.template("sec", "--allow", "env:API_KEY", "--redact", "env:API_KEY")
    async with vmjs.stdio("--template", "sec", env={"API_KEY": SECRET}) as client:
        first = await client.execute('const k = vmjs.env.get("API_KEY"); console.log(k); console.error("e:" + k)')
        assert_ok(first)
        sid = first["session_id"]
        assert out(first, "stdout") == "[REDACTED]"
        assert out(first, "stderr") == "e:[REDACTED]"
        assert_redacted(first)

        in_object = await client.execute("console.log({k: k})", session_id=sid)
        assert_ok(in_object)
        assert "[REDACTED]" in in_object["stdout"]
        assert_redacted(in_object)

        value = await client.execute("k", session_id=sid)
        assert_ok(value)
        assert value["result"] in ("'[REDACTED]'", "[REDACTED]")
        assert_redacted(value)

        inner = await client.execute("({nested: {deep: k}})", session_id=sid)
        assert_ok(inner)
        assert_redacted(inner)

        error = await client.execute('throw new Error("key " + k)', session_id=sid)
        assert error.is_error is True
        assert error["error"]["name"] == "Error"
        assert error["error"]["message"] == "key [REDACTED]"
        assert SECRET not in (error["error"]["stack"] or "")
        assert_redacted(error)

        # Encoded first, the secret is not recognised: base64 passes through (documented behaviour).
        encoded = await client.execute("btoa(k)", session_id=sid)
        assert_ok(encoded)
        assert encoded["result"] == "'" + base64.b64encode(SECRET.encode()).decode() + "'"

        # History and the execution resource never saw the secret either.
        history = await client.call("history", session_id=sid)
        assert not history.is_error
        assert_redacted(history)
        for execution_id in (first["execution_id"], in_object["execution_id"], error["execution_id"]):
            assert_redacted(await client.read_text(f"vmjs://executions/{execution_id}"))
        assert_redacted(await client.read_text(f"vmjs://sessions/{sid}/history"))

    # Nor did the database or the server's log.
    for path in vmjs.dir.glob("vmjs.db*"):
        assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in vmjs.server_log()


async def test_redact_env_redacts_every_granted_value(vmjs):
    vmjs.template("envs", "--allow", "env:API_KEY", "--allow", "env:OTHER", "--redact-env", "true")
    other = "other-" + secrets.token_hex(6)
    async with vmjs.stdio(env={"API_KEY": SECRET, "OTHER": other}) as client:
        answer = await client.execute(
            'console.log(vmjs.env.get("API_KEY") + "|" + vmjs.env.get("OTHER"))', template="envs"
        )
        assert_ok(answer)
        assert out(answer, "stdout") == "[REDACTED]|[REDACTED]"
        assert other not in json.dumps(answer.data)


async def test_redaction_by_regex_and_literal(vmjs):
    vmjs.template("rx", "--redact", "/sk-[a-z0-9]{8}/", "--redact", "literal:hunter2-pass")
    async with vmjs.stdio("--template", "rx") as client:
        # The secrets are built at run time: the submitted code (the execution's input) is not rewritten.
        answer = await client.execute(
            'const s = "sk-" + "abcd" + "1234"; const p = "hunter2" + "-pass";'
            'console.log("token=" + s + "; upper=sk-" + "ABCD1234" + "; pw=" + p); s'
        )
        assert_ok(answer)
        assert out(answer, "stdout") == "token=[REDACTED]; upper=sk-ABCD1234; pw=[REDACTED]"
        assert answer["result"] in ("'[REDACTED]'", "[REDACTED]")
        assert "sk-abcd1234" not in json.dumps(answer.data) + answer.text
        assert "hunter2-pass" not in json.dumps(answer.data) + answer.text


# ----------------------------------------------------------------------------------------- streamable HTTP


async def test_streamable_http_keeps_state(vmjs, serve):
    server = serve()
    async with vmjs.http(server.mcp_url) as client:
        tools = (await client.session.list_tools()).tools
        assert {t.name for t in tools} == TOOLS
        first = await client.execute("let x = 41")
        assert_ok(first)
        assert first["session_created"] is True
        second = await client.execute("x + 1", session_id=first["session_id"])
        assert_ok(second)
        assert second["result"] == "42"
        assert second["session_id"] == first["session_id"]
        printed = await client.execute('console.log("over http")', session_id=first["session_id"])
        assert out(printed, "stdout") == "over http"


async def test_streamable_http_progress_and_cancel(vmjs, serve):
    server = serve()
    progress = []

    async def on_progress(value, total, message):
        progress.append((value, message))

    async with vmjs.http(server.mcp_url) as client:
        answer = await client.call(
            "execute",
            progress=on_progress,
            code='for (let i = 0; i < 4; i++) { console.log("p" + i); const t = Date.now(); while (Date.now() - t < 120) {} } 1',
        )
        assert_ok(answer)
        assert progress, "no progress notification over HTTP"

        sid = answer["session_id"]
        await client.execute("let y = 5", session_id=sid)
        async with anyio.create_task_group() as group:
            group.start_soon(partial(client.execute, LOOP, session_id=sid))
            await wait_busy(client, sid)
            group.cancel_scope.cancel()
        started = time.monotonic()
        after = await client.execute("y * 2", session_id=sid)
        assert time.monotonic() - started < 5
        assert after["result"] == "10"


def post_initialize(url, headers=None):
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        }
    ).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def test_streamable_http_token(vmjs, serve):
    token = secrets.token_hex(16)
    token_file = vmjs.dir / "token"
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    server = serve("--token-file", str(token_file))

    assert post_initialize(server.mcp_url) == 401
    assert post_initialize(server.mcp_url, {"Authorization": "Bearer wrong-token-wrong-token"}) == 401
    assert post_initialize(server.mcp_url, {"Authorization": f"Bearer {token}"}) == 200

    async with vmjs.http(server.mcp_url, token=token) as client:
        answer = await client.execute("1 + 1")
        assert_ok(answer)
        assert answer["result"] == "2"
