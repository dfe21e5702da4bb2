// The status bar item's text and tooltip for each state of the server and its runs. Pure.

import { formatDuration } from "./outputLog";

export type SessionState =
    | { kind: "starting" }
    | { kind: "ready" }
    | { kind: "running"; what: string }
    | { kind: "finished"; status: string; durationMs: number; at: Date }
    | { kind: "stopped"; reason?: string };

export interface StatusView {
    text: string;
    tooltip: string;
    /** True when the item should draw attention (server stopped, last run failed). */
    warning: boolean;
}

export function statusView(state: SessionState): StatusView {
    switch (state.kind) {
        case "starting":
            return { text: "$(sync~spin) vmjs", tooltip: "vmjs: starting the language server", warning: false };
        case "ready":
            return { text: "$(play) vmjs", tooltip: "vmjs: ready. Click to run the file.", warning: false };
        case "running":
            return {
                text: "$(sync~spin) vmjs: running",
                tooltip: `vmjs: running ${state.what}. Click to interrupt.`,
                warning: false,
            };
        case "finished": {
            const ok = state.status === "ok";
            const stopped = state.status === "interrupted" || state.status === "cancelled";
            const icon = ok ? "$(check)" : stopped ? "$(debug-stop)" : "$(error)";
            const duration = formatDuration(state.durationMs);
            return {
                text: `${icon} vmjs: ${ok ? "" : `${state.status} `}${duration}`,
                tooltip: `vmjs: last run ${state.status} in ${duration} at ${state.at.toLocaleTimeString()}. Click to run the file.`,
                warning: !ok && !stopped,
            };
        }
        case "stopped":
            return {
                text: "$(warning) vmjs: stopped",
                tooltip: `vmjs: the language server is not running${state.reason ? ` (${state.reason})` : ""}.`,
                warning: true,
            };
    }
}

/** The command a click on the item runs. */
export function statusCommand(state: SessionState): string | undefined {
    switch (state.kind) {
        case "running":
            return "vmjs.interrupt";
        case "ready":
        case "finished":
            return "vmjs.runFile";
        default:
            return "vmjs.showOutput";
    }
}
