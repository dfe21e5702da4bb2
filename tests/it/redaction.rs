//! Secret redaction, tested as a leak would happen: a template names secrets (a granted variable's value, a
//! literal, a pattern); code prints them every way it can — directly, inside objects, in errors and their
//! stacks, as the cell's value, in displays, in a `prompt` text, and through hover — and the secret must not
//! reach the host: not in what the session reports, not in the bytes of the database files. What is not
//! claimed (an encoded secret, halves printed separately) is checked too, so the documentation stays true.

use std::time::Duration;

use vmjs_core::model::Template;
use vmjs_core::redact::REDACTED;

use crate::{Env, repl};

const VAR: &str = "VMJS_IT_REDACTION_SECRET";
const SECRET: &str = "s3cr3t-Value-7f9b";
/// A literal rule's secret; code builds it from two halves so the input itself never holds it.
const LITERAL: &str = "hunter2-pw";
/// Matches the pattern rule `/sk-[a-z0-9]{8}/`.
const TOKEN: &str = "sk-ab12cd34";

fn template() -> Template {
    let mut template = Template::new("redacting");
    template.capabilities.env = vec![VAR.to_owned()];
    template.options.redact = vec![
        format!("env:{VAR}"),
        format!("literal:{LITERAL}"),
        "/sk-[a-z0-9]{8}/".to_owned(),
    ];
    template
}

/// Every text of an execution's stored events, value and error.
fn everything(env: &Env, id: &str) -> String {
    let store = vmjs_core::store::Store::open(&env.db()).unwrap();
    let record = store.get_execution(id, true).unwrap();
    serde_json::to_string(&record).unwrap()
}

#[test]
fn secrets_never_leave_the_worker_in_any_output_nor_reach_the_database() {
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts.
    unsafe { std::env::set_var(VAR, SECRET) };
    let env = Env::new();
    let session = env.session(template());
    let cells = [
        format!("const k = vmjs.env.get('{VAR}'); console.log(k); k"),
        "console.log({ nested: { k }, list: [k] }); console.error('err:', k)".to_owned(),
        "throw new Error('the key is ' + k)".to_owned(),
        "function leak() { throw new TypeError(`bad ${k}`) } leak()".to_owned(),
        "Promise.reject(new RangeError(k))".to_owned(),
        "Jupyter.display({ 'text/html': `<b>${k}</b>`, 'application/json': { [k]: k } }); ({ k })"
            .to_owned(),
        "const lit = 'hunter' + '2-pw'; console.log(lit + '!')".to_owned(),
        "const tok = 'sk-' + 'ab12cd34'; console.log(`token=${tok}`); tok".to_owned(),
        "console.log(k.length > 0 ? 'prefix-' + k + '-suffix' : '')".to_owned(),
    ];
    let mut ids = Vec::new();
    for cell in &cells {
        let record = repl(&session, cell);
        let text = everything(&env, &record.id);
        for secret in [SECRET, LITERAL, TOKEN] {
            assert!(!text.contains(secret), "{cell:?} leaked {secret}: {text}");
        }
        assert!(
            text.contains(REDACTED),
            "{cell:?} shows no redaction: {text}"
        );
        ids.push(record.id);
    }
    // The error's message and stack are both redacted, and the stack is still a stack.
    let error = repl(&session, "throw new Error('x' + k)").error.unwrap();
    assert_eq!(error.message, format!("x{REDACTED}"));
    assert!(
        error.stack.contains(&format!("Error: x{REDACTED}")),
        "{}",
        error.stack
    );
    // Hover (the kernel's inspect, the language server's hover) describes values: redacted too.
    let description = session
        .describe("k", 1, Duration::from_secs(5))
        .wait()
        .expect("k is described");
    assert_eq!(description.preview, format!("'{REDACTED}'"));
    // Completion offers property names: an object keyed by the secret does not offer it.
    repl(&session, "const keyed = { [k]: 1, plain: 2 }");
    let names = session
        .property_names("keyed", Duration::from_secs(5))
        .wait();
    assert!(names.contains(&"plain".to_owned()), "{names:?}");
    assert!(!names.iter().any(|name| name.contains(SECRET)), "{names:?}");

    // Not claimed: an encoding of the secret, or its halves printed separately, pass unchanged.
    let encoded = repl(
        &session,
        "console.log(btoa(k)); console.log(k.slice(0, 4)); console.log(k.slice(4))",
    );
    let lines = crate::stored_console_lines(&env, &encoded);
    assert_eq!(
        lines,
        [
            base64(SECRET),
            SECRET[..4].to_owned(),
            SECRET[4..].to_owned(),
        ]
    );
    session.close().wait();
    drop(session);

    // The database files: no byte sequence of the redacted secrets, except where the code held them itself
    // (none of the cells above did).
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(env.root()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("vmjs.db")
        {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    for secret in [LITERAL, TOKEN] {
        assert!(
            memchr::memmem::find(&bytes, secret.as_bytes()).is_none(),
            "{secret} is in the database files"
        );
    }
    assert!(memchr::memmem::find(&bytes, SECRET.as_bytes()).is_none());
}

#[test]
fn a_template_without_rules_changes_nothing() {
    let env = Env::new();
    let session = env.session(Template::new("plain"));
    let record = repl(&session, "console.log('sk-ab12cd34 [REDACTED]')");
    assert_eq!(
        crate::stored_console_lines(&env, &record),
        ["sk-ab12cd34 [REDACTED]"]
    );
}

fn base64(text: &str) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
