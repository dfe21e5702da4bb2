// The pieces of the language client setup that are not wiring: the experimental capability, which server
// commands the client may register, and the `workspace/configuration` answer. Type-only imports, so the unit
// tests load this without VS Code.

import type {
    ClientCapabilities,
    DocumentSelector,
    ExecuteCommandOptions,
    RegistrationData,
    StaticFeature,
} from "vscode-languageclient";
import { LANGUAGES } from "./commandArgs";
import { ALL_COMMANDS, CONFIGURATION_SECTION, EXPERIMENTAL_CAPABILITY } from "./protocol";
import { serverSettings, type SettingGetter } from "./settings";

/** The documents the language server serves: JavaScript and TypeScript files (saved or untitled), and the
 * cells of Jupyter notebooks in those languages — which the server, advertising `notebookDocumentSync`, sees
 * as one program in order (definition into an earlier cell, references and rename across cells). */
export function documentSelector(): DocumentSelector {
    return LANGUAGES.flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
        { notebook: "jupyter-notebook", language },
    ]);
}

/** Announces `experimental: { vmjsOutput: true }`, so the server streams vmjs/output and vmjs/runEnd. */
export function experimentalOutputFeature(): StaticFeature {
    return {
        fillClientCapabilities(capabilities: ClientCapabilities) {
            const experimental = (capabilities.experimental ?? {}) as Record<string, unknown>;
            capabilities.experimental = { ...experimental, [EXPERIMENTAL_CAPABILITY]: true };
        },
        initialize() {},
        getState: () => ({ kind: "static" }),
        clear() {},
    };
}

/** The extension registers the vmjs.* commands itself (they must exist before the server is up, and they fill
 * in the active editor's uri and selection), so the language client must not register them a second time when
 * the server lists them in `executeCommandProvider` (VS Code refuses a duplicate command id); it still forwards
 * any other command the server offers. */
export function withoutOwnCommands(
    data: RegistrationData<ExecuteCommandOptions>,
): RegistrationData<ExecuteCommandOptions> {
    const own = ALL_COMMANDS as readonly string[];
    const commands = (data.registerOptions.commands ?? []).filter((id) => !own.includes(id));
    return { ...data, registerOptions: { ...data.registerOptions, commands } };
}

/** Answers `workspace/configuration` items of section "vmjs" with exactly the keys the server reads; other
 * sections keep VS Code's answer. `restrict` wraps the getter over VS Code's answer (the Workspace Trust rule:
 * see trustAwareGetter). */
export function configurationAnswer(
    items: readonly { section?: string }[],
    values: readonly unknown[],
    restrict: (get: SettingGetter) => SettingGetter = (get) => get,
): unknown[] {
    return values.map((value, index) =>
        items[index]?.section === CONFIGURATION_SECTION
            ? serverSettings(
                  restrict((key) =>
                      typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined,
                  ),
              )
            : value,
    );
}
