// vmjs fetch: Headers, Request, Response and fetch() as in Deno, Node and browsers, over the native `send`
// (webapi/fetch.rs), which checks every host against the template's `net:` grants.
//
// Evaluated the first time code names one of these globals (`lazy.rs`), after the Web APIs' prelude, whose
// object (`web`: DOMException, AbortSignal, URLSearchParams) is the second argument. A fetched body streams:
// `response.body` is a `ReadableStream` fed by the request's thread as the bytes arrive (`native.readBody`);
// `text`, `json`, `arrayBuffer` and `bytes` read it to its end. The streams (readable, writable, transform, the
// text coders') are the default kind, without BYOB readers or queuing strategies.
(function (native, web) {
  "use strict";
  const { DOMException, URLSearchParams } = web;
  const { TextEncoder, TextDecoder } = globalThis;
  const encoder = new TextEncoder();

  // ---- Headers -----------------------------------------------------------------------------------------
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  function headerName(name) {
    const text = String(name);
    if (!TOKEN.test(text)) throw new TypeError(`Headers: invalid header name ${JSON.stringify(text)}`);
    return text.toLowerCase();
  }
  function headerValue(value) {
    const text = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    if (/[\0\r\n]/.test(text)) throw new TypeError(`Headers: invalid header value ${JSON.stringify(text)}`);
    return text;
  }

  class Headers {
    #list = []; // [lower-case name, value], in insertion order
    constructor(init = undefined) {
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        for (const [name, value] of init.#list) this.#list.push([name, value]);
      } else if (typeof init === "object" && typeof init[Symbol.iterator] === "function") {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) throw new TypeError("Headers: each header must be a [name, value] pair");
          this.append(entry[0], entry[1]);
        }
      } else if (typeof init === "object") {
        for (const name of Object.keys(init)) this.append(name, init[name]);
      } else {
        throw new TypeError("Headers: expected an object, an iterable of pairs or a Headers");
      }
    }
    append(name, value) { this.#list.push([headerName(name), headerValue(value)]); }
    delete(name) { const key = headerName(name); this.#list = this.#list.filter(([n]) => n !== key); }
    get(name) {
      const values = valuesOf(this.#list, headerName(name));
      return values.length === 0 ? null : values.join(", ");
    }
    getSetCookie() { return valuesOf(this.#list, "set-cookie"); }
    has(name) { const key = headerName(name); return this.#list.some(([n]) => n === key); }
    set(name, value) {
      const key = headerName(name);
      const text = headerValue(value);
      const at = this.#list.findIndex(([n]) => n === key);
      if (at === -1) { this.#list.push([key, text]); return; }
      this.#list[at][1] = text;
      this.#list = this.#list.filter(([n], i) => n !== key || i === at);
    }
    forEach(callback, thisArg = undefined) {
      for (const [name, value] of this) callback.call(thisArg, value, name, this);
    }
    *entries() { yield* combined(this.#list); }
    *keys() { for (const [name] of this.entries()) yield name; }
    *values() { for (const [, value] of this.entries()) yield value; }
    [Symbol.iterator]() { return this.entries(); }
    static pairsOf(headers) { return headers.#list.map(([n, v]) => [n, v]); }
  }
  const pairsOf = Headers.pairsOf;
  delete Headers.pairsOf;

  /** The values of `name` (lower case) in a header list, in order. */
  function valuesOf(list, name) { return list.filter(([n]) => n === name).map(([, v]) => v); }

  /** The standard's iteration of a header list: names sorted, values of one name combined with ", "
   * (set-cookie values stay apart). */
  function combined(list) {
    const names = [...new Set(list.map(([n]) => n))].sort();
    const out = [];
    for (const name of names) {
      const values = valuesOf(list, name);
      if (name === "set-cookie") { for (const v of values) out.push([name, v]); }
      else out.push([name, values.join(", ")]);
    }
    return out;
  }

  // ---- ReadableStream (the default kind: a reader, async iteration, tee, from) -----------------------------
  class ReadableStream {
    #source;
    #controller;
    #started;
    #queue = [];
    #closing = false; // close() was called: done once the queue is read
    #state = "readable"; // "readable" | "closed" | "errored"
    #error = undefined;
    #reader = null;
    #disturbed = false;
    #waiting = []; // reads waiting for a chunk (a source without pull)
    #closed; // the promise a reader's `closed` gives
    #settleClosed;
    constructor(source = {}, strategy = undefined) {
      if (source === null || (typeof source !== "object" && typeof source !== "function")) {
        throw new TypeError("ReadableStream: the underlying source must be an object");
      }
      void strategy; // one chunk of read-ahead, whatever the strategy says
      this.#source = source;
      this.#closed = new Promise((resolve, reject) => { this.#settleClosed = { resolve, reject }; });
      this.#closed.catch(() => {});
      const stream = this;
      this.#controller = {
        enqueue(chunk) {
          if (stream.#state !== "readable" || stream.#closing) {
            throw new TypeError("Invalid state: Controller is already closed");
          }
          stream.#queue.push(chunk);
          stream.#wake();
        },
        close() {
          if (stream.#state !== "readable" || stream.#closing) {
            throw new TypeError("Invalid state: Controller is already closed");
          }
          stream.#closing = true;
          if (stream.#queue.length === 0) stream.#finish();
          stream.#wake();
        },
        error(reason) { stream.#fail(reason); },
        get desiredSize() {
          if (stream.#state === "errored") return null;
          if (stream.#state === "closed" || stream.#closing) return 0;
          return 1 - stream.#queue.length;
        },
      };
      this.#started = Promise.resolve()
        .then(() => source.start?.call(source, this.#controller))
        .catch((reason) => this.#fail(reason));
    }
    get locked() { return this.#reader !== null; }
    #wake() { const waiting = this.#waiting; this.#waiting = []; for (const wake of waiting) wake(); }
    #finish() { this.#state = "closed"; this.#settleClosed.resolve(undefined); }
    #fail(reason) {
      if (this.#state !== "readable") return;
      this.#state = "errored";
      this.#error = reason;
      this.#queue = [];
      this.#settleClosed.reject(reason);
      this.#wake();
    }
    /** The next chunk as `{value, done}` (callers read one at a time). */
    async #read() {
      this.#disturbed = true;
      await this.#started;
      for (;;) {
        if (this.#queue.length > 0) {
          const value = this.#queue.shift();
          if (this.#queue.length === 0 && this.#closing) this.#finish();
          return { value, done: false };
        }
        if (this.#state === "errored") throw this.#error;
        if (this.#state === "closed") return { value: undefined, done: true };
        if (typeof this.#source.pull === "function") {
          try {
            await this.#source.pull.call(this.#source, this.#controller);
          } catch (reason) {
            this.#fail(reason);
            continue;
          }
          if (this.#queue.length > 0 || this.#state !== "readable") continue;
        }
        // Nothing came: wait for the source to enqueue, close or fail.
        await new Promise((resolve) => this.#waiting.push(resolve));
      }
    }
    async #cancel(reason) {
      this.#disturbed = true;
      if (this.#state === "closed") return;
      if (this.#state === "errored") throw this.#error;
      this.#queue = [];
      this.#finish();
      this.#wake();
      await this.#source.cancel?.call(this.#source, reason);
    }
    cancel(reason = undefined) {
      if (this.locked) return Promise.reject(new TypeError("Invalid state: ReadableStream is locked"));
      return this.#cancel(reason);
    }
    getReader(options = undefined) {
      if (options?.mode === "byob") throw new TypeError("ReadableStream: BYOB readers are not supported");
      return new ReadableStreamDefaultReader(this);
    }
    async *values({ preventCancel = false } = {}) {
      const reader = this.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        if (!preventCancel && this.#state === "readable") await reader.cancel();
        reader.releaseLock();
      }
    }
    [Symbol.asyncIterator](options = undefined) { return this.values(options); }
    /** Two streams with the same chunks; this one is locked to them. */
    tee() {
      const reader = this.getReader();
      const branches = [[], []];
      let reading = null;
      const pullInto = (index) => async (controller) => {
        if (branches[index].length === 0) {
          reading ??= reader.read().then((result) => {
            reading = null;
            for (const queue of branches) queue.push(result);
          });
          await reading;
        }
        const { value, done } = branches[index].shift();
        if (done) controller.close(); else controller.enqueue(value);
      };
      // The source is cancelled once both branches are, with both reasons; each branch's cancel settles then.
      const reasons = [undefined, undefined];
      let cancelledCount = 0;
      let sourceCancelled;
      const bothCancelled = new Promise((resolve) => { sourceCancelled = resolve; });
      const cancelOf = (index) => (reason) => {
        reasons[index] = reason;
        cancelledCount += 1;
        if (cancelledCount === 2) sourceCancelled(reader.cancel([...reasons]).catch(() => {}));
        return bothCancelled;
      };
      return [0, 1].map((index) => new ReadableStream({ pull: pullInto(index), cancel: cancelOf(index) }));
    }
    /** Reads this stream into `destination` (a WritableStream), then closes it; errors go both ways unless
     * prevented. */
    async pipeTo(destination, { preventClose = false, preventAbort = false, preventCancel = false, signal } = {}) {
      if (!(destination instanceof WritableStream)) throw new TypeError("pipeTo: the destination must be a WritableStream");
      if (this.locked) throw new TypeError("Invalid state: ReadableStream is locked");
      if (destination.locked) throw new TypeError("Invalid state: WritableStream is locked");
      const reader = this.getReader();
      const writer = destination.getWriter();
      let aborted = null;
      const onAbort = () => { aborted = abortReason(signal); };
      if (signal?.aborted) onAbort(); else signal?.addEventListener("abort", onAbort, { once: true });
      try {
        for (;;) {
          if (aborted) throw aborted;
          let next;
          try {
            next = await reader.read();
          } catch (reason) {
            if (!preventAbort) await writer.abort(reason).catch(() => {});
            throw reason;
          }
          if (next.done) break;
          try {
            await writer.write(next.value);
          } catch (reason) {
            if (!preventCancel) await reader.cancel(reason).catch(() => {});
            throw reason;
          }
        }
        if (!preventClose) await writer.close();
      } catch (reason) {
        if (aborted === reason) {
          if (!preventAbort) await writer.abort(reason).catch(() => {});
          if (!preventCancel) await reader.cancel(reason).catch(() => {});
        }
        throw reason;
      } finally {
        signal?.removeEventListener("abort", onAbort);
        reader.releaseLock();
        writer.releaseLock();
      }
    }
    /** Pipes this stream into `transform.writable`; returns `transform.readable`. */
    pipeThrough(transform, options = undefined) {
      const { writable, readable } = transform ?? {};
      if (!(writable instanceof WritableStream) || !(readable instanceof ReadableStream)) {
        throw new TypeError("pipeThrough: expected { writable, readable } streams");
      }
      this.pipeTo(writable, options).catch(() => {});
      return readable;
    }
    static from(iterable) {
      const iterator = iterable?.[Symbol.asyncIterator]?.() ?? iterable?.[Symbol.iterator]?.();
      if (!iterator) throw new TypeError("ReadableStream.from: the argument is not iterable");
      return new ReadableStream({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close(); else controller.enqueue(await value);
        },
        async cancel(reason) { await iterator.return?.(reason); },
      });
    }
    static access(stream) {
      return {
        read: () => stream.#read(),
        cancel: (reason) => stream.#cancel(reason),
        lock(reader) {
          if (stream.#reader !== null) {
            throw new TypeError("Invalid state: ReadableStream is locked");
          }
          stream.#reader = reader;
        },
        unlock() { stream.#reader = null; },
        closed: () => stream.#closed,
        disturbed: () => stream.#disturbed,
        fail: (reason) => stream.#fail(reason),
        state: () => stream.#state,
      };
    }
  }
  const streamAccess = ReadableStream.access;
  delete ReadableStream.access;

  class ReadableStreamDefaultReader {
    #stream;
    #reads = Promise.resolve();
    constructor(stream) {
      if (!(stream instanceof ReadableStream)) {
        throw new TypeError("ReadableStreamDefaultReader: the argument must be a ReadableStream");
      }
      streamAccess(stream).lock(this);
      this.#stream = stream;
    }
    read() {
      if (!this.#stream) return Promise.reject(new TypeError("Invalid state: The reader is not attached to a stream"));
      const access = streamAccess(this.#stream);
      const next = this.#reads.then(() => access.read());
      this.#reads = next.catch(() => {});
      return next;
    }
    releaseLock() {
      if (!this.#stream) return;
      streamAccess(this.#stream).unlock();
      this.#stream = null;
    }
    cancel(reason = undefined) {
      if (!this.#stream) return Promise.reject(new TypeError("Invalid state: The reader is not attached to a stream"));
      return streamAccess(this.#stream).cancel(reason);
    }
    get closed() {
      if (!this.#stream) return Promise.reject(new TypeError("Invalid state: The reader is not attached to a stream"));
      return streamAccess(this.#stream).closed();
    }
  }

  // ---- WritableStream, TransformStream, TextDecoderStream, TextEncoderStream -------------------------------
  class WritableStream {
    #sink;
    #state = "writable"; // "writable" | "closed" | "errored"
    #error = undefined;
    #writer = null;
    #chain; // every write and the close, in order
    #controller;
    constructor(sink = {}, strategy = undefined) {
      if (sink === null || (typeof sink !== "object" && typeof sink !== "function")) {
        throw new TypeError("WritableStream: the underlying sink must be an object");
      }
      void strategy;
      this.#sink = sink;
      this.#controller = { error: (reason) => this.#fail(reason), signal: new AbortController().signal };
      this.#chain = Promise.resolve()
        .then(() => sink.start?.call(sink, this.#controller))
        .catch((reason) => this.#fail(reason));
    }
    get locked() { return this.#writer !== null; }
    #fail(reason) {
      if (this.#state !== "writable") return;
      this.#state = "errored";
      this.#error = reason;
    }
    #queue(step) {
      const done = this.#chain.then(async () => {
        if (this.#state === "errored") throw this.#error;
        if (this.#state === "closed") throw new TypeError("Invalid state: WritableStream is closed");
        try {
          await step();
        } catch (reason) {
          this.#fail(reason);
          throw reason;
        }
      });
      this.#chain = done.catch(() => {});
      return done;
    }
    #write(chunk) { return this.#queue(() => this.#sink.write?.call(this.#sink, chunk, this.#controller)); }
    #close() {
      return this.#queue(async () => {
        await this.#sink.close?.call(this.#sink);
        this.#state = "closed";
      });
    }
    async #abort(reason) {
      if (this.#state !== "writable") return;
      this.#fail(reason);
      await this.#sink.abort?.call(this.#sink, reason);
    }
    getWriter() { return new WritableStreamDefaultWriter(this); }
    close() {
      if (this.locked) return Promise.reject(new TypeError("Invalid state: WritableStream is locked"));
      return this.#close();
    }
    abort(reason = undefined) {
      if (this.locked) return Promise.reject(new TypeError("Invalid state: WritableStream is locked"));
      return this.#abort(reason);
    }
    static access(stream) {
      return {
        write: (chunk) => stream.#write(chunk),
        close: () => stream.#close(),
        abort: (reason) => stream.#abort(reason),
        lock(writer) {
          if (stream.#writer !== null) throw new TypeError("Invalid state: WritableStream is locked");
          stream.#writer = writer;
        },
        unlock() { stream.#writer = null; },
        state: () => stream.#state,
        settled: () => stream.#chain,
      };
    }
  }
  const writableAccess = WritableStream.access;
  delete WritableStream.access;

  class WritableStreamDefaultWriter {
    #stream;
    constructor(stream) {
      if (!(stream instanceof WritableStream)) {
        throw new TypeError("WritableStreamDefaultWriter: the argument must be a WritableStream");
      }
      writableAccess(stream).lock(this);
      this.#stream = stream;
    }
    #access() {
      if (!this.#stream) throw new TypeError("Invalid state: Writer has been released");
      return writableAccess(this.#stream);
    }
    write(chunk) { try { return this.#access().write(chunk); } catch (e) { return Promise.reject(e); } }
    close() { try { return this.#access().close(); } catch (e) { return Promise.reject(e); } }
    abort(reason = undefined) { try { return this.#access().abort(reason); } catch (e) { return Promise.reject(e); } }
    releaseLock() {
      if (!this.#stream) return;
      writableAccess(this.#stream).unlock();
      this.#stream = null;
    }
    get ready() { return Promise.resolve(undefined); }
    get desiredSize() { return this.#stream && writableAccess(this.#stream).state() === "writable" ? 1 : 0; }
    get closed() {
      if (!this.#stream) return Promise.reject(new TypeError("Invalid state: Writer has been released"));
      const access = writableAccess(this.#stream);
      return access.settled().then(() => {
        if (access.state() === "errored") throw new TypeError("Invalid state: WritableStream is errored");
      });
    }
  }

  /** A writable side whose chunks come out of a readable side, changed by `transformer.transform` (identity
   * without one); `flush` runs at the end. */
  class TransformStream {
    #readable;
    #writable;
    constructor(transformer = {}, writableStrategy = undefined, readableStrategy = undefined) {
      void writableStrategy;
      void readableStrategy;
      let output;
      this.#readable = new ReadableStream({ start(controller) { output = controller; } });
      const controller = {
        enqueue: (chunk) => output.enqueue(chunk),
        error: (reason) => output.error(reason),
        terminate: () => output.close(),
        get desiredSize() { return output.desiredSize; },
      };
      const started = Promise.resolve().then(() => transformer.start?.call(transformer, controller));
      this.#writable = new WritableStream({
        async write(chunk) {
          await started;
          if (typeof transformer.transform === "function") await transformer.transform.call(transformer, chunk, controller);
          else controller.enqueue(chunk);
        },
        async close() {
          await started;
          await transformer.flush?.call(transformer, controller);
          output.close();
        },
        abort(reason) { output.error(reason); },
      });
    }
    get readable() { return this.#readable; }
    get writable() { return this.#writable; }
  }

  /** Bytes in, text out (`decode` with `stream: true`: a character split between chunks is decoded whole). */
  class TextDecoderStream {
    #decoder;
    #options;
    #transform;
    constructor(label = "utf-8", options = {}) {
      const decoder = new TextDecoder(label, options);
      this.#decoder = decoder;
      this.#options = { fatal: Boolean(options?.fatal), ignoreBOM: Boolean(options?.ignoreBOM) };
      this.#transform = new TransformStream({
        transform(chunk, controller) {
          const text = decoder.decode(chunk, { stream: true });
          if (text) controller.enqueue(text);
        },
        flush(controller) {
          const text = decoder.decode();
          if (text) controller.enqueue(text);
        },
      });
    }
    get encoding() { return this.#decoder.encoding; }
    get fatal() { return this.#options.fatal; }
    get ignoreBOM() { return this.#options.ignoreBOM; }
    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }

  /** Text in, UTF-8 bytes out. */
  class TextEncoderStream {
    #transform = new TransformStream({
      transform(chunk, controller) { controller.enqueue(encoder.encode(String(chunk))); },
    });
    get encoding() { return "utf-8"; }
    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }

  /** A stream of one chunk (a body given as bytes). */
  function streamOf(bytes) {
    return new ReadableStream({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }

  /** The stream of a fetched body: the request's thread's chunks, as they come. */
  function streamOfNative(handle) {
    return new ReadableStream({
      async pull(controller) {
        const chunk = await native.readBody(handle);
        if (chunk === null) controller.close(); else controller.enqueue(chunk);
      },
      cancel() { native.cancelBody(handle); },
    });
  }

  /** Every chunk of a stream, joined (at most MAX_BODY_BYTES, as a whole body read has always been). */
  async function readAll(stream) {
    const chunks = [];
    let length = 0;
    for await (const chunk of stream) {
      const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk.buffer ?? chunk);
      length += bytes.byteLength;
      if (length > MAX_BODY_BYTES) throw new TypeError(`Body is larger than ${MAX_BODY_BYTES / 1048576} MiB; read response.body instead`);
      chunks.push(bytes);
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const bytes of chunks) { out.set(bytes, at); at += bytes.byteLength; }
    return out;
  }
  const MAX_BODY_BYTES = 64 * 1024 * 1024;

  // ---- Blob, File, FormData ------------------------------------------------------------------------------
  /** A copy of the bytes of a BufferSource. */
  function copyOf(data) {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }
  function concat(chunks) {
    const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
    let at = 0;
    for (const chunk of chunks) { out.set(chunk, at); at += chunk.byteLength; }
    return out;
  }
  /** A Blob's type: lower-cased, or "" when it has a character outside U+0020–U+007E (File API §3.1). */
  function blobType(type) {
    const text = type === undefined ? "" : String(type);
    return /^[\x20-\x7e]*$/.test(text) ? text.toLowerCase() : "";
  }
  /** The bytes of Blob parts (File API's "process blob parts"): strings as UTF-8, line endings as given or
   * as the platform's ("native": `\r\n` becomes `\n`; a lone `\r` stays, as in Node). */
  function blobBytes(parts, endings) {
    if (parts === undefined) return new Uint8Array(0);
    if (parts === null || typeof parts !== "object" || typeof parts[Symbol.iterator] !== "function") {
      throw new TypeError("Blob: the parts must be a sequence (an array of strings, bytes or Blobs)");
    }
    const chunks = [];
    for (const part of parts) {
      if (part instanceof Blob) chunks.push(blobBytesOf(part));
      else if (part instanceof ArrayBuffer || ArrayBuffer.isView(part)) chunks.push(copyOf(part));
      else {
        const text = String(part);
        chunks.push(encoder.encode(endings === "native" ? text.replace(/\r\n/g, "\n") : text));
      }
    }
    return concat(chunks);
  }
  function blobOptions(options) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object" && typeof options !== "function") {
      throw new TypeError("Blob: the options must be an object");
    }
    const endings = options.endings === undefined ? "transparent" : String(options.endings);
    if (endings !== "transparent" && endings !== "native") {
      throw new TypeError(`Blob: endings must be "transparent" or "native", not ${JSON.stringify(endings)}`);
    }
    return { type: options.type, endings };
  }
  /** A relative index of `slice` (negative from the end), clamped to [0, size]. */
  function sliceIndex(value, size, fallback) {
    if (value === undefined) return fallback;
    const n = Math.trunc(Number(value)) || 0;
    return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
  }

  class Blob {
    #bytes;
    #type;
    constructor(parts = undefined, options = undefined) {
      const { type, endings } = blobOptions(options);
      this.#bytes = blobBytes(parts, endings);
      this.#type = blobType(type);
    }
    get size() { return this.#bytes.byteLength; }
    get type() { return this.#type; }
    slice(start = undefined, end = undefined, contentType = undefined) {
      const size = this.#bytes.byteLength;
      const from = sliceIndex(start, size, 0);
      const to = sliceIndex(end, size, size);
      const blob = new Blob([], { type: contentType });
      blob.#bytes = this.#bytes.slice(from, Math.max(from, to));
      return blob;
    }
    async text() { return new TextDecoder().decode(this.#bytes); }
    async arrayBuffer() { return this.#bytes.slice().buffer; }
    async bytes() { return this.#bytes.slice(); }
    stream() { return streamOf(this.#bytes.slice()); }
    static bytesOf(blob) { return blob.#bytes; }
  }
  const blobBytesOf = Blob.bytesOf;
  delete Blob.bytesOf;

  class File extends Blob {
    #name;
    #lastModified;
    constructor(bits, name, options = undefined) {
      if (arguments.length < 2) {
        throw new TypeError("File: the fileBits and fileName arguments must be specified");
      }
      super(bits, options);
      this.#name = String(name);
      const lastModified = options?.lastModified;
      this.#lastModified = lastModified === undefined ? Date.now() : Math.trunc(Number(lastModified)) || 0;
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
  }

  /** A FormData entry's value: a string, or a File (a Blob given becomes one, named `filename` or "blob"). */
  function entryValue(value, filename, given) {
    if (!(value instanceof Blob)) {
      if (given > 2) throw new TypeError("FormData: a filename is only for a Blob or a File value");
      return String(value);
    }
    if (value instanceof File && filename === undefined) return value;
    const name = filename !== undefined ? String(filename) : value instanceof File ? value.name : "blob";
    return new File([value], name, {
      type: value.type, lastModified: value instanceof File ? value.lastModified : undefined,
    });
  }
  function needs(count, given, what) {
    if (given < count) {
      throw new TypeError(`FormData.${what}: ${count} argument${count > 1 ? "s" : ""} required, but only ${given} present`);
    }
  }

  class FormData {
    #entries = []; // [name, string or File], in order
    constructor(form = undefined) {
      if (form !== undefined) throw new TypeError("FormData: a form element is not supported here (there is no DOM)");
    }
    append(name, value, filename = undefined) {
      needs(2, arguments.length, "append");
      this.#entries.push([String(name), entryValue(value, filename, arguments.length)]);
    }
    set(name, value, filename = undefined) {
      needs(2, arguments.length, "set");
      const key = String(name);
      const entry = [key, entryValue(value, filename, arguments.length)];
      const first = this.#entries.findIndex(([n]) => n === key);
      if (first === -1) { this.#entries.push(entry); return; }
      this.#entries = this.#entries.filter(([n], i) => n !== key || i === first);
      this.#entries[first] = entry;
    }
    delete(name) { needs(1, arguments.length, "delete"); const key = String(name); this.#entries = this.#entries.filter(([n]) => n !== key); }
    get(name) { needs(1, arguments.length, "get"); const key = String(name); return this.#entries.find(([n]) => n === key)?.[1] ?? null; }
    getAll(name) { needs(1, arguments.length, "getAll"); const key = String(name); return this.#entries.filter(([n]) => n === key).map(([, v]) => v); }
    has(name) { needs(1, arguments.length, "has"); const key = String(name); return this.#entries.some(([n]) => n === key); }
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== "function") throw new TypeError("FormData.forEach: the callback must be a function");
      for (const [name, value] of this.#entries.slice()) callback.call(thisArg, value, name, this);
    }
    *entries() { for (const [name, value] of this.#entries.slice()) yield [name, value]; }
    *keys() { for (const [name] of this.#entries.slice()) yield name; }
    *values() { for (const [, value] of this.#entries.slice()) yield value; }
    [Symbol.iterator]() { return this.entries(); }
    static entriesOf(form) { return form.#entries; }
  }
  const formEntriesOf = FormData.entriesOf;
  delete FormData.entriesOf;

  /** multipart/form-data of `form` (HTML's encoding algorithm): [bytes, content type]. */
  function multipart(form) {
    const boundary = "----formdata-vmjs-" + String(Math.random()).slice(2, 13).padEnd(11, "0");
    const escape = (text) => text.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
    const chunks = [];
    for (const [name, value] of formEntriesOf(form)) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name.replace(/\r\n?|\n/g, "\r\n"))}"`;
      if (typeof value === "string") {
        chunks.push(encoder.encode(`${head}\r\n\r\n${value.replace(/\r\n?|\n/g, "\r\n")}\r\n`));
      } else {
        head += `; filename="${escape(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
        chunks.push(encoder.encode(head), blobBytesOf(value), encoder.encode("\r\n"));
      }
    }
    chunks.push(encoder.encode(`--${boundary}--\r\n`));
    return [concat(chunks), `multipart/form-data; boundary=${boundary}`];
  }

  /** The FormData of a body of `type` (multipart/form-data or application/x-www-form-urlencoded). */
  function parseFormData(bytes, type) {
    const form = new FormData();
    const mime = type.split(";")[0].trim().toLowerCase();
    if (mime === "application/x-www-form-urlencoded") {
      for (const [name, value] of new URLSearchParams(new TextDecoder().decode(bytes))) form.append(name, value);
      return form;
    }
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
    if (mime !== "multipart/form-data" || boundary === null) {
      throw new TypeError(`Body.formData: the body is not form data (content type ${JSON.stringify(type)})`);
    }
    // Bytes as Latin-1 text, so that offsets are byte offsets and file contents survive unchanged.
    let text = "";
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    const delimiter = "--" + (boundary[1] ?? boundary[2]);
    const parts = text.split(delimiter);
    if (parts.length < 3 || !parts[parts.length - 1].startsWith("--")) {
      throw new TypeError("Body.formData: the multipart body is malformed (no closing boundary)");
    }
    const utf8 = (latin1) => new TextDecoder().decode(Uint8Array.from(latin1, (c) => c.charCodeAt(0)));
    for (const part of parts.slice(1, -1)) {
      const split = part.indexOf("\r\n\r\n");
      if (!part.startsWith("\r\n") || split === -1 || !part.endsWith("\r\n")) {
        throw new TypeError("Body.formData: the multipart body is malformed (a part without headers)");
      }
      const headers = part.slice(2, split).split("\r\n");
      const body = part.slice(split + 4, -2);
      const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? "";
      const field = (key) => new RegExp(`;\\s*${key}="([^"]*)"`, "i").exec(disposition)?.[1];
      const name = field("name");
      if (name === undefined) throw new TypeError("Body.formData: a part has no name");
      const filename = field("filename");
      if (filename === undefined) { form.append(utf8(name), utf8(body)); continue; }
      const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, "") ?? "";
      form.append(utf8(name), new File([Uint8Array.from(body, (c) => c.charCodeAt(0))], utf8(filename), { type: contentType }));
    }
    return form;
  }

  // ---- bodies ------------------------------------------------------------------------------------------
  /** [bytes or null, content type or null] of a body given to Request or Response. */
  function extractBody(body) {
    if (body === undefined || body === null) return [null, null];
    if (typeof body === "string") return [encoder.encode(body), "text/plain;charset=UTF-8"];
    if (body instanceof URLSearchParams) {
      return [encoder.encode(body.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
    }
    if (body instanceof Blob) return [blobBytesOf(body).slice(), body.type || null];
    if (body instanceof FormData) return multipart(body);
    if (body instanceof ArrayBuffer) return [new Uint8Array(body.slice(0)), null];
    if (ArrayBuffer.isView(body)) {
      return [new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
    }
    return [encoder.encode(String(body)), "text/plain;charset=UTF-8"];
  }

  /** The shared part of Request and Response: a body read once — bytes given to the constructor, or a
   * stream (a fetched body). */
  class Body {
    #bytes;
    #stream = null;
    #used = false;
    constructor(bytes, stream = null) { this.#bytes = bytes; this.#stream = stream; }
    get body() {
      if (this.#stream === null && this.#bytes !== null) this.#stream = streamOf(this.#bytes);
      return this.#stream;
    }
    get bodyUsed() { return this.#used || (this.#stream !== null && streamAccess(this.#stream).disturbed()); }
    async #take() {
      if (this.bodyUsed || (this.#stream !== null && this.#stream.locked)) {
        throw new TypeError("Body is unusable: Body has already been read");
      }
      this.#used = true;
      if (this.#stream !== null) return readAll(this.#stream);
      return this.#bytes ?? new Uint8Array(0);
    }
    async arrayBuffer() { const b = await this.#take(); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async bytes() { return new Uint8Array(await this.arrayBuffer()); }
    async text() { return new TextDecoder().decode(await this.#take()); }
    async json() { return JSON.parse(await this.text()); }
    async blob() { return new Blob([await this.#take()], { type: this.headers.get("content-type") ?? "" }); }
    async formData() { return parseFormData(await this.#take(), this.headers.get("content-type") ?? ""); }
    static bytesOf(body) { return body.#bytes; }
    static usedOf(body) { return body.bodyUsed; }
    /** For clone(): a stream body is split in two (this body keeps one branch); bytes are shared. */
    static splitOf(body) {
      if (body.#stream === null) return { bytes: body.#bytes, stream: null };
      const [mine, theirs] = body.#stream.tee();
      body.#stream = mine;
      return { bytes: null, stream: theirs };
    }
  }
  const bytesOf = Body.bytesOf;
  const usedOf = Body.usedOf;
  const splitOf = Body.splitOf;
  delete Body.bytesOf;
  delete Body.usedOf;
  delete Body.splitOf;

  // ---- Request -----------------------------------------------------------------------------------------
  const METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];
  class Request extends Body {
    #url; #method; #headers; #signal; #redirect;
    constructor(input, init = {}) {
      const from = input instanceof Request ? input : null;
      let url;
      try { url = new URL(from ? from.url : String(input)).href; } catch {
        throw new TypeError(`Failed to parse URL from ${from ? from.url : String(input)}`);
      }
      let method = String(init.method ?? from?.method ?? "GET");
      if (METHODS.includes(method.toUpperCase())) method = method.toUpperCase();
      if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const headers = new Headers(init.headers ?? from?.headers);
      if (init.duplex !== undefined && String(init.duplex) !== "half") {
        throw new TypeError(`Request: duplex must be "half", not ${JSON.stringify(String(init.duplex))}`);
      }
      // A stream is read when the request is sent (as Deno does, `duplex: "half"` is not required).
      const stream = "body" in init
        ? (init.body instanceof ReadableStream ? init.body : null)
        : (from !== null && bytesOf(from) === null ? from.body : null);
      let [bytes, type] = stream !== null ? [null, null]
        : "body" in init ? extractBody(init.body) : [from ? bytesOf(from) : null, null];
      if ((bytes !== null || stream !== null) && (method === "GET" || method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body.");
      }
      if (type !== null && !headers.has("content-type")) headers.set("content-type", type);
      super(bytes, stream);
      this.#url = url;
      this.#method = method;
      this.#headers = headers;
      this.#signal = init.signal ?? from?.signal ?? null;
      const redirect = String(init.redirect ?? from?.redirect ?? "follow");
      if (!["follow", "manual", "error"].includes(redirect)) {
        throw new TypeError(`Request: redirect must be "follow", "manual" or "error", not ${JSON.stringify(redirect)}`);
      }
      this.#redirect = redirect;
    }
    get url() { return this.#url; }
    get method() { return this.#method; }
    get headers() { return this.#headers; }
    get signal() { return this.#signal; }
    get redirect() { return this.#redirect; }
    clone() {
      if (this.bodyUsed) throw new TypeError("Request.clone: Body has already been consumed.");
      return new Request(this);
    }
    static fieldsOf(r) {
      return { method: r.#method, url: r.#url, headers: r.#headers, redirect: r.#redirect, bodyUsed: usedOf(r) };
    }
  }
  const requestFields = Request.fieldsOf;
  delete Request.fieldsOf;

  // ---- Response ----------------------------------------------------------------------------------------
  const internal = Symbol("vmjs.response");
  class Response extends Body {
    #status; #statusText; #headers; #url; #redirected; #type;
    constructor(body = null, init = {}) {
      const raw = init[internal];
      const given = !raw && body instanceof ReadableStream ? body : null;
      const [bytes, type] = raw ? [raw.bytes ?? null, null] : given ? [null, null] : extractBody(body);
      const stream = given ?? raw?.stream ?? (raw?.native ? streamOfNative(raw.native) : null);
      super(bytes, stream);
      const status = raw ? raw.status : init.status === undefined ? 200 : Number(init.status);
      if (!raw && (!Number.isInteger(status) || status < 200 || status > 599)) {
        throw new RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
      }
      this.#status = status;
      this.#statusText = String(raw ? raw.statusText : init.statusText ?? "");
      this.#headers = new Headers(raw ? raw.headers : init.headers);
      if (type !== null && !this.#headers.has("content-type")) this.#headers.set("content-type", type);
      this.#url = raw ? raw.url : "";
      this.#redirected = raw ? raw.redirected : false;
      this.#type = raw ? "basic" : "default";
    }
    get status() { return this.#status; }
    get statusText() { return this.#statusText; }
    get ok() { return this.#status >= 200 && this.#status <= 299; }
    get headers() { return this.#headers; }
    get url() { return this.#url; }
    get redirected() { return this.#redirected; }
    get type() { return this.#type; }
    clone() {
      if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
      return new Response(null, { [internal]: {
        status: this.#status, statusText: this.#statusText, headers: pairsOf(this.#headers), url: this.#url,
        redirected: this.#redirected, ...splitOf(this),
      } });
    }
    static json(data, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      return new Response(JSON.stringify(data), { ...init, headers });
    }
    static fieldsOf(r) {
      return {
        status: r.#status, statusText: r.#statusText, headers: r.#headers, bodyUsed: usedOf(r),
        ok: r.#status >= 200 && r.#status <= 299, redirected: r.#redirected, type: r.#type, url: r.#url,
      };
    }
    static redirect(url, status = 302) {
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid status code ${status}`);
      return new Response(null, { status, headers: { location: new URL(String(url)).href } });
    }
  }

  const responseFields = Response.fieldsOf;
  delete Response.fieldsOf;

  // ---- fetch -------------------------------------------------------------------------------------------
  function abortReason(signal) {
    return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
  }

  // A plain function, as Node's and browsers' `fetch` is (it prints `[Function: fetch]`), over the async work.
  function fetch(input, init = undefined) {
    return fetchResponse(input, init);
  }

  async function fetchResponse(input, init) {
    const request = new Request(input, init ?? {});
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);
    if (usedOf(request)) throw new TypeError("fetch: the request's body has already been read");
    const token = { abandoned: false };
    // A stream body is read whole first (up to the body limit); the request then goes out as with bytes.
    const bytes = bytesOf(request) ?? (request.body !== null ? await request.bytes() : undefined);
    const sent = native.send(request.method, request.url, pairsOf(request.headers), bytes, request.redirect, token);
    const raw = await (signal
      ? new Promise((resolve, reject) => {
        const onAbort = () => { token.abandoned = true; reject(abortReason(signal)); };
        signal.addEventListener("abort", onAbort, { once: true });
        sent.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      })
      : sent);
    const { body, ...head } = raw;
    const response = new Response(null, { [internal]: { ...head, native: body } });
    // Aborting after the head came fails the body's reads, as in browsers and Node.
    signal?.addEventListener("abort", () => {
      native.cancelBody(body);
      const stream = response.body;
      if (stream !== null) streamAccess(stream).fail?.(abortReason(signal));
    }, { once: true });
    return response;
  }

  const streamClasses = {
    ReadableStream, ReadableStreamDefaultReader, WritableStream, WritableStreamDefaultWriter, TransformStream,
    TextDecoderStream, TextEncoderStream,
  };
  for (const [klass, tag] of [[Headers, "Headers"], [Request, "Request"], [Response, "Response"], [Blob, "Blob"],
    [File, "File"], [FormData, "FormData"],
    ...Object.entries(streamClasses).map(([name, klass]) => [klass, name])]) {
    Object.defineProperty(klass.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // Printed as Node prints them (fields, not internals), read from the private state, so printing calls no
  // method code could have replaced: `Headers { 'content-type': 'text/plain' }`, `Response { status: 200, … }`.
  native.printEntries(Headers.prototype, (headers) => Object.fromEntries(combined(pairsOf(headers))));
  native.printEntries(Request.prototype, requestFields);
  native.printEntries(Response.prototype, responseFields);
  native.printEntries(ReadableStream.prototype, (stream) => ({
    locked: stream.locked, state: streamAccess(stream).state(), supportsBYOB: false,
  }));
  native.printEntries(Blob.prototype, (blob) => (blob instanceof File
    ? { size: blob.size, type: blob.type, name: blob.name, lastModified: blob.lastModified }
    : { size: blob.size, type: blob.type }));
  // A name given more than once shows its values as an array, as Node shows them.
  native.printEntries(FormData.prototype, (form) => {
    const shown = {};
    for (const [name, value] of formEntriesOf(form)) {
      shown[name] = Object.hasOwn(shown, name) ? [].concat(shown[name], [value]) : value;
    }
    return shown;
  });
  return { fetch, Headers, Request, Response, Blob, File, FormData, ...streamClasses };
})
