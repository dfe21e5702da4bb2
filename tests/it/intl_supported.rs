//! `Intl.supportedValuesOf`: every value it lists is honoured by the constructor that takes it, the lists
//! are sorted and without repeats, and a key it does not know is a `RangeError` as in Node.

use vmjs_core::model::Template;

use super::{Env, value};

#[test]
fn every_supported_value_is_honoured_by_its_constructor() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let check = r#"
        const honoured = {
          calendar: (c) => new Intl.DateTimeFormat('en', { calendar: c }).resolvedOptions().calendar === c,
          collation: (c) => ['en', 'de', 'zh', 'ja', 'es', 'ko'].some(
            (l) => new Intl.Collator(`${l}-u-co-${c}`).resolvedOptions().collation === c),
          currency: (c) => new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().currency === c,
          numberingSystem: (c) =>
            new Intl.NumberFormat('en', { numberingSystem: c }).resolvedOptions().numberingSystem === c &&
            new Intl.DateTimeFormat('en', { numberingSystem: c }).resolvedOptions().numberingSystem === c,
          timeZone: (c) => typeof new Intl.DateTimeFormat('en', { timeZone: c }).format(0) === 'string',
          unit: (c) => new Intl.NumberFormat('en', { style: 'unit', unit: c }).resolvedOptions().unit === c,
        };
        const wrong = [];
        for (const [key, ok] of Object.entries(honoured)) {
          const values = Intl.supportedValuesOf(key);
          if (values.length === 0) wrong.push(`${key}: none`);
          if (values.join() !== [...new Set(values)].sort().join()) wrong.push(`${key}: not sorted or repeated`);
          if (Intl.supportedValuesOf(key) === values) wrong.push(`${key}: the same array twice`);
          for (const v of values) { try { if (!ok(v)) wrong.push(`${key} ${v}`); } catch (e) { wrong.push(`${key} ${v}: ${e}`); } }
        }
        [wrong.join('; '), Intl.supportedValuesOf('timeZone').length, Intl.supportedValuesOf('calendar').length]
    "#;
    assert_eq!(value(&session, check), "[ '', 418, 18 ]");
    for (code, expected) in [
        (
            "try { Intl.supportedValuesOf('weekday') } catch (e) { String(e) }",
            "'RangeError: Invalid key : weekday'",
        ),
        (
            "[Intl.supportedValuesOf.name, Intl.supportedValuesOf.length, Object.keys(Intl).includes('supportedValuesOf')]",
            "[ 'supportedValuesOf', 1, false ]",
        ),
        (
            "['USD', 'EUR', 'JPY'].every((c) => Intl.supportedValuesOf('currency').includes(c))",
            "true",
        ),
    ] {
        assert_eq!(value(&session, code), expected, "{code}");
    }
}
