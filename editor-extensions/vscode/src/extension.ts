// The extension's entry point: starts `vmjs lsp` with vscode-languageclient and wires the editor (commands,
// "vmjs" output channel, status bar item) to the Controller. Everything testable lives in the pure modules.

import * as vscode from "vscode";
import {
    ExecuteCommandRequest,
    LanguageClient,
    State,
    type ExecuteCommandOptions,
    type LanguageClientOptions,
    type RegistrationData,
    type ServerOptions,
} from "vscode-languageclient/node";
import { configurationAnswer, documentSelector, experimentalOutputFeature, withoutOwnCommands } from "./clientFeatures";
import type { EditorState } from "./commandArgs";
import { Controller, type Server, type Ui } from "./controller";
import {
    CONFIGURATION_SECTION,
    Command,
    OUTPUT_NOTIFICATION,
    RUN_END_NOTIFICATION,
    type CommandId,
    type ExecutionResult,
    type OutputParams,
    type RunEndParams,
} from "./protocol";
import { needsRestart, serverCommand, serverSettings, trustAwareGetter, type SettingGetter } from "./settings";
import { statusCommand, statusView, type SessionState } from "./statusBar";

const SHOW_OUTPUT_COMMAND = "vmjs.showOutput";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel("vmjs");
    const serverLog = vscode.window.createOutputChannel("vmjs Language Server", { log: true });
    const status = vscode.window.createStatusBarItem("vmjs.status", vscode.StatusBarAlignment.Left, 0);
    status.name = "vmjs";
    context.subscriptions.push(output, serverLog, status);

    const ui: Ui = {
        activeEditor,
        append: (text) => {
            if (text.length > 0) {
                output.append(text);
            }
        },
        revealOutput: () => output.show(true),
        setStatus: (state: SessionState) => {
            const view = statusView(state);
            status.text = view.text;
            status.tooltip = view.tooltip;
            status.command = statusCommand(state);
            status.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
            status.show();
        },
        setRunning: (running) => void vscode.commands.executeCommand("setContext", "vmjs.running", running),
        showError: (message) => void vscode.window.showErrorMessage(message),
        now: () => new Date(),
    };

    const server: Server = {
        executeCommand: (command: CommandId, args: unknown[]) => {
            if (client === undefined) {
                return Promise.reject(new Error("the language server is not running"));
            }
            return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<ExecutionResult>;
        },
    };
    const controller = new Controller(() => (client?.isRunning() ? server : undefined), ui);

    context.subscriptions.push(
        vscode.commands.registerCommand(Command.runFile, (arg?: unknown) => controller.runFile(uriArg(arg))),
        vscode.commands.registerCommand(Command.runSelection, (arg?: unknown) => controller.runSelection(uriArg(arg))),
        vscode.commands.registerCommand(Command.interrupt, () => controller.interrupt()),
        vscode.commands.registerCommand(Command.restartSession, () => controller.restartSession()),
        vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => output.show(true)),
        // Once the user trusts the workspace, its own vmjs.path / databasePath count: start the server anew.
        vscode.workspace.onDidGrantWorkspaceTrust(async () => {
            await stopClient();
            await startClient(context, controller, serverLog);
        }),
        vscode.workspace.onDidChangeConfiguration(async (event) => {
            if (needsRestart((key) => event.affectsConfiguration(`${CONFIGURATION_SECTION}.${key}`))) {
                await stopClient();
                await startClient(context, controller, serverLog);
            }
        }),
    );

    ui.setStatus({ kind: "starting" });
    await startClient(context, controller, serverLog);
}

export async function deactivate(): Promise<void> {
    await stopClient();
}

async function startClient(
    context: vscode.ExtensionContext,
    controller: Controller,
    serverLog: vscode.LogOutputChannel,
): Promise<void> {
    const configuration = () => vscode.workspace.getConfiguration(CONFIGURATION_SECTION);
    // Read at each use: trust can be granted while the server runs (which restarts it, see activate).
    const restrict = (get: SettingGetter): SettingGetter =>
        trustAwareGetter(get, (key) => configuration().inspect(key), vscode.workspace.isTrusted);
    const setting: SettingGetter = (key) => restrict((k) => configuration().get(k))(key);
    const serverOptions: ServerOptions = serverCommand(setting);
    const { command } = serverOptions;
    const clientOptions: LanguageClientOptions = {
        documentSelector: documentSelector(),
        outputChannel: serverLog,
        initializationOptions: () => serverSettings(setting),
        synchronize: { configurationSection: CONFIGURATION_SECTION },
        middleware: {
            workspace: {
                // Answer section "vmjs" with exactly the keys the server reads.
                configuration: async (params, token, next) => {
                    const values = await next(params, token);
                    return Array.isArray(values) ? configurationAnswer(params.items, values, restrict) : values;
                },
            },
        },
    };

    const languageClient = new LanguageClient("vmjs", "vmjs Language Server", serverOptions, clientOptions);
    languageClient.registerFeature(experimentalOutputFeature());
    keepOwnCommands(languageClient);
    languageClient.onNotification(OUTPUT_NOTIFICATION, (params: OutputParams) => controller.onOutput(params));
    languageClient.onNotification(RUN_END_NOTIFICATION, (params: RunEndParams) => controller.onRunEnd(params));
    languageClient.onDidChangeState((event) => {
        if (event.newState === State.Starting) {
            controller.onServerState("starting");
        } else if (event.newState === State.Running) {
            controller.onServerState("running");
        } else {
            controller.onServerState("stopped");
        }
    });
    client = languageClient;
    try {
        await languageClient.start();
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        controller.onServerState("stopped", message);
        void vscode.window.showErrorMessage(
            `vmjs: could not start \`${command} lsp\` (${message}). Set \`vmjs.path\` to the vmjs binary.`,
        );
    }
    context.subscriptions.push({ dispose: () => void languageClient.dispose() });
}

async function stopClient(): Promise<void> {
    const running = client;
    client = undefined;
    if (running !== undefined && running.needsStop()) {
        await running.stop();
    }
}

/** See withoutOwnCommands. */
function keepOwnCommands(languageClient: LanguageClient): void {
    const feature = languageClient.getFeature(ExecuteCommandRequest.method);
    const register = feature.register.bind(feature);
    feature.register = (data: RegistrationData<ExecuteCommandOptions>) => register(withoutOwnCommands(data));
}

function activeEditor(): EditorState | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
        return undefined;
    }
    const { document, selection } = editor;
    const line = document.lineAt(selection.active.line).range;
    return {
        uri: document.uri.toString(),
        languageId: document.languageId,
        selection: {
            start: { line: selection.start.line, character: selection.start.character },
            end: { line: selection.end.line, character: selection.end.character },
        },
        cursorLine: {
            start: { line: line.start.line, character: line.start.character },
            end: { line: line.end.line, character: line.end.character },
        },
    };
}

/** The editor title bar and explorer pass the file's Uri; the server's code lens passes `{uri}`. */
function uriArg(arg: unknown): unknown {
    return arg instanceof vscode.Uri ? arg.toString() : arg;
}
