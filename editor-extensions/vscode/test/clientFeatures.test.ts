import { test } from "node:test";
import assert from "node:assert/strict";
import type { ClientCapabilities } from "vscode-languageclient";
import {
    configurationAnswer,
    documentSelector,
    experimentalOutputFeature,
    withoutOwnCommands,
} from "../src/clientFeatures";

test("the server serves JS/TS files and the JS/TS cells of Jupyter notebooks", () => {
    const selector = documentSelector();
    for (const language of ["javascript", "typescript"]) {
        assert.ok(selector.some((f) => typeof f !== "string" && "scheme" in f && f.scheme === "file" && f.language === language));
        assert.ok(
            selector.some(
                (f) => typeof f !== "string" && "notebook" in f && f.notebook === "jupyter-notebook" && f.language === language,
            ),
            `notebook cells of ${language}`,
        );
    }
});

test("the client announces experimental.vmjsOutput and keeps other experimental capabilities", () => {
    const capabilities: ClientCapabilities = { experimental: { other: 1 } };
    experimentalOutputFeature().fillClientCapabilities(capabilities);
    assert.deepEqual(capabilities.experimental, { other: 1, vmjsOutput: true });
    const bare: ClientCapabilities = {};
    experimentalOutputFeature().fillClientCapabilities(bare);
    assert.deepEqual(bare.experimental, { vmjsOutput: true });
});

test("the language client registers only the server commands the extension does not own", () => {
    const data = {
        id: "x",
        registerOptions: { commands: ["vmjs.runFile", "vmjs.runSelection", "vmjs.interrupt", "vmjs.restartSession", "vmjs.other"] },
    };
    assert.deepEqual(withoutOwnCommands(data), { id: "x", registerOptions: { commands: ["vmjs.other"] } });
    assert.deepEqual(data.registerOptions.commands.length, 5, "the input is not changed");
});

test("workspace/configuration section vmjs is answered with the server's keys only", () => {
    const answer = configurationAnswer(
        [{ section: "vmjs" }, { section: "editor" }, {}],
        [
            { path: "/bin/vmjs", template: "nb", timeoutMs: 100, databasePath: null, inlayHints: { parameterNames: "all" } },
            { tabSize: 4 },
            null,
        ],
    );
    assert.deepEqual(answer, [
        { template: "nb", timeoutMs: 100, databasePath: null, inlayHints: { parameterNames: "all" } },
        { tabSize: 4 },
        null,
    ]);
});
