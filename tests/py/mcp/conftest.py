"""Real MCP clients (the official Python SDK, `mcp` on PyPI) driving `vmjs mcp` over stdio and `/mcp` of
`vmjs serve` over streamable HTTP. Every test has its own database, session root and server process."""

import json
import os
import pathlib
import re
import signal
import subprocess
import time
from contextlib import asynccontextmanager, contextmanager
from typing import Any, AsyncIterator

import httpx2
import mcp_types as types
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

# A request that gets no answer in this time fails the test instead of hanging it.
TIMEOUT = 20.0


class Answer:
    """One `tools/call` answer: the raw result, its structured content and its single text content."""

    def __init__(self, result: types.CallToolResult):
        self.raw = result
        self.is_error = bool(result.is_error)
        self.data: dict[str, Any] = result.structured_content or {}
        texts = [c.text for c in result.content if isinstance(c, types.TextContent)]
        self.text = "\n".join(texts)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __repr__(self) -> str:
        return f"Answer(is_error={self.is_error}, data={self.data!r}, text={self.text!r})"


class Mcp:
    """A connected client session with small helpers for the vmjs tools."""

    def __init__(self, session: ClientSession):
        self.session = session

    async def call(self, name: str, progress=None, **arguments: Any) -> Answer:
        result = await self.session.call_tool(name, arguments, progress_callback=progress)
        return Answer(result)

    async def execute(self, code: str, **arguments: Any) -> Answer:
        return await self.call("execute", code=code, **arguments)

    async def read_json(self, uri: str) -> Any:
        result = await self.session.read_resource(uri)
        assert len(result.contents) == 1, result
        content = result.contents[0]
        assert isinstance(content, types.TextResourceContents), content
        assert content.mime_type == "application/json", content
        return json.loads(content.text)

    async def read_text(self, uri: str) -> str:
        result = await self.session.read_resource(uri)
        return "\n".join(c.text for c in result.contents if isinstance(c, types.TextResourceContents))


@contextmanager
def single_errors():
    """Re-raises the one error inside the exception groups of the SDK's task groups, so a failed assertion in a
    test reads as itself."""
    try:
        yield
    except BaseExceptionGroup as group:
        leaves = list(_leaves(group))
        if len(leaves) == 1:
            raise leaves[0] from None
        raise


def _leaves(error: BaseException):
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _leaves(inner)
    else:
        yield error


class Harness:
    """The binary, a database, a session root; templates made with the CLI; servers started on demand."""

    def __init__(self, vmjs_bin: str, tmp_path: pathlib.Path):
        self.bin = vmjs_bin
        self.dir = tmp_path
        self.db = tmp_path / "vmjs.db"
        self.root = tmp_path / "root"
        self.root.mkdir()
        self.log = tmp_path / "server.log"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VMJS_")}
        env["VMJS_DB"] = str(self.db)
        env.update(extra or {})
        return env

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [self.bin, *args], env=self.env(), cwd=self.root, capture_output=True, text=True, timeout=TIMEOUT
        )
        assert done.returncode == 0, f"vmjs {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def template(self, name: str, *flags: str) -> None:
        self.cli("template", "create", name, *flags)

    def server_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @asynccontextmanager
    async def stdio(self, *args: str, env: dict[str, str] | None = None) -> AsyncIterator[Mcp]:
        """`vmjs mcp --root ROOT ARGS` with VMJS_DB set (plus `env`), connected and initialized."""
        params = StdioServerParameters(
            command=self.bin,
            args=["mcp", "--root", str(self.root), *args],
            env={"VMJS_DB": str(self.db), **(env or {})},
            cwd=str(self.root),
        )
        with open(self.log, "a") as errlog, single_errors():
            async with stdio_client(params, errlog=errlog) as (read, write):
                async with ClientSession(read, write, read_timeout_seconds=TIMEOUT) as session:
                    info = await session.initialize()
                    assert info.capabilities.tools is not None, info
                    yield Mcp(session)

    @asynccontextmanager
    async def http(self, url: str, token: str | None = None) -> AsyncIterator[Mcp]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        timeout = httpx2.Timeout(TIMEOUT, read=60.0)
        with single_errors():
            async with (
                httpx2.AsyncClient(headers=headers, timeout=timeout) as http_client,
                streamable_http_client(url, http_client=http_client) as (read, write),
                ClientSession(read, write, read_timeout_seconds=TIMEOUT) as session,
            ):
                await session.initialize()
                yield Mcp(session)


class Serve:
    """A running `vmjs serve` and the base URL it printed."""

    def __init__(self, process: subprocess.Popen, url: str):
        self.process = process
        self.url = url

    @property
    def mcp_url(self) -> str:
        return f"{self.url}/mcp"


@pytest.fixture
def vmjs(vmjs_bin, tmp_path) -> Harness:
    return Harness(vmjs_bin, tmp_path)


@pytest.fixture
def serve(vmjs):
    """Starts `vmjs serve --listen 127.0.0.1:0 --db DB [ARGS]` in the root; stopped (SIGTERM) after the test."""
    started: list[subprocess.Popen] = []

    def start(*args: str) -> Serve:
        out = open(vmjs.dir / "serve.out", "w")
        process = subprocess.Popen(
            [vmjs.bin, "serve", "--listen", "127.0.0.1:0", "--db", str(vmjs.db), *args],
            cwd=vmjs.root,
            env=vmjs.env(),
            stdout=out,
            stderr=open(vmjs.log, "a"),
        )
        started.append(process)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            text = (vmjs.dir / "serve.out").read_text()
            found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", text)
            if found:
                return Serve(process, found.group(1))
            if process.poll() is not None:
                pytest.fail(f"vmjs serve exited ({process.returncode}): {text}{vmjs.server_log()}")
            time.sleep(0.05)
        pytest.fail("vmjs serve printed no address")

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
