// What every JupyterLab end-to-end script does: launch Debian's headless Chromium (no downloaded browsers),
// open a notebook of $LAB_URL whose kernel is vmjs and wait for it to be idle; run cells, read their outputs,
// take screenshots into $ARTIFACTS, record checks. Used by test.mjs, widgets.mjs and lsp.mjs.
import { chromium } from "playwright-core";

/** Opens `notebook` in JupyterLab; returns the page and helpers. Call `finish()` at the end (exits). */
export async function openNotebook(notebook) {
  const base = process.env.LAB_URL;
  const token = process.env.LAB_TOKEN;
  const artifacts = process.env.ARTIFACTS;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const prefix = notebook.replace(/\.ipynb$/, "");
  const shot = (name) => page.screenshot({ path: `${artifacts}/${prefix}-${name}.png`, fullPage: true });
  let failed = false;
  const check = (condition, what) => {
    console.log(`${condition ? "ok  " : "FAIL"} ${what}`);
    if (!condition) failed = true;
  };
  const cells = page.locator(".jp-Notebook .jp-Cell");
  const lab = {
    page,
    cells,
    shot,
    check,
    /** Runs cell `index` (Shift+Enter). */
    async run(index) {
      await cells.nth(index).click();
      await page.keyboard.press("Shift+Enter");
    },
    /** The outputs of cell `index`. */
    output: (index) => cells.nth(index).locator(".jp-OutputArea-output"),
    /** Runs `steps(lab)`; a thrown error fails the run with a screenshot. Closes the browser and exits. */
    async finish(steps) {
      try {
        await steps(lab);
      } catch (error) {
        failed = true;
        console.log(`FAIL ${error.message}`);
        await shot("99-failure").catch(() => {});
      } finally {
        await browser.close();
      }
      process.exit(failed ? 1 : 0);
    },
  };
  await page.goto(`${base}/lab/tree/${notebook}?token=${token}&reset`, { waitUntil: "domcontentloaded" });
  await cells.first().waitFor({ timeout: 60000 });
  // The notebook's kernelspec is vmjs: JupyterLab starts it; wait until the status bar shows it idle.
  await page.locator("#jp-main-statusbar").filter({ hasText: /JavaScript \(vmjs\) \| Idle/ }).waitFor({ timeout: 60000 });
  // Answer JupyterLab's news prompt so it does not cover the screenshots.
  await page.getByRole("button", { name: "No", exact: true }).click({ timeout: 3000 }).catch(() => {});
  return lab;
}
