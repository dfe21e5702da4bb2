import { test } from "node:test";
import assert from "node:assert/strict";
import { displayName, runFileArgs, runSelectionArgs, type EditorState } from "../src/commandArgs";

const editor = (over: Partial<EditorState> = {}): EditorState => ({
    uri: "file:///ws/main.js",
    languageId: "javascript",
    selection: { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } },
    cursorLine: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } },
    ...over,
});

test("runFile from the palette uses the active editor's uri", () => {
    assert.deepEqual(runFileArgs(undefined, editor()), { ok: true, args: { uri: "file:///ws/main.js" } });
});

test("runFile from the editor title bar uses the file it was clicked on", () => {
    assert.deepEqual(runFileArgs("file:///ws/other.js", editor()), { ok: true, args: { uri: "file:///ws/other.js" } });
});

test("runFile from the server's code lens passes its {uri} through", () => {
    assert.deepEqual(runFileArgs({ uri: "file:///ws/lens.js" }, undefined), {
        ok: true,
        args: { uri: "file:///ws/lens.js" },
    });
});

test("runFile without an editor or on another language is refused with a message", () => {
    const none = runFileArgs(undefined, undefined);
    assert.equal(none.ok, false);
    const python = runFileArgs(undefined, editor({ languageId: "python" }));
    assert.equal(python.ok, false);
    assert.match(python.ok ? "" : python.message, /python/);
    // TypeScript runs (its types stripped by vmjs).
    const typescript = runFileArgs(undefined, editor({ languageId: "typescript", uri: "file:///ws/main.ts" }));
    assert.deepEqual(typescript, { ok: true, args: { uri: "file:///ws/main.ts" } });
});

test("runSelection sends the selection's range", () => {
    assert.deepEqual(runSelectionArgs(undefined, editor()), {
        ok: true,
        args: { uri: "file:///ws/main.js", range: { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } } },
    });
});

test("runSelection with an empty selection runs the cursor's line", () => {
    const empty = { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } };
    assert.deepEqual(runSelectionArgs(undefined, editor({ selection: empty })), {
        ok: true,
        args: { uri: "file:///ws/main.js", range: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } } },
    });
});

test("runSelection accepts explicit {uri, range} arguments", () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } };
    assert.deepEqual(runSelectionArgs({ uri: "file:///a.js", range }, undefined), {
        ok: true,
        args: { uri: "file:///a.js", range },
    });
    assert.equal(runSelectionArgs({ uri: "file:///a.js", range: { start: 1 } }, undefined).ok, false);
});

test("displayName is the decoded base name", () => {
    assert.equal(displayName("file:///ws/dir/h%C3%A9llo%20world.js"), "héllo world.js");
    assert.equal(displayName("untitled:Untitled-1"), "untitled:Untitled-1");
    assert.equal(displayName("file:///ws/a.js?x#y"), "a.js");
});
