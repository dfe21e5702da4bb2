import { test } from "node:test";
import assert from "node:assert/strict";
import { needsRestart, serverCommand, serverSettings, trustAwareGetter } from "../src/settings";

const getter = (values: Record<string, unknown>) => (key: string) => values[key];

test("the server is `vmjs lsp`, from vmjs.path or PATH", () => {
    assert.deepEqual(serverCommand(getter({})), { command: "vmjs", args: ["lsp"] });
    assert.deepEqual(serverCommand(getter({ path: "  " })), { command: "vmjs", args: ["lsp"] });
    assert.deepEqual(serverCommand(getter({ path: "/opt/vmjs/bin/vmjs" })), {
        command: "/opt/vmjs/bin/vmjs",
        args: ["lsp"],
    });
});

test("no transport, so the language client does not append --stdio (vmjs lsp rejects it)", () => {
    assert.deepEqual(Object.keys(serverCommand(getter({}))).sort(), ["args", "command"]);
});

test("server settings carry template, timeoutMs, databasePath and inlay hints, defaults when unset or invalid", () => {
    assert.deepEqual(
        serverSettings(
            getter({
                template: "nb",
                timeoutMs: 5000,
                databasePath: "/tmp/v.db",
                path: "x",
                inlayHints: { parameterNames: "literals" },
            }),
        ),
        {
            template: "nb",
            timeoutMs: 5000,
            databasePath: "/tmp/v.db",
            inlayHints: { parameterNames: "literals" },
        },
    );
    assert.deepEqual(serverSettings(getter({ template: "", timeoutMs: -1, inlayHints: { parameterNames: "most" } })), {
        template: null,
        timeoutMs: null,
        databasePath: null,
        inlayHints: { parameterNames: "none" },
    });
    assert.equal(serverSettings(getter({ timeoutMs: 1.5 })).timeoutMs, null);
});

test("only a new vmjs.path restarts the server", () => {
    assert.equal(needsRestart((key) => key === "path"), true);
    assert.equal(needsRestart((key) => key === "template"), false);
});

test("an untrusted workspace cannot choose the binary or the database; a trusted one can", () => {
    const values: Record<string, unknown> = { path: "./evil.sh", databasePath: "/tmp/elsewhere.db", template: "nb" };
    const inspected: Record<string, { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown }> = {
        path: { defaultValue: "vmjs", workspaceValue: "./evil.sh" },
        databasePath: { defaultValue: null, globalValue: "/home/me/v.db", workspaceValue: "/tmp/elsewhere.db" },
        template: { workspaceValue: "nb" },
    };
    const untrusted = trustAwareGetter(getter(values), (key) => inspected[key], false);
    assert.deepEqual(serverCommand(untrusted), { command: "vmjs", args: ["lsp"] });
    assert.equal(serverSettings(untrusted).databasePath, "/home/me/v.db");
    assert.equal(serverSettings(untrusted).template, "nb", "settings that start nothing still come from the workspace");
    const userChosen = trustAwareGetter(getter(values), () => ({ globalValue: "/opt/vmjs", workspaceValue: "./evil.sh" }), false);
    assert.equal(serverCommand(userChosen).command, "/opt/vmjs");
    const trusted = trustAwareGetter(getter(values), (key) => inspected[key], true);
    assert.deepEqual(serverCommand(trusted), { command: "./evil.sh", args: ["lsp"] });
});
