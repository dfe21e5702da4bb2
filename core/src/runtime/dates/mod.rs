//! `Date` reads the date strings V8 reads (`legacy_parse.rs`): `Date.parse` and `new Date(string)` try
//! boa's parser (ISO 8601, RFC 2822) first and, when it finds no date, V8's legacy forms (`Jan 1, 2020`,
//! `1/15/2020`, `Date.prototype.toString`'s own text). The global `Date` becomes a native constructor in
//! front of boa's — same prototype, statics and subclassing; every other call goes to boa's unchanged.
//! `toISOString` is vmjs's (`iso.rs`: integer arithmetic, for `JSON.stringify` of records with dates).

mod iso;
mod legacy_parse;

pub(crate) use iso::{civil_from_days, iso_string};

use boa_engine::object::FunctionObjectBuilder;
use boa_engine::{
    Context, Finalize, JsArgs, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Trace, js_string,
};

use super::lazy::{define_hidden_on, link_constructor};

/// boa's `Date` constructor and its `parse` and `UTC`.
#[derive(Trace, Finalize, Clone)]
struct BoaDate {
    constructor: JsObject,
    parse: JsObject,
    utc: JsObject,
}

impl BoaDate {
    /// The time value `text` names: boa's reading, else V8's legacy one, else `NaN`.
    fn time_of(&self, text: &JsString, context: &mut Context) -> JsResult<f64> {
        let time = self
            .parse
            .call(&JsValue::undefined(), &[text.clone().into()], context)?
            .to_number(context)?;
        if !time.is_nan() {
            return Ok(time);
        }
        let Some(date) = legacy_parse::parse(&text.to_std_string_escaped()) else {
            return Ok(f64::NAN);
        };
        let fields: [JsValue; 7] = [
            date.year.into(),
            (date.month - 1).into(),
            date.day.into(),
            date.hour.into(),
            date.minute.into(),
            date.second.into(),
            date.millisecond.into(),
        ];
        Ok(match date.offset_minutes {
            Some(offset) => {
                let utc = self
                    .utc
                    .call(&JsValue::undefined(), &fields, context)?
                    .to_number(context)?;
                utc - f64::from(offset) * 60_000.0
            }
            // Local time: boa's own constructor of the fields, so its time zone rules apply.
            None => {
                let local = self.constructor.construct(&fields, None, context)?;
                JsValue::from(local).to_number(context)?
            }
        })
    }
}

/// Puts the reading constructor in place of the global `Date`, and the reading `parse` on it.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let standard = context.intrinsics().constructors().date().clone();
    let constructor = standard.constructor();
    let prototype = standard.prototype();
    let static_function = |name: &str, context: &mut Context| -> JsResult<JsObject> {
        constructor
            .get(JsString::from(name), context)?
            .as_object()
            .ok_or_else(|| {
                JsNativeError::typ()
                    .with_message(format!("Date.{name} is missing"))
                    .into()
            })
    };
    let boa = BoaDate {
        parse: static_function("parse", context)?,
        utc: static_function("UTC", context)?,
        constructor: constructor.clone(),
    };

    let wrapper: JsObject = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |new_target, args, boa: &BoaDate, context| {
                let subclass = new_target.as_object().filter(JsObject::is_constructor);
                let Some(subclass) = subclass else {
                    // `Date()` called: the current time's text, boa's.
                    return boa.constructor.call(&JsValue::undefined(), args, context);
                };
                let text = match args {
                    [value] => value.as_string(),
                    _ => None,
                };
                let args = match text {
                    Some(text) => vec![boa.time_of(&text, context)?.into()],
                    None => args.to_vec(),
                };
                Ok(boa
                    .constructor
                    .construct(&args, Some(&subclass), context)?
                    .into())
            },
            boa.clone(),
        ),
    )
    .name(js_string!("Date"))
    .length(7)
    .constructor(true)
    .build()
    .into();

    let parse = FunctionObjectBuilder::new(
        context.realm(),
        NativeFunction::from_copy_closure_with_captures(
            |_, args, boa: &BoaDate, context| {
                let text = args.get_or_undefined(0).to_string(context)?;
                Ok(boa.time_of(&text, context)?.into())
            },
            boa.clone(),
        ),
    )
    .name(js_string!("parse"))
    .length(1)
    .build();

    iso::register(&prototype, context)?;
    link_constructor(&wrapper, &prototype, context)?;
    define_hidden_on(&wrapper, js_string!("parse"), parse, context)?;
    for name in ["now", "UTC"] {
        let function = constructor.get(JsString::from(name), context)?;
        define_hidden_on(&wrapper, JsString::from(name), function, context)?;
    }
    define_hidden_on(
        &context.global_object(),
        js_string!("Date"),
        wrapper,
        context,
    )
}

#[cfg(test)]
mod tests {
    use crate::runtime::testing::TestEngine;

    /// Expressions and what Node 20 answers for them (local forms read through local getters, so the
    /// host's zone does not matter).
    const LIKE_V8: &[(&str, &str)] = &[
        (
            "['Jan 1, 2020', '15 January 2020', '1/15/2020', '2020/01/15', '12/25/95', '2020-1-5', 'Thursday, January 1, 1970'].map((s) => { const d = new Date(s); return [d.getFullYear(), d.getMonth() + 1, d.getDate()] })",
            "[[2020,1,1],[2020,1,15],[2020,1,15],[2020,1,15],[1995,12,25],[2020,1,5],[1970,1,1]]",
        ),
        (
            "['01/15/2020 10:30:45 PM', 'Jan 1 2020 12:00 AM', '2020-01-15 10:30:00'].map((s) => { const d = new Date(s); return [d.getHours(), d.getMinutes(), d.getSeconds()] })",
            "[[22,30,45],[0,0,0],[10,30,0]]",
        ),
        (
            "['Wed Jan 15 2020 10:30:00 GMT+0000 (Coordinated Universal Time)', 'Tue Mar 05 2024 14:00:00 GMT-0800 (Pacific Standard Time)', 'Jan 15, 2020 10:30 PM EST', '2020/1/15 10:30:00 +0530', 'Sat, 01-Jan-2000 08:00:00 GMT', '2000-01-01 00:00:00Z', '15 January 2020 10:30 UTC'].map((s) => new Date(s).toISOString())",
            r#"["2020-01-15T10:30:00.000Z","2024-03-05T22:00:00.000Z","2020-01-16T03:30:00.000Z","2020-01-15T05:00:00.000Z","2000-01-01T08:00:00.000Z","2000-01-01T00:00:00.000Z","2020-01-15T10:30:00.000Z"]"#,
        ),
        // A date's own text reads back.
        (
            "(() => { const d = new Date(Date.UTC(2021, 6, 4, 12, 34, 56)); return [Date.parse(String(d)) === d.getTime() - d.getMilliseconds(), new Date(d.toUTCString()).getTime() === d.getTime()] })()",
            "[true,true]",
        ),
        (
            "['nonsense', 'Jan 32, 2020', '10:30', '2020-13-45', ''].map((s) => Date.parse(s))",
            "[null,null,null,null,null]",
        ),
        (
            "(() => { class D extends Date { hi() { return 'hi' } } const d = new D('Jan 2, 2020 UTC'); return [d instanceof D, d instanceof Date, d.hi(), d.getTime(), Date.prototype.constructor === Date, Date.length, Date.name, typeof Date(), Date.parse({ toString: () => 'Jan 2, 2020 UTC' })] })()",
            r#"[true,true,"hi",1577923200000,true,7,"Date","string",1577923200000]"#,
        ),
        (
            "[new Date(0).getTime(), new Date(2020, 0, 15).getDate(), new Date('2020-01-15T00:00:00Z').getTime(), Object.getOwnPropertyNames(Date).sort()]",
            r#"[0,15,1579046400000,["UTC","length","name","now","parse","prototype"]]"#,
        ),
    ];

    #[test]
    fn dates_read_what_v8_reads() {
        let mut engine = TestEngine::new();
        let failures = engine.json_mismatches(LIKE_V8);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
