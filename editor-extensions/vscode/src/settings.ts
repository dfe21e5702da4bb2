// Reads the extension's settings into what the language client needs: the server's command line and the
// settings the server reads (initializationOptions, and workspace/configuration section "vmjs"). Pure: takes a
// getter over the "vmjs" configuration section.

import type { ParameterNameHints, ServerSettings } from "./protocol";

export type SettingGetter = (key: string) => unknown;

/** The settings that choose a program to start or a file to write: in an untrusted workspace (Workspace Trust)
 * the workspace's values of these are ignored, and only the user's own (or the default) count. package.json
 * declares the same list as `capabilities.untrustedWorkspaces.restrictedConfigurations`. */
export const RESTRICTED_SETTINGS = ["path", "databasePath"] as const;

/** What `WorkspaceConfiguration.inspect` tells of one setting. */
export interface InspectedSetting {
    defaultValue?: unknown;
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
}

/** A getter over the "vmjs" section that, while the workspace is untrusted, reads restricted settings from the
 * user's settings only, so a cloned repository's .vscode/settings.json cannot choose the binary vmjs starts. */
export function trustAwareGetter(
    get: SettingGetter,
    inspect: (key: string) => InspectedSetting | undefined,
    trusted: boolean,
): SettingGetter {
    return (key) => {
        if (trusted || !(RESTRICTED_SETTINGS as readonly string[]).includes(key)) {
            return get(key);
        }
        const inspected = inspect(key);
        return inspected?.globalValue ?? inspected?.defaultValue;
    };
}

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
        inlayHints: { parameterNames: parameterNameHints(get("inlayHints")) },
    };
}

/** `inlayHints.parameterNames` of the section's `inlayHints` object; "none" unless a known value. */
function parameterNameHints(inlayHints: unknown): ParameterNameHints {
    const value =
        typeof inlayHints === "object" && inlayHints !== null
            ? (inlayHints as Record<string, unknown>).parameterNames
            : undefined;
    return value === "literals" || value === "all" ? value : "none";
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
