  // ---- Blob, File, FormData ------------------------------------------------------------------------------
  // Bytes (also the bodies' in `fetch.js`).
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
    const bytesOfLatin1 = (latin1) => Uint8Array.from(latin1, (c) => c.charCodeAt(0));
    const utf8 = (latin1) => new TextDecoder().decode(bytesOfLatin1(latin1));
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
      form.append(utf8(name), new File([bytesOfLatin1(body)], utf8(filename), { type: contentType }));
    }
    return form;
  }

