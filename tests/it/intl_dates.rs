//! Dates in many locales, as Node 20 prints them (`intl_dates_node20.json`, made by
//! `scripts/intl_dates_table.mjs` in one Node run): the patterns ICU's generator chooses from CLDR for
//! every combination of options, the styles, the hour cycles.

use vmjs_core::model::Template;

use super::{Env, value};

#[test]
fn dates_print_as_node_prints_them_in_every_locale_and_with_every_option() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("intl_dates_node20.json")).expect("Node's table");
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() > 2_000, "the table lost its cases");
    let env = Env::new();
    let session = env.session(Template::new("t"));
    // The session formats each case and answers with the ones that differ (none, normally: the answer
    // stays short whatever the table's size). Offsets are compared without their minus sign's kind and
    // bidirectional marks, which ICU4X writes otherwise than ICU (`غرينتش؜+٩`, `UTC-5` for `UTC−5`).
    let code = format!(
        "const plain = (text) => text.replace(/\\u2212/g, '-').replace(/[\\u061c\\u200e\\u200f]/g, ''); \
         JSON.stringify({}.flatMap(([locale, options, time, node]) => {{ \
           let got; \
           try {{ got = new Intl.DateTimeFormat(locale, options).format(time); }} \
           catch (error) {{ got = error.constructor.name; }} \
           return got === node || plain(got) === plain(node) ? [] : [[locale, options, node, got]]; \
         }}))",
        serde_json::Value::Array(cases.clone())
    );
    let printed = value(&session, &code);
    let wrong: serde_json::Value =
        serde_json::from_str(&printed[1..printed.len() - 1]).expect("JSON");
    let wrong = wrong.as_array().expect("a list");
    assert!(
        wrong.is_empty(),
        "{} of {} differ from Node (locale, options, node, vmjs):\n{}",
        wrong.len(),
        cases.len(),
        wrong
            .iter()
            .map(|case| case.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn parts_hour_cycles_and_midnight_on_a_24_hour_clock_are_nodes() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    for (code, node) in [
        // `hour12: false` where the region's clock has 12 hours is V8's h24: midnight is 24.
        (
            "new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', hour12: false, timeZone: 'UTC' }).format(0)",
            "'24:00'",
        ),
        (
            "new Intl.DateTimeFormat('en-US', { hour: 'numeric', hour12: false, timeZone: 'UTC' }).resolvedOptions().hourCycle",
            "'h24'",
        ),
        (
            "new Intl.DateTimeFormat('ja', { hour: 'numeric', hour12: true, timeZone: 'UTC' }).resolvedOptions().hourCycle",
            "'h11'",
        ),
        (
            "new Intl.DateTimeFormat('de-DE', { month: 'short', day: 'numeric', timeZone: 'UTC' }).formatToParts(0).map(p => p.type + ':' + p.value).join('|')",
            "'day:1|literal:. |month:Jan.'",
        ),
        (
            "new Intl.DateTimeFormat('en-US', { hour: 'numeric', hour12: false, timeZone: 'UTC' }).formatToParts(0).map(p => p.type + ':' + p.value).join('|')",
            "'hour:24'",
        ),
        (
            "new Date(Date.UTC(2024, 2, 5)).toLocaleDateString('de-DE', { timeZone: 'UTC' })",
            "'5.3.2024'",
        ),
        // A region whose calendar is not the Gregorian (CLDR's calendarPreferenceData): Thai dates are
        // Buddhist, Persian ones Solar Hijri, as in Node.
        (
            "[new Date(Date.UTC(2024, 2, 5, 12)).toLocaleDateString('th-TH', { timeZone: 'UTC' }), new Intl.DateTimeFormat('th').resolvedOptions().calendar]",
            "[ '5/3/2567', 'buddhist' ]",
        ),
        (
            "new Date(Date.UTC(2024, 2, 5, 12)).toLocaleDateString('fa-IR', { timeZone: 'UTC' })",
            "'۱۴۰۲/۱۲/۱۵'",
        ),
        (
            "new Intl.DateTimeFormat('de-DE', { hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 2, timeZone: 'UTC' }).formatToParts(3045).map(p => p.type + ':' + p.value).join('|')",
            "'hour:00|literal::|minute:00|literal::|second:03|literal:,|fractionalSecond:04'",
        ),
        (
            "new Date(Date.UTC(2024, 2, 5, 9, 5)).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', timeZoneName: 'long' })",
            "'18時05分00秒 日本標準時'",
        ),
    ] {
        assert_eq!(value(&session, code), node, "{code}");
    }
}

/// The `-u-ca-`, `-u-hc-` and `-u-nu-` keywords of a locale tag, which boa's locale resolution dropped: Node's
/// output, hour cycle and resolved locale for each (an option of the same name wins and drops the keyword).
#[test]
fn unicode_extension_keywords_of_the_locale_are_honoured_as_in_node() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let code = r#"
        const t = Date.UTC(2024, 0, 1, 13, 5);
        [['en-US-u-hc-h23', { hour: 'numeric', minute: '2-digit' }], ['de-u-hc-h12', { timeStyle: 'short' }],
         ['en-US-u-hc-h23', { hour: 'numeric', hour12: true }], ['ar-EG-u-nu-latn', { dateStyle: 'medium' }],
         ['en-u-nu-arab', {}], ['de-u-hc-h11', { hour: 'numeric', hourCycle: 'h23' }],
         ['en-u-ca-buddhist', { calendar: 'gregory' }], ['en-u-ca-xyz', {}], ['en-US-u-hc-h24', { hour: 'numeric' }],
        ].map(([locale, options]) => {
          const f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
          const r = f.resolvedOptions();
          return [f.format(t), r.hourCycle, r.locale, r.calendar, r.numberingSystem].join(' ');
        }).join('\n') + '\n' + new Date(t).toLocaleString('en-US-u-hc-h23', { timeZone: 'UTC' })
    "#;
    // Node 20's answer, as JSON (made by the same code in one Node run).
    let node = r#""13:05 h23 en-US-u-hc-h23 gregory latn\n1:05 PM h12 de-u-hc-h12 gregory latn\n1 PM h11 en-US gregory latn\n01\u200f/01\u200f/2024  ar-EG-u-nu-latn gregory latn\n\u0661/\u0661/\u0662\u0660\u0662\u0664  en-u-nu-arab gregory arab\n13 Uhr h23 de gregory latn\n1/1/2024  en gregory latn\n1/1/2024  en gregory latn\n13 h24 en-US-u-hc-h24 gregory latn\n1/1/2024, 13:05:00""#;
    let compared = format!("eval({}) === {node}", serde_json::Value::from(code));
    assert_eq!(
        value(&session, &compared),
        "true",
        "{}",
        value(&session, code)
    );
}
