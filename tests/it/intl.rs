//! ECMA-402 `Intl` (boa's, with its bundled ICU data): what notebooks print with it, checked against Node's
//! output for the same code, and the default locale a session uses.

use vmjs_core::model::Template;

use super::{Env, value};

/// Code and what Node 22 (ICU 74, `LANG=en_US.UTF-8`) prints for it.
const LIKE_NODE: &[(&str, &str)] = &[
    ("(61290).toLocaleString()", "'61,290'"),
    (
        "(1234.5).toLocaleString('en-US', { minimumFractionDigits: 2 })",
        "'1,234.50'",
    ),
    (
        "12345678901234567890n.toLocaleString()",
        "'12,345,678,901,234,567,890'",
    ),
    (
        "new Intl.NumberFormat('de-DE').format(1234567.891)",
        "'1.234.567,891'",
    ),
    (
        "new Intl.NumberFormat('en', { notation: 'compact' }).format(12345)",
        "'12K'",
    ),
    (
        "['b', 'C', 'a'].sort((x, y) => x.localeCompare(y))",
        "[ 'a', 'b', 'C' ]",
    ),
    (
        "['b', 'C', 'a'].sort(new Intl.Collator('en').compare)",
        "[ 'a', 'b', 'C' ]",
    ),
    ("'ä'.localeCompare('z', 'de')", "-1"),
    ("new Intl.PluralRules('en').select(1)", "'one'"),
    (
        "new Intl.PluralRules('en', { type: 'ordinal' }).select(2)",
        "'two'",
    ),
    (
        "new Intl.ListFormat('en').format(['a', 'b', 'c'])",
        "'a, b, and c'",
    ),
    ("'i'.toLocaleUpperCase('tr')", "'İ'"),
    (
        "new Date(0).toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })",
        "'Thursday, January 1, 1970'",
    ),
    (
        "new Date(0).toLocaleString('en-GB', { timeZone: 'UTC' })",
        "'01/01/1970, 00:00:00'",
    ),
    (
        "new Date(0).toLocaleTimeString('en-US', { timeZone: 'UTC' })",
        "'12:00:00\u{202f}AM'",
    ),
    (
        "new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(0))",
        "'Jan 1, 1970'",
    ),
    (
        "new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeStyle: 'short' }).format(new Date(0))",
        "'7:00\u{202f}PM'",
    ),
];

#[test]
fn intl_formats_numbers_dates_lists_and_compares_strings_as_node_does() {
    let env = Env::new();
    let mut template = Template::new("t");
    template.options.deterministic = true;
    let session = env.session(template);
    let mut wrong = Vec::new();
    for (code, node) in LIKE_NODE {
        let got = value(&session, code);
        if got != *node {
            wrong.push(format!("{code}\n  node: {node}\n  vmjs: {got}"));
        }
    }
    assert!(wrong.is_empty(), "differs from Node:\n{}", wrong.join("\n"));
}

/// Makes `LANG` this test process's (and so its workers') only locale variable.
fn host_locale(lang: &str) {
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts.
    unsafe {
        for name in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            std::env::remove_var(name);
        }
        std::env::set_var("LANG", lang);
    }
}

#[test]
fn the_default_locale_is_the_hosts_and_en_us_in_deterministic_mode() {
    host_locale("de_DE.UTF-8");
    let env = Env::new();
    // boa resolves de-DE to the best locale it has data for, `de` (Node says `de-DE`).
    let probe = "[new Intl.NumberFormat().resolvedOptions().locale, (1234.5).toLocaleString()]";
    let host = env.session(Template::new("host"));
    assert_eq!(value(&host, probe), "[ 'de', '1.234,5' ]");
    let mut template = Template::new("fixed");
    template.options.deterministic = true;
    let fixed = env.session(template);
    assert_eq!(value(&fixed, probe), "[ 'en-US', '1,234.5' ]");
}

#[test]
fn a_c_locale_gives_en_us_not_the_root_locale() {
    host_locale("C.UTF-8");
    let env = Env::new();
    let session = env.session(Template::new("t"));
    assert_eq!(
        value(&session, "Intl.DateTimeFormat().resolvedOptions().locale"),
        "'en-US'"
    );
}
