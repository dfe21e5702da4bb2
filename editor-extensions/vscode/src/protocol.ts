// The vmjs language server's protocol extensions, as the extension uses them (issue 5, "Server").
// No `vscode` import here: this module is shared by the pure modules and their tests.

/** Commands the server serves through `workspace/executeCommand`; the extension registers the same ids. */
export const Command = {
    runFile: "vmjs.runFile",
    runSelection: "vmjs.runSelection",
    interrupt: "vmjs.interrupt",
    restartSession: "vmjs.restartSession",
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

export const ALL_COMMANDS: readonly CommandId[] = Object.values(Command);

/** Server → client notification: a chunk of a run's console output. */
export const OUTPUT_NOTIFICATION = "vmjs/output";
/** Server → client notification: a run finished. */
export const RUN_END_NOTIFICATION = "vmjs/runEnd";

/** The client announces `experimental: { vmjsOutput: true }` to get the two notifications above. */
export const EXPERIMENTAL_CAPABILITY = "vmjsOutput";

/** Configuration section read through `workspace/configuration` and sent as `initializationOptions`. */
export const CONFIGURATION_SECTION = "vmjs";

export interface Position {
    line: number;
    character: number;
}

export interface Range {
    start: Position;
    end: Position;
}

export interface RunFileArgs {
    uri: string;
}

/** `vmjs.interrupt` and `vmjs.restartSession` take an optional `{uri}`: the folder of that document, else all. */
export interface FolderArgs {
    uri: string;
}

export interface RunSelectionArgs {
    uri: string;
    range: Range;
}

/** What every command returns. `status` of a run: "ok", "error", "timeout", "cancelled" or "crashed";
 * `vmjs.interrupt` answers "interrupted" or "idle" (nothing was running). `result` is `{type, preview}`,
 * `error` is `{name, message, stack, line, column}` (the extension also accepts plain strings). */
export interface ExecutionResult {
    executionId: string | null;
    status: string;
    durationMs: number;
    result?: unknown;
    error?: unknown;
}

export interface OutputParams {
    executionId: string;
    stream: string;
    text: string;
}

export interface RunEndParams {
    executionId: string;
    status: string;
    durationMs: number;
}

/** The settings the server reads (`initializationOptions` and `workspace/configuration` section `vmjs`). */
export interface ServerSettings {
    template: string | null;
    timeoutMs: number | null;
    databasePath: string | null;
    inlayHints: { parameterNames: ParameterNameHints };
}

/** Which arguments get their parameter's name shown before them (`vmjs.inlayHints.parameterNames`). */
export type ParameterNameHints = "none" | "literals" | "all";
