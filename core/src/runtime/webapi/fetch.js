// vmjs fetch: Headers, Request, Response and fetch() as in Deno, Node and browsers, over the native `send`
// (webapi/fetch.rs), which checks every host against the template's `net:` grants.
//
// Evaluated the first time code names one of these globals (`lazy.rs`), after the Web APIs' prelude, whose
// object (`web`: DOMException, AbortSignal, URLSearchParams) is the second argument. Bodies are read whole
// (`text`, `json`, `arrayBuffer`, `bytes`); there is no `ReadableStream` body.
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

  // ---- bodies ------------------------------------------------------------------------------------------
  /** [bytes or null, content type or null] of a body given to Request or Response. */
  function extractBody(body) {
    if (body === undefined || body === null) return [null, null];
    if (typeof body === "string") return [encoder.encode(body), "text/plain;charset=UTF-8"];
    if (body instanceof URLSearchParams) {
      return [encoder.encode(body.toString()), "application/x-www-form-urlencoded;charset=UTF-8"];
    }
    if (body instanceof ArrayBuffer) return [new Uint8Array(body.slice(0)), null];
    if (ArrayBuffer.isView(body)) {
      return [new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)), null];
    }
    return [encoder.encode(String(body)), "text/plain;charset=UTF-8"];
  }

  /** The shared part of Request and Response: a body read once. */
  class Body {
    #bytes;
    #used = false;
    constructor(bytes) { this.#bytes = bytes; }
    get body() { return null; }
    get bodyUsed() { return this.#used; }
    #take() {
      if (this.#used) return Promise.reject(new TypeError("Body is unusable: Body has already been read"));
      this.#used = true;
      return Promise.resolve(this.#bytes ?? new Uint8Array(0));
    }
    async arrayBuffer() { const b = await this.#take(); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async bytes() { return new Uint8Array(await this.arrayBuffer()); }
    async text() { return new TextDecoder().decode(await this.#take()); }
    async json() { return JSON.parse(await this.text()); }
    static bytesOf(body) { return body.#bytes; }
    static usedOf(body) { return body.#used; }
  }
  const bytesOf = Body.bytesOf;
  const usedOf = Body.usedOf;
  delete Body.bytesOf;
  delete Body.usedOf;

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
      let [bytes, type] = "body" in init ? extractBody(init.body) : [from ? bytesOf(from) : null, null];
      if (bytes !== null && (method === "GET" || method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body.");
      }
      if (type !== null && !headers.has("content-type")) headers.set("content-type", type);
      super(bytes);
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
      const [bytes, type] = raw ? [raw.body, null] : extractBody(body);
      super(bytes);
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
        redirected: this.#redirected, body: bytesOf(this),
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

  async function fetch(input, init = undefined) {
    const request = new Request(input, init ?? {});
    const signal = request.signal;
    if (signal?.aborted) throw abortReason(signal);
    if (usedOf(request)) throw new TypeError("fetch: the request's body has already been read");
    const token = { abandoned: false };
    const sent = native.send(request.method, request.url, pairsOf(request.headers), bytesOf(request) ?? undefined,
      request.redirect, token);
    const raw = await (signal
      ? new Promise((resolve, reject) => {
        const onAbort = () => { token.abandoned = true; reject(abortReason(signal)); };
        signal.addEventListener("abort", onAbort, { once: true });
        sent.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      })
      : sent);
    return new Response(null, { [internal]: raw });
  }

  for (const [klass, tag] of [[Headers, "Headers"], [Request, "Request"], [Response, "Response"]]) {
    Object.defineProperty(klass.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  }
  // Printed as Node prints them (fields, not internals), read from the private state, so printing calls no
  // method code could have replaced: `Headers { 'content-type': 'text/plain' }`, `Response { status: 200, … }`.
  native.printEntries(Headers.prototype, (headers) => Object.fromEntries(combined(pairsOf(headers))));
  native.printEntries(Request.prototype, requestFields);
  native.printEntries(Response.prototype, responseFields);
  return { fetch, Headers, Request, Response };
})
