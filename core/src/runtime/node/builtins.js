// The Node built-in modules pure libraries need, without authority a template does not grant. The body of
// `function (natives)`, compiled by the intrinsic Function constructor the first time code asks for one
// (`require("events")`, `import path from "node:path"`, `process`, `Buffer`); returns { name: module }.
"use strict";
const { inspect: nativeInspect, format: nativeFormat, env, args, fs: vmjsFs, platform } = natives;

// ---------------------------------------------------------------- path (POSIX)
function assertPath(path) {
  if (typeof path !== "string") {
    throw new TypeError(`The "path" argument must be of type string. Received ${nativeInspect(path)}`);
  }
}
function normalizeString(path, allowAboveRoot) {
  const out = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (allowAboveRoot) out.push("..");
    } else {
      out.push(part);
    }
  }
  return out.join("/");
}
const path = {
  sep: "/",
  delimiter: ":",
  normalize(p) {
    assertPath(p);
    if (p === "") return ".";
    const absolute = p.startsWith("/");
    const trailing = p.endsWith("/");
    let result = normalizeString(p, !absolute);
    if (result === "" && !absolute) result = ".";
    if (result !== "" && trailing) result += "/";
    return absolute ? `/${result}` : result;
  },
  join(...parts) {
    parts.forEach(assertPath);
    const joined = parts.filter((p) => p !== "").join("/");
    return joined === "" ? "." : path.normalize(joined);
  },
  resolve(...parts) {
    let resolved = "";
    for (let i = parts.length - 1; i >= -1 && !resolved.startsWith("/"); i--) {
      const part = i >= 0 ? parts[i] : path.cwd();
      assertPath(part);
      if (part === "") continue;
      resolved = resolved === "" ? part : `${part}/${resolved}`;
    }
    const normalized = normalizeString(resolved, false);
    return `/${normalized}`;
  },
  cwd() {
    return "/";
  },
  isAbsolute(p) {
    assertPath(p);
    return p.startsWith("/");
  },
  dirname(p) {
    assertPath(p);
    if (p === "") return ".";
    const trimmed = p.replace(/\/+$/, "");
    if (trimmed === "") return "/";
    const at = trimmed.lastIndexOf("/");
    if (at === -1) return ".";
    if (at === 0) return "/";
    return trimmed.slice(0, at).replace(/\/+$/, "") || "/";
  },
  basename(p, ext) {
    assertPath(p);
    const trimmed = p.replace(/\/+$/, "");
    let base = trimmed.slice(trimmed.lastIndexOf("/") + 1);
    if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
    return base;
  },
  extname(p) {
    assertPath(p);
    const base = path.basename(p);
    const dot = base.lastIndexOf(".");
    return dot <= 0 ? "" : base.slice(dot);
  },
  relative(from, to) {
    const a = path.resolve(from).split("/").filter(Boolean);
    const b = path.resolve(to).split("/").filter(Boolean);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return [...Array(a.length - common).fill(".."), ...b.slice(common)].join("/");
  },
  parse(p) {
    assertPath(p);
    const root = p.startsWith("/") ? "/" : "";
    const base = path.basename(p);
    const ext = path.extname(p);
    let dir = path.dirname(p);
    if (dir === "." && !p.startsWith(".")) dir = "";
    return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
  },
  format(parts) {
    const dir = parts.dir || parts.root || "";
    const base = parts.base || `${parts.name || ""}${parts.ext || ""}`;
    if (!dir) return base;
    return dir === parts.root ? `${dir}${base}` : `${dir}/${base}`;
  },
  toNamespacedPath(p) {
    return p;
  },
};
path.posix = path;

// ---------------------------------------------------------------- events
class EventEmitter {
  #listeners = new Map();
  #max = EventEmitter.defaultMaxListeners;
  #add(name, listener, prepend, once) {
    if (typeof listener !== "function") {
      throw new TypeError(`The "listener" argument must be of type function. Received ${nativeInspect(listener)}`);
    }
    if (this.#listeners.has("newListener")) this.emit("newListener", name, listener);
    const list = this.#listeners.get(name) || [];
    const entry = { listener, once };
    if (prepend) list.unshift(entry);
    else list.push(entry);
    this.#listeners.set(name, list);
    return this;
  }
  on(name, listener) {
    return this.#add(name, listener, false, false);
  }
  addListener(name, listener) {
    return this.on(name, listener);
  }
  prependListener(name, listener) {
    return this.#add(name, listener, true, false);
  }
  once(name, listener) {
    return this.#add(name, listener, false, true);
  }
  prependOnceListener(name, listener) {
    return this.#add(name, listener, true, true);
  }
  off(name, listener) {
    const list = this.#listeners.get(name);
    if (!list) return this;
    const at = list.findLastIndex((entry) => entry.listener === listener);
    if (at !== -1) list.splice(at, 1);
    if (list.length === 0) this.#listeners.delete(name);
    return this;
  }
  removeListener(name, listener) {
    return this.off(name, listener);
  }
  removeAllListeners(name) {
    if (name === undefined) this.#listeners.clear();
    else this.#listeners.delete(name);
    return this;
  }
  emit(name, ...values) {
    const list = this.#listeners.get(name);
    if (!list || list.length === 0) {
      if (name === "error") {
        const error = values[0];
        throw error instanceof Error ? error : new Error(`Unhandled error. (${nativeInspect(error)})`);
      }
      return false;
    }
    for (const entry of [...list]) {
      if (entry.once) this.off(name, entry.listener);
      entry.listener.apply(this, values);
    }
    return true;
  }
  listenerCount(name) {
    return (this.#listeners.get(name) || []).length;
  }
  listeners(name) {
    return (this.#listeners.get(name) || []).map((entry) => entry.listener);
  }
  rawListeners(name) {
    return this.listeners(name);
  }
  eventNames() {
    return [...this.#listeners.keys()];
  }
  setMaxListeners(n) {
    this.#max = n;
    return this;
  }
  getMaxListeners() {
    return this.#max;
  }
  static once(emitter, name) {
    return new Promise((resolve, reject) => {
      const onError = (error) => {
        emitter.off(name, onEvent);
        reject(error);
      };
      const onEvent = (...values) => {
        if (name !== "error") emitter.off("error", onError);
        resolve(values);
      };
      emitter.once(name, onEvent);
      if (name !== "error") emitter.once("error", onError);
    });
  }
}
EventEmitter.defaultMaxListeners = 10;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.once = EventEmitter.once;

// ---------------------------------------------------------------- util
const custom = Symbol.for("nodejs.util.inspect.custom");
function inspect(value, options) {
  if (typeof options !== "object" || options === null) options = {};
  return nativeInspect(value, options);
}
inspect.custom = custom;
function promisify(original) {
  if (typeof original !== "function") {
    throw new TypeError(`The "original" argument must be of type function. Received ${nativeInspect(original)}`);
  }
  if (original[promisify.custom]) return original[promisify.custom];
  return function (...values) {
    return new Promise((resolve, reject) => {
      original.call(this, ...values, (error, result) => (error ? reject(error) : resolve(result)));
    });
  };
}
promisify.custom = Symbol.for("nodejs.util.promisify.custom");
const tag = (value) => Object.prototype.toString.call(value).slice(8, -1);
const types = {
  isPromise: (v) => v instanceof Promise,
  isDate: (v) => tag(v) === "Date",
  isRegExp: (v) => tag(v) === "RegExp",
  isMap: (v) => tag(v) === "Map",
  isSet: (v) => tag(v) === "Set",
  isWeakMap: (v) => tag(v) === "WeakMap",
  isWeakSet: (v) => tag(v) === "WeakSet",
  isNativeError: (v) => v instanceof Error,
  isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
  isUint8Array: (v) => v instanceof Uint8Array,
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isAsyncFunction: (v) => typeof v === "function" && tag(v) === "AsyncFunction",
  isGeneratorFunction: (v) => typeof v === "function" && /GeneratorFunction$/.test(tag(v)),
};
function isDeepStrictEqual(a, b, seen = new Map()) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) {
      if (!b.has(key) || !isDeepStrictEqual(value, b.get(key), seen)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (a.size !== b.size) return false;
    for (const value of a) if (!b.has(value)) return false;
    return true;
  }
  const keysA = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
  const keysB = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k], seen));
}
const util = {
  format: (...values) => nativeFormat(...values),
  inspect,
  promisify,
  types,
  isDeepStrictEqual: (a, b) => isDeepStrictEqual(a, b),
  inherits(ctor, superCtor) {
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
    Object.setPrototypeOf(ctor, superCtor);
    ctor.super_ = superCtor;
  },
  deprecate: (fn) => fn,
  isArray: Array.isArray,
  TextEncoder,
  TextDecoder,
};

// ---------------------------------------------------------------- assert
class AssertionError extends Error {
  constructor({ message, actual, expected, operator }) {
    super(message);
    this.name = "AssertionError";
    this.code = "ERR_ASSERTION";
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = false;
  }
}
function fail(message, actual, expected, operator, generated) {
  if (message instanceof Error) throw message;
  const error = new AssertionError({ message: message ?? generated, actual, expected, operator });
  error.generatedMessage = message === undefined;
  throw error;
}
function check(ok, message, actual, expected, operator, generated) {
  if (!ok) fail(message, actual, expected, operator, generated());
}
function matches(error, expected) {
  if (expected === undefined) return true;
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof expected) return true;
    if (Error.isPrototypeOf(expected) || expected === Error) return false;
    return expected(error) === true;
  }
  if (expected instanceof RegExp) return expected.test(String(error));
  return Object.keys(expected).every((key) =>
    expected[key] instanceof RegExp ? expected[key].test(error[key]) : isDeepStrictEqual(error[key], expected[key]),
  );
}
function makeAssert(strict) {
  const show = (v) => nativeInspect(v, {});
  const assert = (value, message) => assert.ok(value, message);
  Object.assign(assert, {
    AssertionError,
    ok: (value, message) =>
      check(value, message, value, true, "==", () => `The expression evaluated to a falsy value:\n\n  assert.ok(${show(value)})\n`),
    equal: (a, b, message) =>
      strict ? assert.strictEqual(a, b, message) : check(a == b || (a !== a && b !== b), message, a, b, "==", () => `${show(a)} == ${show(b)}`),
    notEqual: (a, b, message) =>
      strict ? assert.notStrictEqual(a, b, message) : check(a != b, message, a, b, "!=", () => `${show(a)} != ${show(b)}`),
    strictEqual: (a, b, message) =>
      check(Object.is(a, b), message, a, b, "strictEqual", () => `Expected values to be strictly equal:\n\n${show(a)} !== ${show(b)}\n`),
    notStrictEqual: (a, b, message) =>
      check(!Object.is(a, b), message, a, b, "notStrictEqual", () => `Expected "actual" to be strictly unequal to: ${show(b)}`),
    deepStrictEqual: (a, b, message) =>
      check(isDeepStrictEqual(a, b), message, a, b, "deepStrictEqual", () => `Expected values to be strictly deep-equal:\n${show(a)}\n\nshould equal\n\n${show(b)}`),
    notDeepStrictEqual: (a, b, message) =>
      check(!isDeepStrictEqual(a, b), message, a, b, "notDeepStrictEqual", () => `Expected "actual" not to be strictly deep-equal to: ${show(b)}`),
    match: (string, regexp, message) =>
      check(regexp.test(string), message, string, regexp, "match", () => `The input did not match the regular expression ${regexp}. Input:\n\n${show(string)}\n`),
    fail: (message = "Failed") => fail(message, undefined, undefined, "fail", message),
    throws(fn, expected, message) {
      try {
        fn();
      } catch (error) {
        check(matches(error, expected), message, error, expected, "throws", () => `The error did not match ${show(expected)}`);
        return;
      }
      fail(typeof expected === "string" ? expected : message, undefined, expected, "throws", "Missing expected exception.");
    },
    doesNotThrow(fn, message) {
      try {
        fn();
      } catch (error) {
        fail(message, error, undefined, "doesNotThrow", `Got unwanted exception.\nActual message: "${error && error.message}"`);
      }
    },
    async rejects(promiseOrFn, expected, message) {
      try {
        await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
      } catch (error) {
        check(matches(error, expected), message, error, expected, "rejects", () => `The error did not match ${show(expected)}`);
        return;
      }
      fail(message, undefined, expected, "rejects", "Missing expected rejection.");
    },
  });
  assert.deepEqual = strict ? assert.deepStrictEqual : (a, b, message) => assert.deepStrictEqual(a, b, message);
  assert.notDeepEqual = assert.notDeepStrictEqual;
  return assert;
}
const assert = makeAssert(false);
assert.strict = makeAssert(true);
assert.strict.strict = assert.strict;

// ---------------------------------------------------------------- url, querystring
const url = {
  URL,
  URLSearchParams,
  fileURLToPath(value) {
    const parsed = value instanceof URL ? value : new URL(value);
    if (parsed.protocol !== "file:") throw new TypeError("The URL must be of scheme file");
    return decodeURIComponent(parsed.pathname);
  },
  pathToFileURL(p) {
    return new URL(`file://${encodeURI(path.resolve(p))}`);
  },
};
const decode = (s) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
};
const querystring = {
  parse(str, sep = "&", eq = "=") {
    const out = Object.create(null);
    if (typeof str !== "string" || str === "") return out;
    for (const pair of str.split(sep)) {
      if (pair === "") continue;
      const at = pair.indexOf(eq);
      const key = decode(at === -1 ? pair : pair.slice(0, at));
      const value = at === -1 ? "" : decode(pair.slice(at + eq.length));
      if (key in out) out[key] = [].concat(out[key], value);
      else out[key] = value;
    }
    return out;
  },
  stringify(obj, sep = "&", eq = "=") {
    if (obj === null || typeof obj !== "object") return "";
    const item = (v) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? encodeURIComponent(String(v)) : "");
    return Object.keys(obj)
      .flatMap((key) => [].concat(obj[key]).map((v) => `${encodeURIComponent(key)}${eq}${item(v)}`))
      .join(sep);
  },
  escape: encodeURIComponent,
  unescape: decode,
};
querystring.decode = querystring.parse;
querystring.encode = querystring.stringify;

// ---------------------------------------------------------------- buffer (the basics)
const HEX = "0123456789abcdef";
class Buffer extends Uint8Array {
  static from(value, encodingOrOffset, length) {
    if (typeof value === "string") return Buffer.#fromString(value, encodingOrOffset);
    if (value instanceof ArrayBuffer) return new Buffer(value, encodingOrOffset ?? 0, length ?? value.byteLength - (encodingOrOffset ?? 0));
    if (ArrayBuffer.isView(value) || Array.isArray(value)) {
      const buffer = new Buffer(value.length);
      buffer.set(value);
      return buffer;
    }
    if (value && value.type === "Buffer" && Array.isArray(value.data)) return Buffer.from(value.data);
    throw new TypeError(`The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array. Received ${nativeInspect(value)}`);
  }
  static #fromString(string, encoding = "utf8") {
    switch (String(encoding).toLowerCase()) {
      case "utf8":
      case "utf-8":
        return Buffer.from(new TextEncoder().encode(string));
      case "hex": {
        const bytes = new Buffer(string.length >> 1);
        for (let i = 0; i < bytes.length; i++) {
          const byte = parseInt(string.slice(2 * i, 2 * i + 2), 16);
          if (Number.isNaN(byte)) return bytes.subarray(0, i);
          bytes[i] = byte;
        }
        return bytes;
      }
      case "base64":
      case "base64url": {
        const binary = atob(string.replace(/-/g, "+").replace(/_/g, "/").replace(/[^A-Za-z0-9+/]/g, ""));
        return Buffer.from(Array.from(binary, (c) => c.charCodeAt(0)));
      }
      case "latin1":
      case "binary":
      case "ascii":
        return Buffer.from(Array.from(string, (c) => c.charCodeAt(0) & 0xff));
      default:
        throw new TypeError(`Unknown encoding: ${encoding}`);
    }
  }
  static alloc(size, fill = 0) {
    const buffer = new Buffer(size);
    if (fill !== 0) buffer.fill(typeof fill === "string" ? fill.charCodeAt(0) : fill);
    return buffer;
  }
  static allocUnsafe(size) {
    return new Buffer(size);
  }
  static isBuffer(value) {
    return value instanceof Buffer;
  }
  static byteLength(value, encoding) {
    return typeof value === "string" ? Buffer.from(value, encoding).length : value.byteLength;
  }
  static concat(list, total) {
    const length = total ?? list.reduce((n, b) => n + b.length, 0);
    const out = Buffer.alloc(length);
    let at = 0;
    for (const b of list) {
      out.set(b.subarray(0, Math.max(0, length - at)), at);
      at += b.length;
      if (at >= length) break;
    }
    return out;
  }
  static isEncoding(encoding) {
    return ["utf8", "utf-8", "hex", "base64", "base64url", "latin1", "binary", "ascii"].includes(String(encoding).toLowerCase());
  }
  toString(encoding = "utf8", start = 0, end = this.length) {
    const bytes = this.subarray(start, end);
    switch (String(encoding).toLowerCase()) {
      case "utf8":
      case "utf-8":
        return new TextDecoder().decode(bytes);
      case "hex":
        return Array.from(bytes, (b) => HEX[b >> 4] + HEX[b & 15]).join("");
      case "base64":
        return btoa(String.fromCharCode(...bytes));
      case "base64url":
        return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      case "latin1":
      case "binary":
        return String.fromCharCode(...bytes);
      case "ascii":
        return String.fromCharCode(...Array.from(bytes, (b) => b & 0x7f));
      default:
        throw new TypeError(`Unknown encoding: ${encoding}`);
    }
  }
  equals(other) {
    return this.length === other.length && this.every((b, i) => b === other[i]);
  }
  subarray(start, end) {
    const view = super.subarray(start, end);
    return new Buffer(view.buffer, view.byteOffset, view.length);
  }
  slice(start, end) {
    return this.subarray(start, end);
  }
  toJSON() {
    return { type: "Buffer", data: Array.from(this) };
  }
}
const buffer = { Buffer, constants: { MAX_LENGTH: 2 ** 32 } };

// ---------------------------------------------------------------- process
const started = performance.now();
function hrtime(previous) {
  const now = performance.now();
  let seconds = Math.floor(now / 1000);
  let nanos = Math.round((now % 1000) * 1e6);
  if (previous) {
    seconds -= previous[0];
    nanos -= previous[1];
    if (nanos < 0) {
      seconds -= 1;
      nanos += 1e9;
    }
  }
  return [seconds, nanos];
}
hrtime.bigint = () => BigInt(Math.round(performance.now() * 1e6));
const process = new EventEmitter();
Object.assign(process, {
  env,
  argv: ["vmjs", "vmjs", ...args],
  execArgv: [],
  platform,
  version: "v22.0.0",
  versions: { node: "22.0.0", vmjs: natives.version },
  release: { name: "vmjs" },
  pid: 1,
  arch: "x64",
  title: "vmjs",
  exitCode: undefined,
  nextTick: (callback, ...values) => queueMicrotask(() => callback(...values)),
  hrtime,
  uptime: () => (performance.now() - started) / 1000,
  cwd: () => "/",
  emitWarning: () => {},
  memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
});

// ---------------------------------------------------------------- fs (the template's fs.read / fs.write)
// What `statSync` gives: the kind, the size and the modification time (links followed).
class Stats {
  #stat;
  constructor(stat) {
    this.#stat = stat;
    this.size = stat.size;
    this.mtimeMs = stat.mtimeMs ?? 0;
    this.mtime = new Date(this.mtimeMs);
  }
  isFile() { return this.#stat.isFile; }
  isDirectory() { return this.#stat.isDirectory; }
  isSymbolicLink() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

// A directory entry as `readdirSync(dir, { withFileTypes: true })` gives it.
class Dirent {
  #entry;
  constructor(entry, parentPath) {
    this.#entry = entry;
    this.name = entry.name;
    this.parentPath = parentPath;
  }
  isFile() { return this.#entry.isFile; }
  isDirectory() { return this.#entry.isDirectory; }
  isSymbolicLink() { return this.#entry.isSymlink; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

// Bytes as they are in the file (a Buffer), or decoded: UTF-8 as Node decodes it (invalid bytes become
// U+FFFD), other encodings through Buffer.
const encodingOf = (options) => (typeof options === "string" ? options : options && options.encoding);
const fs = {
  readFileSync(file, options) {
    const bytes = vmjsFs.readFile(String(file));
    const encoding = encodingOf(options);
    if (!encoding) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (/^utf-?8$/i.test(encoding)) return new TextDecoder().decode(bytes);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  },
  writeFileSync: (file, data) =>
    typeof data === "string" ? vmjsFs.writeTextFile(String(file), data) : vmjsFs.writeFile(String(file), data),
  // Names sorted (Node gives the system's order, which differs between machines), or Dirents.
  readdirSync(dir, options) {
    const entries = vmjsFs.readDir(String(dir));
    return options && options.withFileTypes
      ? entries.map((entry) => new Dirent(entry, String(dir)))
      : entries.map((entry) => entry.name);
  },
  statSync: (file) => new Stats(vmjsFs.stat(String(file))),
  existsSync(file) {
    try {
      vmjsFs.stat(String(file));
      return true;
    } catch (error) {
      if (error && error.name === "PermissionDenied" && /fs\.read/.test(error.message)) throw error;
      return false;
    }
  },
};
fs.promises = {
  readFile: async (file, options) => fs.readFileSync(file, options),
  writeFile: async (file, data) => fs.writeFileSync(file, data),
  readdir: async (dir, options) => fs.readdirSync(dir, options),
  stat: async (file) => fs.statSync(file),
};

// ---------------------------------------------------------------- os (the sandbox's, not the host's)
// Like `process` (a root of "/", pid 1), `os` describes the sandbox the code runs in: one processor, a home
// of "/", no network interfaces, a user of its own. The host's name, users, addresses and load are not the
// code's to read; its memory size is refused (no template grants it), as Deno refuses it without
// `--allow-sys`, rather than made up.
const osDenied = (name) => {
  const error = new Error(`vmjs does not tell the host's memory (os.${name}); no template grants it`);
  error.name = "PermissionDenied";
  throw error;
};
const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20,
};
const os = {
  EOL: "\n",
  devNull: "/dev/null",
  constants: Object.freeze({
    signals: Object.freeze(signals),
    errno: Object.freeze({}),
    priority: Object.freeze({ PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
      PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20 }),
  }),
  arch: () => process.arch,
  machine: () => "x86_64",
  platform: () => platform,
  type: () => ({ linux: "Linux", darwin: "Darwin", win32: "Windows_NT" })[platform] ?? platform,
  release: () => natives.version,
  version: () => `vmjs ${natives.version}`,
  endianness: () => "LE",
  hostname: () => "vmjs",
  homedir: () => "/",
  tmpdir: () => "/tmp",
  uptime: () => Math.floor(process.uptime()),
  loadavg: () => [0, 0, 0],
  availableParallelism: () => 1,
  cpus: () => [{ model: "vmjs", speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
  networkInterfaces: () => ({}),
  userInfo: () => ({ uid: -1, gid: -1, username: "vmjs", homedir: "/", shell: null }),
  getPriority: () => 0,
  setPriority: () => {},
  totalmem: () => osDenied("totalmem"),
  freemem: () => osDenied("freemem"),
};

return {
  path,
  os,
  events: EventEmitter,
  util,
  assert,
  "assert/strict": assert.strict,
  url,
  querystring,
  buffer,
  process,
  fs,
  "fs/promises": fs.promises,
  "path/posix": path,
  "util/types": types,
};
