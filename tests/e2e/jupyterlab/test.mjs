// JupyterLab in headless Chromium (Debian's, no downloaded browsers) with the vmjs kernel: opens a notebook,
// runs cells that print, display HTML and throw, runs an endless loop and stops it with the toolbar's stop
// button, and asserts on what the page shows. Screenshots go to $ARTIFACTS. Run by scripts/e2e-jupyterlab.sh.
import { chromium } from "playwright-core";

const base = process.env.LAB_URL;
const token = process.env.LAB_TOKEN;
const artifacts = process.env.ARTIFACTS;
const notebook = process.env.NOTEBOOK ?? "e2e.ipynb";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const shot = (name) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });
let failed = false;

function check(condition, what) {
  console.log(`${condition ? "ok  " : "FAIL"} ${what}`);
  if (!condition) failed = true;
}

try {
  await page.goto(`${base}/lab/tree/${notebook}?token=${token}&reset`, { waitUntil: "domcontentloaded" });
  const cells = page.locator(".jp-Notebook .jp-Cell");
  await cells.first().waitFor({ timeout: 60000 });
  // The notebook's kernelspec is vmjs: JupyterLab starts it; wait until the status bar shows it idle.
  await page.locator("#jp-main-statusbar").filter({ hasText: /JavaScript \(vmjs\) \| Idle/ }).waitFor({ timeout: 60000 });
  // Answer JupyterLab's news prompt so it does not cover the screenshots.
  await page.getByRole("button", { name: "No", exact: true }).click({ timeout: 3000 }).catch(() => {});
  const kernelName = await page.locator(".jp-Toolbar-kernelName").first().innerText();
  check(/vmjs/i.test(kernelName), `kernel shown as ${JSON.stringify(kernelName)}`);

  async function run(index) {
    await cells.nth(index).click();
    await page.keyboard.press("Shift+Enter");
  }
  const output = (index) => cells.nth(index).locator(".jp-OutputArea-output");

  // Cell 0: console output.
  await run(0);
  await output(0).filter({ hasText: "hello from vmjs" }).first().waitFor({ timeout: 20000 });
  check(true, "console.log output shown");
  // Cell 1: HTML display.
  await run(1);
  const html = cells.nth(1).locator(".jp-RenderedHTMLCommon b#vmjs-bold");
  await html.waitFor({ timeout: 20000 });
  check((await html.innerText()) === "bold HTML", "HTML rendered as HTML");
  // Cell 2: a thrown error.
  await run(2);
  await output(2).filter({ hasText: "TypeError" }).first().waitFor({ timeout: 20000 });
  check(true, "TypeError shown");
  await shot("01-outputs");
  // Cell 3: define state, cell 4: loop forever, then the stop button.
  await run(3);
  await output(3).filter({ hasText: "42" }).first().waitFor({ timeout: 20000 });
  await run(4);
  await page.locator(".jp-Notebook-ExecutionIndicator[data-status='busy']").first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(500);
  await shot("02-busy");
  const stop = page.locator("jp-button[data-command='notebook:interrupt-kernel'], button[data-command='notebook:interrupt-kernel']");
  await stop.first().click();
  await output(4).filter({ hasText: "Interrupted" }).first().waitFor({ timeout: 20000 });
  check(true, "the endless loop ended with Interrupted after the stop button");
  // Cell 5: the state survived.
  await run(5);
  await output(5).filter({ hasText: "state kept" }).first().waitFor({ timeout: 20000 });
  check(true, "variables kept after the interrupt");
  await shot("03-after-interrupt");
} catch (error) {
  failed = true;
  console.log(`FAIL ${error.message}`);
  await shot("99-failure").catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
