"""End-to-end tests of `vmjs lsp` with a real LSP client over stdio."""

import asyncio
import json
import os
import time

import pytest
from lsprotocol import types


def field(params, name):
    """A field of a command result or notification (objects or dicts, depending on pygls' conversion)."""
    if isinstance(params, dict):
        return params.get(name)
    return getattr(params, name, None)

pytestmark = pytest.mark.asyncio


def summary(diagnostics):
    return [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.source, d.message)
        for d in diagnostics
    ]


def value(result, name):
    return field(result, name)


async def runtime_diagnostics(server, uri):
    """The runtime diagnostics of the newest publish of `uri` that has any (waiting for one)."""
    diagnostics = await server.wait_for(
        lambda: next(
            (d for u, _, d in reversed(server.publishes) if u == uri and any(x.source == "vmjs runtime" for x in d)),
            None,
        )
    )
    return [d for d in diagnostics if d.source == "vmjs runtime"]


async def test_initialize_announces_capabilities(start_server):
    server = await start_server()
    caps = server.initialize_result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.code_lens_provider is not None
    assert set(caps.execute_command_provider.commands) == {
        "vmjs.runFile",
        "vmjs.runSelection",
        "vmjs.interrupt",
        "vmjs.restartSession",
    }
    assert caps.experimental == {"vmjsOutput": True}


async def test_syntax_errors_exact_then_cleared(start_server):
    server = await start_server()
    uri = server.open("a.js", "let x = 1;\nlet y = ;\n")
    diagnostics = await server.settled_diagnostics(uri, 1, lambda d: len(d) == 1)
    assert summary(diagnostics) == [(1, 8, 1, 9, "vmjs", "Unexpected token")]
    assert diagnostics[0].severity == types.DiagnosticSeverity.Error
    version = server.replace(uri, "let x = 1;\nlet y = 2;\n")
    await server.settled_diagnostics(uri, version, lambda d: d == [])


async def test_semantic_errors_in_second_publish(start_server):
    server = await start_server()
    uri = server.open("b.js", "let a = 1;\nlet a = 2;\n")
    diagnostics = await server.settled_diagnostics(uri, 1, lambda d: len(d) >= 1)
    assert any("already been declared" in d.message for d in diagnostics), summary(diagnostics)
    assert diagnostics[0].range.start.line in (0, 1)


@pytest.mark.parametrize("utf8", [False, True])
async def test_non_ascii_positions(start_server, utf8):
    server = await start_server(utf8=utf8)
    expected = types.PositionEncodingKind.Utf8 if utf8 else types.PositionEncodingKind.Utf16
    assert server.initialize_result.capabilities.position_encoding == expected
    text = "const s = '😀é'; s +* 2;\n"
    uri = server.open("u.js", text)
    diagnostics = await server.settled_diagnostics(uri, 1, lambda d: len(d) == 1)
    star = text.index("*")
    prefix = text[:star]
    character = len(prefix.encode("utf-8")) if utf8 else len(prefix.encode("utf-16-le")) // 2
    assert summary(diagnostics) == [(0, character, 0, character + 1, "vmjs", "Unexpected token")]
    # An incremental edit addressed in the negotiated encoding: delete the `*`.
    version = server.edit(
        uri,
        types.Range(
            start=types.Position(line=0, character=character),
            end=types.Position(line=0, character=character + 1),
        ),
        "",
    )
    await server.settled_diagnostics(uri, version, lambda d: d == [])


async def test_lone_cr_crlf_and_lf_all_end_lines(start_server):
    """LSP lines end at `\n`, `\r\n` and a lone `\r` (the spec's three); a file mixing them gets positions
    on the right lines, and incremental edits addressed by those positions land where the client means."""
    server = await start_server()
    text = "let a = 1;\rlet b = 2;\r\nlet c = 3;\nlet d = ;\rlet e = 5;\r\n"
    uri = server.open("mixed.js", text)
    diagnostics = await server.settled_diagnostics(uri, 1, lambda d: len(d) == 1)
    assert summary(diagnostics) == [(3, 8, 3, 9, "vmjs", "Unexpected token")]

    def at(line, character, end_character=None):
        end = character if end_character is None else end_character
        return types.Range(
            start=types.Position(line=line, character=character), end=types.Position(line=line, character=end)
        )

    # Fixing line 3 by its position clears it (the edit lands on the line after the \r\n and the \n).
    version = server.edit(uri, at(3, 8), "4")
    await server.settled_diagnostics(uri, version, lambda d: d == [])
    # Line 4 follows a lone \r: break it at its start, then repair it.
    version = server.edit(uri, at(4, 0), "+* ")
    diagnostics = await server.settled_diagnostics(uri, version, lambda d: len(d) == 1)
    assert [(d.range.start.line, d.range.start.character) for d in diagnostics] == [(4, 1)]
    version = server.edit(uri, at(4, 0, 3), "")
    await server.settled_diagnostics(uri, version, lambda d: d == [])
    # A character past the end of line 1 (which ends in \r\n) means its end: before the \r, not between the
    # \r and the \n.
    version = server.edit(uri, at(1, 99), " let f = ;")
    diagnostics = await server.settled_diagnostics(uri, version, lambda d: len(d) == 1)
    assert [(d.range.start.line, d.range.start.character) for d in diagnostics] == [(1, 19)]
    version = server.edit(uri, at(1, 19), "6")
    await server.settled_diagnostics(uri, version, lambda d: d == [])


async def test_code_lens_runs_the_file(start_server):
    server = await start_server()
    uri = server.open("lens.js", "console.log('hi')\n")
    lenses = await server.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert len(lenses) == 1
    lens = lenses[0]
    assert lens.range.start.line == 0
    assert lens.command.title == "▶ Run file"
    assert lens.command.command == "vmjs.runFile"
    result = await server.command(lens.command.command, lens.command.arguments[0])
    assert value(result, "status") == "ok"


async def test_run_file_streams_output_in_order_then_run_end(start_server):
    server = await start_server()
    text = "for (let i = 0; i < 5; i++) console.log('line ' + i);\nconsole.error('oops');\n"
    # The saved file differs: the run must use the editor's current text.
    uri = server.open("run.js", "console.log('stale')\n", write=True)
    version = server.replace(uri, text)
    result = await server.command("vmjs.runFile", {"uri": uri})
    execution_id = value(result, "executionId")
    assert value(result, "status") == "ok"
    assert isinstance(value(result, "durationMs"), int)
    await server.wait_for(lambda: any(e["executionId"] == execution_id for e in server.run_ends))
    mine = [o for o in server.outputs if o["executionId"] == execution_id]
    assert [(o["stream"], o["text"]) for o in mine] == [
        *[("stdout", f"line {i}\n") for i in range(5)],
        ("stderr", "oops\n"),
    ]
    end = next(e for e in server.run_ends if e["executionId"] == execution_id)
    assert end["status"] == "ok"
    assert version == 2


async def test_run_without_output_capability_uses_log_messages(start_server):
    server = await start_server(output=False)
    uri = server.open("log.js", "console.log('to the log')\n")
    result = await server.command("vmjs.runFile", {"uri": uri})
    assert value(result, "status") == "ok"
    await server.wait_for(
        lambda: any("to the log" in m.message for m in server.client.log_messages)
    )
    assert server.outputs == []


async def test_runtime_error_diagnostic_at_the_throwing_line(start_server):
    server = await start_server()
    text = "function f() {\n  throw new TypeError('bad thing');\n}\n\nf();\n"
    uri = server.open("err.js", text)
    await server.settled_diagnostics(uri, 1, lambda d: d == [])
    result = await server.command("vmjs.runFile", {"uri": uri})
    assert value(result, "status") == "error"
    assert value(value(result, "error"), "name") == "TypeError"
    runtime = await runtime_diagnostics(server, uri)
    assert len(runtime) == 1
    assert runtime[0].message == "TypeError: bad thing"
    assert runtime[0].range.start.line == 1
    related = runtime[0].related_information or []
    assert any(r.location.range.start.line == 4 for r in related), related
    # Runtime diagnostics stay until the next run, which replaces them.
    version = server.replace(uri, "console.log('fine')\n")
    await server.settled_diagnostics(
        uri, version, lambda d: [x.source for x in d] == ["vmjs runtime"]
    )
    await server.command("vmjs.runFile", {"uri": uri})
    await server.wait_for(
        lambda: next((d == [] for u, _, d in reversed(server.publishes) if u == uri), False)
    )


async def test_typescript_documents_get_typescript_diagnostics_and_run_as_typescript(start_server):
    server = await start_server()
    text = "interface Job {\n  name: string\n}\n\nfunction fail(job: Job): never {\n  throw new Error(`${job.name} failed`);\n}\nfail({ name: 'build' } as Job);\n"
    uri = server.open("job.ts", text)
    # Valid TypeScript: no syntax diagnostics (as JavaScript, `interface` would be an error).
    await server.settled_diagnostics(uri, 1, lambda d: d == [])
    # A TypeScript syntax error, where it is.
    version = server.replace(uri, "const count: number = ;\n")
    diagnostics = await server.settled_diagnostics(uri, version, lambda d: len(d) >= 1)
    assert (diagnostics[0].range.start.line, diagnostics[0].range.start.character) == (0, 22), summary(diagnostics)
    # What the transformer refuses is reported too (a redeclared name).
    version = server.replace(uri, "let a: number = 1;\nlet a: string = '';\n")
    diagnostics = await server.settled_diagnostics(uri, version, lambda d: len(d) >= 1)
    assert any("already been declared" in d.message for d in diagnostics), summary(diagnostics)
    # Run: the types are stripped, the error is placed on the `throw` of the TypeScript text (line 6).
    version = server.replace(uri, text)
    await server.settled_diagnostics(uri, version, lambda d: d == [])
    result = await server.command("vmjs.runFile", {"uri": uri})
    assert value(result, "status") == "error"
    assert value(value(result, "error"), "message") == "build failed"
    runtime = await runtime_diagnostics(server, uri)
    assert runtime[0].range.start.line == 5, summary(runtime)


async def test_run_selection_keeps_state_between_runs(start_server):
    server = await start_server()
    text = "let counter = 41;\ncounter += 1;\ncounter * 2\n"
    uri = server.open("repl.js", text)

    def line(n):
        return {
            "uri": uri,
            "range": {"start": {"line": n, "character": 0}, "end": {"line": n, "character": 100}},
        }

    first = await server.command("vmjs.runSelection", line(0))
    assert value(first, "status") == "ok"
    second = await server.command("vmjs.runSelection", line(1))
    assert value(value(second, "result"), "preview") == "42"
    third = await server.command("vmjs.runSelection", line(2))
    assert value(value(third, "result"), "preview") == "84"


async def test_interrupt_infinite_loop_promptly_and_keep_the_session(start_server):
    server = await start_server()
    uri = server.open("loop.js", "globalThis.kept = 7;\nwhile (true) {}\n")

    def line(n):
        return {
            "uri": uri,
            "range": {"start": {"line": n, "character": 0}, "end": {"line": n, "character": 100}},
        }

    first = await server.command("vmjs.runSelection", line(0))
    assert value(first, "status") == "ok", first
    running = asyncio.ensure_future(server.command("vmjs.runSelection", line(1)))
    await asyncio.sleep(0.5)
    assert not running.done()
    started = time.monotonic()
    answer = await server.command("vmjs.interrupt", {"uri": uri})
    assert value(answer, "status") == "interrupted"
    result = await asyncio.wait_for(running, 5)
    assert value(result, "status") == "cancelled"
    assert time.monotonic() - started < 2.0
    server.replace(uri, "kept + 1\n")
    after = await server.command("vmjs.runSelection", line(0))
    assert value(value(after, "result"), "preview") == "8"


async def test_200_rapid_changes_end_with_the_final_texts_diagnostics(start_server):
    server = await start_server()
    uri = server.open("rapid.js", "let v0 = 0;\n")
    version = 1
    for i in range(1, 201):
        text = f"let v{i} = {i};\n" if i % 2 == 0 else f"let v{i} = ;\n"
        version = server.replace(uri, text)
    final = "let done = ;\nlet ok = 1;\n"
    version = server.replace(uri, final)
    diagnostics = await server.settled_diagnostics(uri, version, lambda d: len(d) == 1)
    assert summary(diagnostics) == [(0, 11, 0, 12, "vmjs", "Unexpected token")]
    # Nothing older is published after the final version.
    await asyncio.sleep(0.3)
    last = [(v, d) for u, v, d in server.publishes if u == uri][-1]
    assert last[0] == version
    stale = [v for u, v, _ in server.publishes if u == uri and v is not None and v < version]
    assert all(v <= version for v in stale)


async def test_hover_completion_and_symbols(start_server):
    server = await start_server()
    text = "const answer = 42;\nfunction greet(name) { return name; }\nclass Box {}\nans\n"
    uri = server.open("h.js", text)
    symbols = await server.client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert [(s.name, s.kind) for s in symbols] == [
        ("answer", types.SymbolKind.Constant),
        ("greet", types.SymbolKind.Function),
        ("Box", types.SymbolKind.Class),
    ]
    completion = await server.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=3, character=3),
        )
    )
    items = completion if isinstance(completion, list) else completion.items
    labels = {i.label for i in items}
    assert {"answer", "greet", "Box", "const", "console"} <= labels
    # The folder session knows what a selection defined.
    await server.command(
        "vmjs.runSelection",
        {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 18}}},
    )
    hover = await server.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=8),
        )
    )
    assert "answer: number" in hover.contents.value
    assert "42" in hover.contents.value
    assert "live value" in hover.contents.value
    # After `path.`, the live value's properties.
    await server.command(
        "vmjs.runSelection",
        {"uri": uri, "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 37}}},
    )
    server.replace(uri, text + "greet.")
    completion = await server.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=6),
        )
    )
    items = completion if isinstance(completion, list) else completion.items
    labels = {i.label for i in items}
    assert {"call", "apply", "bind", "name", "length"} <= labels
    assert "answer" not in labels


async def test_errors_not_crashes(start_server):
    server = await start_server()
    missing = server.uri("never-opened.js")
    with pytest.raises(Exception):
        await server.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=missing),
                position=types.Position(line=0, character=0),
            )
        )
    uri = server.open("range.js", "let a = 1;\n")
    with pytest.raises(Exception):
        await server.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=50, character=3),
            )
        )
    with pytest.raises(Exception):
        await server.command("vmjs.runSelection", {"uri": uri, "range": {"start": {"line": 9, "character": 0}, "end": {"line": 10, "character": 0}}})
    with pytest.raises(Exception):
        await server.command("vmjs.noSuchCommand", {})
    with pytest.raises(Exception):
        await server.command("vmjs.runFile", {"uri": missing})
    # A change to an unopened document and deep nesting are survived.
    server.client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=missing, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")],
        )
    )
    deep = server.open("deep.js", "[" * 200_000)
    diagnostics = await server.settled_diagnostics(deep, 1, lambda d: len(d) >= 1)
    assert "nested too deeply" in diagnostics[0].message
    # Chains a parser recurses on without brackets (each aborted the server at this size before the
    # pre-scan counted them): diagnosed, and queries that index the text answer empty.
    for name, text in (("assign.js", "a=" * 100_000 + "x"), ("else.js", "if(a)x;else " * 50_000 + "x")):
        chained = server.open(name, text)
        diagnostics = await server.settled_diagnostics(chained, 1, lambda d: len(d) >= 1)
        assert "nested too deeply" in diagnostics[0].message, name
        symbols = await server.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=chained))
        )
        assert not symbols, name
    # Still serving.
    result = await server.command("vmjs.runFile", {"uri": uri})
    assert value(result, "status") == "ok"


async def raw_exchange(vmjs_bin, tmp_path, payloads):
    """Sends raw frames to a fresh server and returns every message it wrote until stdin closes."""
    env = dict(os.environ, VMJS_DB=str(tmp_path / "raw.db"))
    process = await asyncio.create_subprocess_exec(
        vmjs_bin, "lsp", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL, env=env,
    )
    for body in payloads:
        data = body.encode() if isinstance(body, str) else body
        process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
    await process.stdin.drain()
    messages = []
    while len(messages) < len(payloads):
        header = await asyncio.wait_for(process.stdout.readuntil(b"\r\n\r\n"), 10)
        length = int(header.split(b":")[1].strip().split(b"\r\n")[0])
        messages.append(json.loads(await process.stdout.readexactly(length)))
    process.stdin.close()
    code = await asyncio.wait_for(process.wait(), 10)
    return messages, code


async def test_malformed_json_rpc_gets_error_responses(vmjs_bin, tmp_path):
    messages, code = await raw_exchange(
        vmjs_bin,
        tmp_path,
        [
            "{not json",
            json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            json.dumps({"jsonrpc": "2.0", "id": 2, "method": "no/such/method", "params": {}}),
        ],
    )
    by_id = {m.get("id"): m for m in messages}
    assert by_id[None]["error"]["code"] == -32700
    assert "capabilities" in by_id[1]["result"]
    assert by_id[2]["error"]["code"] == -32601


async def test_shutdown_and_exit_leave_no_workers(start_server):
    server = await start_server()
    uri = server.open("w.js", "let q = 1;\n")
    await server.command("vmjs.runSelection", {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 10}}})
    pid = server.client._server.pid
    children = children_of(pid)
    assert children, "the folder session should have a worker"
    await server.client.shutdown_session()
    await asyncio.sleep(0.5)
    assert [p for p in children if alive(p)] == []


def children_of(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def test_cancelling_the_work_done_progress_interrupts_the_run(start_server):
    server = await start_server(progress=True)
    uri = server.open("spin.js", "while (true) {}\n")
    running = asyncio.ensure_future(
        server.command(
            "vmjs.runSelection",
            {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 15}}},
        )
    )

    def begun():
        for token, reports in server.client.progress_reports.items():
            if any(isinstance(r, types.WorkDoneProgressBegin) for r in reports):
                return token
        return None

    token = await server.wait_for(begun)
    begin = next(r for r in server.client.progress_reports[token] if isinstance(r, types.WorkDoneProgressBegin))
    assert begin.cancellable is True
    server.client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(running, 5)
    assert value(result, "status") == "cancelled"
    await server.wait_for(
        lambda: any(isinstance(r, types.WorkDoneProgressEnd) for r in server.client.progress_reports[token])
    )


async def test_configuration_sets_the_timeout_and_the_template(start_server):
    server = await start_server()
    uri = server.open("cfg.js", "while (true) {}\n")
    selection = {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 15}}}
    server.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vmjs": {"timeoutMs": 300}})
    )
    started = time.monotonic()
    result = await server.command("vmjs.runSelection", selection)
    assert value(result, "status") == "timeout"
    assert time.monotonic() - started < 5
    server.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"vmjs": {"template": "no-such-template"}})
    )
    with pytest.raises(Exception, match="no-such-template"):
        await server.command("vmjs.runFile", {"uri": uri})


async def test_folder_settings_from_workspace_configuration(start_server):
    server = await start_server(folder_settings={"timeoutMs": 300})
    uri = server.open("cfg2.js", "while (true) {}\n")
    selection = {"uri": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 15}}}

    # The server pulls the folder's settings right after `initialized`.
    await server.wait_for(lambda: server.configuration_requests > 0)
    await asyncio.sleep(0.2)  # the answer travels back to the server
    result = await asyncio.wait_for(server.command("vmjs.runSelection", selection), 10)
    assert value(result, "status") == "timeout"


async def test_did_change_with_wrong_versions_and_ranges_is_survived(start_server):
    server = await start_server()
    uri = server.open("versions.js", "let a = 1;\n")

    def change(version, text, start=(0, 0), end=(100_000, 0)):
        server.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=start[0], character=start[1]),
                            end=types.Position(line=end[0], character=end[1]),
                        ),
                        text=text,
                    )
                ],
            )
        )

    change(5, "let b = ;\n")  # skips versions
    change(3, "let c = 2;\n")  # goes backwards
    change(3, "let d = 3;\n")  # repeats a version
    change(4, "x", start=(50, 7), end=(60, 0))  # starts past the end of the text
    change(6, "y", start=(0, 9), end=(0, 2))  # end before start
    change(7, "z", start=(0, 2_000_000_000), end=(2_000_000_000, 2_000_000_000))
    change(10, "let ok = ;\n")
    diagnostics = await server.settled_diagnostics(uri, 10, lambda d: len(d) == 1)
    assert diagnostics[0].range.start.line == 0
    # Still serving requests on the same document.
    result = await server.command("vmjs.runFile", {"uri": server.open("fine.js", "1 + 1\n")})
    assert value(result, "status") == "ok"
