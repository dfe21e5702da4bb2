// The widget APIs over comm.js's models: `Jupyter.widget` (anywidget's model: an ES module renders it in the
// browser with the `anywidget` front-end extension) and `Jupyter.widgets` (ipywidgets' standard controls,
// rendered by JupyterLab's widget manager). Compiled with comm.js (display/interactive.rs); called with the
// natives and what comm.js returned.
(function (native, interactive) {
  "use strict";
  const { Model, format, isPlain, isThenable } = interactive;
  const TypeErrorCtor = TypeError;
  const PromiseCtor = Promise;
  const isArray = Array.isArray;
  const keys = Object.keys;
  const defineProperty = Object.defineProperty;
  const StringOf = String;
  const isInteger = Number.isInteger;
  const isFinite = Number.isFinite;

  const BASE = "@jupyter-widgets/base";
  const CONTROLS = "@jupyter-widgets/controls";
  const OUTPUT = "@jupyter-widgets/output";
  const WIDGETS_VERSION = "2.0.0";
  const OUTPUT_VERSION = "1.0.0";
  // The JupyterLab widget manager loads a model's module by semver range: anywidget's Python package announces
  // `~MAJOR.MINOR.*` of itself; this range takes any front end from 0.9 on (its `render({model, el})` API).
  const ANYWIDGET_VERSION = ">=0.9.0";

  const modelOf = (module, version, model, view, viewModule = module) => ({
    _model_module: module,
    _model_module_version: version,
    _model_name: model,
    _view_count: null,
    _view_module: viewModule,
    _view_module_version: version,
    _view_name: view,
  });
  const ref = (model) => `IPY_MODEL_${model.id}`;

  const optionsOf = (options, where) => {
    if (options === undefined || options === null) return {};
    if (!isPlain(options)) throw new TypeErrorCtor(`${where}: options must be an object`);
    return options;
  };

  /** Every DOM widget refers to a Layout model, as ipywidgets' do. */
  const layout = () => new Model(modelOf(BASE, WIDGETS_VERSION, "LayoutModel", "LayoutView"));

  /** A style model of the controls module (shown by the base module's StyleView), with ipywidgets' fields. */
  const style = (name, fields) => new Model({ ...modelOf(CONTROLS, WIDGETS_VERSION, name, "StyleView", BASE), ...fields });
  const FONT = { font_family: null, font_size: null, font_style: null, font_variant: null, font_weight: null, text_color: null, text_decoration: null };

  /** The fields every DOM widget has. */
  const domState = () => ({ _dom_classes: [], layout: ref(layout()), tabbable: null, tooltip: null });

  /**
   * A widget whose public fields are properties (`slider.value = 3` syncs at once); `on("change", (value, old)
   * => …)` listens to its value, `on("click", …)` to a button's clicks.
   */
  class Control extends Model {
    constructor(state) {
      super(state);
      for (const field of keys(state)) {
        if (field.startsWith("_") || field === "layout" || field === "style" || field === "value") continue;
        this.#define(field);
      }
      if ("value" in state) this.#define("value");
    }
    #define(field) {
      defineProperty(this, field, {
        get: () => this.get(field),
        set: (value) => {
          this.set(field, value);
          this.save_changes();
        },
        enumerable: true,
        configurable: true,
      });
    }
    on(event, callback) {
      return super.on(event === "change" ? "change:value" : event, callback);
    }
    off(event, callback) {
      return super.off(event === "change" ? "change:value" : event, callback);
    }
  }

  /** The state of a described control: DOM fields, a style, `description`, `disabled`, then `fields`. */
  function controlState(names, styleName, styleFields, fields) {
    return {
      ...modelOf(CONTROLS, WIDGETS_VERSION, `${names}Model`, `${names}View`),
      ...domState(),
      description: "",
      description_allow_html: false,
      disabled: false,
      style: ref(style(styleName, styleFields)),
      ...fields,
    };
  }

  /** `description`, `disabled` and `tooltip` from the caller's options, checked. */
  function common(options, where) {
    const out = {};
    if (options.description !== undefined) out.description = StringOf(options.description);
    if (options.disabled !== undefined) out.disabled = !!options.disabled;
    if (options.tooltip !== undefined) out.tooltip = StringOf(options.tooltip);
    for (const key of keys(options)) {
      if (!ALLOWED[where].includes(key) && !["description", "disabled", "tooltip"].includes(key)) {
        throw new TypeErrorCtor(`Jupyter.widgets.${where}: unknown option ${JSON.stringify(key)}`);
      }
    }
    return out;
  }
  const ALLOWED = {
    slider: ["min", "max", "step", "value", "orientation", "readout", "continuous_update"],
    intSlider: ["min", "max", "step", "value", "orientation", "readout", "continuous_update"],
    floatSlider: ["min", "max", "step", "value", "orientation", "readout", "continuous_update"],
    text: ["value", "placeholder", "continuous_update"],
    checkbox: ["value", "indent"],
    button: ["button_style", "icon"],
    dropdown: ["options", "value"],
    output: [],
    hbox: [],
    vbox: [],
  };

  function slider(options, kind = "slider") {
    options = optionsOf(options, `Jupyter.widgets.${kind}`);
    const numbers = ["min", "max", "step", "value"].filter((k) => options[k] !== undefined);
    for (const k of numbers) {
      if (typeof options[k] !== "number" || !isFinite(options[k])) {
        throw new TypeErrorCtor(`Jupyter.widgets.${kind}: ${k} must be a finite number`);
      }
    }
    const float = kind === "floatSlider" || (kind === "slider" && numbers.some((k) => !isInteger(options[k])));
    if (!float && numbers.some((k) => !isInteger(options[k]))) {
      throw new TypeErrorCtor(`Jupyter.widgets.${kind}: min, max, step and value must be integers`);
    }
    const fields = float ? { min: 0, max: 10, step: 0.1, readout_format: ".2f" } : { min: 0, max: 100, step: 1, readout_format: "d" };
    for (const k of ["min", "max", "step"]) if (options[k] !== undefined) fields[k] = options[k];
    if (fields.min > fields.max) throw new TypeErrorCtor(`Jupyter.widgets.${kind}: min is greater than max`);
    const value = options.value ?? fields.min;
    fields.value = Math.min(fields.max, Math.max(fields.min, value));
    fields.orientation = options.orientation === "vertical" ? "vertical" : "horizontal";
    fields.readout = options.readout ?? true;
    fields.continuous_update = options.continuous_update ?? true;
    fields.behavior = "drag-tap";
    const names = float ? "FloatSlider" : "IntSlider";
    const styleFields = { description_width: "", handle_color: null };
    return new Control({ ...controlState(names, "SliderStyleModel", styleFields, fields), ...common(options, kind) });
  }

  function text(options) {
    options = optionsOf(options, "Jupyter.widgets.text");
    const fields = {
      value: StringOf(options.value ?? ""),
      placeholder: StringOf(options.placeholder ?? "\u200b"),
      continuous_update: options.continuous_update ?? true,
    };
    const styleFields = { background: null, description_width: "", font_size: null, text_color: null };
    return new Control({ ...controlState("Text", "TextStyleModel", styleFields, fields), ...common(options, "text") });
  }

  function checkbox(options) {
    options = optionsOf(options, "Jupyter.widgets.checkbox");
    const fields = { value: !!options.value, indent: options.indent ?? true };
    const styleFields = { background: null, description_width: "" };
    return new Control({ ...controlState("Checkbox", "CheckboxStyleModel", styleFields, fields), ...common(options, "checkbox") });
  }

  /** A button: `on("click", () => …)` runs when it is clicked in the browser. */
  function button(options) {
    options = optionsOf(options, "Jupyter.widgets.button");
    const fields = { button_style: StringOf(options.button_style ?? ""), icon: StringOf(options.icon ?? "") };
    const state = { ...controlState("Button", "ButtonStyleModel", { button_color: null, ...FONT }, fields), ...common(options, "button") };
    delete state.description_allow_html;
    const control = new Control(state);
    control.on("msg:custom", (content) => (isPlain(content) && content.event === "click" ? control.emit("click") : undefined));
    return control;
  }

  /** A dropdown of `options` (labels, or `[label, value]` pairs); `value` is the chosen option's value. */
  function dropdown(options) {
    options = optionsOf(options, "Jupyter.widgets.dropdown");
    if (!isArray(options.options) || options.options.length === 0) {
      throw new TypeErrorCtor("Jupyter.widgets.dropdown: options.options must be a non-empty array of labels or [label, value] pairs");
    }
    const pairs = options.options.map((o) => (isArray(o) && o.length === 2 ? [StringOf(o[0]), o[1]] : [StringOf(o), o]));
    let index = 0;
    if (options.value !== undefined) {
      index = pairs.findIndex(([, v]) => v === options.value);
      if (index < 0) throw new TypeErrorCtor("Jupyter.widgets.dropdown: value is not one of the options");
    }
    const fields = { _options_labels: pairs.map(([label]) => label), index };
    const state = controlState("Dropdown", "DescriptionStyleModel", { description_width: "" }, fields);
    const control = new Control({ ...state, ...common(options, "dropdown") });
    defineProperty(control, "value", {
      get: () => pairs[control.get("index")]?.[1],
      set: (value) => {
        const i = pairs.findIndex(([, v]) => v === value);
        if (i < 0) throw new TypeErrorCtor("dropdown.value: not one of the options");
        control.index = i;
      },
      enumerable: true,
    });
    defineProperty(control, "options", { value: pairs.map(([label, value]) => [label, value]), enumerable: true });
    // The frontend changes `index`; listeners of "change" get the option values.
    control.on("change:index", (i, old) => control.emit("change:value", pairs[i]?.[1], pairs[old]?.[1]));
    return control;
  }

  /** A box of other widgets, side by side (`hbox`) or stacked (`vbox`). */
  function box(names, children, options, where) {
    if (!isArray(children) || !children.every((c) => c instanceof Model)) {
      throw new TypeErrorCtor(`Jupyter.widgets.${where}: children must be an array of widgets`);
    }
    options = optionsOf(options, `Jupyter.widgets.${where}`);
    common(options, where);
    const state = { ...modelOf(CONTROLS, WIDGETS_VERSION, `${names}Model`, `${names}View`), ...domState(), box_style: "", children: children.map(ref) };
    const control = new Control(state);
    defineProperty(control, "children", { value: [...children], enumerable: true });
    return control;
  }

  /** An output area: `display(value)`, `print(...values)` and `clear()` fill it from the kernel. */
  class Output extends Model {
    constructor() {
      super({ ...modelOf(OUTPUT, OUTPUT_VERSION, "OutputModel", "OutputView"), ...domState(), msg_id: "", outputs: [] });
    }
    #append(output) {
      this.set("outputs", [...this.get("outputs"), output]);
      this.save_changes();
    }
    display(value) {
      const bundle = format(value);
      const add = (data) => this.#append({ output_type: "display_data", data, metadata: {} });
      return isThenable(bundle) ? PromiseCtor.resolve(bundle).then(add) : add(bundle);
    }
    print(...values) {
      const text = values.map((v) => (typeof v === "string" ? v : native.plain(v)["text/plain"])).join(" ");
      this.#append({ output_type: "stream", name: "stdout", text: `${text}\n` });
    }
    clear() {
      this.set("outputs", []);
      this.save_changes();
    }
  }

  const widgets = {
    slider: (options) => slider(options, "slider"),
    intSlider: (options) => slider(options, "intSlider"),
    floatSlider: (options) => slider(options, "floatSlider"),
    text,
    checkbox,
    button,
    dropdown,
    output: () => new Output(),
    hbox: (children, options) => box("HBox", children, options, "hbox"),
    vbox: (children, options) => box("VBox", children, options, "vbox"),
  };

  /**
   * anywidget's model: `Jupyter.widget({esm, css, ...state})`. `esm` is the ES module (source text) that renders
   * it in the browser; the other fields are the synced state (`model.get/set/save_changes`, `model.on`).
   */
  function widget(spec) {
    if (!isPlain(spec) || typeof spec.esm !== "string") {
      throw new TypeErrorCtor("Jupyter.widget: needs {esm: \"…ES module source…\", css?: \"…\", ...state}");
    }
    const { esm, css, ...state } = spec;
    return new Model({
      ...modelOf("anywidget", ANYWIDGET_VERSION, "AnyModel", "AnyView"),
      ...domState(),
      _esm: esm,
      _css: css === undefined ? null : StringOf(css),
      _anywidget_id: "vmjs.Jupyter.widget",
      ...state,
    });
  }

  return { widget, widgets };
})
