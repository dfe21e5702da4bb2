//! `JSON.parse` as V8's: its speed and its errors.
//!
//! boa 0.22's `JSON.parse` validates the text with serde_json, then parses it as a JavaScript script and runs
//! it: 110 µs for 711 bytes where V8 takes 4 µs (bench/RESULTS.md), and its `SyntaxError`s are worded as
//! serde's (`key must be a string at line 1 column 2`, `EOF while parsing a value at line 1 column 0`) where
//! notebooks that parse what they fetched print V8's (`Expected property name or '}' in JSON at position 1`,
//! `Unexpected end of JSON input`, `Unexpected token 'a', "abc" is not valid JSON`). [`parse_text`] reads the
//! text once, as V8's parser does, into the value or into V8's error. With a reviver `JSON.parse` stays boa's
//! (it passes each value's source text to the reviver), and only its error is V8's. Positions count UTF-16
//! code units, as V8's do.

use boa_engine::builtins::object::OrdinaryObject;
use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue};

use super::lazy::wrap_method;

const PROPERTY_NAME_OR_BRACE: &str = "Expected property name or '}' in JSON";
const DOUBLE_QUOTED_NAME: &str = "Expected double-quoted property name in JSON";
const COLON: &str = "Expected ':' after property name in JSON";
const COMMA_OR_BRACE: &str = "Expected ',' or '}' after property value in JSON";
const COMMA_OR_BRACKET: &str = "Expected ',' or ']' after array element in JSON";
const UNTERMINATED_STRING: &str = "Unterminated string in JSON";
const BAD_CONTROL: &str = "Bad control character in string literal in JSON";
const BAD_ESCAPE: &str = "Bad escaped character in JSON";
const BAD_UNICODE_ESCAPE: &str = "Bad Unicode escape in JSON";
const NO_NUMBER_AFTER_MINUS: &str = "No number after minus sign in JSON";
const UNTERMINATED_FRACTION: &str = "Unterminated fractional number in JSON";
const EXPONENT_MISSING: &str = "Exponent part is missing a number in JSON";
const AFTER_JSON: &str = "Unexpected non-whitespace character after JSON";

/// How much of the text around an unexpected character V8 quotes (on each side), and from what length on it
/// quotes a part rather than the whole text.
const CONTEXT: usize = 10;
const QUOTE_WHOLE_BELOW: usize = 2 * CONTEXT + 1;

/// Where a scan failed: the position, and V8's message for it unless the character there decides it.
type Failure = (usize, Option<&'static str>);

/// V8's message for the `SyntaxError` of a text that failed at `at` (with `message`, or one the character
/// there decides).
fn v8_message(text: &[u16], (at, message): Failure) -> Vec<u16> {
    let mut out = Vec::new();
    if let Some(message) = message {
        push(&mut out, &format!("{message} at position {at}"));
        return out;
    }
    match text.get(at).copied() {
        None => push(&mut out, "Unexpected end of JSON input"),
        Some(unit) if is_digit(unit) || unit == u16::from(b'-') => {
            push(
                &mut out,
                &format!("Unexpected number in JSON at position {at}"),
            );
        }
        Some(unit) if unit == u16::from(b'"') => {
            push(
                &mut out,
                &format!("Unexpected string in JSON at position {at}"),
            );
        }
        Some(unit) => {
            let special = ["[object Object]", "undefined", "Infinity", "NaN"]
                .iter()
                .any(|special| special.encode_utf16().eq(text.iter().copied()));
            if special {
                push(&mut out, "\"");
                out.extend_from_slice(text);
                out.extend("\" is not valid JSON".encode_utf16());
                return out;
            }
            push(&mut out, "Unexpected token '");
            out.push(unit);
            out.extend("', ".encode_utf16());
            let (start, end) = if text.len() < QUOTE_WHOLE_BELOW {
                (0, text.len())
            } else {
                (at.saturating_sub(CONTEXT), (at + CONTEXT).min(text.len()))
            };
            if start > 0 {
                out.extend("...".encode_utf16());
            }
            out.push(u16::from(b'"'));
            out.extend_from_slice(&text[start..end]);
            out.push(u16::from(b'"'));
            if end < text.len() {
                out.extend("...".encode_utf16());
            }
            out.extend(" is not valid JSON".encode_utf16());
        }
    }
    out
}

fn push(out: &mut Vec<u16>, text: &str) {
    out.extend(text.encode_utf16());
}

fn is_digit(unit: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&unit)
}

fn is(text: &[u16], at: usize, ascii: u8) -> bool {
    text.get(at) == Some(&u16::from(ascii))
}

fn skip_whitespace(text: &[u16], mut at: usize) -> usize {
    while text
        .get(at)
        .is_some_and(|&unit| matches!(unit, 0x20 | 0x09 | 0x0A | 0x0D))
    {
        at += 1;
    }
    at
}

/// A container being filled: an object with the key of the value being read, or an array's elements so far.
enum Open {
    Object(JsObject, PropertyKey),
    Array(Vec<JsValue>),
}

/// Parses `text` as V8's JSON parser does, into the value `JSON.parse` gives, or where and why it fails
/// (iteratively: nesting depth costs heap, not stack).
fn parse_text(text: &[u16], context: &mut Context) -> Result<JsValue, Failure> {
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    let value = 'value: loop {
        at = skip_whitespace(text, at);
        let Some(&unit) = text.get(at) else {
            return Err((at, None));
        };
        let mut value: JsValue = match u8::try_from(unit).unwrap_or(0) {
            b'"' => {
                let (units, next) = string(text, at)?;
                at = next;
                JsString::from(&units[..]).into()
            }
            b'-' | b'0'..=b'9' => {
                let next = number(text, at)?;
                let digits: String = text[at..next]
                    .iter()
                    .map(|&unit| char::from(u8::try_from(unit).unwrap_or(b'0')))
                    .collect();
                at = next;
                digits.parse::<f64>().unwrap_or(f64::NAN).into()
            }
            b't' => {
                at = literal(text, at, "true")?;
                true.into()
            }
            b'f' => {
                at = literal(text, at, "false")?;
                false.into()
            }
            b'n' => {
                at = literal(text, at, "null")?;
                JsValue::null()
            }
            b'{' => {
                // A shared shape, as an object literal's: objects of one layout share their keys' table.
                let object = ObjectInitializer::with_native_data(OrdinaryObject, context).build();
                at = skip_whitespace(text, at + 1);
                if is(text, at, b'}') {
                    at += 1;
                    object.into()
                } else {
                    let (key, next) = property_name(text, at, PROPERTY_NAME_OR_BRACE, Some(COLON))?;
                    at = next;
                    open.push(Open::Object(object, key));
                    continue 'value;
                }
            }
            b'[' => {
                at = skip_whitespace(text, at + 1);
                if is(text, at, b']') {
                    at += 1;
                    JsArray::from_iter(std::iter::empty(), context).into()
                } else {
                    open.push(Open::Array(Vec::new()));
                    continue 'value;
                }
            }
            _ => return Err((at, None)),
        };
        // A value ended: it goes into the containers it closes.
        loop {
            let Some(container) = open.last_mut() else {
                break 'value value;
            };
            at = skip_whitespace(text, at);
            let (closes, message) = match container {
                Open::Object(object, key) => {
                    // A fresh ordinary object with `Object.prototype`: defining a property cannot fail.
                    let _ = object.create_data_property_or_throw(key.clone(), value, context);
                    if is(text, at, b',') {
                        let (next_key, next) = property_name(
                            text,
                            skip_whitespace(text, at + 1),
                            DOUBLE_QUOTED_NAME,
                            None,
                        )?;
                        *key = next_key;
                        at = next;
                        continue 'value;
                    }
                    (b'}', COMMA_OR_BRACE)
                }
                Open::Array(items) => {
                    items.push(value);
                    if is(text, at, b',') {
                        at += 1;
                        continue 'value;
                    }
                    (b']', COMMA_OR_BRACKET)
                }
            };
            if !is(text, at, closes) {
                return Err((at, Some(message)));
            }
            at += 1;
            value = match open.pop() {
                Some(Open::Object(object, _)) => object.into(),
                Some(Open::Array(items)) => JsArray::from_iter(items, context).into(),
                None => JsValue::undefined(),
            };
        }
    };
    at = skip_whitespace(text, at);
    if at < text.len() {
        return Err((at, Some(AFTER_JSON)));
    }
    Ok(value)
}

/// A property name at `at` and the `:` after it; the name and the position after the `:`. V8 names the
/// missing colon only after an object's first name.
fn property_name(
    text: &[u16],
    at: usize,
    missing_name: &'static str,
    missing_colon: Option<&'static str>,
) -> Result<(PropertyKey, usize), Failure> {
    if !is(text, at, b'"') {
        return Err((at, Some(missing_name)));
    }
    let (name, next) = string(text, at)?;
    let at = skip_whitespace(text, next);
    if !is(text, at, b':') {
        return Err((at, missing_colon));
    }
    Ok((JsString::from(&name[..]).into(), at + 1))
}

/// A string starting at `at` (its `"`): its UTF-16 code units and the position after it.
fn string(text: &[u16], mut at: usize) -> Result<(Vec<u16>, usize), Failure> {
    at += 1;
    let mut units = Vec::new();
    loop {
        let Some(&unit) = text.get(at) else {
            return Err((at, Some(UNTERMINATED_STRING)));
        };
        match unit {
            0x22 => return Ok((units, at + 1)),
            0x5C => {
                at += 1;
                let Some(&escaped) = text.get(at) else {
                    return Err((at, None));
                };
                let decoded = match u8::try_from(escaped).unwrap_or(0) {
                    b'"' => 0x22,
                    b'\\' => 0x5C,
                    b'/' => 0x2F,
                    b'b' => 0x08,
                    b'f' => 0x0C,
                    b'n' => 0x0A,
                    b'r' => 0x0D,
                    b't' => 0x09,
                    b'u' => {
                        let mut code = 0u16;
                        for _ in 0..4 {
                            at += 1;
                            let digit = text
                                .get(at)
                                .and_then(|&unit| char::from_u32(u32::from(unit)))
                                .and_then(|c| c.to_digit(16));
                            let Some(digit) = digit else {
                                return Err((at, Some(BAD_UNICODE_ESCAPE)));
                            };
                            code = code * 16 + digit as u16;
                        }
                        code
                    }
                    _ => return Err((at, Some(BAD_ESCAPE))),
                };
                units.push(decoded);
                at += 1;
            }
            unit if unit < 0x20 => return Err((at, Some(BAD_CONTROL))),
            _ => {
                units.push(unit);
                at += 1;
            }
        }
    }
}

/// A number starting at `at`; the position after it.
fn number(text: &[u16], mut at: usize) -> Result<usize, Failure> {
    let digits = |mut at: usize| {
        while text.get(at).copied().is_some_and(is_digit) {
            at += 1;
        }
        at
    };
    if is(text, at, b'-') {
        at += 1;
    }
    if is(text, at, b'0') {
        at += 1;
        if text.get(at).copied().is_some_and(is_digit) {
            return Err((at, None));
        }
    } else if text.get(at).copied().is_some_and(is_digit) {
        at = digits(at);
    } else {
        return Err((at, Some(NO_NUMBER_AFTER_MINUS)));
    }
    if is(text, at, b'.') {
        at += 1;
        if !text.get(at).copied().is_some_and(is_digit) {
            return Err((at, Some(UNTERMINATED_FRACTION)));
        }
        at = digits(at);
    }
    if is(text, at, b'e') || is(text, at, b'E') {
        at += 1;
        if is(text, at, b'+') || is(text, at, b'-') {
            at += 1;
        }
        if !text.get(at).copied().is_some_and(is_digit) {
            return Err((at, Some(EXPONENT_MISSING)));
        }
        at = digits(at);
    }
    Ok(at)
}

/// `true`, `false` or `null` at `at`; the position after it.
fn literal(text: &[u16], at: usize, word: &str) -> Result<usize, Failure> {
    for (i, byte) in word.bytes().enumerate().skip(1) {
        if !is(text, at + i, byte) {
            return Err((at + i, None));
        }
    }
    Ok(at + word.len())
}

/// Puts a `JSON.parse` in front of boa's that throws V8's messages.
pub(super) fn register(context: &mut Context) -> JsResult<()> {
    let json = context.intrinsics().objects().json();
    wrap_method(&json, "parse", parse, context)
}

/// `JSON.parse(text, reviver)`: without a reviver, vmjs's parser (boa's validates the text with serde_json, then
/// parses and runs it as a script: 27× slower than V8's); with one, boa's (it gives the reviver each value's
/// source text too). Either way a text that is not JSON fails with V8's message.
fn parse(
    _: &JsValue,
    args: &[JsValue],
    boa_parse: &JsObject,
    context: &mut Context,
) -> JsResult<JsValue> {
    let text = args
        .first()
        .cloned()
        .unwrap_or_default()
        .to_string(context)?;
    let units: Vec<u16> = text.iter().collect();
    if !args.get(1).is_some_and(JsValue::is_callable) {
        return parse_text(&units, context).map_err(|failure| syntax_error(&units, failure));
    }
    let mut forwarded = args.to_vec();
    if let Some(first) = forwarded.first_mut() {
        *first = text.into();
    }
    boa_parse
        .call(&JsValue::undefined(), &forwarded, context)
        .map_err(|error| v8_error(error, &units, context))
}

fn syntax_error(text: &[u16], failure: Failure) -> JsError {
    JsNativeError::syntax()
        .with_message(String::from_utf16_lossy(&v8_message(text, failure)))
        .into()
}

/// boa's error for `text`, with V8's message when it is the text's `SyntaxError` (a reviver's errors and
/// anything else pass unchanged).
fn v8_error(error: JsError, text: &[u16], context: &mut Context) -> JsError {
    let is_syntax = error
        .try_native(context)
        .is_ok_and(|native| matches!(native.kind(), boa_engine::error::JsNativeErrorKind::Syntax));
    if !is_syntax {
        return error;
    }
    match parse_text(text, context) {
        Err(failure) => syntax_error(text, failure),
        Ok(_) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Option<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut context = Context::default();
        parse_text(&units, &mut context)
            .err()
            .map(|failure| String::from_utf16_lossy(&v8_message(&units, failure)))
    }

    /// Node 20's messages for the same texts.
    #[test]
    fn fails_as_v8_does() {
        let long = "x".repeat(40);
        let cases = [
            ("", "Unexpected end of JSON input"),
            (" ", "Unexpected end of JSON input"),
            (
                "{bad",
                "Expected property name or '}' in JSON at position 1",
            ),
            (
                "{\"a\":1,}",
                "Expected double-quoted property name in JSON at position 7",
            ),
            ("[1,]", "Unexpected token ']', \"[1,]\" is not valid JSON"),
            ("abc", "Unexpected token 'a', \"abc\" is not valid JSON"),
            (
                "{\"a\" 1}",
                "Expected ':' after property name in JSON at position 5",
            ),
            (
                "{\"a\":1 \"b\":2}",
                "Expected ',' or '}' after property value in JSON at position 7",
            ),
            (
                "[1 2]",
                "Expected ',' or ']' after array element in JSON at position 3",
            ),
            ("\"abc", "Unterminated string in JSON at position 4"),
            (
                "1 2",
                "Unexpected non-whitespace character after JSON at position 2",
            ),
            ("\"\\x\"", "Bad escaped character in JSON at position 2"),
            (
                "\"a\nb\"",
                "Bad control character in string literal in JSON at position 2",
            ),
            ("undefined", "\"undefined\" is not valid JSON"),
            (
                "{'a':1}",
                "Expected property name or '}' in JSON at position 1",
            ),
            ("01", "Unexpected number in JSON at position 1"),
            ("-", "No number after minus sign in JSON at position 1"),
            ("1.", "Unterminated fractional number in JSON at position 2"),
            (
                "1e",
                "Exponent part is missing a number in JSON at position 2",
            ),
            (
                "1e+",
                "Exponent part is missing a number in JSON at position 3",
            ),
            ("[", "Unexpected end of JSON input"),
            ("{", "Expected property name or '}' in JSON at position 1"),
            ("{\"a\":", "Unexpected end of JSON input"),
            ("[1,", "Unexpected end of JSON input"),
            ("tru", "Unexpected end of JSON input"),
            (
                "truex",
                "Unexpected non-whitespace character after JSON at position 4",
            ),
            ("\"\\u12\"", "Bad Unicode escape in JSON at position 5"),
            ("\"\\u1", "Bad Unicode escape in JSON at position 4"),
            ("\"\\", "Unexpected end of JSON input"),
            (
                "{\"a\":1}}",
                "Unexpected non-whitespace character after JSON at position 7",
            ),
            ("NaN", "\"NaN\" is not valid JSON"),
            ("Infinity", "\"Infinity\" is not valid JSON"),
            ("[object Object]", "\"[object Object]\" is not valid JSON"),
            (
                "-Infinity",
                "No number after minus sign in JSON at position 1",
            ),
            (".5", "Unexpected token '.', \".5\" is not valid JSON"),
            ("[-]", "No number after minus sign in JSON at position 2"),
            (
                "{\"a\":[1,{\"b\":}]}",
                "Unexpected token '}', \"{\"a\":[1,{\"b\":}]}\" is not valid JSON",
            ),
            (
                "\u{a0} 1",
                "Unexpected token '\u{a0}', \"\u{a0} 1\" is not valid JSON",
            ),
            (
                "\"\t\"",
                "Bad control character in string literal in JSON at position 1",
            ),
            (
                "{\"a\":1,\"b\"}",
                "Unexpected token '}', \"{\"a\":1,\"b\"}\" is not valid JSON",
            ),
            (
                "{\"a\":1,\"b\" \"c\"}",
                "Unexpected string in JSON at position 11",
            ),
            (
                "{\"a\":1,\"b\" 2}",
                "Unexpected number in JSON at position 11",
            ),
            ("t1", "Unexpected number in JSON at position 1"),
            ("[,]", "Unexpected token ',', \"[,]\" is not valid JSON"),
            (
                &long,
                "Unexpected token 'x', \"xxxxxxxxxx\"... is not valid JSON",
            ),
            (
                "[1,2,3,4,5,6,7,8,9,10,11,12,x,14,15,16,17,18]",
                "Unexpected token 'x', ...\",10,11,12,x,14,15,16\"... is not valid JSON",
            ),
            (
                "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,x]",
                "Unexpected token 'x', ...\",14,15,16,x]\" is not valid JSON",
            ),
            (
                "{\"key\": \"value\", \"n\": 12, oops}",
                "Expected double-quoted property name in JSON at position 26",
            ),
            (
                "\"😀\" x",
                "Unexpected non-whitespace character after JSON at position 5",
            ),
            (
                "123abc",
                "Unexpected non-whitespace character after JSON at position 3",
            ),
            (
                "[1,2,3",
                "Expected ',' or ']' after array element in JSON at position 6",
            ),
            (
                "{\"a\"",
                "Expected ':' after property name in JSON at position 4",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(message(text).as_deref(), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn valid_text_has_no_message() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        for text in [
            "1",
            " -0.5e+10 ",
            "\"\\ud800\\u00e9\"",
            "{\"a\": [true, false, null, {}], \"b\": {\"c\": []}}",
            &deep,
        ] {
            assert_eq!(message(text), None, "{}", &text[..text.len().min(40)]);
        }
    }

    /// Node 20's values for the same texts.
    #[test]
    fn parses_as_v8_does() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        let cases = [
            (
                "JSON.parse('{\"a\":1,\"a\":2,\"b\":3}')",
                "{\"a\":2,\"b\":3}",
            ),
            (
                "(p => [Object.keys(p), Object.getPrototypeOf(p) === Object.prototype])(JSON.parse('{\"__proto__\": 1}'))",
                "[[\"__proto__\"],true]",
            ),
            ("Object.is(JSON.parse('-0'), -0)", "true"),
            (
                "(s => [s.length, s.charCodeAt(0)])(JSON.parse('\"\\\\ud800x\"'))",
                "[2,55296]",
            ),
            (
                "Object.keys(JSON.parse('{\"2\":1,\"1\":2,\"b\":3}'))",
                "[\"1\",\"2\",\"b\"]",
            ),
            (
                "[JSON.parse('1e400'), JSON.parse('123456789012345678901234567890'), JSON.parse('0.1'), JSON.parse('-1.5E-3')]",
                "[null,1.2345678901234568e+29,0.1,-0.0015]",
            ),
            (
                "JSON.parse(' [1, \"x\", true, null, {\"k\": [ ]}] ')",
                "[1,\"x\",true,null,{\"k\":[]}]",
            ),
            ("JSON.parse(new String('[1]'))", "[1]"),
            (
                "JSON.parse('\"\\\\u00e9\\\\n\\\\t\\\\/\\\\\"\"')",
                "\"é\\n\\t/\\\"\"",
            ),
            (
                "JSON.parse('{\"a\":[1,2]}', (k, v) => typeof v === 'number' ? v + 1 : v)",
                "{\"a\":[2,3]}",
            ),
            (
                "[Array.isArray(JSON.parse('[[]]')), Object.isExtensible(JSON.parse('{}'))]",
                "[true,true]",
            ),
            ("JSON.parse('\"h\u{e9}llo 😀\"')", "\"h\u{e9}llo 😀\""),
        ];
        assert_eq!(engine.json_mismatches(&cases), Vec::<String>::new());
    }

    #[test]
    fn json_parse_throws_v8s_message_and_keeps_the_rest() {
        let mut engine = crate::runtime::testing::TestEngine::new();
        assert_eq!(
            engine.error("JSON.parse('{bad')"),
            "SyntaxError: Expected property name or '}' in JSON at position 1"
        );
        assert_eq!(
            engine.error("JSON.parse()"),
            "SyntaxError: \"undefined\" is not valid JSON"
        );
        assert_eq!(
            engine.value(
                "JSON.parse('{\"a\": [1, 2]}', (k, v) => typeof v === 'number' ? v * 10 : v)"
            ),
            "{ a: [ 10, 20 ] }"
        );
        // A reviver's own error passes unchanged; so does the text's `toString`'s.
        assert_eq!(
            engine.error("JSON.parse('1', () => { throw new SyntaxError('mine') })"),
            "SyntaxError: mine"
        );
        assert_eq!(
            engine.error("JSON.parse({ toString() { throw new RangeError('no text') } })"),
            "RangeError: no text"
        );
        assert_eq!(
            engine.value("[JSON.parse.name, JSON.parse.length, JSON.parse(' [1] ')[0]]"),
            "[ 'parse', 2, 1 ]"
        );
    }
}
