// A minimal stand-in for `vmjs lsp` (issue 5's contract), used only to develop and check the VS Code
// end-to-end harness while the real server is written: full-text sync; syntax diagnostics (source "vmjs")
// from node's own parser; a "▶ Run file" code lens on line 1; workspace/executeCommand vmjs.runFile running
// the document's text in a worker thread with console.log streamed as vmjs/output, then vmjs/runEnd (only when
// the client announced experimental.vmjsOutput), answering {executionId, status, durationMs, result?, error?};
// vmjs.interrupt terminates the worker (status "cancelled").
// It is not the product and not a test oracle for the server: the real server is what CI must run.
import { randomUUID } from "node:crypto";
import vm from "node:vm";
import { Worker } from "node:worker_threads";

const documents = new Map();
let streams = false;
let buffer = Buffer.alloc(0);

process.stdin.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
        const headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
        buffer = buffer.subarray(headerEnd + 4 + length);
        void handle(JSON.parse(body));
    }
});

function send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
    process.stdout.write(body);
}

const notify = (method, params) => send({ method, params });

async function handle({ id, method, params }) {
    const reply = (result) => send({ id, result });
    switch (method) {
        case "initialize":
            streams = params.capabilities?.experimental?.vmjsOutput === true;
            return reply({
                capabilities: {
                    textDocumentSync: 1,
                    codeLensProvider: {},
                    executeCommandProvider: {
                        commands: ["vmjs.runFile", "vmjs.runSelection", "vmjs.interrupt", "vmjs.restartSession"],
                    },
                },
                serverInfo: { name: "fake-vmjs" },
            });
        case "shutdown":
            return reply(null);
        case "exit":
            return process.exit(0);
        case "textDocument/didOpen":
            documents.set(params.textDocument.uri, params.textDocument.text);
            return diagnose(params.textDocument.uri);
        case "textDocument/didChange":
            documents.set(params.textDocument.uri, params.contentChanges.at(-1).text);
            return diagnose(params.textDocument.uri);
        case "textDocument/didClose":
            documents.delete(params.textDocument.uri);
            return;
        case "textDocument/codeLens":
            return reply([
                {
                    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                    command: { title: "▶ Run file", command: "vmjs.runFile", arguments: [{ uri: params.textDocument.uri }] },
                },
            ]);
        case "workspace/executeCommand":
            return reply(await execute(params.command, params.arguments ?? []));
        default:
            if (id !== undefined) send({ id, error: { code: -32601, message: `fake vmjs: no ${method}` } });
    }
}

function diagnose(uri) {
    const diagnostics = [];
    try {
        new vm.Script(documents.get(uri) ?? "", { filename: uri });
    } catch (error) {
        const line = Number(/:(\d+)\n/.exec(error.stack ?? "")?.[1] ?? 1) - 1;
        diagnostics.push({
            range: { start: { line, character: 0 }, end: { line, character: 1000 } },
            severity: 1,
            source: "vmjs",
            message: `${error.name}: ${error.message}`,
        });
    }
    notify("textDocument/publishDiagnostics", { uri, diagnostics });
}

const runs = new Map(); // executionId → Worker

async function execute(command, args) {
    const executionId = randomUUID();
    if (command === "vmjs.interrupt") {
        const running = [...runs.entries()];
        for (const [, worker] of running) void worker.terminate();
        return { executionId: running[0]?.[0] ?? null, status: running.length > 0 ? "interrupted" : "idle", durationMs: 0 };
    }
    if (command !== "vmjs.runFile" && command !== "vmjs.runSelection") {
        return { executionId: null, status: "ok", durationMs: 0 };
    }
    const text = documents.get(args[0]?.uri) ?? "";
    const started = performance.now();
    // The code runs in a worker thread, so vmjs.interrupt can stop it (terminate → "cancelled").
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: text, stdout: false, stderr: false });
    runs.set(executionId, worker);
    const outcome = await new Promise((resolve) => {
        worker.on("message", (message) => {
            if (message.type === "output") {
                if (streams) notify("vmjs/output", { executionId, stream: message.stream, text: message.text });
            } else {
                resolve(message.outcome);
            }
        });
        worker.on("error", (error) => resolve({ status: "crashed", error: { name: "Error", message: String(error) } }));
        worker.on("exit", () => resolve({ status: "cancelled" }));
    });
    runs.delete(executionId);
    const durationMs = Math.round(performance.now() - started);
    if (streams) notify("vmjs/runEnd", { executionId, status: outcome.status, durationMs });
    return { executionId, durationMs, ...outcome };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const vm = require("node:vm");
const output = (stream) => (...values) => parentPort.postMessage({
    type: "output",
    stream,
    text: values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" ") + "\\n",
});
const console = { log: output("stdout"), info: output("stdout"), warn: output("stderr"), error: output("stderr") };
let outcome;
try {
    const result = vm.runInNewContext(workerData, { console });
    outcome = { status: "ok", result: result === undefined ? undefined : { type: typeof result, preview: String(result) } };
} catch (error) {
    // Like the real server: the exception is streamed to stderr and also returned.
    const stack = String(error?.stack ?? error);
    output("stderr")(stack);
    outcome = { status: "error", error: { name: error?.name, message: error?.message, stack, line: null, column: null } };
}
parentPort.postMessage({ type: "done", outcome });
`;
