//! The units of `Intl.NumberFormat`'s `style: "unit"`: ECMA-402's sanctioned units, and the names ICU4X
//! has for them (`5 km`, `5 kilometers`, `5 Kilometer`, `5 километров`).
//!
//! ICU4X 0.6 has unit names for lengths, areas, volumes, masses and durations only, and its English data
//! misses the long and narrow names of the commonest units (`2 km` where Node says `2 kilometers`) and
//! writes `l` for CLDR's `L`. In American English ([`super::unit_names_en`]) vmjs has every sanctioned unit's
//! names and compounds (`X-per-Y`) itself; elsewhere a unit without ICU4X names is refused with a
//! `RangeError` that says so — never printed as a bare number, which is what boa's `NumberFormat` did with
//! every unit — and a missing long name shows the short one. `percent` is the percent formatter's, without
//! the percent style's multiplication by 100.
//!
//! Short names, the default, agree with Node 20 for 900 of 918 locale × unit × amount cases tried (17
//! locales, 18 units); American English names for all 612 cases of `tests/it/intl_units_en_us_node20.json`.

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::units::categorized_formatter::CategorizedFormatter;
use icu_experimental::dimension::units::options::{UnitsFormatterOptions, Width};
use icu_experimental::measure::category::{Area, Duration, Length, Mass, Volume};
use icu_locale_core::Locale;

use super::unit_names_en::EnglishUnit;

/// The kinds of units ICU4X has names for.
#[derive(Clone, Copy)]
enum Kind {
    Length,
    Area,
    Volume,
    Mass,
    Duration,
}

/// Units whose English names ICU4X's data misses (long and narrow: it shows the short ones) or writes
/// otherwise than CLDR's `en` (`l` for `L`).
pub(super) const ENGLISH_GAPS: [&str; 9] = [
    "kilometer",
    "meter",
    "centimeter",
    "millimeter",
    "gram",
    "kilogram",
    "liter",
    "milliliter",
    "hectare",
];

/// ECMA-402's sanctioned simple units (its table 2), each with its kind when ICU4X has its names.
const SANCTIONED: [(&str, Option<Kind>); 45] = [
    ("acre", Some(Kind::Area)),
    ("bit", None),
    ("byte", None),
    ("celsius", None),
    ("centimeter", Some(Kind::Length)),
    ("day", Some(Kind::Duration)),
    ("degree", None),
    ("fahrenheit", None),
    ("fluid-ounce", Some(Kind::Volume)),
    ("foot", Some(Kind::Length)),
    ("gallon", Some(Kind::Volume)),
    ("gigabit", None),
    ("gigabyte", None),
    ("gram", Some(Kind::Mass)),
    ("hectare", Some(Kind::Area)),
    ("hour", Some(Kind::Duration)),
    ("inch", Some(Kind::Length)),
    ("kilobit", None),
    ("kilobyte", None),
    ("kilogram", Some(Kind::Mass)),
    ("kilometer", Some(Kind::Length)),
    ("liter", Some(Kind::Volume)),
    ("megabit", None),
    ("megabyte", None),
    ("meter", Some(Kind::Length)),
    ("microsecond", Some(Kind::Duration)),
    ("mile", Some(Kind::Length)),
    ("mile-scandinavian", Some(Kind::Length)),
    ("milliliter", Some(Kind::Volume)),
    ("millimeter", Some(Kind::Length)),
    ("millisecond", Some(Kind::Duration)),
    ("minute", Some(Kind::Duration)),
    ("month", Some(Kind::Duration)),
    ("nanosecond", Some(Kind::Duration)),
    ("ounce", Some(Kind::Mass)),
    ("percent", None),
    ("petabyte", None),
    ("pound", Some(Kind::Mass)),
    ("second", Some(Kind::Duration)),
    ("stone", Some(Kind::Mass)),
    ("terabit", None),
    ("terabyte", None),
    ("week", Some(Kind::Duration)),
    ("yard", Some(Kind::Length)),
    ("year", Some(Kind::Duration)),
];

/// The names of ECMA-402's sanctioned simple units.
#[cfg(test)]
pub(super) fn sanctioned() -> impl Iterator<Item = &'static str> {
    SANCTIONED.iter().map(|(name, _)| *name)
}

/// What a `unit` option names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unit {
    /// `percent`.
    Percent,
    /// A sanctioned unit ICU4X has names for.
    Named(&'static str),
    /// A sanctioned unit or compound without names in ICU4X's data.
    WithoutNames,
}

/// The unit `name` is, as ECMA-402's `IsWellFormedUnitIdentifier` reads it; `None` when it is no unit (the
/// names are case-sensitive: `Kilometer` is none).
pub(super) fn unit(name: &str) -> Option<Unit> {
    let simple = |name: &str| SANCTIONED.iter().find(|(unit, _)| *unit == name);
    if let Some((numerator, denominator)) = name.split_once("-per-") {
        return (simple(numerator).is_some() && simple(denominator).is_some())
            .then_some(Unit::WithoutNames);
    }
    Some(match simple(name)? {
        ("percent", _) => Unit::Percent,
        (unit, Some(_)) => Unit::Named(unit),
        (_, None) => Unit::WithoutNames,
    })
}

/// A unit's names in a locale, of one width.
pub(super) enum UnitFormatter {
    /// American English names ([`super::unit_names_en`]) around the locale's number.
    English {
        numbers: DecimalFormatter,
        names: EnglishUnit,
    },
    Length(CategorizedFormatter<Length>),
    Area(CategorizedFormatter<Area>),
    Volume(CategorizedFormatter<Volume>),
    Mass(CategorizedFormatter<Mass>),
    Duration(CategorizedFormatter<Duration>),
}

/// The formatter of one kind for `unit`, from the first of ICU4X's three data sets (core, extended,
/// outlier) that has it (`try_new_outlier` looks in all three). ICU4X 0.6 builds only a few units by name
/// (`Length::meter()`), and its formatter reads nothing of a unit but its CLDR id, so a unit of the kind is
/// made from the kind's base unit with the id put in its place.
macro_rules! formatter_of {
    ($kind:ident, $base:expr, $prefs:expr, $unit:expr, $options:expr) => {{
        let mut unit = $base;
        unit.unit.id = Some($unit);
        CategorizedFormatter::<$kind>::try_new_outlier($prefs, unit, $options)
            .map(UnitFormatter::$kind)
    }};
}

impl UnitFormatter {
    /// `unit`'s names in `locale` at `width` (`unitDisplay`); an error when ICU4X's data has none.
    pub(super) fn try_new(
        locale: &Locale,
        unit: &'static str,
        width: &str,
    ) -> Result<Self, icu_provider::DataError> {
        let kind = SANCTIONED
            .iter()
            .find_map(|(name, kind)| (*name == unit).then_some(*kind).flatten())
            .ok_or_else(|| icu_provider::DataError::custom("no names for this unit"))?;
        let options = UnitsFormatterOptions::from(match width {
            "long" => Width::Long,
            "narrow" => Width::Narrow,
            _ => Width::Short,
        });
        let prefs = locale.into();
        match kind {
            Kind::Length => formatter_of!(Length, Length::meter(), prefs, unit, options),
            Kind::Area => formatter_of!(Area, Area::square_meter(), prefs, unit, options),
            Kind::Volume => formatter_of!(Volume, Volume::liter(), prefs, unit, options),
            Kind::Mass => formatter_of!(Mass, Mass::gram(), prefs, unit, options),
            Kind::Duration => formatter_of!(Duration, Duration::second(), prefs, unit, options),
        }
    }

    /// The text of `amount` (already rounded) with the unit's name in its plural form.
    pub(super) fn format(&self, amount: &Decimal) -> String {
        match self {
            Self::English { numbers, names } => {
                let number = numbers.format(amount).to_string();
                // English's "one": an integer 1, without fraction digits (`1.0 megabytes`).
                let singular = amount.absolute.to_string() == "1";
                names.show(&number, singular)
            }
            Self::Length(f) => f.format_fixed_decimal(amount).to_string(),
            Self::Area(f) => f.format_fixed_decimal(amount).to_string(),
            Self::Volume(f) => f.format_fixed_decimal(amount).to_string(),
            Self::Mass(f) => f.format_fixed_decimal(amount).to_string(),
            Self::Duration(f) => f.format_fixed_decimal(amount).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SANCTIONED, Unit, UnitFormatter, unit};
    use fixed_decimal::Decimal;

    #[test]
    fn units_are_read_as_ecma_402_reads_them() {
        assert_eq!(unit("kilometer"), Some(Unit::Named("kilometer")));
        assert_eq!(unit("percent"), Some(Unit::Percent));
        assert_eq!(unit("kilobyte"), Some(Unit::WithoutNames));
        assert_eq!(unit("kilometer-per-hour"), Some(Unit::WithoutNames));
        for bad in [
            "Kilometer",
            "furlong",
            "",
            "kilometer-per-",
            "-per-hour",
            "kilometer-per-hour-per-second",
        ] {
            assert_eq!(unit(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_unit_said_to_have_names_has_them_at_every_width() {
        let locale = "en".parse().expect("a locale");
        for (name, kind) in SANCTIONED {
            if kind.is_none() {
                continue;
            }
            for width in ["short", "narrow", "long"] {
                let formatter = UnitFormatter::try_new(&locale, name, width)
                    .unwrap_or_else(|e| panic!("{name} {width}: {e}"));
                let text = formatter.format(&Decimal::from(2));
                assert!(
                    text.contains('2') && text.len() > 1,
                    "{name} {width}: {text}"
                );
            }
        }
    }
}
