// Jupyter comms and widgets: `Jupyter.comm` (the comm protocol both ways), `Jupyter.widget` (anywidget's model)
// and `Jupyter.widgets` (ipywidgets' standard controls over the Jupyter widgets protocol 2.1).
//
// Compiled with widgets.js the first time code reads `Jupyter.comm`, `Jupyter.widget` or `Jupyter.widgets`, or
// a frontend's comm message arrives (display/interactive.rs; the display API itself does not pay for it): a
// function expression called with the display natives (`broadcast`, `randomBytes`) and the display API's
// `format`; returns the comm API, the widget `Model` and `deliver`, which the engine calls with each comm
// message a frontend sends (an execution of kind `comm`, runtime/comm.rs).
(function (native, format) {
  "use strict";
  const $display = Symbol.for("Jupyter.display");
  const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
  const WIDGET_TARGET = "jupyter.widget";
  const CONTROL_TARGET = "jupyter.widget.control";
  const PROTOCOL_VERSION = "2.1.0";
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const ArrayBufferCtor = ArrayBuffer;
  const Uint8ArrayCtor = Uint8Array;
  const MapCtor = Map;
  const SetCtor = Set;
  const PromiseCtor = Promise;
  const TypeErrorCtor = TypeError;
  const ErrorCtor = Error;
  const StringOf = String;
  const entries = Object.entries;
  const getPrototypeOf = Object.getPrototypeOf;
  const ObjectProto = Object.prototype;
  const JSONStringify = JSON.stringify;

  const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");
  const isThenable = (v) => isObject(v) && typeof v.then === "function";
  const isPlain = (v) => isObject(v) && !isArray(v) && (getPrototypeOf(v) === ObjectProto || getPrototypeOf(v) === null);
  const isBinary = (v) => v instanceof ArrayBufferCtor || isView(v);

  /** Waits for every promise among `results` (so an async handler's failure fails the delivery). */
  const settled = (results) => {
    const pending = results.filter(isThenable);
    return pending.length === 0 ? undefined : PromiseCtor.all(pending).then(() => undefined);
  };

  const bytesOf = (b, where) => {
    if (b instanceof ArrayBufferCtor) return new Uint8ArrayCtor(b);
    if (isView(b)) return new Uint8ArrayCtor(b.buffer, b.byteOffset, b.byteLength);
    throw new TypeErrorCtor(`${where}: a buffer must be an ArrayBuffer, a typed array or a DataView`);
  };
  const buffersOf = (buffers, where) => {
    if (buffers === undefined || buffers === null) return [];
    if (!isArray(buffers)) throw new TypeErrorCtor(`${where}: buffers must be an array`);
    return buffers.map((b) => bytesOf(b, where));
  };
  const objectOf = (value, where) => {
    if (value === undefined || value === null) return {};
    if (!isObject(value) || isArray(value)) throw new TypeErrorCtor(`${where} must be an object`);
    return value;
  };
  const functionOf = (callback, where) => {
    if (typeof callback !== "function") throw new TypeErrorCtor(`${where}: the callback must be a function`);
    return callback;
  };

  /** A fresh comm or model id: 32 hex digits, as ipykernel's (seeded in deterministic mode). */
  const newId = () => native.randomBytes(16).map((x) => x.toString(16).padStart(2, "0")).join("");

  // ----- Comms -----------------------------------------------------------------------------------------------

  const targets = new MapCtor(); // target name → (comm, message) => …
  const comms = new MapCtor(); // comm id → Comm
  const closeComm = Symbol("close");

  /** One end of a comm: `send`, `close`, and the handlers `onMsg` / `onClose` (JupyterLab's API). */
  class Comm {
    #id;
    #target;
    #open = true;
    #onMsg = null;
    #onClose = null;
    constructor(id, target) {
      this.#id = id;
      this.#target = target;
    }
    get commId() {
      return this.#id;
    }
    get targetName() {
      return this.#target;
    }
    get isOpen() {
      return this.#open;
    }
    /** Called with `{content: {comm_id, data}, metadata, buffers: DataView[]}` for each message. */
    get onMsg() {
      return this.#onMsg;
    }
    set onMsg(callback) {
      this.#onMsg = callback === null ? null : functionOf(callback, "comm.onMsg");
    }
    /** Called with the `comm_close` message when the frontend closes the comm. */
    get onClose() {
      return this.#onClose;
    }
    set onClose(callback) {
      this.#onClose = callback === null ? null : functionOf(callback, "comm.onClose");
    }
    /** `comm_msg` to the frontend. */
    send(data, metadata, buffers) {
      if (!this.#open) throw new ErrorCtor(`comm ${this.#id} is closed`);
      const content = { comm_id: this.#id, data: objectOf(data, "comm.send: data") };
      native.broadcast("comm_msg", content, objectOf(metadata, "comm.send: metadata"), buffersOf(buffers, "comm.send"));
    }
    /** `comm_close` to the frontend (once; later calls do nothing). */
    close(data, metadata, buffers) {
      if (!this.#open) return;
      const content = { comm_id: this.#id, data: objectOf(data, "comm.close: data") };
      native.broadcast("comm_close", content, objectOf(metadata, "comm.close: metadata"), buffersOf(buffers, "comm.close"));
      this[closeComm]();
    }
    [closeComm]() {
      this.#open = false;
      comms.delete(this.#id);
    }
  }

  const comm = {
    /** Registers `callback(comm, message)` for the frontend's `comm_open`s to `name` (replacing an earlier one). */
    registerTarget(name, callback) {
      if (typeof name !== "string") throw new TypeErrorCtor("Jupyter.comm.registerTarget: the target name must be a string");
      targets.set(name, functionOf(callback, "Jupyter.comm.registerTarget"));
    },
    unregisterTarget(name) {
      return targets.delete(StringOf(name));
    },
    /** Opens a comm to the frontend's target `target` (`comm_open`); returns the `Comm`. */
    open(target, data, metadata, buffers) {
      if (typeof target !== "string") throw new TypeErrorCtor("Jupyter.comm.open: the target name must be a string");
      const id = newId();
      const content = { comm_id: id, target_name: target, data: objectOf(data, "Jupyter.comm.open: data") };
      native.broadcast("comm_open", content, objectOf(metadata, "Jupyter.comm.open: metadata"), buffersOf(buffers, "Jupyter.comm.open"));
      const opened = new Comm(id, target);
      comms.set(id, opened);
      return opened;
    },
    /** The open comms: `[{commId, targetName}]`. */
    list() {
      return [...comms.values()].map((c) => ({ commId: c.commId, targetName: c.targetName }));
    },
  };

  /**
   * A frontend's comm message (`{action, comm_id, target_name, data, metadata, buffers}`), delivered in
   * arrival order. An open to an unknown target is answered with `comm_close`, as the protocol says; a target
   * whose callback throws has its comm closed; a message for a comm that is gone is dropped (as ipykernel does).
   */
  function deliver(m) {
    const message = { content: { comm_id: m.comm_id, data: m.data ?? {} }, metadata: m.metadata ?? {}, buffers: m.buffers };
    if (m.action === "open") {
      message.content.target_name = m.target_name;
      const callback = targets.get(m.target_name);
      if (callback === undefined) {
        native.broadcast("comm_close", { comm_id: m.comm_id, data: {} }, {}, []);
        return undefined;
      }
      const opened = new Comm(m.comm_id, m.target_name);
      comms.set(m.comm_id, opened);
      let result;
      try {
        result = callback(opened, message);
      } catch (error) {
        opened.close();
        throw error;
      }
      if (isThenable(result)) {
        return PromiseCtor.resolve(result).then(
          () => undefined,
          (error) => {
            opened.close();
            throw error;
          },
        );
      }
      return undefined;
    }
    const target = comms.get(m.comm_id);
    if (target === undefined) return undefined;
    if (m.action === "close") {
      target[closeComm]();
      return target.onClose === null ? undefined : settled([target.onClose(message)]);
    }
    return target.onMsg === null ? undefined : settled([target.onMsg(message)]);
  }

  // ----- Widget models ---------------------------------------------------------------------------------------

  const models = new MapCtor(); // model id → Model
  const REMOVED = Symbol("removed");

  /** Takes the binary values out of a state: `[state, buffer_paths, buffers]`, as ipywidgets sends them. */
  function splitBuffers(state) {
    const paths = [];
    const buffers = [];
    const walk = (value, path) => {
      if (isBinary(value)) {
        paths.push(path);
        buffers.push(bytesOf(value, "widget state"));
        return REMOVED;
      }
      if (isArray(value)) {
        return value.map((item, i) => {
          const out = walk(item, [...path, i]);
          return out === REMOVED ? null : out;
        });
      }
      if (isPlain(value)) {
        const out = {};
        for (const [key, item] of entries(value)) {
          const w = walk(item, [...path, key]);
          if (w !== REMOVED) out[key] = w;
        }
        return out;
      }
      return value;
    };
    return [walk(state, []), paths, buffers];
  }

  /** Puts received buffers back where `buffer_paths` says. */
  function joinBuffers(state, paths, buffers) {
    if (!isArray(paths)) return;
    paths.forEach((path, i) => {
      if (!isArray(path) || path.length === 0 || buffers[i] === undefined) return;
      let node = state;
      for (const key of path.slice(0, -1)) {
        if (!isObject(node)) return;
        node = node[key];
      }
      if (isObject(node)) node[path[path.length - 1]] = buffers[i];
    });
  }

  /** Fields a widget's text leaves out (layout and style references, DOM details). */
  const QUIET_FIELDS = ["layout", "style", "tabbable", "tooltip", "description_allow_html"];
  /** A JSON replacer that writes references to other models without their (random) ids. */
  const withoutIds = (_, v) => (typeof v === "string" && v.startsWith("IPY_MODEL_") ? "IPY_MODEL" : v);

  /** A widget model on the kernel side: its state syncs with the frontend's copy both ways. */
  class Model {
    #comm;
    #state;
    #dirty = new SetCtor();
    #listeners = new MapCtor();
    constructor(state) {
      this.#state = { ...state };
      const [wire, paths, buffers] = splitBuffers(this.#state);
      this.#comm = comm.open(WIDGET_TARGET, { state: wire, buffer_paths: paths }, { version: PROTOCOL_VERSION }, buffers);
      this.#comm.onMsg = (message) => this.#receive(message);
      this.#comm.onClose = () => models.delete(this.id);
      models.set(this.id, this);
    }
    /** The model id (`IPY_MODEL_<id>` refers to it in other models' state). */
    get id() {
      return this.#comm.commId;
    }
    get(name) {
      return this.#state[name];
    }
    /** Sets one field (`set("count", 1)`) or several (`set({a, b})`); `save_changes()` sends them. */
    set(name, value) {
      const changes = typeof name === "string" ? { [name]: value } : objectOf(name, "model.set");
      const results = [];
      for (const [key, next] of entries(changes)) {
        const old = this.#state[key];
        this.#state[key] = next;
        this.#dirty.add(key);
        results.push(this.emit(`change:${key}`, next, old));
      }
      return settled(results);
    }
    /** Sends the fields set since the last call to the frontend. */
    save_changes() {
      if (this.#dirty.size === 0) return;
      const changed = {};
      for (const key of this.#dirty) changed[key] = this.#state[key];
      this.#dirty.clear();
      this.#sendState(changed);
    }
    /** `"change:NAME"` → `(value, old)`; `"change"` → `(changes)`; `"msg:custom"` → `(content, buffers)`. */
    on(event, callback) {
      const list = this.#listeners.get(event) ?? [];
      list.push(functionOf(callback, "model.on"));
      this.#listeners.set(event, list);
      return this;
    }
    off(event, callback) {
      if (callback === undefined) this.#listeners.delete(event);
      else this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((f) => f !== callback));
      return this;
    }
    /** A custom message to the frontend's model (anywidget's `model.on("msg:custom")`). */
    send(content, buffers) {
      this.#comm.send({ method: "custom", content }, {}, buffers);
    }
    close() {
      models.delete(this.id);
      this.#comm.close();
    }
    /** The full state, for `request_state` and the control comm: `[state, buffer_paths, buffers]`. */
    fullState() {
      return splitBuffers(this.#state);
    }
    #sendState(state) {
      const [wire, paths, buffers] = splitBuffers(state);
      this.#comm.send({ method: "update", state: wire, buffer_paths: paths }, {}, buffers);
    }
    /** Calls the listeners of `event` with `args`; a promise when one of them returned one. */
    emit(event, ...args) {
      return settled((this.#listeners.get(event) ?? []).map((f) => f(...args)));
    }
    #receive(message) {
      const data = message.content.data;
      switch (data.method) {
        case "update": {
          const state = isPlain(data.state) ? data.state : {};
          joinBuffers(state, data.buffer_paths, message.buffers ?? []);
          const results = [];
          for (const [key, next] of entries(state)) {
            const old = this.#state[key];
            this.#state[key] = next;
            this.#dirty.delete(key);
            results.push(this.emit(`change:${key}`, next, old));
          }
          results.push(this.emit("change", state));
          return settled(results);
        }
        case "request_state":
          this.#sendState(this.#state);
          return undefined;
        case "custom":
          return this.emit("msg:custom", data.content, message.buffers ?? []);
        default:
          return undefined;
      }
    }
    /** The widget view; text/plain names the model and its first public fields (never its random id). */
    [$display]() {
      const model = StringOf(this.#state._model_name ?? "WidgetModel");
      const name = model === "AnyModel" ? "AnyWidget" : model.replace(/Model$/, "");
      const shown = entries(this.#state).filter(
        ([key, value]) => !key.startsWith("_") && value !== null && !QUIET_FIELDS.includes(key),
      );
      const fields = [...shown.filter(([key]) => key === "value"), ...shown.filter(([key]) => key !== "value")]
        .slice(0, 4)
        .map(([key, value]) => {
          const text = isBinary(value) ? `<${value.byteLength} bytes>` : JSONStringify(value, withoutIds) ?? StringOf(value);
          return `${key}=${text.length > 40 ? `${text.slice(0, 39)}…` : text}`;
        });
      return {
        [VIEW_MIME]: { version_major: 2, version_minor: 1, model_id: this.id },
        "text/plain": `${name}(${fields.join(", ")})`,
      };
    }
  }

  // The frontend's widget manager asks for every model's state through this target when a page reloads.
  targets.set(CONTROL_TARGET, (control) => {
    control.onMsg = (message) => {
      if (message.content.data.method !== "request_states") return;
      const states = {};
      const bufferPaths = [];
      const buffers = [];
      for (const [id, model] of models) {
        const [state, paths, binary] = model.fullState();
        states[id] = { model_name: state._model_name, model_module: state._model_module, model_module_version: state._model_module_version, state };
        for (let i = 0; i < paths.length; i++) {
          bufferPaths.push([id, "state", ...paths[i]]);
          buffers.push(binary[i]);
        }
      }
      control.send({ method: "update_states", states, buffer_paths: bufferPaths }, {}, buffers);
    };
  });

  return { comm, Model, deliver, format, isPlain, isThenable };
})
