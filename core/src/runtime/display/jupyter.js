// vmjs display API: the `Jupyter` global and the `Deno.jupyter` compatible surface.
//
// Evaluated by `display/mod.rs` the first time a context reads `Jupyter` or `Deno`. This is a function
// expression: it is called with the native functions (`display`, `clearOutput`, `broadcast`, `plain`,
// `base64`, `table`, `randomBytes`, `interactive`), which stay captured here and are never reachable from user
// code; it returns the globals. Comms and widgets (comm.js, widgets.js) are compiled by `native.interactive`
// the first time they are used.
(function (native) {
  "use strict";
  const $display = Symbol.for("Jupyter.display");
  const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
  const VEGALITE = "application/vnd.vegalite.v5+json";
  const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const objectKeys = Object.keys;
  const defineProperty = Object.defineProperty;
  const StringOf = String;
  const PromiseCtor = Promise;
  const ArrayBufferCtor = ArrayBuffer;
  const Uint8ArrayCtor = Uint8Array;
  const TypeErrorCtor = TypeError;

  const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");
  const isThenable = (v) => isObject(v) && typeof v.then === "function";

  /** A value shown as a MIME bundle (what `Jupyter.html` and friends return). */
  class JupyterDisplay {
    #bundle;
    constructor(bundle) {
      this.#bundle = bundle;
    }
    [$display]() {
      return { ...this.#bundle };
    }
  }

  const displayable = (bundle) => new JupyterDisplay(bundle);

  /** The MIME bundle of a value: its own `[Symbol.for("Jupyter.display")]()`, else text/plain (+ JSON). */
  function format(value) {
    if (isObject(value) && typeof value[$display] === "function") {
      return value[$display]();
    }
    return native.plain(value);
  }

  /** Comms and widgets, compiled on first use: `{comm, widget, widgets, deliver}`. */
  let interactiveApi = null;
  const interactive = () => (interactiveApi ??= native.interactive(format));

  function templateText(first, rest) {
    if (isArray(first) && isArray(first.raw)) {
      let text = "";
      for (let i = 0; i < first.length; i++) {
        text += first[i];
        if (i < rest.length) text += StringOf(rest[i]);
      }
      return text;
    }
    return StringOf(first);
  }

  /** `html\`<b>${x}</b>\`` or `html("<b>x</b>")`. */
  function html(first, ...rest) {
    const text = templateText(first, rest);
    return displayable({ "text/html": text, "text/plain": text });
  }

  function md(first, ...rest) {
    const text = templateText(first, rest);
    return displayable({ "text/markdown": text, "text/plain": text });
  }

  function svg(first, ...rest) {
    const text = templateText(first, rest);
    return displayable({ "image/svg+xml": text, "text/plain": "[SVG image]" });
  }

  function toBytes(bytes, where) {
    if (bytes instanceof ArrayBufferCtor) return new Uint8ArrayCtor(bytes);
    if (isView(bytes)) return new Uint8ArrayCtor(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    throw new TypeErrorCtor(`${where}: expected a Uint8Array or an ArrayBuffer, got ${describeType(bytes)}`);
  }

  function describeType(v) {
    if (v === null) return "null";
    if (isArray(v)) return "an array";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
  }

  const IMAGE_TYPES = { png: "image/png", "image/png": "image/png", jpeg: "image/jpeg", jpg: "image/jpeg", "image/jpeg": "image/jpeg" };

  /** PNG or JPEG bytes; `mime` may be omitted when the bytes start with a PNG or JPEG signature. */
  function image(bytes, mime) {
    const view = toBytes(bytes, "Jupyter.image");
    let type;
    if (mime === undefined) {
      if (view[0] === 0x89 && view[1] === 0x50 && view[2] === 0x4e && view[3] === 0x47) type = "image/png";
      else if (view[0] === 0xff && view[1] === 0xd8 && view[2] === 0xff) type = "image/jpeg";
      else throw new TypeErrorCtor("Jupyter.image: cannot tell the image type; pass \"image/png\" or \"image/jpeg\"");
    } else {
      type = IMAGE_TYPES[StringOf(mime).toLowerCase()];
      if (type === undefined) {
        throw new TypeErrorCtor(`Jupyter.image: unsupported type ${stringify(StringOf(mime))} (use "image/png" or "image/jpeg")`);
      }
    }
    return displayable({ [type]: native.base64(view), "text/plain": `[${type} image, ${view.byteLength} bytes]` });
  }

  function optionsOf(options, where) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object") throw new TypeErrorCtor(`${where}: options must be an object`);
    return options;
  }

  function emit(bundle, options, where) {
    const displayId = options.display_id !== undefined ? options.display_id : options.displayId;
    native.display(bundle, options.metadata, displayId, !!options.update, where);
  }

  function show(value, options, where) {
    options = optionsOf(options, where);
    const bundle = options.raw ? value : format(value);
    if (isThenable(bundle)) return PromiseCtor.resolve(bundle).then((b) => emit(b, options, where));
    emit(bundle, options, where);
    return undefined;
  }

  /** `Jupyter.display(valueOrBundle, {raw, display_id, update, metadata})`. */
  function display(value, options) {
    return show(value, options, "Jupyter.display");
  }

  function clearOutput(options) {
    options = optionsOf(options, "Jupyter.clearOutput");
    native.clearOutput(!!options.wait);
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function summary(spec) {
    const mark = typeof spec.mark === "string" ? spec.mark
      : isObject(spec.mark) && typeof spec.mark.type === "string" ? spec.mark.type
      : isArray(spec.layer) ? "layered"
      : spec.concat || spec.hconcat || spec.vconcat ? "composite"
      : "no mark";
    const data = isObject(spec.data) ? spec.data : {};
    const rows = isArray(data.values) ? plural(data.values.length, "row")
      : typeof data.url === "string" ? `data from ${data.url}`
      : "no inline data";
    const encoding = isObject(spec.encoding) ? objectKeys(spec.encoding).map((channel) => {
      const e = spec.encoding[channel];
      if (!isObject(e) || e.field === undefined) return channel;
      return `${channel}: ${StringOf(e.field)}${e.type ? ` (${e.type})` : ""}`;
    }) : [];
    const title = typeof spec.title === "string" ? ` "${spec.title}"`
      : isObject(spec.title) && typeof spec.title.text === "string" ? ` "${spec.title.text}"` : "";
    return `Vega-Lite chart${title}: ${mark}, ${rows}${encoding.length ? `; ${encoding.join(", ")}` : ""}`;
  }

  /** A Vega-Lite v5 chart (JupyterLab renders it natively), with a text/plain summary. */
  function vegalite(spec) {
    if (!isObject(spec) || isArray(spec)) throw new TypeErrorCtor("Jupyter.vegalite: the spec must be an object");
    const plain = parse(stringify(spec));
    const full = plain.$schema === undefined ? { $schema: SCHEMA, ...plain } : plain;
    return displayable({ [VEGALITE]: full, "text/plain": summary(full) });
  }

  function fieldType(rows, field, mark, axis) {
    for (const row of rows) {
      const v = row[field];
      if (v === undefined || v === null) continue;
      if (typeof v === "number") return mark === "bar" && axis === "x" ? "ordinal" : "quantitative";
      if (typeof v === "string" && ISO_DATE.test(v)) return "temporal";
      return mark === "line" ? "ordinal" : "nominal";
    }
    return "nominal";
  }

  function chart(mark, where, data, options) {
    if (!isArray(data)) throw new TypeErrorCtor(`${where}: data must be an array of objects`);
    if (!isObject(options) || typeof options.x !== "string" || typeof options.y !== "string") {
      throw new TypeErrorCtor(`${where}: options need the x and y field names, e.g. {x: "month", y: "sales"}`);
    }
    const rows = parse(stringify(data));
    for (const row of rows) {
      if (!isObject(row) || isArray(row)) throw new TypeErrorCtor(`${where}: every data row must be an object`);
    }
    const { x, y, title, color, width, height } = options;
    const spec = { $schema: SCHEMA };
    if (title !== undefined) spec.title = StringOf(title);
    if (typeof width === "number") spec.width = width;
    if (typeof height === "number") spec.height = height;
    spec.data = { values: rows };
    spec.mark = mark === "point" ? { type: "point", filled: true } : mark === "line" ? { type: "line", point: true } : mark;
    spec.encoding = {
      x: { field: x, type: fieldType(rows, x, mark, "x") },
      y: { field: y, type: fieldType(rows, y, mark, "y") },
    };
    if (typeof color === "string") spec.encoding.color = { field: color, type: "nominal" };
    return displayable({ [VEGALITE]: spec, "text/plain": summary(spec) });
  }

  const plot = {
    line: (data, options) => chart("line", "Jupyter.plot.line", data, options),
    bar: (data, options) => chart("bar", "Jupyter.plot.bar", data, options),
    scatter: (data, options) => chart("point", "Jupyter.plot.scatter", data, options),
  };

  /** `Jupyter.table(rows, {columns, limit})`: records or columns as an HTML table + a Table Schema resource. */
  function table(data, options) {
    options = optionsOf(options, "Jupyter.table");
    return displayable(native.table(data, options.columns, options.limit));
  }

  const Jupyter = { display, html, md, svg, image, clearOutput, vegalite, plot, format, table, $display };
  // `comm`, `widget` and `widgets` compile comms and widgets when first read, then are plain properties.
  for (const name of ["comm", "widget", "widgets"]) {
    defineProperty(Jupyter, name, {
      get() {
        const value = interactive()[name];
        defineProperty(Jupyter, name, { value, writable: true, enumerable: true, configurable: true });
        return value;
      },
      enumerable: true,
      configurable: true,
    });
  }

  // Deno's kernel API (`Deno.jupyter`), so notebooks written for Deno run unchanged.
  const jupyter = {
    $display,
    async display(obj, options) {
      await show(obj, options, "Deno.jupyter.display");
    },
    async broadcast(msgType, content, options) {
      options = optionsOf(options, "Deno.jupyter.broadcast");
      if (typeof msgType !== "string") throw new TypeErrorCtor("Deno.jupyter.broadcast: the message type must be a string");
      let buffers = [];
      if (options.buffers !== undefined) {
        if (!isArray(options.buffers)) throw new TypeErrorCtor("Deno.jupyter.broadcast: buffers must be an array");
        buffers = options.buffers.map((b) => toBytes(b, "Deno.jupyter.broadcast"));
      }
      native.broadcast(msgType, content, options.metadata, buffers);
    },
    html,
    md,
    svg,
    image,
    format,
  };

  // IJavascript's `$$` (each call shows its output at once). After `$$.async()` the cell's own value is not its
  // result: `$$.sendResult(value)` (or `$$.done(value)`) gives it, as in IJavascript (vmjs waits for the cell's
  // timers and promises anyway, so nothing else is needed); outside one it shows the value.
  const sendResult = (value, where) => (native.asyncSend(value) ? undefined : show(value, {}, where));
  const raw = (bundle, where) => show(bundle, { raw: true }, where);
  // The bundles of a text as HTML, Markdown, SVG or plain text (IJavascript's and tslab's calls alike).
  const htmlBundle = (text) => ({ "text/html": StringOf(text), "text/plain": StringOf(text) });
  const markdownBundle = (text) => ({ "text/markdown": StringOf(text), "text/plain": StringOf(text) });
  const svgBundle = (text) => ({ "image/svg+xml": StringOf(text), "text/plain": "[SVG image]" });
  const textBundle = (text) => ({ "text/plain": StringOf(text) });
  const $$ = {
    html: (text) => raw(htmlBundle(text), "$$.html"),
    svg: (text) => raw(svgBundle(text), "$$.svg"),
    png: (base64) => raw({ "image/png": StringOf(base64), "text/plain": "[image/png image]" }, "$$.png"),
    jpeg: (base64) => raw({ "image/jpeg": StringOf(base64), "text/plain": "[image/jpeg image]" }, "$$.jpeg"),
    text: (text) => raw(textBundle(text), "$$.text"),
    json: (value) => raw({ "application/json": parse(stringify(value)), "text/plain": stringify(value) }, "$$.json"),
    mime: (bundle) => raw(bundle, "$$.mime"),
    async: () => native.asyncBegin(),
    done: (value) => (value === undefined ? undefined : sendResult(value, "$$.done")),
    // The result of an async cell, or its error: thrown from the callback that calls it, it fails the cell.
    sendResult: (value) => sendResult(value, "$$.sendResult"),
    sendError: (error) => { throw error; },
  };

  // tslab's `display` (what `import * as tslab from "tslab"` gives; vmjs maps that one import to this object),
  // and `newDisplay()`: a display each of whose calls replaces what it showed (one display id, updated).
  const imageOf = (bytes, mime) => {
    const view = toBytes(bytes, `tslab.display.${mime.slice(6)}`);
    return { [mime]: native.base64(view), "text/plain": `[${mime} image, ${view.byteLength} bytes]` };
  };
  /** tslab's Display methods, each giving its bundle to `out(bundle, where)`. */
  const tslabDisplay = (out) => ({
    html: (text) => out(htmlBundle(text), "tslab.display.html"),
    markdown: (text) => out(markdownBundle(text), "tslab.display.markdown"),
    svg: (text) => out(svgBundle(text), "tslab.display.svg"),
    text: (text) => out(textBundle(text), "tslab.display.text"),
    png: (bytes) => out(imageOf(bytes, "image/png"), "tslab.display.png"),
    jpeg: (bytes) => out(imageOf(bytes, "image/jpeg"), "tslab.display.jpeg"),
    gif: (bytes) => out(imageOf(bytes, "image/gif"), "tslab.display.gif"),
    raw: (contentType, data) => out({ [StringOf(contentType)]: data }, "tslab.display.raw"),
  });
  let tslabDisplays = 0;
  // Ids stay unique after the session is restored (its counter starts again; the notebook keeps the outputs).
  const tslabRun = Math.random().toString(36).slice(2, 10);
  const tslab = {
    display: tslabDisplay(raw),
    newDisplay: () => {
      const id = `tslab-display-${tslabRun}-${++tslabDisplays}`;
      let shown = false;
      return tslabDisplay((bundle, where) => {
        const update = shown;
        shown = true;
        return show(bundle, { raw: true, display_id: id, update }, where);
      });
    },
    versions: Object.freeze({ tslab: `vmjs ${native.version}`, typescript: "", node: "" }),
  };

  // Deno's file functions, over the template's `fs.read`/`fs.write` (`vmjs.fs`): paths beneath the session
  // root, text decoded as Deno decodes it (invalid UTF-8 becomes U+FFFD). Without the capability they fail
  // with `PermissionDenied`, as Deno without `--allow-read` does.
  const Decoder = TextDecoder;
  const pathOf = (path) => (path instanceof URL ? decodeURIComponent(path.pathname) : StringOf(path));
  const readFileSync = (path) => native.fs.readFile(pathOf(path));
  const readTextFileSync = (path) => new Decoder().decode(readFileSync(path));
  const writeFileSync = (path, data) => native.fs.writeFile(pathOf(path), data);
  const writeTextFileSync = (path, text) => native.fs.writeTextFile(pathOf(path), StringOf(text));
  const fileInfo = (stat) => ({
    isFile: stat.isFile,
    isDirectory: stat.isDirectory,
    isSymlink: false,
    size: stat.size,
    mtime: stat.mtimeMs === null ? null : new Date(stat.mtimeMs),
  });
  const files = {
    readFileSync,
    readTextFileSync,
    writeFileSync,
    writeTextFileSync,
    readFile: async (path) => readFileSync(path),
    readTextFile: async (path) => readTextFileSync(path),
    writeFile: async (path, data) => writeFileSync(path, data),
    writeTextFile: async (path, text) => writeTextFileSync(path, text),
    statSync: (path) => fileInfo(native.fs.stat(pathOf(path))),
    stat: async (path) => fileInfo(native.fs.stat(pathOf(path))),
    readDirSync: (path) => native.fs.readDir(pathOf(path))[Symbol.iterator](),
    // An async iterable, as Deno's (`for await (const entry of Deno.readDir("."))`).
    readDir: (path) => {
      const entries = native.fs.readDir(pathOf(path));
      return (async function* () { yield* entries; })();
    },
  };

  // `Deno.test` as Deno's kernel runs it in a notebook: the tests a cell registers run after its code (on a
  // timer, which the cell waits for), one after another, each printed as `deno test` prints it — `name ... ok
  // (1ms)`, steps (`t.step`) indented under their test, failures with their errors, and a summary line. A
  // failing test fails no cell (Deno's kernel only prints it).
  const setTimer = setTimeout;
  const log = console.log;
  const now = Date.now;
  const paint = (code, text) => `\x1b[${code}m${text}\x1b[0m`;
  const took = (start) => paint("38;5;245", `(${now() - start}ms)`);
  let pendingTests = [];
  function testDefinition(first, second, third) {
    let definition;
    if (typeof first === "function") definition = { name: first.name, fn: first };
    else if (typeof first === "string" || first instanceof StringOf) {
      definition = typeof second === "function"
        ? { name: StringOf(first), fn: second }
        : { ...optionsOf(second, "Deno.test"), name: StringOf(first), fn: third };
    } else if (isObject(first)) {
      definition = typeof second === "function" ? { ...first, fn: second } : { ...first };
    } else {
      throw new TypeErrorCtor("Deno.test: expected a name, a function or a test definition");
    }
    if (typeof definition.fn !== "function") throw new TypeErrorCtor("Deno.test: the test needs a function");
    if (!definition.name) throw new TypeErrorCtor("Deno.test: the test needs a name");
    return definition;
  }
  /** Runs one test or step and prints its line; `failures` gets what failed. True when it passed. */
  async function runTest(definition, depth, failures, counts) {
    const indent = "  ".repeat(depth);
    const start = now();
    let steps = 0;
    let failedSteps = 0;
    const context = {
      name: definition.name,
      step: async (nameOrDefinition, fn) => {
        const step = typeof nameOrDefinition === "function"
          ? { name: nameOrDefinition.name, fn: nameOrDefinition }
          : isObject(nameOrDefinition) ? nameOrDefinition : { name: StringOf(nameOrDefinition), fn };
        if (steps++ === 0) log(`${indent}${definition.name} ...`);
        const passed = await runTest(step, depth + 1, failures, counts);
        if (passed) counts.steps += 1;
        else failedSteps += 1;
        return passed;
      },
    };
    let error = null;
    try {
      await definition.fn(context);
    } catch (thrown) {
      error = thrown;
    }
    const failed = error !== null || failedSteps > 0;
    const verdict = failed
      ? paint(31, "FAILED") + (error === null ? ` (due to ${failedSteps} failed step${failedSteps > 1 ? "s" : ""})` : "")
      : paint(32, "ok");
    log(`${indent}${definition.name} ... ${verdict} ${took(start)}`);
    if (error !== null) failures.push({ name: definition.name, error });
    return !failed;
  }
  async function runTests() {
    // Every registration sets a timer; the first to fire runs every test registered by then.
    if (pendingTests.length === 0) return;
    const tests = pendingTests;
    pendingTests = [];
    const only = tests.some((t) => t.only);
    const start = now();
    const counts = { passed: 0, failed: 0, ignored: 0, steps: 0 };
    const failures = [];
    for (const definition of tests) {
      if (definition.ignore || (only && !definition.only)) {
        log(`${definition.name} ... ${paint(33, "ignored")} ${took(now())}`);
        counts.ignored += 1;
      } else if (await runTest(definition, 0, failures, counts)) {
        counts.passed += 1;
      } else {
        counts.failed += 1;
      }
    }
    if (failures.length > 0) {
      const heading = (text) => paint("1;37;41", ` ${text} `);
      const errors = failures.map(({ name, error }) =>
        `${name}\n${paint("1;31", "error")}: ${isObject(error) && typeof error.stack === "string" ? error.stack : StringOf(error)}`);
      log(`\n${heading("ERRORS")}\n\n${errors.join("\n\n")}\n\n${heading("FAILURES")}\n\n${failures.map((f) => f.name).join("\n")}`);
    }
    const steps = counts.steps > 0 ? ` (${counts.steps} step${counts.steps > 1 ? "s" : ""})` : "";
    const ignored = counts.ignored > 0 ? ` | ${counts.ignored} ignored` : "";
    const verdict = counts.failed > 0 || (only && counts.passed + counts.failed > 0) ? paint(31, "FAILED") : paint(32, "ok");
    log(`\n${verdict} | ${counts.passed} passed${steps} | ${counts.failed} failed${ignored} ${took(start)}`);
  }
  /** `Deno.test(name, fn)`, `Deno.test(fn)`, `Deno.test({ name, fn, ignore, only })`, `Deno.test(name, options, fn)`. */
  function test(first, second, third) {
    pendingTests.push(testDefinition(first, second, third));
    setTimer(runTests, 0);
  }

  // `Deno.version` names what runs: vmjs on boa (there is no Deno or V8 here).
  const version = Object.freeze({ deno: `vmjs ${native.version}`, v8: `boa ${native.engine}`, typescript: "", vmjs: native.version });

  // `display/mod.rs` makes these the `Jupyter`, `Deno` and `$$` globals; `tslab` is the module "tslab".
  // `deliver` is for comm executions (runtime/comm.rs), never a global.
  return { Jupyter, Deno: { jupyter, version, test, ...files }, $$, tslab, deliver: (message) => interactive().deliver(message) };
})
