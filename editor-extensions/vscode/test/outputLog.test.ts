import { test } from "node:test";
import assert from "node:assert/strict";
import { OutputLog, describeError, footer, formatDuration } from "../src/outputLog";

const at = new Date(2026, 10, 25, 9, 5, 7);

test("a run prints a header, the streamed output as is, then one footer", () => {
    const log = new OutputLog();
    const text = [
        log.start("file", "main.js", at),
        log.output({ executionId: "e1", stream: "stdout", text: "hello\n" }),
        log.output({ executionId: "e1", stream: "stderr", text: "warn\n" }),
        log.runEnd({ executionId: "e1", status: "ok", durationMs: 12.4 }),
        log.response({ executionId: "e1", status: "ok", durationMs: 12.4 }),
    ].join("");
    assert.equal(text, "▶ Run main.js (09:05:07)\nhello\nwarn\n✔ ok in 12 ms\n");
});

test("output without a trailing newline is closed before the footer", () => {
    const log = new OutputLog();
    log.start("selection", "a.js", at);
    assert.equal(log.output({ executionId: "e", stream: "stdout", text: "partial" }), "partial");
    assert.equal(log.runEnd({ executionId: "e", status: "error", durationMs: 3 }), "\n✖ error in 3 ms\n");
});

test("a value is shown by its preview", () => {
    const log = new OutputLog();
    assert.equal(
        log.response({ executionId: "e", status: "ok", durationMs: 1, result: { type: "object", preview: "{ a: 1 }" } }),
        "← { a: 1 }\n✔ ok in 1 ms\n",
    );
});

test("the response writes the value and the footer when no runEnd came", () => {
    const log = new OutputLog();
    assert.equal(
        log.response({ executionId: "e", status: "ok", durationMs: 1500, result: { a: 1 } }),
        '← {"a":1}\n✔ ok in 1.50 s\n',
    );
});

test("the response writes the error's stack, else name: message", () => {
    const log = new OutputLog();
    assert.equal(
        log.response({ executionId: "e", status: "error", durationMs: 4, error: { name: "TypeError", message: "x is not a function" } }),
        "TypeError: x is not a function\n✖ error in 4 ms\n",
    );
    assert.equal(describeError({ stack: "Error: boom\n    at f (a.js:1:1)" }), "Error: boom\n    at f (a.js:1:1)");
    assert.equal(describeError("ReferenceError: y is not defined"), "ReferenceError: y is not defined");
    assert.equal(describeError(null), undefined);
});

test("footers and durations", () => {
    assert.equal(footer("interrupted", 250), "■ interrupted in 250 ms");
    assert.equal(footer("cancelled", 250), "■ cancelled in 250 ms");
    assert.equal(footer("crashed", 9), "✖ crashed in 9 ms");
    assert.equal(footer("timeout", 60000), "⏱ timeout in 60.0 s");
    assert.equal(formatDuration(0.42), "0.4 ms");
    assert.equal(formatDuration(NaN), "? ms");
});
