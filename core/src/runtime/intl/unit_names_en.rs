//! American English names of ECMA-402's sanctioned units, for what ICU4X 0.6's data lacks: units of digital
//! information, temperatures, angles and percent, every compound `X-per-Y` (`km/h`, `MB/s`, `miles per
//! hour`), and the long and narrow names of the common units its English data misses (`2 kilometers`, not
//! `2 km`). The names are CLDR's (`en`), as Node 20 prints them; other locales keep ICU4X's names or a
//! `RangeError` (a British `kilometres` is not an American `kilometers`).

/// One unit's names.
struct Names {
    unit: &'static str,
    /// `unitDisplay: "short"`, singular and plural (`day`, `days`).
    short: (&'static str, &'static str),
    /// Whether the short name follows the number without a space (`1°C`, `1%`).
    short_joined: bool,
    /// `unitDisplay: "narrow"`, always joined to the number (`1km`).
    narrow: &'static str,
    /// `unitDisplay: "long"`, singular and plural.
    long: (&'static str, &'static str),
    /// The short name after `/` in a compound (`km/h`), when not the short name itself.
    per: Option<&'static str>,
}

const fn names(
    unit: &'static str,
    short: &'static str,
    narrow: &'static str,
    long: (&'static str, &'static str),
) -> Names {
    Names {
        unit,
        short: (short, short),
        short_joined: false,
        narrow,
        long,
        per: None,
    }
}

/// The sanctioned units, by name.
const NAMES: [Names; 45] = [
    names("acre", "ac", "ac", ("acre", "acres")),
    names("bit", "bit", "bit", ("bit", "bits")),
    names("byte", "byte", "B", ("byte", "bytes")),
    Names {
        short_joined: true,
        ..names("celsius", "°C", "°C", ("degree Celsius", "degrees Celsius"))
    },
    names("centimeter", "cm", "cm", ("centimeter", "centimeters")),
    Names {
        short: ("day", "days"),
        per: Some("d"),
        ..names("day", "day", "d", ("day", "days"))
    },
    names("degree", "deg", "°", ("degree", "degrees")),
    Names {
        short_joined: true,
        ..names(
            "fahrenheit",
            "°F",
            "°",
            ("degree Fahrenheit", "degrees Fahrenheit"),
        )
    },
    names(
        "fluid-ounce",
        "fl oz",
        "fl oz",
        ("fluid ounce", "fluid ounces"),
    ),
    names("foot", "ft", "′", ("foot", "feet")),
    names("gallon", "gal", "gal", ("gallon", "gallons")),
    names("gigabit", "Gb", "Gb", ("gigabit", "gigabits")),
    names("gigabyte", "GB", "GB", ("gigabyte", "gigabytes")),
    names("gram", "g", "g", ("gram", "grams")),
    names("hectare", "ha", "ha", ("hectare", "hectares")),
    Names {
        per: Some("h"),
        ..names("hour", "hr", "h", ("hour", "hours"))
    },
    names("inch", "in", "″", ("inch", "inches")),
    names("kilobit", "kb", "kb", ("kilobit", "kilobits")),
    names("kilobyte", "kB", "kB", ("kilobyte", "kilobytes")),
    names("kilogram", "kg", "kg", ("kilogram", "kilograms")),
    names("kilometer", "km", "km", ("kilometer", "kilometers")),
    names("liter", "L", "L", ("liter", "liters")),
    names("megabit", "Mb", "Mb", ("megabit", "megabits")),
    names("megabyte", "MB", "MB", ("megabyte", "megabytes")),
    names("meter", "m", "m", ("meter", "meters")),
    names("microsecond", "μs", "μs", ("microsecond", "microseconds")),
    names("mile", "mi", "mi", ("mile", "miles")),
    names(
        "mile-scandinavian",
        "smi",
        "smi",
        ("mile-scandinavian", "miles-scandinavian"),
    ),
    names("milliliter", "mL", "mL", ("milliliter", "milliliters")),
    names("millimeter", "mm", "mm", ("millimeter", "millimeters")),
    names("millisecond", "ms", "ms", ("millisecond", "milliseconds")),
    Names {
        per: Some("min"),
        ..names("minute", "min", "m", ("minute", "minutes"))
    },
    Names {
        short: ("mth", "mths"),
        per: Some("m"),
        ..names("month", "mth", "m", ("month", "months"))
    },
    names("nanosecond", "ns", "ns", ("nanosecond", "nanoseconds")),
    names("ounce", "oz", "oz", ("ounce", "ounces")),
    Names {
        short_joined: true,
        ..names("percent", "%", "%", ("percent", "percent"))
    },
    names("petabyte", "PB", "PB", ("petabyte", "petabytes")),
    names("pound", "lb", "#", ("pound", "pounds")),
    Names {
        per: Some("s"),
        ..names("second", "sec", "s", ("second", "seconds"))
    },
    names("stone", "st", "st", ("stone", "stones")),
    names("terabit", "Tb", "Tb", ("terabit", "terabits")),
    names("terabyte", "TB", "TB", ("terabyte", "terabytes")),
    Names {
        short: ("wk", "wks"),
        per: Some("w"),
        ..names("week", "wk", "w", ("week", "weeks"))
    },
    names("yard", "yd", "yd", ("yard", "yards")),
    Names {
        short: ("yr", "yrs"),
        per: Some("y"),
        ..names("year", "yr", "y", ("year", "years"))
    },
];

/// Compounds CLDR names as one (`mph`), short, narrow and long.
const COMPOUNDS: [(&str, &str, (&str, &str)); 2] = [
    ("mile-per-hour", "mph", ("mile per hour", "miles per hour")),
    (
        "mile-per-gallon",
        "mpg",
        ("mile per gallon", "miles per gallon"),
    ),
];

/// How an amount is shown with a unit's name: `{number}` is the place of the formatted number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EnglishUnit {
    /// Singular (the amount is exactly `1`) and plural patterns.
    patterns: (String, String),
}

impl EnglishUnit {
    /// The names of `unit` (a sanctioned unit or an `X-per-Y` of two) at `width` (`unitDisplay`).
    pub(super) fn new(unit: &str, width: &str) -> Option<Self> {
        let find = |name: &str| NAMES.iter().find(|names| names.unit == name);
        let named =
            if let Some((_, short, long)) = COMPOUNDS.iter().find(|(name, ..)| *name == unit) {
                Named {
                    short: ((*short).into(), (*short).into()),
                    short_joined: false,
                    narrow: (*short).into(),
                    long: (long.0.into(), long.1.into()),
                }
            } else if let Some((numerator, denominator)) = unit.split_once("-per-") {
                let (numerator, denominator) = (find(numerator)?, find(denominator)?);
                // CLDR writes a percent per anything, short or narrow, as the percent alone (`2%`).
                let per = match (numerator.unit, denominator.per) {
                    ("percent", _) => String::new(),
                    (_, per) => format!("/{}", per.unwrap_or(denominator.short.0)),
                };
                Named {
                    short: (
                        format!("{}{per}", numerator.short.0),
                        format!("{}{per}", numerator.short.1),
                    ),
                    short_joined: numerator.short_joined,
                    narrow: format!("{}{per}", numerator.narrow),
                    long: (
                        format!("{} per {}", numerator.long.0, denominator.long.0),
                        format!("{} per {}", numerator.long.1, denominator.long.0),
                    ),
                }
            } else {
                let names = find(unit)?;
                Named {
                    short: (names.short.0.into(), names.short.1.into()),
                    short_joined: names.short_joined,
                    narrow: names.narrow.into(),
                    long: (names.long.0.into(), names.long.1.into()),
                }
            };
        Some(Self {
            patterns: named.patterns(width),
        })
    }

    /// `number` (formatted, sign included) with the unit's name; `singular` when the amount is one
    /// (English: an integer 1 or -1 without fraction digits).
    pub(super) fn show(&self, number: &str, singular: bool) -> String {
        let pattern = if singular {
            &self.patterns.0
        } else {
            &self.patterns.1
        };
        pattern.replace("{number}", number)
    }
}

/// A unit's (or compound's) names, singular and plural.
struct Named {
    short: (String, String),
    short_joined: bool,
    narrow: String,
    long: (String, String),
}

impl Named {
    /// The singular and plural patterns of `width`: long and short names after a space (a joined short name
    /// right after the number), narrow ones right after it.
    fn patterns(self, width: &str) -> (String, String) {
        let (space, (one, other)) = match width {
            "long" => (" ", self.long),
            "narrow" => ("", (self.narrow.clone(), self.narrow)),
            _ => (if self.short_joined { "" } else { " " }, self.short),
        };
        (
            format!("{{number}}{space}{one}"),
            format!("{{number}}{space}{other}"),
        )
    }
}

/// Whether the locale `tag` writes American English unit names (`en`, `en-US`, and its variants).
pub(super) fn is_american_english(language: &str, region: Option<&str>) -> bool {
    language == "en" && matches!(region, None | Some("US"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sanctioned_unit_has_names() {
        for unit in super::super::unit::sanctioned() {
            for width in ["short", "narrow", "long"] {
                assert!(EnglishUnit::new(unit, width).is_some(), "{unit} {width}");
            }
        }
        assert_eq!(EnglishUnit::new("furlong", "short"), None);
        assert_eq!(EnglishUnit::new("furlong-per-hour", "short"), None);
    }
}
