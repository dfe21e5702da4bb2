//! What prints a format's dates: ICU4X's pattern formatter over a CLDR pattern (the Gregorian calendar), or
//! ICU4X's semantic field set where no pattern can serve.

use icu_calendar::{Gregorian, Iso};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences};
use icu_provider::DataError;
use icu_provider::buf::AsDeserializingBufferProvider;
use icu_time::ZonedDateTime;
use icu_time::zone::{TimeZoneInfo, models::AtTime};
use writeable::TryWriteable;

use super::super::parts::PartsSink;
use super::skeleton::{self, Token};

/// What prints a format's dates.
pub(super) enum Formatter {
    /// A CLDR pattern, chosen as Node chooses it (the Gregorian calendar).
    Pattern {
        names: Box<FixedCalendarDateTimeNames<Gregorian, CompositeFieldSet>>,
        pattern: DateTimePattern,
        /// The pattern's hours run 1–24 (`k`, which ICU4X lacks: printed as `H`, midnight mended).
        hours_to_24: bool,
    },
    /// ICU4X's semantic field set: other calendars, and patterns ICU4X cannot print.
    Fields(Box<DateTimeFormatter<CompositeFieldSet>>),
}

impl Formatter {
    /// ICU4X's formatter of `pattern` (CLDR's syntax), its names loaded from boa's data.
    pub(super) fn of_pattern(pattern: &str, prefs: DateTimeFormatterPreferences) -> Option<Self> {
        let mut hours_to_24 = false;
        let mut text = String::with_capacity(pattern.len());
        let tokens = skeleton::tokens(pattern);
        for (at, token) in tokens.iter().enumerate() {
            match *token {
                // ICU4X prints a fraction of seconds only after the seconds (`ss.SSS`): a lone one would
                // come out as the letters.
                Token::Field('S', _)
                    if at < 2 || !matches!(tokens[at - 2], Token::Field('s', _)) =>
                {
                    return None;
                }
                Token::Field('k', len) => {
                    hours_to_24 = true;
                    text.extend(std::iter::repeat_n('H', len));
                }
                Token::Field(letter, len) => {
                    text.extend(std::iter::repeat_n(letter, len));
                }
                Token::Literal(literal) => text.push_str(literal),
            }
        }
        let pattern: DateTimePattern = text.parse().ok()?;
        let buffer = boa_icu_provider::buffer();
        let provider = buffer.as_deserializing();
        let mut names =
            FixedCalendarDateTimeNames::<Gregorian, CompositeFieldSet>::try_new_with_buffer_provider(
                &buffer, prefs,
            )
            .ok()?;
        // A zone's names with what they fall back to (`Japan Standard Time` has no daylight variant, a
        // zone without a metazone name shows its city), which loading for the pattern alone leaves out.
        let zone_field = tokens.iter().find_map(|token| match *token {
            Token::Field(letter @ ('z' | 'v' | 'O'), len) => Some((letter, len)),
            _ => None,
        });
        match zone_field {
            Some(('z', len)) if len >= 4 => {
                names
                    .load_time_zone_specific_long_names_with_fallback(&provider)
                    .ok()?;
            }
            Some(('z', _)) => {
                names
                    .load_time_zone_specific_short_names_with_fallback(&provider)
                    .ok()?;
            }
            Some(('v', len)) if len >= 4 => {
                names
                    .load_time_zone_generic_long_names_with_fallback(&provider)
                    .ok()?;
            }
            Some(('v', _)) => {
                names
                    .load_time_zone_generic_short_names_with_fallback(&provider)
                    .ok()?;
            }
            Some(_) => {
                names
                    .load_time_zone_localized_offset_names_with_fallback(&provider)
                    .ok()?;
            }
            None => {}
        }
        names.load_for_pattern(&provider, &pattern).ok()?;
        Some(Self::Pattern {
            names: Box::new(names),
            pattern,
            hours_to_24,
        })
    }
}

impl Formatter {
    /// ICU4X's formatter of a semantic field set.
    pub(super) fn of_fields(
        prefs: DateTimeFormatterPreferences,
        field_set: CompositeFieldSet,
    ) -> Result<Self, DataError> {
        DateTimeFormatter::try_new_with_buffer_provider(
            &boa_icu_provider::buffer(),
            prefs,
            field_set,
        )
        .map(|formatter| Self::Fields(Box::new(formatter)))
        .map_err(|e| match e {
            icu_datetime::DateTimeFormatterLoadError::Data(e) => e,
            other => DataError::custom("date format").with_debug_context(&other),
        })
    }

    /// `zoned` as text, with its parts.
    pub(super) fn write(&self, zoned: ZonedDateTime<Iso, TimeZoneInfo<AtTime>>) -> PartsSink {
        match self {
            Self::Fields(formatter) => super::super::parts::written(&formatter.format(&zoned)),
            Self::Pattern {
                names,
                pattern,
                hours_to_24,
            } => {
                let midnight = *hours_to_24 && zoned.time.hour.number() == 0;
                let zoned = ZonedDateTime {
                    date: zoned.date.to_calendar(Gregorian),
                    time: zoned.time,
                    zone: zoned.zone,
                };
                let mut sink = PartsSink::default();
                // Names are loaded for the pattern when the format is made: nothing can be missing, and a
                // String sink cannot fail.
                let _ = names
                    .with_pattern_unchecked(pattern)
                    .format(&zoned)
                    .try_write_to_parts(&mut sink);
                if midnight {
                    super::parts::hour_zero_as_24(&mut sink);
                }
                sink
            }
        }
    }
}
