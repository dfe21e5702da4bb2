//! `JSON.parse` failing as V8's does. boa's parser (serde_json) words its `SyntaxError`s as serde does
//! (`key must be a string at line 1 column 2`, `EOF while parsing a value at line 1 column 0`); notebooks that
//! parse what they fetched print V8's (`Expected property name or '}' in JSON at position 1`, `Unexpected end
//! of JSON input`, `Unexpected token 'a', "abc" is not valid JSON`). `JSON.parse` stays boa's; when it throws a
//! `SyntaxError`, [`v8_message`] scans the text again as V8's parser does (only then: valid text costs
//! nothing more) and the error carries V8's message. Positions count UTF-16 code units, as V8's do.

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

/// V8's message for the `SyntaxError` `JSON.parse(text)` throws, or `None` when `text` is valid JSON.
pub(crate) fn v8_message(text: &[u16]) -> Option<Vec<u16>> {
    let (at, message) = scan(text).err()?;
    let mut out = Vec::new();
    if let Some(message) = message {
        push(&mut out, &format!("{message} at position {at}"));
        return Some(out);
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
                return Some(out);
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
    Some(out)
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

/// Scans `text` as V8's JSON parser does (iteratively: nesting depth costs heap, not stack).
fn scan(text: &[u16]) -> Result<(), Failure> {
    // The open containers: `true` for an object.
    let mut open: Vec<bool> = Vec::new();
    let mut at = 0;
    'value: loop {
        at = skip_whitespace(text, at);
        let Some(&unit) = text.get(at) else {
            return Err((at, None));
        };
        match u8::try_from(unit).unwrap_or(0) {
            b'"' => at = string(text, at)?,
            b'-' | b'0'..=b'9' => at = number(text, at)?,
            b't' => at = literal(text, at, "true")?,
            b'f' => at = literal(text, at, "false")?,
            b'n' => at = literal(text, at, "null")?,
            b'{' => {
                at = skip_whitespace(text, at + 1);
                if is(text, at, b'}') {
                    at += 1;
                } else {
                    at = property_name(text, at, PROPERTY_NAME_OR_BRACE, Some(COLON))?;
                    open.push(true);
                    continue 'value;
                }
            }
            b'[' => {
                at = skip_whitespace(text, at + 1);
                if is(text, at, b']') {
                    at += 1;
                } else {
                    open.push(false);
                    continue 'value;
                }
            }
            _ => return Err((at, None)),
        }
        // A value ended: go on in the containers it closes.
        while let Some(&object) = open.last() {
            at = skip_whitespace(text, at);
            if is(text, at, b',') {
                at = skip_whitespace(text, at + 1);
                if object {
                    at = property_name(text, at, DOUBLE_QUOTED_NAME, None)?;
                }
                continue 'value;
            }
            let (close, message) = if object {
                (b'}', COMMA_OR_BRACE)
            } else {
                (b']', COMMA_OR_BRACKET)
            };
            if !is(text, at, close) {
                return Err((at, Some(message)));
            }
            at += 1;
            open.pop();
        }
        break;
    }
    at = skip_whitespace(text, at);
    if at < text.len() {
        return Err((at, Some(AFTER_JSON)));
    }
    Ok(())
}

/// A property name at `at` and the `:` after it; the position after the `:`. V8 names the missing colon only
/// after an object's first name.
fn property_name(
    text: &[u16],
    at: usize,
    missing_name: &'static str,
    missing_colon: Option<&'static str>,
) -> Result<usize, Failure> {
    if !is(text, at, b'"') {
        return Err((at, Some(missing_name)));
    }
    let at = skip_whitespace(text, string(text, at)?);
    if !is(text, at, b':') {
        return Err((at, missing_colon));
    }
    Ok(at + 1)
}

/// A string starting at `at` (its `"`); the position after it.
fn string(text: &[u16], mut at: usize) -> Result<usize, Failure> {
    at += 1;
    loop {
        let Some(&unit) = text.get(at) else {
            return Err((at, Some(UNTERMINATED_STRING)));
        };
        match unit {
            0x22 => return Ok(at + 1),
            0x5C => {
                at += 1;
                let Some(&escaped) = text.get(at) else {
                    return Err((at, None));
                };
                match u8::try_from(escaped).unwrap_or(0) {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 1,
                    b'u' => {
                        at += 1;
                        for _ in 0..4 {
                            let hex = text
                                .get(at)
                                .and_then(|&unit| char::from_u32(u32::from(unit)))
                                .is_some_and(|c| c.is_ascii_hexdigit());
                            if !hex {
                                return Err((at, Some(BAD_UNICODE_ESCAPE)));
                            }
                            at += 1;
                        }
                    }
                    _ => return Err((at, Some(BAD_ESCAPE))),
                }
            }
            unit if unit < 0x20 => return Err((at, Some(BAD_CONTROL))),
            _ => at += 1,
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
    wrap_method(&json, "parse", 2, parse, context)
}

/// `JSON.parse(text, reviver)`: boa's, with V8's message when `text` is not JSON.
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
    let mut forwarded = args.to_vec();
    match forwarded.first_mut() {
        Some(first) => *first = text.clone().into(),
        None => forwarded.push(text.clone().into()),
    }
    boa_parse
        .call(&JsValue::undefined(), &forwarded, context)
        .map_err(|error| v8_error(error, &text, context))
}

/// boa's error for `text`, with V8's message when it is the text's `SyntaxError` (a reviver's errors and
/// anything else pass unchanged).
fn v8_error(error: JsError, text: &JsString, context: &mut Context) -> JsError {
    let is_syntax = error
        .try_native(context)
        .is_ok_and(|native| matches!(native.kind(), boa_engine::error::JsNativeErrorKind::Syntax));
    if !is_syntax {
        return error;
    }
    match v8_message(&text.iter().collect::<Vec<u16>>()) {
        Some(message) => JsNativeError::syntax()
            .with_message(String::from_utf16_lossy(&message))
            .into(),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Option<String> {
        v8_message(&text.encode_utf16().collect::<Vec<u16>>())
            .map(|message| String::from_utf16_lossy(&message))
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
