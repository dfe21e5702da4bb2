//! Modules whose exports come from one JavaScript value (a CommonJS module's `module.exports`, a Node
//! built-in): `default` is the value, and each named export is the value's property of that name.

use boa_engine::module::SyntheticModule;
use boa_engine::{Context, JsResult, JsString, JsValue, js_string};

/// Sets `default` to `value` and each of `names` to `value[name]` (`undefined` when it is no object).
pub(super) fn set_exports(
    module: &SyntheticModule,
    value: &JsValue,
    names: &[JsString],
    context: &mut Context,
) -> JsResult<()> {
    module.set_export(&js_string!("default"), value.clone())?;
    for name in names {
        let export = match value.as_object() {
            Some(object) => object.get(name.clone(), context)?,
            None => JsValue::undefined(),
        };
        module.set_export(name, export)?;
    }
    Ok(())
}
