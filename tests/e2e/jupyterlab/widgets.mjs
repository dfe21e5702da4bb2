// Widgets and tables in JupyterLab with the vmjs kernel (lab.mjs), rendered by the front ends Python users
// install (ipywidgets' widget manager, anywidget): the test moves a slider and a later cell reads the new value
// in the kernel; clicks an anywidget counter three times and the kernel sees 3; the kernel sets both and the
// page follows; an array of records shows as an HTML table; an output widget shows a chart.
import { openNotebook } from "./lab.mjs";

const lab = await openNotebook("widgets.ipynb");
await lab.finish(async ({ page, cells, run, output, shot, check }) => {
  // Cell 0: a slider, rendered by JupyterLab's widget manager.
  await run(0);
  const slider = cells.nth(0).locator(".widget-slider");
  await slider.waitFor({ timeout: 30000 });
  const readout = cells.nth(0).locator(".widget-readout");
  check((await readout.innerText()).trim() === "2", "the slider shows the kernel's value 2");
  // Move it with the keyboard, as a user can: focus the handle, five steps right.
  await cells.nth(0).locator(".noUi-handle").focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await page.waitForFunction(
    () => document.querySelector(".jp-Notebook .jp-Cell .widget-readout")?.textContent.trim() === "7",
    null,
    { timeout: 10000 },
  );
  // Cell 1 reads the value in the kernel.
  await run(1);
  await output(1).filter({ hasText: "slider is 7" }).first().waitFor({ timeout: 20000 });
  check(true, "the kernel reads the moved slider's value 7");

  // Cell 2: an anywidget counter; three clicks.
  await run(2);
  const counter = cells.nth(2).locator("button.vmjs-counter");
  await counter.waitFor({ timeout: 30000 });
  check((await counter.innerText()) === "count is 0", "the anywidget counter renders from its ES module");
  for (let i = 0; i < 3; i++) await counter.click();
  await page.waitForFunction(() => document.querySelector("button.vmjs-counter")?.textContent === "count is 3", null, {
    timeout: 10000,
  });
  await run(3);
  await output(3).filter({ hasText: "kernel count is 3" }).first().waitFor({ timeout: 20000 });
  check(true, "three clicks in the browser are 3 in the kernel");
  await shot("01-widgets");

  // Cell 4: the kernel sets both; the page follows.
  await run(4);
  await output(4).filter({ hasText: "set from the kernel" }).first().waitFor({ timeout: 20000 });
  await page.waitForFunction(
    () =>
      document.querySelector(".jp-Notebook .jp-Cell .widget-readout")?.textContent.trim() === "9" &&
      document.querySelector("button.vmjs-counter")?.textContent === "count is 10",
    null,
    { timeout: 10000 },
  );
  check(true, "values set in the kernel show in the browser (slider 9, counter 10)");

  // Cell 5: records as a table.
  await run(5);
  const table = cells.nth(5).locator("table.vmjs-table");
  await table.waitFor({ timeout: 20000 });
  const headers = await table.locator("thead th").allInnerTexts();
  check(JSON.stringify(headers.map((h) => h.trim())) === JSON.stringify(["", "city", "population"]), `table headers ${JSON.stringify(headers)}`);
  const lastCity = await table.locator("tbody tr").nth(2).locator("td").first().innerText();
  check(lastCity === "<Tromsø>", `cells are text, escaped: ${JSON.stringify(lastCity)}`);
  await shot("02-table");

  // Cell 6: an output widget the kernel fills: a Vega-Lite chart and printed text.
  await run(6);
  await output(6).filter({ hasText: "printed into the output widget" }).first().waitFor({ timeout: 20000 });
  await cells.nth(6).locator(".widget-output .vega-embed").first().waitFor({ timeout: 20000 });
  check(true, "an output widget shows a chart and text the kernel put in it");
  await shot("03-output-widget");
});
