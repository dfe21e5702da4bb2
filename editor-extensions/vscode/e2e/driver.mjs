// Drives the vmjs extension inside code-server (real VS Code in a browser) with Playwright and Debian's
// chromium, as a user would: open the workspace's broken.js → the Problems panel shows the vmjs diagnostic;
// fix it in the editor → cleared; "vmjs: Run File" from the command palette → the "vmjs" output channel shows
// the streamed lines and the run's end, the status bar the run's duration; the "▶ Run file" code lens runs it
// again; Shift+Enter runs the selected line; "vmjs: Interrupt" stops loop.js's endless loop; in the notebook
// cells.ipynb, cell 2's mistake is a vmjs problem at its place in cell 2, and Go to Definition on a name cell 1
// declares moves to cell 1. Screenshots of each step go to $E2E_ARTIFACTS.
//
// Usage: node driver.mjs URL   (scripts/e2e-vscode.sh starts code-server and passes its URL)
// E2E_STAGE=activation stops after "extension activated" (for a vmjs without `lsp`).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const url = process.argv[2];
const artifacts = process.env.E2E_ARTIFACTS ?? "artifacts";
const stage = process.env.E2E_STAGE ?? "all";
const timeout = Number(process.env.E2E_TIMEOUT_MS ?? 30_000);
const FIXED_TEXT = 'console.log("vmjs e2e: first line");\nconsole.log("vmjs e2e: second line");\n';
mkdirSync(artifacts, { recursive: true });

const started = performance.now();
const log = (message) => console.log(`[e2e ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);
let step = 0;
async function shot(page, name) {
    step += 1;
    const file = join(artifacts, `${String(step).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
}

const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(timeout);
const consoleLines = [];
page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
let failed = false;

try {
    log(`open ${url}`);
    await page.goto(url);
    await page.locator(".monaco-workbench").waitFor();
    await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor();
    log("workbench loaded");

    await openFile(page, "broken.js");
    // The status bar item exists only once the extension's activate() ran (activation: onLanguage:javascript).
    const status = vmjsStatus(page);
    await status.waitFor();
    log(`extension activated, status bar: "${(await status.innerText()).trim()}"`);
    await shot(page, "activated");
    if (stage === "activation") {
        log("E2E_STAGE=activation: stopping here");
    } else {
        await runAll(page);
    }
} catch (error) {
    failed = true;
    console.error(`[e2e] FAILED: ${error instanceof Error ? error.message : error}`);
    await shot(page, "failure").catch(() => {});
} finally {
    writeFileSync(join(artifacts, "browser-console.log"), consoleLines.join("\n") + "\n");
    await browser.close();
}
log(failed ? "failed" : "passed");
process.exit(failed ? 1 : 0);

async function runAll(page) {
    // 1. The syntax error is in the Problems panel with source vmjs.
    await runCommand(page, "View: Focus Problems");
    const problems = page.locator(".markers-panel");
    const vmjsProblem = problems.locator(".monaco-list-row", { hasText: "vmjs" });
    await waitFor(async () => (await vmjsProblem.count()) > 0, "the vmjs diagnostic in the Problems panel");
    const problemText = (await problems.innerText()).replace(/\s+/g, " ").trim();
    log(`problems: ${problemText}`);
    // broken.js's error is `let x = ;` on line 2.
    if (!/\[Ln 2, Col \d+\]/.test(await vmjsProblem.first().innerText())) throw new Error("the vmjs diagnostic is not on line 2");
    // The server's "▶ Run file" code lens on line 1.
    await page.locator(".editor-instance .codelens-decoration", { hasText: "Run file" }).first().waitFor();
    log("code lens \"▶ Run file\" shown");
    await shot(page, "diagnostic");

    // 2. Fixing the text in the editor clears it (didChange, no save needed).
    await focusEditor(page);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(FIXED_TEXT);
    await waitFor(async () => (await vmjsProblem.count()) === 0, "the vmjs diagnostic to clear");
    log("diagnostic cleared after the fix");
    await shot(page, "cleared");

    // 3. vmjs: Run File streams the lines into the "vmjs" output channel, which reveals itself.
    await focusEditor(page);
    await runCommand(page, "vmjs: Run File");
    const output = page.locator(".part.panel .output-view, .part.panel [id='workbench.panel.output']").first();
    const expected = ["▶ Run broken.js", "vmjs e2e: first line", "vmjs e2e: second line", "✔ ok in"];
    let text = "";
    await waitFor(async () => {
        text = (await output.innerText().catch(() => "")).replace(/\u00a0/g, " ");
        return expected.every((line) => text.includes(line));
    }, "the run's output").catch((error) => log(`${error.message}`));
    log(`output channel: ${JSON.stringify(text)}`);
    const missing = expected.filter((line) => !text.includes(line));
    if (missing.length > 0) throw new Error(`output channel lacks ${JSON.stringify(missing)}`);
    const order = expected.map((line) => text.indexOf(line));
    if (order.some((position, i) => i > 0 && position < order[i - 1])) throw new Error("output lines out of order");
    // The status bar re-renders after the output channel shows the run's end: wait for it, not read it once.
    let statusText = "";
    await waitFor(async () => {
        statusText = (await vmjsStatus(page).innerText()).trim();
        return /^vmjs: [\d.]+ m?s$/.test(statusText);
    }, "the run's duration in the status bar").catch((error) => log(`${error.message}`));
    log(`status bar after the run: "${statusText}"`);
    if (!/^vmjs: [\d.]+ m?s$/.test(statusText)) throw new Error(`status bar does not show the last run's duration: "${statusText}"`);
    await shot(page, "run-output");

    // 4. The code lens runs the file too (its vmjs.runFile {uri} reaches the extension's command).
    await page.locator(".editor-instance .codelens-decoration a", { hasText: "Run file" }).first().click();
    await waitFor(async () => {
        text = (await output.innerText().catch(() => "")).replace(/\u00a0/g, " ");
        return text.split("✔ ok in").length - 1 >= 2;
    }, "a second run from the code lens");
    log("ran again from the code lens");
    await shot(page, "code-lens-run");

    // 5. Shift+Enter runs the selected line (vmjs.runSelection {uri, range}) in the folder's session.
    await page.locator(".editor-instance .view-line", { hasText: "first line" }).first().click();
    await page.keyboard.press("Home");
    await page.keyboard.press("Shift+End");
    await page.keyboard.press("Shift+Enter");
    await waitFor(async () => {
        text = (await output.innerText().catch(() => "")).replace(/\u00a0/g, " ");
        return /▶ Run selection in broken\.js[^\n]*\nvmjs e2e: first line\n(?:[^\n]*\n)*?✔ ok in/.test(text);
    }, "the selection's run");
    log(`ran the selection: ${JSON.stringify(text.slice(text.lastIndexOf("▶")))}`);
    await shot(page, "selection-run");

    // 6. Interrupt stops a run that never ends; the status bar shows the run while it goes.
    await openFile(page, "loop.js");
    await focusEditor(page);
    await runCommand(page, "vmjs: Run File");
    await waitFor(async () => {
        text = (await output.innerText().catch(() => "")).replace(/\u00a0/g, " ");
        return /▶ Run loop\.js[^]*vmjs e2e: looping/.test(text);
    }, "the looping run's first line");
    const running = (await vmjsStatus(page).innerText()).trim();
    if (running !== "vmjs: running") throw new Error(`status bar during the run: "${running}"`);
    await shot(page, "running");
    await runCommand(page, "vmjs: Interrupt");
    await waitFor(async () => {
        text = (await output.innerText().catch(() => "")).replace(/\u00a0/g, " ");
        return /vmjs e2e: looping\n[^]*■ (cancelled|interrupted) in/.test(text);
    }, "the interrupted run's end");
    log(`interrupted: ${JSON.stringify(text.slice(text.lastIndexOf("▶")))}`);
    await shot(page, "interrupted");

    await notebookCells(page);
}

/** 7. A notebook's cells are one program to the server: a diagnostic in cell 2's own coordinates, and Go to
 * Definition from cell 2 into cell 1 (VS Code's own TypeScript support knows each cell alone: only vmjs can
 * answer it). */
async function notebookCells(page) {
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "cells.ipynb" }).first().click();
    const cells = page.locator(".notebook-editor .cell-editor-container .view-lines");
    await waitFor(async () => (await cells.count()) >= 2, "the notebook's two cell editors");
    log("opened cells.ipynb as a notebook");
    await runCommand(page, "View: Focus Problems");
    const problems = page.locator(".markers-panel");
    // broken.js was fixed: a vmjs problem now is the notebook's — `let = ;` is line 2 of cell 2, `;` at column 7.
    const cellProblem = problems.locator(".monaco-list-row", { hasText: /vmjs.*\[Ln 2, Col 7\]|\[Ln 2, Col 7\].*vmjs/ });
    await waitFor(async () => (await cellProblem.count()) > 0, "the vmjs diagnostic of cell 2");
    log(`problems: ${(await problems.innerText()).replace(/\s+/g, " ").trim()}`);
    await shot(page, "notebook-diagnostic");
    // Cursor at the start of `double(answer);` in cell 2, then Go to Definition (F12).
    await page.locator(".notebook-editor .cell-editor-container .view-line", { hasText: "double(answer)" }).first().click();
    await page.keyboard.press("Home");
    // VS Code's status bar names the active cell.
    const activeCell = (n) => page.locator("footer .statusbar-item", { hasText: `Cell ${n} of 2` });
    await waitFor(async () => (await activeCell(2).count()) > 0, "cell 2 to be active");
    await page.keyboard.press("F12");
    await waitFor(async () => (await activeCell(1).count()) > 0, "cell 1 to be active after Go to Definition");
    log("Go to Definition moved from cell 2 to cell 1");
    // VS Code's TypeScript support also knows a notebook's cells, so the move alone does not show who
    // answered: the server's debug log (VMJS_LOG=vmjs_lsp=debug, its stderr) must show the notebook opened
    // as a notebook and vmjs answering the definition with cell 1's `double` (line 1, character 9).
    await waitFor(async () => {
        const trace = serverTrace();
        return (
            /notebook opened: [^\n]*cells\.ipynb \(2 cells\)/.test(trace) &&
            /textDocument\/definition → (?=[^\n]*"uri":"vscode-notebook-cell:[^"\n]*cells\.ipynb)(?=[^\n]*"character":9)(?=[^\n]*"line":1\b)/.test(trace)
        );
    }, "vmjs's own answer in its log");
    log("the server's log shows the notebook opened and vmjs's definition in cell 1");
    await shot(page, "notebook-definition");
}

/** Polls `predicate` until it holds; fails at once if the language server stopped (e.g. a vmjs without `lsp`). */
async function waitFor(predicate, what) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
        if (await predicate()) return;
        const status = await vmjsStatus(page).innerText().catch(() => "");
        if (status.includes("stopped")) {
            throw new Error(`the vmjs language server stopped while waiting for ${what} (see "vmjs Language Server.log")`);
        }
        await page.waitForTimeout(100);
    }
    throw new Error(`timed out waiting for ${what}`);
}

async function openFile(page, name) {
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().click();
    await page.locator(".tabs-container .tab", { hasText: name }).first().waitFor();
    await page.locator(".editor-instance .view-lines").first().waitFor();
    log(`opened ${name}`);
}

async function focusEditor(page) {
    await page.locator(".editor-instance .view-lines").first().click();
    await page.locator(".editor-instance .monaco-editor.focused").first().waitFor();
}

async function runCommand(page, title) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(`>${title}`);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
    log(`ran "${title}" from the command palette`);
}

/** Everything the vmjs language client logged (its trace included), from code-server's log folder. */
function serverTrace() {
    const root = process.env.E2E_LOGS;
    if (!root) return "";
    const texts = [];
    const walk = (dir) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (entry.name.includes("vmjs")) texts.push(readFileSync(path, "utf8"));
        }
    };
    walk(root);
    return texts.join("\n");
}

/** The extension's status bar item (created by activate(); its text always contains "vmjs"). */
function vmjsStatus(page) {
    return page.locator("footer .statusbar-item", { hasText: /vmjs/ }).first();
}
