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

