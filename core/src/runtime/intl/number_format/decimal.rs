//! boa's decimal `Intl.NumberFormat`, mended: its `format` threw `RangeError: Magnitude or number of digits
//! exceeded` for `NaN` and the infinities (a data column with one `NaN` failed the cell); Node prints `NaN`,
//! `∞`, `-∞`. The `format` getter on boa's prototype is replaced by one that prints those here, with the
//! format's sign display and its locale's signs, and hands every other value to boa's own bound `format`.

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::object::builtins::JsWeakMap;
use boa_engine::property::PropertyDescriptor;
use boa_engine::{
    Context, Finalize, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};

use super::super::super::props::own_desc;
use super::symbols_of;

/// boa's own `format` getter and `resolvedOptions` of decimal formats, and the `format` function each
/// format gives (made once per format, ECMA-402's `[[BoundFormat]]`: `nf.format === nf.format`).
#[derive(Trace, Finalize, Clone)]
pub(super) struct BoaDecimal {
    get_format: JsObject,
    resolved_options: JsObject,
    bound: JsWeakMap,
}

impl BoaDecimal {
    /// The text of `value` in the decimal format `this`; a `TypeError` naming `method` when `this` is not one.
    pub(super) fn format(
        &self,
        this: &JsValue,
        value: &JsValue,
        method: &str,
        context: &mut Context,
    ) -> JsResult<String> {
        let format = self.boa_format(this, method, context)?;
        self.format_with(&format, this, value, context)
    }

    /// boa's own bound `format` of `this`; a `TypeError` naming `method` when `this` is no decimal format.
    fn boa_format(
        &self,
        this: &JsValue,
        method: &str,
        context: &mut Context,
    ) -> JsResult<JsObject> {
        self.get_format
            .call(this, &[], context)
            .ok()
            .and_then(|format| format.as_object())
            .filter(JsObject::is_callable)
            .ok_or_else(|| incompatible(method))
    }

    /// The text of `value` in the decimal format `this`, whose boa `format` is `format`.
    fn format_with(
        &self,
        format: &JsObject,
        this: &JsValue,
        value: &JsValue,
        context: &mut Context,
    ) -> JsResult<String> {
        // Strings and BigInts keep their exact digits (boa reads them itself); other values become a number
        // once, so a `valueOf` runs once.
        let value = if value.is_string() || value.is_bigint() {
            value.clone()
        } else {
            value.to_numeric(context)?.into()
        };
        if let Some(number) = value.as_number()
            && !number.is_finite()
        {
            return self.non_finite(this, number, context);
        }
        Ok(format
            .call(&JsValue::undefined(), &[value], context)?
            .to_string(context)?
            .to_std_string_escaped())
    }

    /// The resolved locale's tag and numbering system of the decimal format `this`.
    pub(super) fn locale(
        &self,
        this: &JsValue,
        context: &mut Context,
    ) -> JsResult<(String, String)> {
        let [tag, numbering_system] = self.options(this, ["locale", "numberingSystem"], context)?;
        Ok((tag, numbering_system))
    }

    /// Some of `this`'s resolved options, as strings (one `resolvedOptions` call).
    fn options<const N: usize>(
        &self,
        this: &JsValue,
        names: [&str; N],
        context: &mut Context,
    ) -> JsResult<[String; N]> {
        let options = self.resolved_options.call(this, &[], context)?;
        let mut values: [String; N] = std::array::from_fn(|_| String::new());
        for (value, name) in values.iter_mut().zip(names) {
            let read = match options.as_object() {
                Some(options) => options.get(JsString::from(name), context)?,
                None => JsValue::undefined(),
            };
            *value = read.to_string(context)?.to_std_string_escaped();
        }
        Ok(values)
    }

    /// `NaN`, `∞` or `-∞` with the sign `signDisplay` asks for (`+NaN` for `"always"`, as Node prints it).
    fn non_finite(&self, this: &JsValue, number: f64, context: &mut Context) -> JsResult<String> {
        let [tag, numbering_system, sign_display] =
            self.options(this, ["locale", "numberingSystem", "signDisplay"], context)?;
        let symbols = symbols_of(&tag, &numbering_system, context)?;
        let (text, negative) = if number.is_nan() {
            ("NaN", false)
        } else {
            ("∞", number < 0.0)
        };
        let sign = match (sign_display.as_str(), negative) {
            ("never", _) => "",
            (_, true) => symbols.minus(),
            ("always", false) => symbols.plus(),
            ("exceptZero", false) if !number.is_nan() => symbols.plus(),
            _ => "",
        };
        Ok(format!("{sign}{text}"))
    }
}

/// The `TypeError` of a method called on what is not a number format (as Node words it).
fn incompatible(method: &str) -> boa_engine::JsError {
    JsNativeError::typ()
        .with_message(format!(
            "Method Intl.NumberFormat.prototype.{method} called on incompatible receiver"
        ))
        .into()
}

/// Reads boa's `format` getter and `resolvedOptions` from its prototype (before any user code runs) and puts
/// the mended `format` getter in the getter's place.
pub(super) fn register(boa_prototype: &JsObject, context: &mut Context) -> JsResult<BoaDecimal> {
    let get_format = own_desc(boa_prototype, &js_string!("format").into())
        .and_then(|descriptor| descriptor.get().and_then(JsValue::as_object))
        .ok_or_else(|| JsNativeError::typ().with_message("Intl.NumberFormat: no format getter"))?;
    let resolved_options = boa_prototype
        .get(js_string!("resolvedOptions"), context)?
        .as_object()
        .ok_or_else(|| {
            JsNativeError::typ().with_message("Intl.NumberFormat: no resolvedOptions")
        })?;
    let boa = BoaDecimal {
        get_format,
        resolved_options,
        bound: JsWeakMap::new(context),
    };
    let getter = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |this, _, boa: &BoaDecimal, context| {
                // A foreign receiver is refused here, when `format` is read, as the standard says.
                let boa_format = boa.boa_format(this, "format", context)?;
                let object = this.as_object().ok_or_else(|| incompatible("format"))?;
                let bound = boa.bound.get(&object, context)?;
                if bound.is_object() {
                    return Ok(bound);
                }
                let captures = (boa.clone(), boa_format, this.clone());
                // Bound to its object, as the standard's `format` getter returns (`values.map(nf.format)`).
                let format = FunctionObjectBuilder::new(
                    context.realm(),
                    NativeFunction::from_copy_closure_with_captures(
                        |_,
                         args,
                         (boa, boa_format, this): &(BoaDecimal, JsObject, JsValue),
                         context| {
                            let value = args.get_or_undefined(0);
                            let text = boa.format_with(boa_format, this, value, context)?;
                            Ok(JsString::from(text).into())
                        },
                        captures,
                    ),
                )
                .length(1)
                .build();
                boa.bound.set(&object, format.clone().into(), context)?;
                Ok(format.into())
            },
            boa.clone(),
        ),
    )
    .name(js_string!("get format"))
    .build();
    boa_prototype.define_property_or_throw(
        js_string!("format"),
        PropertyDescriptor::builder()
            .get(getter)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(boa)
}
