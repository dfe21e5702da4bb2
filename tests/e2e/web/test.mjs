// The vmjs web UI in headless Chromium (Debian's, no downloaded browsers), against a real `vmjs serve` with a
// token: opens the page with the token, creates a session, runs a cell whose lines must arrive one by one,
// shows HTML, a Vega-Lite chart and an error with its line, runs an endless loop and stops it, reloads the
// page and finds the history. Screenshots go to $ARTIFACTS. Run by scripts/e2e-web.sh.
import { chromium } from "playwright-core";

const base = process.env.SERVER_URL;
const token = process.env.SERVER_TOKEN;
const artifacts = process.env.ARTIFACTS;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const shot = (name) => page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true });
const pageErrors = [];
page.on("pageerror", (error) => pageErrors.push(String(error)));
let failed = false;

function check(condition, what) {
  console.log(`${condition ? "ok  " : "FAIL"} ${what}`);
  if (!condition) failed = true;
}

async function setCode(code) {
  await page.evaluate((text) => document.querySelector(".CodeMirror").CodeMirror.setValue(text), code);
}

async function runCell(code) {
  await setCode(code);
  await page.locator("#run").click();
}

const status = page.locator("#run-status");

try {
  // Without the token the page loads but says it is not allowed to read anything.
  await page.goto(`${base}/`, { waitUntil: "domcontentloaded" });
  await page.locator("#server-status", { hasText: "unauthorized" }).waitFor({ timeout: 20000 });
  check(true, "without the token the UI says it is unauthorized");

  // (A hash-only change would not load the page again.)
  await page.goto("about:blank");
  await page.goto(`${base}/#token=${token}`, { waitUntil: "domcontentloaded" });
  await page.locator("#server-status", { hasText: "connected" }).waitFor({ timeout: 20000 });
  check(!page.url().includes(token), "the token is removed from the address bar");
  await page.locator("#template option", { hasText: "default" }).waitFor({ state: "attached", timeout: 20000 });

  // Create a session (its root: the server's directory).
  await page.locator("#create-session").click();
  await page.locator("#sessions li.selected .badge.ready").waitFor({ timeout: 30000 });
  check(true, "session created and selected");
  await page.locator("#run:not([disabled])").waitFor({ timeout: 10000 });

  // Lines printed over ~1 s arrive one by one.
  await runCell(
    "for (let i = 1; i <= 5; i++) { console.log(`tick ${i}`); await new Promise(r => setTimeout(r, 250)); }\n'done'",
  );
  const arrivals = [];
  for (let i = 1; i <= 5; i++) {
    await page.locator("#output pre.stdout", { hasText: `tick ${i}` }).waitFor({ timeout: 20000 });
    arrivals.push(Date.now());
    if (i === 2) await shot("01-streaming");
  }
  await page.locator("#output pre.value", { hasText: "'done'" }).waitFor({ timeout: 20000 });
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
  check(gaps.filter((gap) => gap >= 120).length >= 3, `lines arrived one by one (gaps ${gaps.join(", ")} ms)`);
  await status.filter({ hasText: "ok" }).waitFor({ timeout: 20000 });

  // Rich output: HTML (in a sandboxed frame), a Vega-Lite chart, then an error with its line.
  await runCell("Jupyter.html('<b id=\"bold\">bold HTML</b>')");
  const frame = page.frameLocator("#output iframe");
  await frame.locator("b#bold").waitFor({ timeout: 20000 });
  check((await frame.locator("b#bold").innerText()) === "bold HTML", "HTML display rendered");
  await runCell("Jupyter.plot.bar([{x: 'a', y: 3}, {x: 'b', y: 5}], {x: 'x', y: 'y'})");
  await page.locator("#output .vegalite svg, #output .vegalite canvas").first().waitFor({ timeout: 30000 });
  check(true, "Vega-Lite chart rendered");
  await shot("02-chart");
  await runCell("const a = 1;\nconst b = a.nope.deeper;\n");
  await page.locator("#output pre.exception", { hasText: "TypeError" }).waitFor({ timeout: 20000 });
  const errorText = await page.locator("#output pre.exception").innerText();
  check(errorText.includes("line 2"), `error names its line (${JSON.stringify(errorText.split("\n")[0])}…)`);
  check(await page.locator(".cm-error-line").count() === 1, "the error's line is marked in the editor");
  await shot("03-error");

  // An endless loop, stopped with the Stop button; state survives.
  await runCell("globalThis.kept = 'still here'");
  await status.filter({ hasText: "ok" }).waitFor({ timeout: 20000 });
  await runCell("console.log('looping'); while (true) {}");
  await page.locator("#output pre.stdout", { hasText: "looping" }).waitFor({ timeout: 20000 });
  await page.waitForTimeout(300);
  await page.locator("#stop").click();
  await status.filter({ hasText: "cancelled" }).waitFor({ timeout: 20000 });
  check(true, "the Stop button ended the loop (cancelled)");
  await shot("04-stopped");
  await runCell("kept");
  await page.locator("#output pre.value", { hasText: "'still here'" }).waitFor({ timeout: 20000 });
  check(true, "state kept after the stop");

  // Reload: the session is still selected and its history is there, with the events of an entry.
  await page.reload({ waitUntil: "domcontentloaded" });
  await page.locator("#server-status", { hasText: "connected" }).waitFor({ timeout: 20000 });
  const history = page.locator("#history li");
  await history.first().waitFor({ timeout: 20000 });
  const entries = await history.count();
  check(entries >= 7, `history after reload lists ${entries} executions`);
  const tickEntry = history.filter({ hasText: "tick" }).first();
  await tickEntry.click();
  await tickEntry.locator(".events pre.stdout", { hasText: "tick 5" }).waitFor({ timeout: 20000 });
  check(true, "a history entry shows its events");
  await shot("05-history");
  check(pageErrors.length === 0, `no page errors ${JSON.stringify(pageErrors)}`);
} catch (error) {
  console.log(`FAIL ${error.stack ?? error}`);
  failed = true;
  await shot("99-failure").catch(() => {});
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
