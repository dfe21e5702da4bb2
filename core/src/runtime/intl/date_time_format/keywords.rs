//! The Unicode extension keywords of the locale a date format was asked for (`ja-JP-u-ca-japanese`,
//! `en-US-u-hc-h23`, `en-u-nu-arab`): boa's locale resolution drops them, Node honours them. An option of the
//! same name wins over its keyword, and a keyword honoured stays in `resolvedOptions().locale`.

use std::str::FromStr;

use boa_engine::{Context, JsResult, JsValue};
use icu_locale_core::Locale;
use icu_locale_core::extensions::unicode::{Key, Value};

/// The `ca`, `hc` and `nu` keywords asked for.
#[derive(Default)]
pub(super) struct Keywords {
    pub(super) calendar: Option<String>,
    pub(super) hour_cycle: Option<&'static str>,
    pub(super) numbering_system: Option<String>,
}

impl Keywords {
    /// The keywords of the first locale of `locales` (a tag, or a list of tags); none when it has none or
    /// does not parse (boa's resolution already refused a malformed tag).
    pub(super) fn of(locales: &JsValue, context: &mut Context) -> JsResult<Self> {
        let first = match locales.as_object() {
            Some(list) => list.get(0, context)?,
            None => locales.clone(),
        };
        // A list's `Intl.Locale` object or anything else than a string: its text.
        let text = if first.is_undefined() || first.is_null() {
            return Ok(Self::default());
        } else if let Some(text) = first.as_string() {
            text.to_std_string_escaped()
        } else if first.is_object() {
            first.to_string(context)?.to_std_string_escaped()
        } else {
            return Ok(Self::default());
        };
        let Ok(locale) = Locale::from_str(&text) else {
            return Ok(Self::default());
        };
        let keyword = |key: &str| {
            let key = Key::try_from_str(key).ok()?;
            let value = locale.extensions.unicode.keywords.get(&key)?.to_string();
            (!value.is_empty()).then_some(value)
        };
        Ok(Self {
            calendar: keyword("ca"),
            hour_cycle: keyword("hc").and_then(|value| match value.as_str() {
                "h11" => Some("h11"),
                "h12" => Some("h12"),
                "h23" => Some("h23"),
                "h24" => Some("h24"),
                _ => None,
            }),
            numbering_system: keyword("nu"),
        })
    }
}

/// The resolved `locale` (whose text is `tag`) with the keywords honoured (`("ca", "japanese")`) among its
/// own, as `resolvedOptions().locale` gives it (`ja-u-ca-japanese`).
pub(super) fn tag_with(locale: &Locale, tag: &str, honoured: &[(&str, &str)]) -> String {
    if honoured.is_empty() {
        return tag.to_owned();
    }
    let mut locale = locale.clone();
    for (key, value) in honoured {
        if let (Ok(key), Ok(value)) = (Key::try_from_str(key), Value::try_from_str(value)) {
            locale.extensions.unicode.keywords.set(key, value);
        }
    }
    locale.to_string()
}
