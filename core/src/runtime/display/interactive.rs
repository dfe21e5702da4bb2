//! Comms and widgets (`comm.js`, `widgets.js`), compiled the first time code reads `Jupyter.comm`,
//! `Jupyter.widget` or `Jupyter.widgets`, or a frontend's comm message arrives — not with the display API, so a
//! notebook that only displays does not parse them (they are three times its size).
//!
//! That first use can come while a script runs, so they are compiled by the intrinsic `Function` constructor,
//! which is safe then (evaluating a script is not: see `lazy`).

use boa_engine::{Context, JsNativeError, JsResult, JsValue, js_string};

/// The body of `function (native, format)`: both function expressions called in order.
const SOURCE: &str = concat!(
    "const interactive = (",
    include_str!("comm.js"),
    ")(native, format);\nconst ui = (",
    include_str!("widgets.js"),
    ")(native, interactive);\n",
    "return { comm: interactive.comm, deliver: interactive.deliver, widget: ui.widget, widgets: ui.widgets };"
);

/// `native.interactive(format)`: `{comm, deliver, widget, widgets}`, with the display natives (`this`) and the
/// display API's `format` (the prelude calls it once and keeps the result).
pub(super) fn compile(
    this: &JsValue,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let format = args.first().cloned().unwrap_or_default();
    // Called as `native.interactive(format)`: `this` is the display natives' object.
    let natives = this.as_object().ok_or_else(|| {
        JsNativeError::typ().with_message("interactive() is a method of the display natives")
    })?;
    let constructor = context.intrinsics().constructors().function().constructor();
    let function = constructor.construct(
        &[
            js_string!("native").into(),
            js_string!("format").into(),
            js_string!(SOURCE).into(),
        ],
        None,
        context,
    )?;
    let api = function.call(&JsValue::undefined(), &[natives.into(), format], context)?;
    if !api.is_object() {
        return Err(JsNativeError::typ()
            .with_message("the comm and widget code returned no object")
            .into());
    }
    Ok(api)
}
