//! `Intl.DisplayNames` (`of`, `resolvedOptions`, `supportedLocalesOf`) for languages, regions, scripts and
//! currencies, on ICU4X's display-name data: `of("US")` with `type: "region"` is "United States", `of("en-US")`
//! with `type: "language"` is "American English" ("English (United States)" with `languageDisplay:
//! "standard"`), `of("EUR")` with `type: "currency"` is "Euro".
//!
//! Codes are checked and canonicalised as ECMA-402 says (`"us"` is the region "US"; V8 answers "us", the
//! code unchanged, where the specification and SpiderMonkey name the region). The types `calendar` and
//! `dateTimeField` have no data in ICU4X yet: asking for them is a `RangeError` that says so, never a name
//! made up.

#![allow(clippy::needless_pass_by_value)] // boa_class passes converted arguments by value

use std::str::FromStr;

use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace,
    boa_class,
};
use icu_experimental::dimension::provider::currency::displayname::CurrencyDisplaynameV1;
use icu_experimental::displaynames::multi::{
    LanguageDisplayNames, LocaleDisplayNamesFormatter, RegionDisplayNames, ScriptDisplayNames,
};
use icu_experimental::displaynames::{DisplayNamesOptions, LanguageDisplay, Style};
use icu_locale_core::subtags::{Region, Script};
use icu_locale_core::{DataLocale, LanguageIdentifier, Locale};
use icu_provider::{DataIdentifierBorrowed, DataMarkerAttributes, DataProvider, DataRequest};

use super::{choice_option, one_of, resolve_locale, string_option};

/// The class, as errors name it.
const CLASS: &str = "Intl.DisplayNames";

/// Where the names of one `type` come from.
enum Names {
    Language {
        locales: Box<LocaleDisplayNamesFormatter>,
        languages: LanguageDisplayNames,
    },
    Region(RegionDisplayNames),
    Script(ScriptDisplayNames),
    /// Currency names are looked up per code, in this locale.
    Currency(DataLocale),
}

/// A `DisplayNames` object's data.
#[derive(Trace, Finalize, JsData)]
#[boa_gc(unsafe_no_drop)]
pub(super) struct DisplayNames {
    tag: String,
    style: &'static str,
    kind: &'static str,
    fallback: &'static str,
    language_display: &'static str,
    #[unsafe_ignore_trace]
    names: Names,
}

#[boa_class(rename = "DisplayNames")]
#[boa(rename_all = "camelCase")]
impl DisplayNames {
    /// `new Intl.DisplayNames(locales, { type, style?, fallback?, languageDisplay? })`.
    #[boa(constructor)]
    #[boa(length = 2)]
    fn new(locales: JsValue, options: JsValue, context: &mut Context) -> JsResult<Self> {
        let (tag, locale, _) = resolve_locale(&locales, context)?;
        if !options.is_object() {
            return Err(JsNativeError::typ()
                .with_message("Intl.DisplayNames: the options must be an object with a type")
                .into());
        }
        let style = choice_option(
            CLASS,
            &options,
            "style",
            &["long", "short", "narrow"],
            context,
        )?;
        let Some(kind) = string_option(&options, "type", context)? else {
            return Err(JsNativeError::typ()
                .with_message("Intl.DisplayNames: the option type is required")
                .into());
        };
        let kinds = [
            "language",
            "region",
            "script",
            "currency",
            "calendar",
            "dateTimeField",
        ];
        let kind = one_of(CLASS, "type", kind, &kinds)?;
        let fallback = choice_option(CLASS, &options, "fallback", &["code", "none"], context)?;
        let language_display = choice_option(
            CLASS,
            &options,
            "languageDisplay",
            &["dialect", "standard"],
            context,
        )?;
        let names = names(kind, style, language_display, &locale)?;
        Ok(Self {
            tag,
            style,
            kind,
            fallback,
            language_display,
            names,
        })
    }

    /// `of(code)`: the name of `code`, or with no name, the canonical code (`fallback: "code"`) or `undefined`
    /// (`fallback: "none"`). A code that is not one of the type is a `RangeError`.
    fn of(&self, code: JsValue, context: &mut Context) -> JsResult<JsValue> {
        let code = code.to_string(context)?.to_std_string_escaped();
        let (canonical, name) = self.name_of(&code).ok_or_else(|| {
            JsNativeError::range().with_message(format!(
                "Intl.DisplayNames: {code:?} is not a {} code",
                self.kind
            ))
        })?;
        Ok(match (name, self.fallback) {
            (Some(name), _) => JsString::from(name).into(),
            (None, "code") => JsString::from(canonical).into(),
            (None, _) => JsValue::undefined(),
        })
    }

    #[boa(rename = "resolvedOptions")]
    fn resolved_options(&self, context: &mut Context) -> JsResult<JsObject> {
        let mut fields = vec![
            ("locale", self.tag.as_str()),
            ("style", self.style),
            ("type", self.kind),
            ("fallback", self.fallback),
        ];
        if self.kind == "language" {
            fields.push(("languageDisplay", self.language_display));
        }
        super::string_fields(&fields, context)
    }

    /// `Intl.DisplayNames.supportedLocalesOf(locales)`: the locales boa's `Intl` supports.
    #[boa(static)]
    #[boa(rename = "supportedLocalesOf")]
    fn supported_locales_of(locales: JsValue, context: &mut Context) -> JsResult<JsValue> {
        super::supported_locales_of(locales, context)
    }
}

impl DisplayNames {
    /// `code` in its canonical form with its name, if it has one; `None` when `code` is not of this type.
    fn name_of(&self, code: &str) -> Option<(String, Option<String>)> {
        if code.contains('_') {
            // ICU4X also reads `_` as a separator; BCP 47 (and so ECMA-402) does not.
            return None;
        }
        match &self.names {
            Names::Language { locales, languages } => {
                let id = LanguageIdentifier::from_str(code).ok()?;
                let known = languages.of(id.language).is_some();
                let canonical = id.to_string();
                let name = known.then(|| locales.of(&Locale::from(id)).into_owned());
                Some((canonical, name))
            }
            Names::Region(regions) => {
                let region = Region::try_from_str(code).ok()?;
                Some((region.to_string(), regions.of(region).map(str::to_owned)))
            }
            Names::Script(scripts) => {
                let script = Script::try_from_str(code).ok()?;
                Some((script.to_string(), scripts.of(script).map(str::to_owned)))
            }
            Names::Currency(locale) => {
                let well_formed = code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic());
                if !well_formed {
                    return None;
                }
                let canonical = code.to_ascii_uppercase();
                Some((canonical.clone(), currency_name(&canonical, locale)))
            }
        }
    }
}

/// ICU4X's names of `kind` in `locale`, in `style`.
fn names(kind: &str, style: &str, language_display: &str, locale: &Locale) -> JsResult<Names> {
    let mut options = DisplayNamesOptions::default();
    options.style = match style {
        // CLDR has no narrow names; ICU falls back to the short ones, as here.
        "short" | "narrow" => Some(Style::Short),
        _ => None,
    };
    if language_display == "standard" {
        options.language_display = LanguageDisplay::Standard;
    }
    let prefs = locale.into();
    let data = |e: icu_provider::DataError| {
        JsNativeError::range().with_message(format!("{CLASS}: no {kind} names: {e}"))
    };
    Ok(match kind {
        "language" => Names::Language {
            locales: Box::new(LocaleDisplayNamesFormatter::try_new(prefs, options).map_err(data)?),
            languages: LanguageDisplayNames::try_new(prefs, options).map_err(data)?,
        },
        "region" => Names::Region(RegionDisplayNames::try_new(prefs, options).map_err(data)?),
        "script" => Names::Script(ScriptDisplayNames::try_new(prefs, options).map_err(data)?),
        "currency" => Names::Currency(DataLocale::from(locale)),
        other => {
            return Err(JsNativeError::range()
                .with_message(format!(
                    "{CLASS}: type {other:?} is not supported by vmjs yet (language, region, script and \
                     currency are)"
                ))
                .into());
        }
    })
}

/// The name of the currency `code` (upper case) in `locale`, if CLDR has one.
fn currency_name(code: &str, locale: &DataLocale) -> Option<String> {
    let attributes = DataMarkerAttributes::try_from_str(code).ok()?;
    let response: icu_provider::DataResponse<CurrencyDisplaynameV1> =
        icu_experimental::provider::Baked
            .load(DataRequest {
                id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, locale),
                ..Default::default()
            })
            .ok()?;
    Some(String::from(&**response.payload.get()))
}

/// Defines `Intl.DisplayNames`.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    super::register_class::<DisplayNames>("DisplayNames", context)
}
