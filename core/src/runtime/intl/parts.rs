//! `formatToParts` of every format: the text and part ranges ICU4X writes (`PartsSink`), and the array of
//! ECMA-402's `{ type, value }` objects a format's parts become.

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
    pub(super) text: String,
    pub(super) parts: Vec<(Range<usize>, Part)>,
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

/// `parts`, each a type and its text, as an array of `{ type, value }` objects.
pub(super) fn to_array<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a str)>,
    context: &mut Context,
) -> JsResult<JsArray> {
    let array = JsArray::new(context)?;
    for (kind, value) in parts {
        let part = ObjectInitializer::new(context)
            .property(js_string!("type"), JsString::from(kind), Attribute::all())
            .property(js_string!("value"), JsString::from(value), Attribute::all())
            .build();
        array.push(part, context)?;
    }
    Ok(array)
}
