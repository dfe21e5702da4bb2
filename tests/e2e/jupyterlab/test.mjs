// JupyterLab with the vmjs kernel (lab.mjs): runs cells that print, display HTML and throw, runs an endless
// loop and stops it with the toolbar's stop button, and asserts on what the page shows.
import { openNotebook } from "./lab.mjs";

const lab = await openNotebook(process.env.NOTEBOOK ?? "e2e.ipynb");
await lab.finish(async ({ page, cells, run, output, shot, check }) => {
  const kernelName = await page.locator(".jp-Toolbar-kernelName").first().innerText();
  check(/vmjs/i.test(kernelName), `kernel shown as ${JSON.stringify(kernelName)}`);

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
});
