// vmjs Web APIs that Deno, Node and browsers share: URLSearchParams (and URL#searchParams), DOMException,
// Event/EventTarget/CustomEvent, AbortController/AbortSignal, performance, crypto.
//
// Evaluated by `webapi/mod.rs` the first time a context reads one of these globals (`lazy.rs`). A function
// expression called with the natives (`now`, `timeOrigin`, `randomBytes`, `digest`); it returns the globals.
// State lives in private fields, so values print as their class without internals.
(function (native) {
  "use strict";

  // ---- DOMException ------------------------------------------------------------------------------------
  const LEGACY_CODES = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
    QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };

  class DOMException extends Error {
    #name;
    constructor(message = "", options = "Error") {
      const name = typeof options === "object" && options !== null ? String(options.name ?? "Error") : String(options);
      super(String(message), typeof options === "object" && options !== null && "cause" in options ? { cause: options.cause } : undefined);
      this.#name = name;
    }
    get name() { return this.#name; }
    get code() { return LEGACY_CODES[this.#name] ?? 0; }
  }
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: "DOMException", configurable: true });
  native.trustGetter(Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get);
  for (const [name, code] of Object.entries(LEGACY_CODES)) {
    const constant = name.replace(/Error$/, "").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase() + "_ERR";
    Object.defineProperty(DOMException, constant, { value: code, enumerable: true });
  }

  // ---- URLSearchParams -----------------------------------------------------------------------------------
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const HEX = "0123456789ABCDEF";

  // application/x-www-form-urlencoded byte serializer (WHATWG URL §5.2).
  function formEncode(text) {
    let out = "";
    for (const byte of encoder.encode(String(text))) {
      if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
          byte === 0x2a || byte === 0x2d || byte === 0x2e || byte === 0x5f) {
        out += String.fromCharCode(byte);
      } else if (byte === 0x20) {
        out += "+";
      } else {
        out += "%" + HEX[byte >> 4] + HEX[byte & 15];
      }
    }
    return out;
  }

  // Percent-decoding that keeps malformed sequences as they are, then UTF-8 with replacement (never throws).
  function formDecode(text) {
    const bytes = encoder.encode(text.replace(/\+/g, " "));
    const out = new Uint8Array(bytes.length);
    let n = 0;
    const hex = (b) => (b >= 0x30 && b <= 0x39) ? b - 0x30 : (b >= 0x41 && b <= 0x46) ? b - 55 : (b >= 0x61 && b <= 0x66) ? b - 87 : -1;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out[n++] = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
        i += 2;
      } else {
        out[n++] = bytes[i];
      }
    }
    return decoder.decode(out.subarray(0, n));
  }

  function parseQuery(query) {
    const list = [];
    for (const part of query.split("&")) {
      if (part === "") continue;
      const at = part.indexOf("=");
      const name = at < 0 ? part : part.slice(0, at);
      const value = at < 0 ? "" : part.slice(at + 1);
      list.push([formDecode(name), formDecode(value)]);
    }
    return list;
  }

  // A USVString: lone surrogates become U+FFFD, as WebIDL converts them.
  const usv = (value) => {
    const text = String(value);
    return typeof text.toWellFormed === "function" ? text.toWellFormed() : text;
  };

  const urlOf = new WeakMap(); // URLSearchParams → the URL it belongs to

  let entriesOf; // the pairs of a URLSearchParams, for printing (set by the class's static block)
  class URLSearchParams {
    static {
      entriesOf = (params) => {
        params.#sync();
        return params.#list.map(([k, v]) => [k, v]);
      };
    }
    #list = [];
    #search = null; // the URL's query this list was read from (URL-owned objects only)
    constructor(init = "") {
      if (init instanceof URLSearchParams) {
        init.#sync();
        this.#list = init.#list.map(([k, v]) => [k, v]);
      } else if (typeof init === "object" && init !== null || typeof init === "function") {
        const iterator = init[Symbol.iterator];
        if (iterator !== undefined && iterator !== null) {
          if (typeof iterator !== "function") throw new TypeError("URLSearchParams: init[Symbol.iterator] is not a function");
          for (const pair of init) {
            if (typeof pair !== "object" || pair === null || typeof pair[Symbol.iterator] !== "function") {
              throw new TypeError("URLSearchParams: each pair must be an iterable of [name, value]");
            }
            const items = [...pair];
            if (items.length !== 2) {
              throw new TypeError(`URLSearchParams: each pair must have exactly 2 items, got ${items.length}`);
            }
            this.#list.push([usv(items[0]), usv(items[1])]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            const desc = Reflect.getOwnPropertyDescriptor(init, key);
            if (typeof key === "string" && desc !== undefined && desc.enumerable) {
              this.#list.push([usv(key), usv(init[key])]);
            }
          }
        }
      } else {
        const text = usv(init);
        this.#list = parseQuery(text.startsWith("?") ? text.slice(1) : text);
      }
    }
    // After a change: the owning URL's query is this list.
    #update() {
      const url = urlOf.get(this);
      if (url !== undefined) {
        const query = this.#serialize();
        url.search = query === "" ? "" : "?" + query;
        this.#search = url.search;
      }
    }
    // Before a read: the list anew if the owning URL's query changed since (`url.search = …`, `url.href = …`).
    #sync() {
      const url = urlOf.get(this);
      if (url !== undefined && url.search !== this.#search) {
        this.#search = url.search;
        this.#list = parseQuery(this.#search.startsWith("?") ? this.#search.slice(1) : this.#search);
      }
    }
    #serialize() { return this.#list.map(([k, v]) => formEncode(k) + "=" + formEncode(v)).join("&"); }
    get size() { this.#sync(); return this.#list.length; }
    append(name, value) { this.#sync();
      if (arguments.length < 2) throw new TypeError("URLSearchParams.append needs 2 arguments: name and value");
      this.#list.push([usv(name), usv(value)]);
      this.#update();
    }
    delete(name, value) { this.#sync();
      name = usv(name);
      const match = value === undefined ? ([k]) => k === name : ([k, v]) => k === name && v === usv(value);
      this.#list = this.#list.filter((pair) => !match(pair));
      this.#update();
    }
    get(name) { this.#sync();
      name = usv(name);
      const pair = this.#list.find(([k]) => k === name);
      return pair === undefined ? null : pair[1];
    }
    getAll(name) { this.#sync();
      name = usv(name);
      return this.#list.filter(([k]) => k === name).map(([, v]) => v);
    }
    has(name, value) { this.#sync();
      name = usv(name);
      return this.#list.some(([k, v]) => k === name && (value === undefined || v === usv(value)));
    }
    set(name, value) { this.#sync();
      if (arguments.length < 2) throw new TypeError("URLSearchParams.set needs 2 arguments: name and value");
      name = usv(name);
      value = usv(value);
      const at = this.#list.findIndex(([k]) => k === name);
      if (at < 0) {
        this.#list.push([name, value]);
      } else {
        this.#list[at][1] = value;
        this.#list = this.#list.filter(([k], i) => i <= at || k !== name);
      }
      this.#update();
    }
    sort() { this.#sync();
      // Stable, by UTF-16 code units of the names.
      this.#list = this.#list
        .map((pair, i) => [pair, i])
        .sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j))
        .map(([pair]) => pair);
      this.#update();
    }
    forEach(callback, thisArg) { this.#sync();
      if (typeof callback !== "function") throw new TypeError("URLSearchParams.forEach: the callback is not a function");
      for (let i = 0; i < this.#list.length; i++) {
        const [k, v] = this.#list[i];
        callback.call(thisArg, v, k, this);
      }
    }
    *keys() { this.#sync(); for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0]; }
    *values() { this.#sync(); for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1]; }
    *entries() { this.#sync(); for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { this.#sync(); return this.#serialize(); }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: "URLSearchParams", configurable: true });
  // Printed like Node's: `URLSearchParams { 'a' => '1' }` (inspect runs no user code; this function is ours).
  native.printEntries(URLSearchParams.prototype, entriesOf);

  const paramsOfUrl = new WeakMap(); // URL → its URLSearchParams (the same object every time, as in browsers)
  /** `url.searchParams`: one live object per URL, kept in step with `url.search` both ways. */
  function searchParamsOf(url) {
    let params = paramsOfUrl.get(url);
    if (params === undefined) {
      params = new URLSearchParams();
      paramsOfUrl.set(url, params);
      urlOf.set(params, url);
    }
    return params;
  }

  // ---- Event, EventTarget, CustomEvent -------------------------------------------------------------------
  class Event {
    #type; #bubbles; #cancelable; #composed; #defaultPrevented = false; #target = null; #currentTarget = null;
    #stopped = false; #stoppedNow = false; #timeStamp;
    constructor(type, options = {}) {
      if (arguments.length === 0) throw new TypeError("Event needs a type");
      this.#type = String(type);
      this.#bubbles = !!options?.bubbles;
      this.#cancelable = !!options?.cancelable;
      this.#composed = !!options?.composed;
      this.#timeStamp = native.now();
    }
    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#defaultPrevented; }
    get target() { return this.#target; }
    get currentTarget() { return this.#currentTarget; }
    get srcElement() { return this.#target; }
    get eventPhase() { return this.#currentTarget === null ? Event.NONE : Event.AT_TARGET; }
    get isTrusted() { return false; }
    get timeStamp() { return this.#timeStamp; }
    get cancelBubble() { return this.#stopped; }
    set cancelBubble(value) { if (value) this.#stopped = true; }
    get returnValue() { return !this.#defaultPrevented; }
    set returnValue(value) { if (!value) this.preventDefault(); }
    preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
    stopPropagation() { this.#stopped = true; }
    stopImmediatePropagation() { this.#stopped = true; this.#stoppedNow = true; }
    composedPath() { return this.#currentTarget === null ? [] : [this.#currentTarget]; }
    static _dispatching(event, target) { event.#target = target; event.#currentTarget = target; }
    static _done(event) { event.#currentTarget = null; }
    static _stoppedNow(event) { return event.#stoppedNow; }
  }
  for (const [name, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
    Object.defineProperty(Event, name, { value, enumerable: true });
    Object.defineProperty(Event.prototype, name, { value, enumerable: true });
  }
  const { _dispatching: dispatching, _done: dispatched, _stoppedNow: stoppedNow } = Event;
  delete Event._dispatching; delete Event._done; delete Event._stoppedNow;

  class CustomEvent extends Event {
    #detail;
    constructor(type, options = {}) {
      super(type, options);
      this.#detail = options?.detail ?? null;
    }
    get detail() { return this.#detail; }
  }

  // A listener's error is reported as an uncaught error would be, and the other listeners still run.
  const report = (error) => queueMicrotask(() => { throw error; });

  class EventTarget {
    #listeners = new Map(); // type → [{callback, capture, once, removed}]
    addEventListener(type, callback, options = {}) {
      if (callback === null || callback === undefined) return;
      if (typeof callback !== "function" && typeof callback !== "object") {
        throw new TypeError("addEventListener: the listener must be a function or an object with handleEvent");
      }
      const capture = typeof options === "boolean" ? options : !!options?.capture;
      const once = typeof options === "object" && !!options?.once;
      const signal = typeof options === "object" ? options?.signal : undefined;
      if (signal !== undefined && !(signal instanceof AbortSignal)) {
        throw new TypeError("addEventListener: options.signal must be an AbortSignal");
      }
      if (signal?.aborted) return;
      type = String(type);
      const list = this.#listeners.get(type) ?? [];
      if (list.some((l) => l.callback === callback && l.capture === capture)) return;
      const listener = { callback, capture, once, removed: false };
      list.push(listener);
      this.#listeners.set(type, list);
      signal?.addEventListener("abort", () => this.removeEventListener(type, callback, { capture }));
    }
    removeEventListener(type, callback, options = {}) {
      const capture = typeof options === "boolean" ? options : !!options?.capture;
      const list = this.#listeners.get(String(type));
      if (list === undefined) return;
      const at = list.findIndex((l) => l.callback === callback && l.capture === capture);
      if (at >= 0) {
        list[at].removed = true;
        list.splice(at, 1);
      }
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError("dispatchEvent: the argument must be an Event");
      dispatching(event, this);
      try {
        for (const listener of [...(this.#listeners.get(event.type) ?? [])]) {
          if (listener.removed) continue;
          if (listener.once) this.removeEventListener(event.type, listener.callback, { capture: listener.capture });
          try {
            if (typeof listener.callback === "function") {
              listener.callback.call(this, event);
            } else if (typeof listener.callback.handleEvent === "function") {
              listener.callback.handleEvent(event);
            }
          } catch (error) {
            report(error);
          }
          if (stoppedNow(event)) break;
        }
      } finally {
        dispatched(event);
      }
      return !event.defaultPrevented;
    }
  }

  // ---- AbortController, AbortSignal ----------------------------------------------------------------------
  let creatingSignal = false;
  class AbortSignal extends EventTarget {
    #aborted = false; #reason = undefined; #onabort = null;
    constructor() {
      if (!creatingSignal) throw new TypeError("Illegal constructor: use new AbortController().signal or AbortSignal.abort()");
      super();
    }
    get aborted() { return this.#aborted; }
    get reason() { return this.#reason; }
    get onabort() { return this.#onabort; }
    set onabort(handler) {
      if (this.#onabort !== null) this.removeEventListener("abort", this.#onabort);
      this.#onabort = typeof handler === "function" ? handler : null;
      if (this.#onabort !== null) this.addEventListener("abort", this.#onabort);
    }
    throwIfAborted() { if (this.#aborted) throw this.#reason; }
    static _abort(signal, reason) {
      if (signal.#aborted) return;
      signal.#aborted = true;
      signal.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
      signal.dispatchEvent(new Event("abort"));
    }
    static abort(reason) {
      const signal = newSignal();
      abortSignal(signal, reason);
      return signal;
    }
    static timeout(ms) {
      ms = Number(ms);
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError("AbortSignal.timeout: ms must be a non-negative number");
      const signal = newSignal();
      setTimeout(() => abortSignal(signal, new DOMException("The operation timed out.", "TimeoutError")), ms);
      return signal;
    }
    static any(signals) {
      const signal = newSignal();
      const list = [...signals];
      const done = list.find((s) => s.aborted);
      if (done !== undefined) {
        abortSignal(signal, done.reason);
        return signal;
      }
      for (const source of list) {
        if (!(source instanceof AbortSignal)) throw new TypeError("AbortSignal.any: every item must be an AbortSignal");
        source.addEventListener("abort", () => abortSignal(signal, source.reason), { once: true });
      }
      return signal;
    }
  }
  const abortSignal = AbortSignal._abort;
  delete AbortSignal._abort;
  function newSignal() {
    creatingSignal = true;
    try { return new AbortSignal(); } finally { creatingSignal = false; }
  }

  class AbortController {
    #signal = newSignal();
    get signal() { return this.#signal; }
    abort(reason) { abortSignal(this.#signal, reason); }
  }

  // ---- performance ---------------------------------------------------------------------------------------
  class PerformanceEntry {
    #name; #entryType; #startTime; #duration; #detail;
    constructor(name, entryType, startTime, duration, detail) {
      this.#name = name; this.#entryType = entryType; this.#startTime = startTime; this.#duration = duration;
      this.#detail = detail;
    }
    get name() { return this.#name; }
    get entryType() { return this.#entryType; }
    get startTime() { return this.#startTime; }
    get duration() { return this.#duration; }
    get detail() { return this.#detail; }
    toJSON() {
      return { name: this.#name, entryType: this.#entryType, startTime: this.#startTime, duration: this.#duration, detail: this.#detail };
    }
  }
  class PerformanceMark extends PerformanceEntry {}
  class PerformanceMeasure extends PerformanceEntry {}

  const entries = [];
  const timeOrigin = native.timeOrigin();
  function markTime(name) {
    if (typeof name === "number") return name;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === "mark" && entries[i].name === name) return entries[i].startTime;
    }
    throw new DOMException(`The mark '${name}' does not exist.`, "SyntaxError");
  }
  class Performance extends EventTarget {
    get timeOrigin() { return timeOrigin; }
    now() { return native.now(); }
    mark(name, options = {}) {
      if (arguments.length === 0) throw new TypeError("performance.mark needs a name");
      const startTime = options?.startTime ?? native.now();
      const mark = new PerformanceMark(String(name), "mark", startTime, 0, options?.detail ?? null);
      entries.push(mark);
      return mark;
    }
    measure(name, start, end) {
      let detail = null;
      let startTime = 0;
      let endTime = native.now();
      if (typeof start === "object" && start !== null) {
        detail = start.detail ?? null;
        if (start.start !== undefined) startTime = markTime(start.start);
        if (start.end !== undefined) endTime = markTime(start.end);
        if (start.duration !== undefined) {
          if (start.end !== undefined && start.start === undefined) startTime = endTime - start.duration;
          else endTime = startTime + start.duration;
        }
      } else {
        if (start !== undefined) startTime = markTime(start);
        if (end !== undefined) endTime = markTime(end);
      }
      const measure = new PerformanceMeasure(String(name), "measure", startTime, endTime - startTime, detail);
      entries.push(measure);
      return measure;
    }
    getEntries() { return [...entries].sort((a, b) => a.startTime - b.startTime); }
    getEntriesByName(name, type) {
      return this.getEntries().filter((e) => e.name === String(name) && (type === undefined || e.entryType === type));
    }
    getEntriesByType(type) { return this.getEntries().filter((e) => e.entryType === type); }
    clearMarks(name) { clear("mark", name); }
    clearMeasures(name) { clear("measure", name); }
    toJSON() { return { timeOrigin }; }
  }
  function clear(type, name) {
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].entryType === type && (name === undefined || entries[i].name === name)) entries.splice(i, 1);
    }
  }
  const performance = new Performance();

  // ---- crypto ---------------------------------------------------------------------------------------------
  const INTEGER_ARRAYS = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
    "Uint32Array", "BigInt64Array", "BigUint64Array"];
  const DIGESTS = { "SHA-1": "SHA-1", "SHA-256": "SHA-256", "SHA-384": "SHA-384", "SHA-512": "SHA-512" };

  function bytesOf(data, what) {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError(`${what}: data must be an ArrayBuffer, a TypedArray or a DataView`);
  }

  class SubtleCrypto {
    digest(algorithm, data) {
      try {
        const name = typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm;
        const canonical = DIGESTS[String(name).toUpperCase()];
        if (canonical === undefined) {
          throw new DOMException(`Unrecognized algorithm name: ${String(name)} (SHA-1, SHA-256, SHA-384 and SHA-512 are supported)`, "NotSupportedError");
        }
        const digest = native.digest(canonical, Array.from(bytesOf(data, "crypto.subtle.digest")));
        return Promise.resolve(new Uint8Array(digest).buffer);
      } catch (error) {
        return Promise.reject(error);
      }
    }
  }

  class Crypto {
    #subtle = new SubtleCrypto();
    get subtle() { return this.#subtle; }
    getRandomValues(array) {
      const kind = Object.prototype.toString.call(array).slice(8, -1);
      if (!ArrayBuffer.isView(array) || !INTEGER_ARRAYS.includes(kind)) {
        throw new DOMException("crypto.getRandomValues: the argument must be an integer TypedArray", "TypeMismatchError");
      }
      if (array.byteLength > 65536) {
        throw new DOMException(`crypto.getRandomValues: ${array.byteLength} bytes asked for, at most 65536`, "QuotaExceededError");
      }
      const bytes = native.randomBytes(array.byteLength);
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
      return array;
    }
    randomUUID() {
      const b = native.randomBytes(16);
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = b.map((x) => x.toString(16).padStart(2, "0")).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
  }
  const crypto = new Crypto();

  for (const [klass, tag] of [[Event, "Event"], [CustomEvent, "CustomEvent"], [EventTarget, "EventTarget"],
    [AbortSignal, "AbortSignal"], [AbortController, "AbortController"], [Performance, "Performance"],
    [PerformanceEntry, "PerformanceEntry"], [PerformanceMark, "PerformanceMark"],
    [PerformanceMeasure, "PerformanceMeasure"], [Crypto, "Crypto"], [SubtleCrypto, "SubtleCrypto"]]) {
    Object.defineProperty(klass.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // Printed with their state, as Node prints them (`AbortSignal { aborted: false }`).
  native.printEntries(Event.prototype, (event) => ({
    type: event.type, defaultPrevented: event.defaultPrevented, cancelable: event.cancelable, timeStamp: event.timeStamp,
  }));
  native.printEntries(AbortSignal.prototype, (signal) => ({ aborted: signal.aborted }));
  native.printEntries(AbortController.prototype, (controller) => ({ signal: controller.signal }));

  return {
    URLSearchParams, DOMException, Event, EventTarget, CustomEvent, AbortController, AbortSignal,
    performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure,
    crypto, Crypto, SubtleCrypto, searchParamsOf,
  };
})
