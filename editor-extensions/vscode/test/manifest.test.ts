// Checks package.json's contributions against the code: every command the extension registers is contributed,
// every keybinding and menu names a contributed command, the settings are the ones the code reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_COMMANDS } from "../src/protocol";
import { RESTRICTED_SETTINGS } from "../src/settings";

const root = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);

test("the four server commands (and Show Output) are contributed under the vmjs category", () => {
    for (const id of [...ALL_COMMANDS, "vmjs.showOutput"]) {
        assert.ok(contributed.includes(id), id);
    }
    for (const command of manifest.contributes.commands) {
        assert.equal(command.category, "vmjs");
    }
    const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    assert.equal(titles["vmjs.runFile"], "Run File", "the palette shows 'vmjs: Run File'");
});

test("Run File is on the editor title bar of JavaScript and TypeScript files", () => {
    const entries = Object.entries(manifest.contributes.menus).filter(([menu]) => menu.startsWith("editor/title"));
    const runFile = entries.flatMap(([, items]) => items as { command: string; when?: string }[]).find((i) => i.command === "vmjs.runFile");
    assert.ok(runFile);
    assert.match(runFile.when ?? "", /javascript/);
    assert.match(runFile.when ?? "", /typescript/);
});

test("each server command has a keybinding to a contributed command", () => {
    const bound = manifest.contributes.keybindings.map((k: { command: string }) => k.command);
    for (const id of ALL_COMMANDS) {
        assert.ok(bound.includes(id), id);
    }
    for (const id of bound) {
        assert.ok(contributed.includes(id), id);
    }
});

test("settings and activation", () => {
    const properties = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(properties, [
        "vmjs.databasePath",
        "vmjs.inlayHints.parameterNames",
        "vmjs.path",
        "vmjs.template",
        "vmjs.timeoutMs",
    ]);
    // The values the server reads (config.rs's ParameterNameHints), "none" first: off by default.
    const hints = manifest.contributes.configuration.properties["vmjs.inlayHints.parameterNames"];
    assert.deepEqual([hints.default, ...hints.enum], ["none", "none", "literals", "all"]);
    assert.equal(manifest.contributes.configuration.properties["vmjs.path"].default, "vmjs");
    assert.deepEqual(manifest.activationEvents, ["onLanguage:javascript", "onLanguage:typescript"]);
    assert.equal(manifest.main, "./dist/extension.js");
});

test("Workspace Trust: the settings that choose a binary or a file are restricted, as the code restricts them", () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, "limited");
    assert.deepEqual(
        [...untrusted.restrictedConfigurations].sort(),
        RESTRICTED_SETTINGS.map((key) => `vmjs.${key}`).sort(),
    );
    assert.ok(untrusted.restrictedConfigurations.includes("vmjs.path"));
});

test("the licence is the workspace's (Cargo.toml)", () => {
    const cargo = readFileSync(join(root, "..", "..", "Cargo.toml"), "utf8");
    const workspaceLicense = /^license = "([^"]+)"/m.exec(cargo)?.[1];
    assert.equal(manifest.license, workspaceLicense);
});
