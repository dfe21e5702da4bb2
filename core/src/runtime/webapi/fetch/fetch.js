  // ---- body streams ------------------------------------------------------------------------------------
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
    return concat(chunks);
  }
  const MAX_BODY_BYTES = 64 * 1024 * 1024;

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
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return [copyOf(body), null];
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
