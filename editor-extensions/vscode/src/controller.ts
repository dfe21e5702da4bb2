// What the extension's commands and the server's notifications do, independent of the `vscode` module: the
// editor, output channel and status bar are behind `Ui`, the language client behind `Server`, so unit tests
// drive this with fakes. extension.ts wires the real ones.

import { runFileArgs, runSelectionArgs, displayName, isRunnable, type EditorState } from "./commandArgs";
import { OutputLog, type RunKind } from "./outputLog";
import {
    Command,
    type CommandId,
    type ExecutionResult,
    type FolderArgs,
    type OutputParams,
    type RunEndParams,
} from "./protocol";
import type { SessionState } from "./statusBar";

export interface Server {
    executeCommand(command: CommandId, args: unknown[]): Promise<ExecutionResult>;
}

export interface Ui {
    activeEditor(): EditorState | undefined;
    /** Appends to the "vmjs" output channel. */
    append(text: string): void;
    /** Shows the output channel without taking focus from the editor. */
    revealOutput(): void;
    setStatus(state: SessionState): void;
    /** Sets the `vmjs.running` context key (enables the Interrupt keybinding). */
    setRunning(running: boolean): void;
    showError(message: string): void;
    now(): Date;
}

export const SERVER_NOT_RUNNING =
    "vmjs: the language server is not running. Check the `vmjs.path` setting and the vmjs output channel.";

export class Controller {
    private readonly log = new OutputLog();
    private inFlight = 0;

    constructor(
        private readonly server: () => Server | undefined,
        private readonly ui: Ui,
    ) {}

    async runFile(invocationArg?: unknown): Promise<ExecutionResult | undefined> {
        const built = runFileArgs(invocationArg, this.ui.activeEditor());
        if (!built.ok) {
            this.ui.showError(built.message);
            return undefined;
        }
        return this.run("file", Command.runFile, built.args.uri, built.args);
    }

    async runSelection(invocationArg?: unknown): Promise<ExecutionResult | undefined> {
        const built = runSelectionArgs(invocationArg, this.ui.activeEditor());
        if (!built.ok) {
            this.ui.showError(built.message);
            return undefined;
        }
        return this.run("selection", Command.runSelection, built.args.uri, built.args);
    }

    async interrupt(): Promise<ExecutionResult | undefined> {
        return this.control(Command.interrupt);
    }

    async restartSession(): Promise<ExecutionResult | undefined> {
        const result = await this.control(Command.restartSession);
        if (result !== undefined) {
            this.ui.append("↻ Session restarted\n");
            if (this.inFlight === 0) {
                this.ui.setStatus({ kind: "ready" });
            }
        }
        return result;
    }

    onOutput(params: OutputParams): void {
        this.ui.append(this.log.output(params));
    }

    onRunEnd(params: RunEndParams): void {
        this.ui.append(this.log.runEnd(params));
        this.ui.setStatus({
            kind: "finished",
            status: params.status,
            durationMs: params.durationMs,
            at: this.ui.now(),
        });
    }

    /** The language client's state changed. */
    onServerState(state: "starting" | "running" | "stopped", reason?: string): void {
        if (state === "starting") {
            this.ui.setStatus({ kind: "starting" });
        } else if (state === "running") {
            this.ui.setStatus({ kind: "ready" });
        } else {
            this.inFlight = 0;
            this.ui.setRunning(false);
            this.ui.setStatus({ kind: "stopped", reason });
        }
    }

    private async run(kind: RunKind, command: CommandId, uri: string, args: object) {
        const server = this.server();
        if (server === undefined) {
            this.ui.showError(SERVER_NOT_RUNNING);
            return undefined;
        }
        this.ui.revealOutput();
        this.ui.append(this.log.start(kind, displayName(uri), this.ui.now()));
        this.inFlight += 1;
        this.ui.setRunning(true);
        this.ui.setStatus({ kind: "running", what: displayName(uri) });
        try {
            const result = await server.executeCommand(command, [args]);
            this.ui.append(this.log.response(result));
            this.ui.setStatus({
                kind: "finished",
                status: result.status,
                durationMs: result.durationMs,
                at: this.ui.now(),
            });
            return result;
        } catch (error) {
            const message = errorMessage(error);
            this.ui.append(this.log.failure(message));
            this.ui.setStatus({ kind: "finished", status: "failed", durationMs: NaN, at: this.ui.now() });
            this.ui.showError(`vmjs: ${message}`);
            return undefined;
        } finally {
            this.inFlight -= 1;
            this.ui.setRunning(this.inFlight > 0);
        }
    }

    private async control(command: CommandId) {
        const server = this.server();
        if (server === undefined) {
            this.ui.showError(SERVER_NOT_RUNNING);
            return undefined;
        }
        try {
            return await server.executeCommand(command, folderArgs(this.ui.activeEditor()));
        } catch (error) {
            this.ui.showError(`vmjs: ${errorMessage(error)}`);
            return undefined;
        }
    }
}

/** `vmjs.interrupt` and `vmjs.restartSession` act on the active JavaScript or TypeScript document's folder, else on
 * all. */
export function folderArgs(editor: EditorState | undefined): FolderArgs[] {
    return editor !== undefined && isRunnable(editor.languageId) ? [{ uri: editor.uri }] : [];
}

export function errorMessage(error: unknown): string {
    if (error instanceof Error) {
        return error.message;
    }
    if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") {
        return (error as { message: string }).message;
    }
    return String(error);
}
