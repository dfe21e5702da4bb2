// Builds the arguments of the server's commands from how a VS Code command was invoked: from the command
// palette or a keybinding (no argument: the active editor), from the editor title bar (the file's Uri), or
// from the server's own "▶ Run file" code lens (the server's `{uri}` object, passed through untouched).

import type { Range, RunFileArgs, RunSelectionArgs } from "./protocol";

/** The part of the active editor the commands need, in LSP terms (UTF-16 positions, URI strings). */
export interface EditorState {
    uri: string;
    languageId: string;
    /** The primary selection; empty when start equals end. */
    selection: Range;
    /** The full range of the line the cursor is on, used when the selection is empty. */
    cursorLine: Range;
}

export type Built<T> = { ok: true; args: T } | { ok: false; message: string };

/** `invocationArg` is the first argument VS Code passed to the command (if any), already turned into a URI
 * string when it was a `vscode.Uri`. */
export function runFileArgs(invocationArg: unknown, editor: EditorState | undefined): Built<RunFileArgs> {
    if (typeof invocationArg === "string" && invocationArg.length > 0) {
        return { ok: true, args: { uri: invocationArg } };
    }
    if (isObject(invocationArg) && typeof invocationArg.uri === "string") {
        return { ok: true, args: { uri: invocationArg.uri } };
    }
    if (editor === undefined) {
        return { ok: false, message: "vmjs: open a JavaScript file to run it." };
    }
    if (!isRunnable(editor.languageId)) {
        return {
            ok: false,
            message: `vmjs: only JavaScript and TypeScript files can be run (this one is ${editor.languageId}).`,
        };
    }
    return { ok: true, args: { uri: editor.uri } };
}

/** The languages vmjs runs (TypeScript with its types stripped) and its language server serves. */
export const LANGUAGES = ["javascript", "typescript"] as const;

/** Whether vmjs runs documents of this VS Code language id. */
export function isRunnable(languageId: string): boolean {
    return (LANGUAGES as readonly string[]).includes(languageId);
}

/** Runs the selection, or the cursor's line when nothing is selected (like a notebook's "run line"). */
export function runSelectionArgs(invocationArg: unknown, editor: EditorState | undefined): Built<RunSelectionArgs> {
    if (isObject(invocationArg) && typeof invocationArg.uri === "string" && isRange(invocationArg.range)) {
        return { ok: true, args: { uri: invocationArg.uri, range: invocationArg.range } };
    }
    if (editor === undefined) {
        return { ok: false, message: "vmjs: open a JavaScript file and select code to run." };
    }
    if (!isRunnable(editor.languageId)) {
        return {
            ok: false,
            message: `vmjs: only JavaScript and TypeScript can be run (this file is ${editor.languageId}).`,
        };
    }
    const range = isEmpty(editor.selection) ? editor.cursorLine : editor.selection;
    return { ok: true, args: { uri: editor.uri, range } };
}

/** The file name shown in the output channel's run header. */
export function displayName(uri: string): string {
    const path = uri.replace(/[?#].*$/, "");
    const base = path.slice(path.lastIndexOf("/") + 1);
    try {
        return decodeURIComponent(base);
    } catch {
        return base;
    }
}

function isEmpty(range: Range): boolean {
    return range.start.line === range.end.line && range.start.character === range.end.character;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null;
}

function isPosition(value: unknown): boolean {
    return isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character);
}

function isRange(value: unknown): value is Range {
    return isObject(value) && isPosition(value.start) && isPosition(value.end);
}
