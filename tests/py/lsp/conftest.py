"""A real LSP client (pytest-lsp / pygls) driving `vmjs lsp` over stdio, one server per test with its own
workspace folder and database."""

import asyncio
import os
import pathlib
import time
from typing import Any, Callable

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pygls.protocol import default_converter
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

TIMEOUT = 20.0


def field(params: Any, name: str) -> Any:
    """A field of a notification's params (pygls gives unknown methods as objects or dicts)."""
    if isinstance(params, dict):
        return params.get(name)
    return getattr(params, name, None)


class Harness:
    """One server, its workspace folder, and everything it sent."""

    def __init__(self, client: LanguageClient, root: pathlib.Path, db: pathlib.Path):
        self.client = client
        self.root = root
        self.db = db
        self.publishes: list[tuple[str, int | None, list[types.Diagnostic]]] = []
        self.outputs: list[dict] = []
        self.run_ends: list[dict] = []
        self.versions: dict[str, int] = {}
        self.configuration_requests = 0
        self.inlay_hint_refreshes = 0
        self.changed = asyncio.Event()

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str, write: bool = True) -> str:
        if write:
            (self.root / name).write_text(text, encoding="utf-8")
        uri = self.uri(name)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri,
                    language_id="typescript" if name.endswith(".ts") else "javascript",
                    version=1,
                    text=text,
                )
            )
        )
        return uri

    def replace(self, uri: str, text: str) -> int:
        """Replaces the whole text with one incremental change covering everything."""
        version = self.versions[uri] + 1
        self.versions[uri] = version
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=0, character=0),
                            end=types.Position(line=100_000, character=0),
                        ),
                        text=text,
                    )
                ],
            )
        )
        return version

    def edit(self, uri: str, range_: types.Range, text: str) -> int:
        version = self.versions[uri] + 1
        self.versions[uri] = version
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=range_, text=text)],
            )
        )
        return version

    async def wait_for(self, check: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
        """Waits until `check()` is truthy (re-checked whenever a notification arrives)."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; publishes={self.publishes[-3:]}, outputs={self.outputs}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), min(left, 0.5))
            except asyncio.TimeoutError:
                pass

    async def settled_diagnostics(self, uri: str, version: int, check: Callable[[list], bool]) -> list:
        """The diagnostics of `version` once they satisfy `check` (two publishes come per version)."""
        def latest():
            for u, v, diagnostics in reversed(self.publishes):
                if u == uri:
                    return (diagnostics,) if v == version and check(diagnostics) else None
            return None

        return (await self.wait_for(latest))[0]

    async def command(self, name: str, argument: Any = None) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=None if argument is None else [argument])
        )


def make_client(harness_box: list) -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    del features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    del features[types.WORKSPACE_CONFIGURATION]
    register_lsp_features(client, features)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def _configuration(client_: LanguageClient, params: types.ConfigurationParams):
        answer = [client_.get_configuration(section=i.section, scope_uri=i.scope_uri) for i in params.items]
        if harness_box:
            harness_box[0].configuration_requests += 1
        notify()
        return answer

    def notify():
        if harness_box:
            harness_box[0].changed.set()

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def _inlay_hint_refresh(client_: LanguageClient, params):
        if harness_box:
            harness_box[0].inlay_hint_refreshes += 1
        notify()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diagnostics(client_: LanguageClient, params: types.PublishDiagnosticsParams):
        if harness_box:
            harness_box[0].publishes.append((params.uri, params.version, list(params.diagnostics)))
        notify()

    @client.feature("vmjs/output")
    def _output(client_: LanguageClient, params):
        if harness_box:
            harness_box[0].outputs.append(
                {k: field(params, k) for k in ("executionId", "stream", "text")}
            )
        notify()

    @client.feature("vmjs/runEnd")
    def _run_end(client_: LanguageClient, params):
        if harness_box:
            harness_box[0].run_ends.append(
                {k: field(params, k) for k in ("executionId", "status", "durationMs")}
            )
        notify()

    return client


@pytest_asyncio.fixture
async def start_server(vmjs_bin: str, tmp_path: pathlib.Path):
    """Starts servers: `await start_server(output=True, utf8=False)` → an initialized Harness."""
    started: list[Harness] = []

    async def start(
        output: bool = True, utf8: bool = False, progress: bool = False, folder_settings: dict | None = None
    ) -> Harness:
        root = tmp_path / f"ws{len(started)}"
        root.mkdir()
        db = tmp_path / f"vmjs{len(started)}.db"
        box: list = []
        config = ClientServerConfig(
            server_command=[vmjs_bin, "lsp"],
            client_factory=lambda: make_client(box),
            server_env={"VMJS_DB": str(db), "PATH": "/usr/bin:/bin", "VMJS_LOG": os.environ.get("VMJS_LOG", "warn")},
        )
        client = await config.start()
        harness = Harness(client, root, db)
        box.append(harness)
        if folder_settings is not None:
            client.set_configuration(folder_settings, section="vmjs", scope_uri=root.as_uri())
        capabilities = client_capabilities("visual-studio-code")
        capabilities.experimental = {"vmjsOutput": True} if output else None
        capabilities.general = types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
            if utf8
            else [types.PositionEncodingKind.Utf16]
        )
        if capabilities.window is not None:
            capabilities.window.work_done_progress = progress
        if capabilities.workspace is not None:
            capabilities.workspace.inlay_hint = types.InlayHintWorkspaceClientCapabilities(refresh_support=True)
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
                initialization_options={"databasePath": str(db)},
            )
        )
        harness.initialize_result = result
        started.append(harness)
        return harness

    yield start
    for harness in started:
        try:
            await asyncio.wait_for(harness.client.shutdown_session(), 10)
        except Exception:  # the test may have ended the server itself
            pass
        await harness.client.stop()
