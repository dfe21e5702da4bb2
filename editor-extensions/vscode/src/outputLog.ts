// Turns run events into the text of the "vmjs" output channel: a header when a run starts, the streamed
// output as it arrives (vmjs/output: console output, and also the thrown error's stack and a selection's value),
// then a footer when the run ends (vmjs/runEnd). When nothing was streamed for an execution (a server that does
// not stream), the command's response supplies the value or error and the footer. Pure: returns the text.

import type { ExecutionResult, OutputParams, RunEndParams } from "./protocol";

export type RunKind = "file" | "selection";

export class OutputLog {
    private atLineStart = true;
    private readonly ended = new Set<string>();
    private readonly streamed = new Set<string>();

    /** Header written before the command is sent. */
    start(kind: RunKind, name: string, now: Date): string {
        const what = kind === "file" ? `Run ${name}` : `Run selection in ${name}`;
        return this.line(`▶ ${what} (${clock(now)})`);
    }

    output(params: OutputParams): string {
        this.streamed.add(params.executionId);
        if (params.text.length === 0) {
            return "";
        }
        this.atLineStart = params.text.endsWith("\n");
        return params.text;
    }

    runEnd(params: RunEndParams): string {
        if (this.ended.has(params.executionId)) {
            return "";
        }
        this.ended.add(params.executionId);
        this.streamed.delete(params.executionId);
        return this.line(footer(params.status, params.durationMs));
    }

    /** The command's response: the footer unless vmjs/runEnd already wrote it, after the value or error when
     * the server streamed nothing for this execution (it streams both when it streams at all). */
    response(result: ExecutionResult): string {
        const executionId = result.executionId ?? "";
        if (this.ended.has(executionId)) {
            return "";
        }
        let text = "";
        if (!this.streamed.has(executionId)) {
            const error = describeError(result.error);
            if (error !== undefined) {
                text += this.line(error);
            } else if (result.result !== undefined && result.result !== null) {
                text += this.line(`← ${describeValue(result.result)}`);
            }
        }
        return text + this.runEnd({ executionId, status: result.status, durationMs: result.durationMs });
    }

    /** A request that failed (server not running, command unknown, …). */
    failure(message: string): string {
        return this.line(`✖ ${message}`);
    }

    private line(text: string): string {
        const prefix = this.atLineStart ? "" : "\n";
        this.atLineStart = true;
        return `${prefix}${text}\n`;
    }
}

export function footer(status: string, durationMs: number): string {
    return `${statusIcon(status)} ${status} in ${formatDuration(durationMs)}`;
}

export function statusIcon(status: string): string {
    switch (status) {
        case "ok":
            return "✔";
        case "interrupted":
        case "cancelled":
            return "■";
        case "timeout":
            return "⏱";
        default:
            return "✖";
    }
}

export function formatDuration(durationMs: number): string {
    if (!Number.isFinite(durationMs) || durationMs < 0) {
        return "? ms";
    }
    if (durationMs < 10) {
        return `${Math.round(durationMs * 10) / 10} ms`;
    }
    if (durationMs < 1000) {
        return `${Math.round(durationMs)} ms`;
    }
    return `${(durationMs / 1000).toFixed(durationMs < 10_000 ? 2 : 1)} s`;
}

/** An error as the server may send it: a string, or an object with a stack, or a name and a message. */
export function describeError(error: unknown): string | undefined {
    if (error === undefined || error === null) {
        return undefined;
    }
    if (typeof error === "string") {
        return error;
    }
    if (typeof error === "object") {
        const record = error as Record<string, unknown>;
        if (typeof record.stack === "string" && record.stack.length > 0) {
            return record.stack;
        }
        if (typeof record.message === "string") {
            return typeof record.name === "string" ? `${record.name}: ${record.message}` : record.message;
        }
    }
    return describeValue(error);
}

/** A value as the server sends it: `{type, preview}` (the preview is what a REPL prints), or plain JSON. */
export function describeValue(value: unknown): string {
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "object" && value !== null && typeof (value as { preview?: unknown }).preview === "string") {
        return (value as { preview: string }).preview;
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

function clock(now: Date): string {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}
