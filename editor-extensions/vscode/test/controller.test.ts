import { test } from "node:test";
import assert from "node:assert/strict";
import type { EditorState } from "../src/commandArgs";
import { Controller, SERVER_NOT_RUNNING, type Server, type Ui } from "../src/controller";
import type { CommandId, ExecutionResult } from "../src/protocol";
import type { SessionState } from "../src/statusBar";

const at = new Date(2026, 10, 25, 9, 5, 7);

class FakeUi implements Ui {
    editor: EditorState | undefined = {
        uri: "file:///ws/main.js",
        languageId: "javascript",
        selection: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        cursorLine: { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } },
    };
    output = "";
    revealed = 0;
    states: SessionState[] = [];
    running: boolean[] = [];
    errors: string[] = [];
    activeEditor() {
        return this.editor;
    }
    append(text: string) {
        this.output += text;
    }
    revealOutput() {
        this.revealed += 1;
    }
    setStatus(state: SessionState) {
        this.states.push(state);
    }
    setRunning(running: boolean) {
        this.running.push(running);
    }
    showError(message: string) {
        this.errors.push(message);
    }
    now() {
        return at;
    }
}

/** A server whose answers the test releases by hand, recording what it was asked. */
class FakeServer implements Server {
    calls: { command: CommandId; args: unknown[] }[] = [];
    pending: ((result: ExecutionResult) => void)[] = [];
    executeCommand(command: CommandId, args: unknown[]) {
        this.calls.push({ command, args });
        return new Promise<ExecutionResult>((resolve) => this.pending.push(resolve));
    }
}

test("Run File sends vmjs.runFile {uri}, reveals the output and streams it live", async () => {
    const ui = new FakeUi();
    const server = new FakeServer();
    const controller = new Controller(() => server, ui);

    const done = controller.runFile();
    assert.deepEqual(server.calls, [{ command: "vmjs.runFile", args: [{ uri: "file:///ws/main.js" }] }]);
    assert.equal(ui.revealed, 1);
    assert.deepEqual(ui.states.at(-1), { kind: "running", what: "main.js" });
    assert.deepEqual(ui.running, [true]);

    controller.onOutput({ executionId: "e1", stream: "stdout", text: "line 1\n" });
    assert.equal(ui.output, "▶ Run main.js (09:05:07)\nline 1\n", "output appears before the run ends");
    controller.onOutput({ executionId: "e1", stream: "stdout", text: "line 2\n" });
    controller.onRunEnd({ executionId: "e1", status: "ok", durationMs: 7 });
    server.pending[0]({ executionId: "e1", status: "ok", durationMs: 7 });
    const result = await done;

    assert.equal(result?.status, "ok");
    assert.equal(ui.output, "▶ Run main.js (09:05:07)\nline 1\nline 2\n✔ ok in 7 ms\n");
    assert.deepEqual(ui.states.at(-1), { kind: "finished", status: "ok", durationMs: 7, at });
    assert.deepEqual(ui.running, [true, false]);
});

test("Run Selection sends vmjs.runSelection {uri, range} and shows the value", async () => {
    const ui = new FakeUi();
    const server = new FakeServer();
    const controller = new Controller(() => server, ui);

    const done = controller.runSelection();
    assert.deepEqual(server.calls[0], {
        command: "vmjs.runSelection",
        args: [{ uri: "file:///ws/main.js", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } } }],
    });
    server.pending[0]({ executionId: "e2", status: "ok", durationMs: 2, result: { type: "number", preview: "42" } });
    await done;
    assert.equal(ui.output, "▶ Run selection in main.js (09:05:07)\n← 42\n✔ ok in 2 ms\n");
});

test("a thrown error is written and the status shows it", async () => {
    const ui = new FakeUi();
    const server = new FakeServer();
    const controller = new Controller(() => server, ui);
    const done = controller.runFile({ uri: "file:///ws/lens.js" });
    server.pending[0]({ executionId: "e3", status: "error", durationMs: 5, error: "Error: boom" });
    await done;
    assert.equal(ui.output, "▶ Run lens.js (09:05:07)\nError: boom\n✖ error in 5 ms\n");
    assert.equal(ui.errors.length, 0, "a JS error is an outcome, not a popup");
});

test("Interrupt and Restart Session send the active document's {uri} (its folder)", async () => {
    const ui = new FakeUi();
    const server = new FakeServer();
    const controller = new Controller(() => server, ui);
    const interrupted = controller.interrupt();
    server.pending[0]({ executionId: "e4", status: "ok", durationMs: 0 });
    await interrupted;
    const restarted = controller.restartSession();
    server.pending[1]({ executionId: "e5", status: "ok", durationMs: 0 });
    await restarted;
    assert.deepEqual(
        server.calls.map((call) => [call.command, call.args]),
        [
            ["vmjs.interrupt", [{ uri: "file:///ws/main.js" }]],
            ["vmjs.restartSession", [{ uri: "file:///ws/main.js" }]],
        ],
    );
    assert.equal(ui.output, "↻ Session restarted\n");
    assert.deepEqual(ui.states.at(-1), { kind: "ready" });
});

test("without a JavaScript editor Interrupt goes to every folder (no arguments)", async () => {
    const ui = new FakeUi();
    ui.editor = undefined;
    const server = new FakeServer();
    const done = new Controller(() => server, ui).interrupt();
    server.pending[0]({ executionId: null, status: "idle", durationMs: 0 });
    await done;
    assert.deepEqual(server.calls, [{ command: "vmjs.interrupt", args: [] }]);
});

test("a streamed error or value is not written again from the response", async () => {
    const ui = new FakeUi();
    const server = new FakeServer();
    const controller = new Controller(() => server, ui);
    const done = controller.runFile();
    controller.onOutput({ executionId: "e6", stream: "stderr", text: "Error: boom\n    at <main> (main.js:1:7)\n" });
    server.pending[0]({
        executionId: "e6",
        status: "error",
        durationMs: 3,
        error: { name: "Error", message: "boom", stack: "Error: boom\n    at <main> (main.js:1:7)", line: 1, column: 7 },
    });
    await done;
    controller.onRunEnd({ executionId: "e6", status: "error", durationMs: 3 });
    assert.equal(ui.output, "▶ Run main.js (09:05:07)\nError: boom\n    at <main> (main.js:1:7)\n✖ error in 3 ms\n");
});

test("without a running server the commands say so and send nothing", async () => {
    const ui = new FakeUi();
    const controller = new Controller(() => undefined, ui);
    assert.equal(await controller.runFile(), undefined);
    assert.equal(await controller.interrupt(), undefined);
    assert.deepEqual(ui.errors, [SERVER_NOT_RUNNING, SERVER_NOT_RUNNING]);
    assert.equal(ui.output, "");
});

test("a failed request is written, shown, and ends the running state", async () => {
    const ui = new FakeUi();
    const server: Server = { executeCommand: () => Promise.reject(new Error("Unhandled method workspace/executeCommand")) };
    const controller = new Controller(() => server, ui);
    assert.equal(await controller.runFile(), undefined);
    assert.match(ui.output, /✖ Unhandled method workspace\/executeCommand\n$/);
    assert.deepEqual(ui.errors, ["vmjs: Unhandled method workspace/executeCommand"]);
    assert.deepEqual(ui.running, [true, false]);
});

test("no editor: Run File explains instead of sending", async () => {
    const ui = new FakeUi();
    ui.editor = undefined;
    const server = new FakeServer();
    await new Controller(() => server, ui).runFile();
    assert.equal(server.calls.length, 0);
    assert.equal(ui.errors.length, 1);
});

test("server state drives the status bar", () => {
    const ui = new FakeUi();
    const controller = new Controller(() => undefined, ui);
    controller.onServerState("starting");
    controller.onServerState("running");
    controller.onServerState("stopped", "exit code 2");
    assert.deepEqual(ui.states, [{ kind: "starting" }, { kind: "ready" }, { kind: "stopped", reason: "exit code 2" }]);
    assert.deepEqual(ui.running, [false]);
});
