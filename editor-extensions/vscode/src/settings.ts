// Reads the extension's settings into what the language client needs: the server's command line and the
// settings the server reads (initializationOptions, and workspace/configuration section "vmjs"). Pure: takes a
// getter over the "vmjs" configuration section.

import type { ServerSettings } from "./protocol";

export type SettingGetter = (key: string) => unknown;

export interface ServerCommand {
    command: string;
    args: string[];
}

/** The language client's server options: `vmjs lsp` over the child's stdin/stdout. Deliberately without a
 * `transport`: with TransportKind.stdio vscode-languageclient appends `--stdio`, which `vmjs lsp` rejects. */
export function serverCommand(get: SettingGetter): ServerCommand {
    const path = get("path");
    const command = typeof path === "string" && path.trim().length > 0 ? path.trim() : "vmjs";
    return { command, args: ["lsp"] };
}

export function serverSettings(get: SettingGetter): ServerSettings {
    return {
        template: nonEmptyString(get("template")),
        timeoutMs: positiveInteger(get("timeoutMs")),
        databasePath: nonEmptyString(get("databasePath")),
    };
}

/** Settings whose change needs a new server process (the others reach the running server). */
export function needsRestart(changed: (key: string) => boolean): boolean {
    return changed("path");
}

function nonEmptyString(value: unknown): string | null {
    return typeof value === "string" && value.trim().length > 0 ? value.trim() : null;
}

function positiveInteger(value: unknown): number | null {
    return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}
