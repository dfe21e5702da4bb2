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

