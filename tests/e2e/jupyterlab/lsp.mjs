// JupyterLab with jupyterlab-lsp and `vmjs lsp` as its only language server (lab.mjs; the server spec is in
// scripts/e2e-jupyterlab.sh): jupyter-lsp knows vmjs alone; cell 3's redeclaration is underlined with vmjs's
// message in cell 3 only; jump to definition from cell 2 lands on the function in cell 1; once cell 3 is fixed
// and edited again no cell has a diagnostic; and vmjs's own log (in jupyter-lab.log) shows it answered for the
// notebook's virtual document.
import { readFileSync } from "node:fs";
import { openNotebook } from "./lab.mjs";

const message = "Identifier `total` has already been declared";

const lab = await openNotebook(process.env.NOTEBOOK ?? "lsp.ipynb");
await lab.finish(async ({ page, cells, shot, check }) => {
  // jupyter-lsp's view of its servers: vmjs, running, and no other.
  const status = await (
    await fetch(`${process.env.LAB_URL}/lsp/status?token=${process.env.LAB_TOKEN}`)
  ).json();
  const servers = Object.keys(status.specs ?? {});
  check(servers.length === 1 && servers[0] === "vmjs", `jupyter-lsp's servers: ${JSON.stringify(servers)}`);

  // Diagnostics: CodeMirror's lint ranges, in cell 3 only; hovering one shows vmjs's message.
  const lint = (index) => cells.nth(index).locator(".cm-lintRange-error");
  await lint(2).first().waitFor({ timeout: 60000 });
  check(true, "cell 3 has an error underline");
  check((await lint(0).count()) + (await lint(1).count()) === 0, "cells 1 and 2 have none");
  await lint(2).first().hover();
  const tooltip = page.locator(".cm-tooltip-lint .cm-diagnostic-error");
  await tooltip.first().waitFor({ timeout: 20000 });
  const text = await tooltip.first().innerText();
  check(text.includes(message), `its tooltip: ${JSON.stringify(text)}`);
  await shot("01-diagnostic");

  // Jump to definition (Ctrl+B, jupyterlab-lsp's shortcut) from `greet` in cell 2 to its declaration in cell 1:
  // the status bar shows the active cell and the cursor.
  const statusbar = page.locator("#jp-main-statusbar");
  await cells.nth(1).locator(".cm-content").click();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  await statusbar.filter({ hasText: "Cell 2/3" }).filter({ hasText: "Ln 1, Col 2" }).waitFor({ timeout: 20000 });
  await page.keyboard.press("Control+b");
  await statusbar.filter({ hasText: "Cell 1/3" }).filter({ hasText: "Ln 1, Col 10" }).waitFor({ timeout: 20000 });
  const focused = await page.evaluate(() => document.activeElement?.closest(".jp-Cell")?.querySelector(".cm-line")?.innerText);
  check(focused === "function greet(name) {", `jump to definition landed in cell 1 at \`greet\` (Ln 1, Col 10) of ${JSON.stringify(focused)}`);
  await shot("02-definition");

  // Fix cell 3 (`let total` → `total`), then type one more line: the underline goes and, as vmjs checks each
  // new version again, no cell gets one.
  await cells.nth(2).locator(".cm-line").nth(1).click();
  await page.keyboard.press("Home");
  for (let i = 0; i < "let ".length; i++) await page.keyboard.press("Delete");
  await page.keyboard.press("End");
  await page.keyboard.type("\ntotal");
  await page.waitForFunction(() => document.querySelectorAll(".jp-Notebook .cm-lintRange").length === 0, null, { timeout: 20000 }).catch(() => {});
  await page.waitForTimeout(3000);
  const left = [];
  for (let index = 0; index < 3; index++) {
    for (const range of await lint(index).all()) {
      await range.hover();
      const shown = await page.locator(".cm-tooltip-lint").first().innerText({ timeout: 5000 }).catch(() => "");
      left.push(`cell ${index + 1}: ${JSON.stringify(shown)}`);
    }
  }
  check(left.length === 0, `after the fix and an edit, no diagnostics${left.length ? `: ${left.join("; ")}` : ""}`);
  await shot("03-fixed");

  // vmjs answered: its debug log (stderr, passed on by jupyter-lsp) names the virtual document.
  const log = readFileSync(process.env.LAB_LOG, "utf8");
  const answered = log.split("\n").filter((line) => line.includes("vmjs_lsp") && line.includes("textDocument/definition"));
  check(answered.some((line) => line.includes(".virtual_documents/lsp.ipynb")), `vmjs's log: ${answered.at(-1) ?? "nothing"}`);
});
