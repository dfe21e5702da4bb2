// The vmjs web UI: served by `vmjs serve` from assets embedded in the binary; talks to /api/v1 only.
// Templates, sessions (create, close, interrupt, live status), an editor that runs code in the chosen session
// with output streaming live (Server-Sent Events read with fetch, resumed with Last-Event-ID), rich displays
// (HTML in a sandboxed frame, images, Vega-Lite), and the history of executions with their events.
"use strict";

// The token the page was opened with (`/#token=…`), kept for this tab only and removed from the address bar.
const token = (() => {
  const given = new URLSearchParams(location.hash.slice(1)).get("token")
    ?? new URLSearchParams(location.search).get("token");
  if (given) {
    sessionStorage.setItem("vmjs-token", given);
    history.replaceState(null, "", location.pathname);
  }
  return sessionStorage.getItem("vmjs-token");
})();

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function headers(extra = {}) {
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data?.error?.code ?? "HTTP", data?.error?.message ?? response.statusText);
  }
  return data;
}

// ---- state -------------------------------------------------------------------------------------------------

const state = {
  sessions: [],
  selected: localStorage.getItem("vmjs-session"),
  running: null, // the execution id this page runs and follows
};

const editor = CodeMirror.fromTextArea($("code"), {
  mode: "javascript",
  lineNumbers: true,
  indentUnit: 2,
  tabSize: 2,
  viewportMargin: Infinity,
  extraKeys: { "Ctrl-Enter": () => run(), "Cmd-Enter": () => run() },
});
let errorLine = null;

function selectedSession() {
  return state.sessions.find((s) => s.id === state.selected);
}

// ---- rendering of events -----------------------------------------------------------------------------------

let vegaLoading = null;
function loadVega() {
  const load = (src) => new Promise((resolve, reject) => {
    document.head.append(el("script", { src, onload: resolve, onerror: () => reject(new Error(`loading ${src}`)) }));
  });
  vegaLoading ??= load("/assets/vendor/vega.min.js")
    .then(() => load("/assets/vendor/vega-lite.min.js"))
    .then(() => load("/assets/vendor/vega-embed.min.js"));
  return vegaLoading;
}

/** One rich output from a MIME bundle, the richest type first. */
function bundle(data) {
  const vegalite = Object.keys(data).find((type) => type.startsWith("application/vnd.vegalite."));
  if (vegalite) {
    const box = el("div", { class: "vegalite" });
    loadVega()
      .then(() => vegaEmbed(box, data[vegalite], { actions: false }))
      .catch((error) => box.replaceChildren(el("pre", { class: "exception" }, String(error))));
    return box;
  }
  if (typeof data["text/html"] === "string") {
    // Scripts may run, but in an opaque origin: the frame cannot reach this page (or its token).
    const frame = el("iframe", { sandbox: "allow-scripts", class: "html" });
    frame.srcdoc = data["text/html"];
    return frame;
  }
  if (typeof data["image/svg+xml"] === "string") {
    return el("img", { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data["image/svg+xml"])}`, alt: "SVG" });
  }
  for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp"]) {
    if (typeof data[type] === "string") return el("img", { src: `data:${type};base64,${data[type]}`, alt: type });
  }
  const text = data["text/markdown"] ?? data["text/plain"] ?? JSON.stringify(data);
  return el("pre", {}, String(text));
}

/** Appends one vmjs event to `box`; `onError` learns an exception's position. */
function renderEvent(box, event, onError) {
  const payload = event.payload ?? {};
  switch (event.type) {
    case "console": {
      const stderr = payload.level === "warn" || payload.level === "error";
      box.append(el("pre", { class: stderr ? "stderr" : "stdout" }, payload.text));
      break;
    }
    case "value":
      if (payload.mime) box.append(bundle(payload.mime));
      else if (payload.type !== "undefined") box.append(el("pre", { class: "value" }, payload.preview));
      break;
    case "display": {
      const node = bundle(payload.data ?? {});
      if (payload.display_id) {
        node.dataset.displayId = payload.display_id;
        const old = box.querySelector(`[data-display-id="${CSS.escape(payload.display_id)}"]`);
        if (old) {
          old.replaceWith(node);
          break;
        }
        if (payload.update) break;
      }
      box.append(node);
      break;
    }
    case "clear_output":
      box.replaceChildren();
      break;
    case "exception": {
      const where = payload.line ? ` (line ${payload.line}${payload.column ? `, column ${payload.column}` : ""})` : "";
      box.append(el("pre", { class: "exception" }, `${payload.stack || `${payload.name}: ${payload.message}`}${where}`));
      onError?.(payload);
      break;
    }
    case "system":
      box.append(el("div", { class: "system" }, payload.text));
      break;
    default:
      break; // input_echo is the editor's text; messages are for other frontends.
  }
}

// ---- following an execution --------------------------------------------------------------------------------

/** Reads one SSE block (`field: value` lines). */
function parseBlock(block) {
  const event = { event: "message", id: null, data: [] };
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const at = line.indexOf(":");
    const field = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
    if (field === "event") event.event = value;
    else if (field === "id") event.id = value;
    else if (field === "data") event.data.push(value);
  }
  return event.data.length ? { ...event, data: event.data.join("\n") } : null;
}

/**
 * Follows execution `id`'s events to its end; `onEvent` sees each once, in order, even across reconnects.
 * Returns the final execution.
 */
async function follow(id, onEvent) {
  let last = 0;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) await sleep(250 * attempt);
    let response;
    try {
      response = await fetch(`/api/v1/executions/${id}/events?follow=true`, {
        headers: headers(last ? { "Last-Event-ID": String(last) } : {}),
      });
    } catch {
      continue; // the server went away for a moment: try again
    }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new ApiError(response.status, data?.error?.code ?? "HTTP", data?.error?.message ?? response.statusText);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replaceAll("\r\n", "\n");
        let at;
        while ((at = buffer.indexOf("\n\n")) >= 0) {
          const block = parseBlock(buffer.slice(0, at));
          buffer = buffer.slice(at + 2);
          if (!block) continue;
          if (block.event === "end") return JSON.parse(block.data);
          if (block.event === "error") throw new ApiError(500, "STREAM", block.data);
          const event = JSON.parse(block.data);
          if (event.seq > last) {
            last = event.seq;
            onEvent(event);
          }
        }
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
    }
  }
  throw new Error("lost the connection to the server");
}

// ---- running code -------------------------------------------------------------------------------------------

function setRunStatus(text, cls = "muted") {
  $("run-status").className = cls;
  $("run-status").textContent = text;
}

function markErrorLine(payload) {
  if (!payload.line || payload.file?.startsWith("<cell") === false) return;
  const line = payload.line - 1;
  if (line >= 0 && line < editor.lineCount()) {
    errorLine = editor.addLineClass(line, "background", "cm-error-line");
  }
}

async function run() {
  const session = selectedSession();
  if (!session?.live || state.running) return;
  if (errorLine) editor.removeLineClass(errorLine, "background", "cm-error-line");
  errorLine = null;
  const output = $("output");
  output.replaceChildren();
  let execution;
  try {
    execution = await api("POST", "/executions/repl?wait=false", { session_id: session.id, input: editor.getValue() });
  } catch (error) {
    setRunStatus(`${error.code}: ${error.message}`, "error-text");
    return;
  }
  state.running = execution.id;
  updateButtons();
  setRunStatus(execution.status === "queued" ? "queued…" : "running…");
  try {
    const end = await follow(execution.id, (event) => {
      setRunStatus("running…");
      renderEvent(output, event, markErrorLine);
    });
    setRunStatus(`${end.status} · ${end.metrics.wall_ms} ms · ${end.source_name}`, end.status === "ok" ? "muted" : "error-text");
  } catch (error) {
    setRunStatus(`${error.code ?? "error"}: ${error.message}`, "error-text");
  } finally {
    state.running = null;
    updateButtons();
    refreshHistory();
  }
}

// ---- sessions, templates, history --------------------------------------------------------------------------

function updateButtons() {
  const session = selectedSession();
  const live = Boolean(session?.live);
  $("run").disabled = !live || Boolean(state.running);
  $("stop").disabled = !live;
  $("close-session").disabled = !live;
  $("session-title").textContent = session
    ? `Session #${session.number} · ${session.template} · ${session.root}${live ? "" : ` (${session.status})`}`
    : "No session selected";
}

function select(id) {
  state.selected = id;
  localStorage.setItem("vmjs-session", id);
  renderSessions();
  updateButtons();
  $("output").replaceChildren();
  setRunStatus("");
  refreshHistory();
}

function renderSessions() {
  const list = $("sessions");
  list.replaceChildren(...state.sessions.map((s) => el(
    "li",
    { class: s.id === state.selected ? "selected" : "", "data-id": s.id, onclick: () => select(s.id) },
    el("span", {}, `#${s.number}`),
    el("span", { class: "muted" }, s.template),
    el("span", { class: "spacer" }),
    s.queue_length ? el("span", { class: "badge running" }, `${s.queue_length} running`) : "",
    el("span", { class: `badge ${s.status}` }, s.live ? s.status : `${s.status}`),
  )));
}

async function refreshSessions() {
  try {
    const sessions = await api("GET", "/sessions?limit=50");
    // Live sessions first, each group newest first.
    state.sessions = [...sessions.filter((s) => s.live), ...sessions.filter((s) => !s.live)];
    $("server-status").textContent = "connected";
    $("server-status").className = "muted";
  } catch (error) {
    $("server-status").textContent = error.status === 401
      ? "unauthorized: open this page with #token=<the server's token>"
      : "server unreachable";
    $("server-status").className = "error-text";
    return;
  }
  if (state.selected && !selectedSession()) state.selected = null;
  if (!state.selected && state.sessions[0]?.live) select(state.sessions[0].id);
  renderSessions();
  updateButtons();
}

async function refreshTemplates() {
  const templates = await api("GET", "/templates");
  $("template").replaceChildren(...templates.map((t) => el("option", { value: t.name }, t.name)));
}

async function refreshHistory() {
  const list = $("history");
  const session = selectedSession();
  if (!session) {
    list.replaceChildren();
    return;
  }
  const executions = await api("GET", `/executions?session_id=${session.id}&limit=50`).catch(() => []);
  list.replaceChildren(...executions.map((execution) => {
    const events = el("div", { class: "events output", hidden: "" });
    const item = el(
      "li",
      {
        "data-id": execution.id,
        onclick: async () => {
          if (!events.hidden) {
            events.hidden = true;
            return;
          }
          events.hidden = false;
          events.replaceChildren();
          const all = await api("GET", `/executions/${execution.id}/events`).catch(() => []);
          for (const event of all) renderEvent(events, event);
        },
        ondblclick: () => editor.setValue(execution.input),
        title: "Click: show its output · double-click: load into the editor",
      },
      el("div", {},
        el("span", { class: `badge ${execution.status}` }, execution.status), " ",
        el("span", { class: "muted" }, `${execution.source_name || execution.kind} · ${execution.metrics?.wall_ms ?? 0} ms · ${new Date(execution.started_at_ms).toLocaleTimeString()}`)),
      el("div", { class: "input" }, execution.input),
      events,
    );
    return item;
  }));
}

// ---- controls -------------------------------------------------------------------------------------------------

$("run").addEventListener("click", () => run());
$("stop").addEventListener("click", async () => {
  const session = selectedSession();
  if (session) await api("POST", `/sessions/${session.id}/interrupt`, {}).catch(() => {});
});
$("close-session").addEventListener("click", async () => {
  const session = selectedSession();
  if (!session) return;
  await api("POST", `/sessions/${session.id}/close`, {}).catch(() => {});
  await refreshSessions();
});
$("new-session").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("create-error").hidden = true;
  $("create-session").disabled = true;
  try {
    const root = $("root").value.trim();
    const body = { template: $("template").value };
    if (root) body.worktree_path = root;
    const session = await api("POST", "/sessions", body);
    await refreshSessions();
    select(session.id);
  } catch (error) {
    $("create-error").textContent = `${error.code}: ${error.message}`;
    $("create-error").hidden = false;
  } finally {
    $("create-session").disabled = false;
  }
});

(async () => {
  await refreshSessions();
  await refreshTemplates().catch(() => {});
  refreshHistory();
  // Status stays live: sessions (status, queue) every second.
  setInterval(refreshSessions, 1000);
})();
