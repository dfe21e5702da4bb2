import { test } from "node:test";
import assert from "node:assert/strict";
import { statusCommand, statusView } from "../src/statusBar";

const at = new Date(2026, 10, 25, 9, 5, 7);

test("status bar text for each session state", () => {
    assert.equal(statusView({ kind: "starting" }).text, "$(sync~spin) vmjs");
    assert.equal(statusView({ kind: "ready" }).text, "$(play) vmjs");
    assert.equal(statusView({ kind: "running", what: "main.js" }).text, "$(sync~spin) vmjs: running");
    assert.match(statusView({ kind: "running", what: "main.js" }).tooltip, /main\.js.*interrupt/);
    assert.equal(statusView({ kind: "finished", status: "ok", durationMs: 12, at }).text, "$(check) vmjs: 12 ms");
    assert.equal(
        statusView({ kind: "finished", status: "error", durationMs: 3, at }).text,
        "$(error) vmjs: error 3 ms",
    );
    assert.equal(statusView({ kind: "stopped", reason: "spawn vmjs ENOENT" }).text, "$(warning) vmjs: stopped");
    assert.match(statusView({ kind: "stopped", reason: "spawn vmjs ENOENT" }).tooltip, /ENOENT/);
});

test("only a failed run or a stopped server draws attention", () => {
    assert.equal(statusView({ kind: "finished", status: "ok", durationMs: 1, at }).warning, false);
    assert.equal(statusView({ kind: "finished", status: "timeout", durationMs: 1, at }).warning, true);
    assert.equal(statusView({ kind: "stopped" }).warning, true);
    assert.equal(statusView({ kind: "finished", status: "cancelled", durationMs: 1, at }).warning, false);
    assert.equal(statusView({ kind: "finished", status: "cancelled", durationMs: 1, at }).text, "$(debug-stop) vmjs: cancelled 1 ms");
});

test("a click interrupts a run, runs the file otherwise", () => {
    assert.equal(statusCommand({ kind: "running", what: "a.js" }), "vmjs.interrupt");
    assert.equal(statusCommand({ kind: "ready" }), "vmjs.runFile");
    assert.equal(statusCommand({ kind: "stopped" }), "vmjs.showOutput");
});
