//! `formatToParts`: the text ICU4X writes with the ranges of its parts, turned into ECMA-402's
//! `{ type, value }` objects.

use std::fmt;
use std::ops::Range;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsString, js_string};
use writeable::{Part, PartsWrite, Writeable};

/// The text and parts ICU4X writes.
#[derive(Default)]
pub(super) struct PartsSink {
    text: String,
    parts: Vec<(Range<usize>, Part)>,
}

impl fmt::Write for PartsSink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl PartsWrite for PartsSink {
    type SubPartsWrite = Self;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        let start = self.text.len();
        f(self)?;
        self.parts.push((start..self.text.len(), part));
        Ok(())
    }
}

/// The text of `formatted` with its parts.
pub(super) fn written(formatted: &impl Writeable) -> PartsSink {
    let mut sink = PartsSink::default();
    // Writing to a String cannot fail.
    let _ = formatted.write_to_parts(&mut sink);
    sink
}

/// The date and time fields of `written` as `{ type, value }` objects, `literal` between them.
pub(super) fn to_array(written: &PartsSink, context: &mut Context) -> JsResult<JsArray> {
    let text = &written.text;
    let mut parts: Vec<&(Range<usize>, Part)> = written
        .parts
        .iter()
        .filter(|(_, part)| part.category == icu_datetime::parts::YEAR.category)
        .collect();
    parts.sort_by_key(|(range, _)| (range.start, std::cmp::Reverse(range.end)));
    let array = JsArray::new(context)?;
    let push = |kind: &str, value: &str, context: &mut Context| -> JsResult<()> {
        let part = ObjectInitializer::new(context)
            .property(js_string!("type"), JsString::from(kind), Attribute::all())
            .property(js_string!("value"), JsString::from(value), Attribute::all())
            .build();
        array.push(part, context).map(|_| ())
    };
    let mut at = 0;
    for (range, part) in parts {
        if range.start < at {
            continue; // a part inside one already given
        }
        if range.start > at {
            push("literal", &text[at..range.start], context)?;
        }
        push(part.value, &text[range.clone()], context)?;
        at = range.end;
    }
    if at < text.len() {
        push("literal", &text[at..], context)?;
    }
    Ok(array)
}
