//! `console.log`-style formatting of call arguments (Node's `util.format`), built on [`inspect`].
//!
//! Like [`inspect`], this never runs user code: `%s`/`%d`/`%i`/`%f` of an object do not call its
//! `toString`/`valueOf` (see [`format_args`] for what is printed instead).

use boa_engine::{Context, JsValue, JsVariant, js_string};

use super::inspect::{InspectOptions, format_number, inspect};
use super::props::own_desc;

/// Formats console call arguments like Node's `util.format`.
///
/// When the first argument is a string it may contain `%s %d %i %f %j %o %O %c %%`; each
/// placeholder consumes the next argument. Remaining arguments are appended separated by spaces:
/// strings raw, everything else via [`inspect`]. Deliberate divergences from Node (never running
/// user code): `%s` of any object or function prints `inspect(value, depth 0)` even when it has its
/// own `toString`; `%d`/`%i`/`%f` of an object print `NaN`. `%j` calls the realm's
/// `JSON.stringify` (so `toJSON` runs, as in Node); a cycle prints `[Circular]`, any other error
/// prints `[Name: message]` instead of throwing.
pub fn format_args(args: &[JsValue], context: &mut Context) -> String {
    let Some(first) = args.first() else {
        return String::new();
    };
    let mut out = String::new();
    let mut a = 0usize;
    let mut join = "";
    if let Some(fmt) = first.as_string() {
        let fmt = fmt.to_std_string_escaped();
        if args.len() == 1 {
            return fmt;
        }
        let chars: Vec<char> = fmt.chars().collect();
        let mut last_pos = 0usize;
        let mut i = 0usize;
        while i + 1 < chars.len() {
            if chars[i] == '%' {
                i += 1;
                let next = chars[i];
                if a + 1 != args.len() {
                    let replacement = match next {
                        's' => {
                            a += 1;
                            Some(format_s(&args[a], context))
                        }
                        'j' => {
                            a += 1;
                            Some(format_json(&args[a], context))
                        }
                        'd' => {
                            a += 1;
                            Some(format_d(&args[a], context))
                        }
                        'i' => {
                            a += 1;
                            Some(format_i(&args[a], context))
                        }
                        'f' => {
                            a += 1;
                            Some(format_f(&args[a], context))
                        }
                        'O' => {
                            a += 1;
                            Some(inspect(&args[a], &InspectOptions::default(), context))
                        }
                        'o' => {
                            a += 1;
                            let opts = InspectOptions {
                                show_hidden: true,
                                depth: 4,
                                ..InspectOptions::default()
                            };
                            Some(inspect(&args[a], &opts, context))
                        }
                        'c' => {
                            a += 1;
                            Some(String::new())
                        }
                        '%' => {
                            out.extend(&chars[last_pos..i]);
                            last_pos = i + 1;
                            None
                        }
                        _ => None,
                    };
                    if let Some(replacement) = replacement {
                        if last_pos != i - 1 {
                            out.extend(&chars[last_pos..i - 1]);
                        }
                        out.push_str(&replacement);
                        last_pos = i + 1;
                    }
                } else if next == '%' {
                    out.extend(&chars[last_pos..i]);
                    last_pos = i + 1;
                }
            }
            i += 1;
        }
        if last_pos != 0 {
            a += 1;
            join = " ";
            if last_pos < chars.len() {
                out.extend(&chars[last_pos..]);
            }
        }
    }
    for value in &args[a..] {
        out.push_str(join);
        match value.as_string() {
            Some(s) => out.push_str(&s.to_std_string_escaped()),
            None => out.push_str(&inspect(value, &InspectOptions::default(), context)),
        }
        join = " ";
    }
    out
}

fn format_s(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::Float64(n) => format_number(n),
        JsVariant::Integer32(n) => n.to_string(),
        JsVariant::BigInt(b) => format!("{}n", b.to_string_radix(10)),
        JsVariant::Object(_) => {
            let opts = InspectOptions {
                depth: 0,
                ..InspectOptions::default()
            };
            inspect(value, &opts, context)
        }
        JsVariant::Symbol(s) => s.descriptive_string().to_std_string_escaped(),
        _ => primitive_to_string(value, context),
    }
}

fn format_d(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::BigInt(b) => format!("{}n", b.to_string_radix(10)),
        JsVariant::Symbol(_) | JsVariant::Object(_) => "NaN".to_owned(),
        _ => format_number(value.to_number(context).unwrap_or(f64::NAN)),
    }
}

fn format_i(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::BigInt(b) => format!("{}n", b.to_string_radix(10)),
        JsVariant::Symbol(_) | JsVariant::Object(_) => "NaN".to_owned(),
        _ => format_number(parse_int(&primitive_to_string(value, context))),
    }
}

fn format_f(value: &JsValue, context: &mut Context) -> String {
    match value.variant() {
        JsVariant::Symbol(_) | JsVariant::Object(_) => "NaN".to_owned(),
        _ => format_number(parse_float(&primitive_to_string(value, context))),
    }
}

/// `String(value)` for a non-object, non-symbol value (cannot run user code).
fn primitive_to_string(value: &JsValue, context: &mut Context) -> String {
    value
        .to_string(context)
        .map(|s| s.to_std_string_escaped())
        .unwrap_or_default()
}

/// Node's `tryStringify`: `JSON.stringify`, with cycles shown as `[Circular]`.
fn format_json(value: &JsValue, context: &mut Context) -> String {
    let json = context.intrinsics().objects().json();
    let Some(stringify) = own_desc(&json, &js_string!("stringify").into())
        .and_then(|d| d.value().cloned())
        .and_then(|v| v.as_callable())
    else {
        return "undefined".to_owned();
    };
    match stringify.call(&json.clone().into(), std::slice::from_ref(value), context) {
        Ok(v) => match v.as_string() {
            Some(s) => s.to_std_string_escaped(),
            None => "undefined".to_owned(),
        },
        Err(err) => {
            let text = err.to_string();
            if text.contains("cyclic") || text.contains("ircular") {
                "[Circular]".to_owned()
            } else {
                format!("[{text}]")
            }
        }
    }
}

fn is_js_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `parseInt(s)` with radix 10 (or 16 after a `0x` prefix).
fn parse_int(s: &str) -> f64 {
    let s = s.trim_start_matches(is_js_whitespace);
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s.strip_prefix('+').unwrap_or(s)),
    };
    let (radix, s) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(rest) => (16, rest),
        None => (10, s),
    };
    let mut result: Option<f64> = None;
    for c in s.chars() {
        let Some(d) = c.to_digit(radix) else { break };
        result = Some(result.unwrap_or(0.0) * f64::from(radix) + f64::from(d));
    }
    result.map_or(f64::NAN, |r| sign * r)
}

/// `parseFloat(s)`: the longest prefix that is a decimal literal or `Infinity`.
fn parse_float(s: &str) -> f64 {
    let s = s.trim_start_matches(is_js_whitespace);
    let bytes = s.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end = 1;
    }
    if s[end..].starts_with("Infinity") {
        return if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let digits = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_end = digits(end);
    let mut mantissa_end = int_end;
    if bytes.get(int_end) == Some(&b'.') {
        let frac_end = digits(int_end + 1);
        if frac_end > int_end + 1 || int_end > end {
            mantissa_end = frac_end;
        }
    }
    if mantissa_end == end || (mantissa_end == end + 1 && bytes.get(end) == Some(&b'.')) {
        return f64::NAN;
    }
    let mut total_end = mantissa_end;
    if matches!(bytes.get(mantissa_end), Some(b'e' | b'E')) {
        let mut exp = mantissa_end + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        let exp_end = digits(exp);
        if exp_end > exp {
            total_end = exp_end;
        }
    }
    s[..total_end].parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use boa_engine::Source;
    use expect_test::{Expect, expect};

    /// Evaluates `js` (which must produce an array) and formats its elements as console arguments.
    fn check(js: &str, expect: Expect) {
        let mut context = Context::default();
        let value = context.eval(Source::from_bytes(js)).expect("eval");
        let array = value.as_object().expect("array");
        let len = array
            .get(js_string!("length"), &mut context)
            .expect("length")
            .to_u32(&mut context)
            .expect("u32");
        let args: Vec<JsValue> = (0..len)
            .map(|i| array.get(i, &mut context).expect("element"))
            .collect();
        expect.assert_eq(&format_args(&args, &mut context));
    }

    #[test]
    fn fmt_no_args() {
        check("[]", expect![[""]]);
    }

    #[test]
    fn fmt_000_hello_s_world() {
        check(r#"['hello %s', 'world']"#, expect![[r#"hello world"#]]);
    }

    #[test]
    fn fmt_001_s_s_s_s_1_5_0_10n_symbol_s() {
        check(
            r#"['%s|%s|%s|%s', 1.5, -0, 10n, Symbol('s')]"#,
            expect![[r#"1.5|-0|10n|Symbol(s)"#]],
        );
    }

    #[test]
    fn fmt_002_s_a_b_1() {
        check(r#"['%s', {a: {b: 1}}]"#, expect![[r#"{ a: [Object] }"#]]);
    }

    #[test]
    fn fmt_003_s_1_2_3() {
        check(r#"['%s', [1, [2, [3]]]]"#, expect![[r#"[ 1, [Array] ]"#]]);
    }

    #[test]
    fn fmt_004_s_s_null_undefined() {
        check(
            r#"['%s %s', null, undefined]"#,
            expect![[r#"null undefined"#]],
        );
    }

    #[test]
    fn fmt_005_d_d_d_d_d_42_1_9_10n_symbol_x() {
        check(
            r#"['%d|%d|%d|%d|%d', '42', 1.9, 10n, Symbol('x'), {}]"#,
            expect![[r#"42|1.9|10n|NaN|NaN"#]],
        );
    }

    #[test]
    fn fmt_006_i_i_i_i_42_9px_3_7_0x1f_abc() {
        check(
            r#"['%i|%i|%i|%i', '42.9px', -3.7, '0x1F', 'abc']"#,
            expect![[r#"42|-3|31|NaN"#]],
        );
    }

    #[test]
    fn fmt_007_f_f_f_3_25abc_1e3x_5() {
        check(
            r#"['%f|%f|%f', '3.25abc', '1e3x', '.5']"#,
            expect![[r#"3.25|1000|0.5"#]],
        );
    }

    #[test]
    fn fmt_008_j_a_1_x() {
        check(r#"['%j', {a: [1, 'x']}]"#, expect![[r#"{"a":[1,"x"]}"#]]);
    }

    #[test]
    fn fmt_009_j_const_o_o_o_o_return_o() {
        check(
            r#"['%j', (() => { const o = {}; o.o = o; return o; })()]"#,
            expect![[r#"[Circular]"#]],
        );
    }

    #[test]
    fn fmt_010_j_undefined() {
        check(r#"['%j', undefined]"#, expect![[r#"undefined"#]]);
    }

    #[test]
    fn fmt_011_o_1() {
        check(r#"['%o', [1]]"#, expect![[r#"[ 1, [length]: 1 ]"#]]);
    }

    #[test]
    fn fmt_012_o_a_b_c_d_1() {
        check(
            r#"['%O', {a: {b: {c: {d: 1}}}}]"#,
            expect![[r#"{ a: { b: { c: [Object] } } }"#]],
        );
    }

    #[test]
    fn fmt_013_cstyled_c_text_color_red() {
        check(
            r#"['%cstyled%c text', 'color: red', '']"#,
            expect![[r#"styled text"#]],
        );
    }

    #[test]
    fn fmt_014_100_sure_s_yes() {
        check(r#"['100%% sure %s', 'yes']"#, expect![[r#"100% sure yes"#]]);
    }

    #[test]
    fn fmt_015_s_a_extra_1_b_2() {
        check(
            r#"['%s', 'a', 'extra', 1, {b: 2}]"#,
            expect![[r#"a extra 1 { b: 2 }"#]],
        );
    }

    #[test]
    fn fmt_016_no_placeholders_1_two() {
        check(
            r#"['no placeholders', 1, 'two']"#,
            expect![[r#"no placeholders 1 two"#]],
        );
    }

    #[test]
    fn fmt_017_1_two_three_3() {
        check(
            r#"[1, 'two', {three: 3}]"#,
            expect![[r#"1 two { three: 3 }"#]],
        );
    }

    #[test]
    fn fmt_018_x_s_y() {
        check(r#"['%x %s', 'y']"#, expect![[r#"%x y"#]]);
    }

    #[test]
    fn fmt_019_s() {
        check(r#"['%s']"#, expect![[r#"%s"#]]);
    }

    #[test]
    fn fmt_020_trailing() {
        check(r#"['trailing %']"#, expect![[r#"trailing %"#]]);
    }

    #[test]
    fn fmt_021_d_50() {
        check(r#"['%d%%', 50]"#, expect![[r#"50%"#]]);
    }

    #[test]
    fn fmt_022_s_s_only_one() {
        check(r#"['%s:%s', 'only-one']"#, expect![[r#"only-one:%s"#]]);
    }

    #[test]
    fn fmt_023_str() {
        check(r#"['str']"#, expect![[r#"str"#]]);
    }
}
