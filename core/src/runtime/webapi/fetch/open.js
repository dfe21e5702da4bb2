// vmjs fetch: Headers, Request, Response and fetch() as in Deno, Node and browsers, over the native `send`
// (webapi/fetch.rs), which checks every host against the template's `net:` grants.
//
// Evaluated the first time code names one of these globals (`lazy.rs`), after the Web APIs' prelude, whose
// object (`web`: DOMException, AbortSignal, URLSearchParams) is the second argument. A fetched body streams:
// `response.body` is a `ReadableStream` fed by the request's thread as the bytes arrive (`native.readBody`);
// `text`, `json`, `arrayBuffer` and `bytes` read it to its end. The streams (readable, writable, transform, the
// text coders') are the default kind, without BYOB readers or queuing strategies.
//
// One function expression, written in five files that `webapi/mod.rs` joins in this order: `open.js` (this
// opening), `headers.js`, `streams.js`, `blob.js` (Blob, File, FormData and multipart/form-data), `fetch.js`
// (bodies, Request, Response, fetch and the closing `return`). They share this function's scope.
(function (native, web) {
  "use strict";
  const { DOMException, URLSearchParams } = web;
  const { TextEncoder, TextDecoder } = globalThis;
  const encoder = new TextEncoder();

