//! Introspection for completion and inspection: global names, the property names of the value at a property
//! path, and a description (type, preview, signature) of that value.
//!
//! Never runs user code: paths are parsed by [`analysis::parse_property_path`] (no calls, no operators) and
//! resolved through property descriptors along the prototype chain; an accessor (getter) or a Proxy anywhere
//! on the way stops the resolution (not found). Function signatures come from the intrinsic
//! `Function.prototype.toString` (never the user's `toString`).

use boa_engine::builtins::proxy::Proxy;
use boa_engine::native_function::NativeFunctionObject;
use boa_engine::object::builtins::JsTypedArray;
use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsString, JsValue, JsVariant, js_string};

use super::inspect::{InspectOptions, inspect, type_name};
use super::props::{OnChain, on_chain, own_desc};
use crate::analysis::{self, PathSegment, PropertyPath};
use crate::model::Description;

/// Longest prototype chain walked.
const MAX_CHAIN: usize = 1_000;
/// Arrays (and typed arrays) longer than this are not asked for their own keys (millions of index keys would
/// cost memory for nothing: completion only offers identifier names).
const MAX_INDEXED_KEYS: u64 = 10_000;

/// The global object's own string keys, sorted (for completion).
pub fn global_names(context: &mut Context) -> Vec<String> {
    names_of_keys(&global_keys(context))
}

/// The global object's own keys, in property order (cheap to compare: see [`names_of_keys`]).
pub fn global_keys(context: &mut Context) -> Vec<PropertyKey> {
    context
        .global_object()
        .own_property_keys(context)
        .unwrap_or_default()
}

/// The string keys of the global object's `keys` as sorted names, without vmjs's own hook for `catch`
/// blocks ([`crate::analysis::CAUGHT_HOOK`]: not the user's to complete).
pub fn names_of_keys(keys: &[PropertyKey]) -> Vec<String> {
    let mut names: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            PropertyKey::String(s) => Some(s.to_std_string_escaped()),
            _ => None,
        })
        .filter(|name| name != crate::analysis::CAUGHT_HOOK)
        .collect();
    names.sort_unstable();
    names
}

/// Own and inherited identifier-named properties of the value at `expression`, deduplicated and sorted;
/// empty when `expression` is not a path or does not resolve safely.
pub fn property_names(expression: &str, context: &mut Context) -> Vec<String> {
    let Some(value) = resolve_text(expression, context) else {
        return Vec::new();
    };
    let mut current = start_object(&value, context);
    let mut names = Vec::new();
    for _ in 0..MAX_CHAIN {
        let Some(object) = current else { break };
        if object.is::<Proxy>() {
            break;
        }
        for key in safe_own_keys(&object, context) {
            if let PropertyKey::String(name) = key {
                let name = name.to_std_string_escaped();
                if analysis::is_identifier_name(&name) {
                    names.push(name);
                }
            }
        }
        current = object.prototype();
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// The intrinsic `Function.prototype.toString`, taken before any user code ran (the user may replace it later).
pub fn original_function_to_string(context: &mut Context) -> Option<JsObject> {
    let prototype = context.intrinsics().constructors().function().prototype();
    lookup(&prototype, &name_key("toString"))?
        .as_object()
        .filter(JsObject::is_callable)
}

/// Type, preview and (for functions) signature of the value at `expression`; `None` when `expression` is not
/// a path or does not resolve safely. `function_to_string` is [`original_function_to_string`].
pub fn describe(
    expression: &str,
    detail: u8,
    function_to_string: Option<&JsObject>,
    context: &mut Context,
) -> Option<Description> {
    let value = resolve_text(expression, context)?;
    let options = if detail == 0 {
        InspectOptions {
            depth: 1,
            max_array_length: 20,
            max_string_length: 500,
            ..InspectOptions::default()
        }
    } else {
        InspectOptions {
            depth: 4,
            max_array_length: 200,
            ..InspectOptions::default()
        }
    };
    let preview = inspect(&value, &options, context);
    let (signature, doc) = match value.as_object().filter(JsObject::is_callable) {
        Some(function) => signature(&function, function_to_string, context),
        None => (None, None),
    };
    Some(Description {
        type_name: type_name(&value, context),
        preview,
        signature,
        doc,
    })
}

/// Resolves a parsed path from the global object; `None` at a missing property, an accessor or a Proxy.
pub fn resolve(path: &PropertyPath, context: &mut Context) -> Option<JsValue> {
    let mut value = global_binding(&path.root, context)?;
    for segment in &path.segments {
        let key = match segment {
            PathSegment::Name(name) => name_key(name),
            PathSegment::Index(index) => PropertyKey::from(*index),
        };
        value = property_of(&value, &key, context)?;
    }
    // A Proxy is opaque: even describing it could run its traps.
    let is_proxy = value.as_object().is_some_and(|o| o.is::<Proxy>());
    (!is_proxy).then_some(value)
}

fn on_global_chain(key: &PropertyKey, context: &mut Context) -> OnChain {
    on_chain(&context.global_object(), key)
}

/// The global lexical binding `name` (a `let`, `const` or `class` of a cell or a script): `None` when there is
/// none, `Some(None)` while it is uninitialized (see [`boa_engine::realm::Realm::global_lexical_binding`]).
fn lexical_binding(name: &str, context: &Context) -> Option<Option<JsValue>> {
    context
        .realm()
        .global_lexical_binding(&JsString::from(name))
}

/// The value of a global name: a data property of the global object (or its prototypes), else a global
/// lexical binding (`let`/`const`/`class` of a cell, a startup file or a run-file script, which are not
/// properties).
fn global_binding(name: &str, context: &mut Context) -> Option<JsValue> {
    // A lexical binding shadows the global object's properties, as name resolution finds it first.
    if let Some(binding) = lexical_binding(name, context) {
        return binding;
    }
    match on_global_chain(&name_key(name), context) {
        // An accessor: not found (its getter is never run).
        OnChain::Own(descriptor) | OnChain::Inherited(descriptor) => descriptor.value().cloned(),
        OnChain::Absent | OnChain::Opaque => None,
    }
}

/// How a global name is bound (told without running user code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GlobalName {
    /// An own property of the global object (`var`, a function declaration, a built-in), and no lexical
    /// binding of that name.
    Property,
    /// A global lexical binding, initialized or not (it shadows any property of that name).
    Lexical,
    /// Neither (a prototype of the global object may have a property of that name).
    Absent,
}

/// See [`GlobalName`].
pub(crate) fn global_name(name: &str, context: &mut Context) -> GlobalName {
    if lexical_binding(name, context).is_some() {
        return GlobalName::Lexical;
    }
    match on_global_chain(&name_key(name), context) {
        OnChain::Own(_) => GlobalName::Property,
        OnChain::Inherited(_) | OnChain::Opaque | OnChain::Absent => GlobalName::Absent,
    }
}

fn resolve_text(expression: &str, context: &mut Context) -> Option<JsValue> {
    resolve(&analysis::parse_property_path(expression)?, context)
}

/// A string key as boa stores it (`"0"` is an index key).
fn name_key(name: &str) -> PropertyKey {
    PropertyKey::from(js_string!(name))
}

/// The data property `key` of `value` (primitives read through their prototype).
fn property_of(value: &JsValue, key: &PropertyKey, context: &mut Context) -> Option<JsValue> {
    if let Some(string) = value.as_string() {
        // A string's own properties: `length` and its indices.
        match key {
            PropertyKey::String(s) if s.to_std_string_escaped() == "length" => {
                return Some(JsValue::from(string.len() as u32));
            }
            PropertyKey::Index(index) => {
                let unit = string.code_unit_at(index.get() as usize)?;
                return Some(JsString::from(&[unit][..]).into());
            }
            _ => {}
        }
    }
    lookup(&start_object(value, context)?, key)
}

/// `[[Get]]` restricted to data properties: walks the chain by descriptors, stops at accessors and Proxies.
fn lookup(object: &JsObject, key: &PropertyKey) -> Option<JsValue> {
    match on_chain(object, key) {
        OnChain::Own(descriptor) | OnChain::Inherited(descriptor) => descriptor.value().cloned(),
        OnChain::Absent | OnChain::Opaque => None,
    }
}

/// The object whose chain holds the value's properties: the object itself, or a primitive's prototype.
fn start_object(value: &JsValue, context: &mut Context) -> Option<JsObject> {
    let constructors = context.intrinsics().constructors();
    match value.variant() {
        JsVariant::Object(object) => Some(object.clone()),
        JsVariant::String(_) => Some(constructors.string().prototype()),
        JsVariant::Float64(_) | JsVariant::Integer32(_) => Some(constructors.number().prototype()),
        JsVariant::Boolean(_) => Some(constructors.boolean().prototype()),
        JsVariant::BigInt(_) => Some(constructors.bigint().prototype()),
        JsVariant::Symbol(_) => Some(constructors.symbol().prototype()),
        JsVariant::Null | JsVariant::Undefined => None,
    }
}

/// Own keys without running traps and without listing millions of indices.
fn safe_own_keys(object: &JsObject, context: &mut Context) -> Vec<PropertyKey> {
    if object.is::<Proxy>() {
        return Vec::new();
    }
    let indexed = if object.is_array() {
        own_desc(object, &name_key("length"))
            .and_then(|d| d.value().and_then(JsValue::as_number))
            .map_or(0, |n| n as u64)
    } else if let Ok(typed) = JsTypedArray::from_object(object.clone()) {
        typed.length(context).map_or(u64::MAX, |n| n as u64)
    } else {
        0
    };
    if indexed > MAX_INDEXED_KEYS {
        // Only `length` matters among an array's own keys.
        return if object.is_array() {
            vec![name_key("length")]
        } else {
            Vec::new()
        };
    }
    object.own_property_keys(context).unwrap_or_default()
}

/// `name(a, b)` for a function, from its source text (intrinsic `Function.prototype.toString`), or
/// `name(arg0, arg1)` from `.length` for native functions and classes (boa keeps no source for those).
fn signature(
    function: &JsObject,
    function_to_string: Option<&JsObject>,
    context: &mut Context,
) -> (Option<String>, Option<String>) {
    let name = own_desc(function, &name_key("name"))
        .and_then(|d| d.value().and_then(JsValue::as_string))
        .map(|s| s.to_std_string_escaped())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "anonymous".to_owned());
    let native = function.is::<NativeFunctionObject>();
    // For an ordinary function the intrinsic `toString` only reads its source text (no user code).
    if !native
        && let Some(source) = function_to_string
            .and_then(|f| f.call(&function.clone().into(), &[], context).ok())
            .and_then(|s| s.as_string().map(|s| s.to_std_string_escaped()))
        && let Some(shape) = analysis::function_shape(&source)
    {
        let signature = if shape.is_class {
            format!("class {name}({})", shape.params)
        } else {
            format!("{name}({})", shape.params)
        };
        return (Some(signature), None);
    }
    // boa keeps no source text for a class declared in a file (a cell's class is an expression, which has
    // it): name it, count its parameters.
    let is_class = own_desc(function, &name_key("prototype"))
        .is_some_and(|d| d.is_data_descriptor() && !d.expect_writable());
    let length = own_desc(function, &name_key("length"))
        .and_then(|d| d.value().and_then(JsValue::as_number))
        .map_or(0, |n| n.clamp(0.0, 16.0) as usize);
    let params = (0..length)
        .map(|i| format!("arg{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = native.then(|| "native function".to_owned());
    let class = if is_class { "class " } else { "" };
    (Some(format!("{class}{name}({params})")), doc)
}

#[cfg(test)]
mod tests {
    use crate::runtime::testing::TestEngine;

    #[test]
    fn property_names_include_inherited_methods() {
        let mut engine = TestEngine::new();
        engine.ok("let arr = [1, 2]; let n = 1.5; const o = {alpha: 1, 'not-ident': 2, 3: 4, [Symbol('s')]: 5}");
        let names = engine.engine.property_names("arr");
        assert!(names.contains(&"push".to_owned()) && names.contains(&"length".to_owned()));
        assert!(!names.iter().any(|n| n == "0"));
        assert!(
            engine
                .engine
                .property_names("n")
                .contains(&"toFixed".to_owned())
        );
        assert!(
            engine
                .engine
                .property_names("Math")
                .contains(&"max".to_owned())
        );
        let o = engine.engine.property_names("o");
        assert!(o.contains(&"alpha".to_owned()) && o.contains(&"hasOwnProperty".to_owned()));
        assert!(!o.iter().any(|n| n == "not-ident" || n == "3"));
        let mut sorted = o.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(o, sorted);
        assert!(engine.engine.property_names("'abc'").is_empty());
        assert!(engine.engine.property_names("[1,2]").is_empty());
        assert!(engine.engine.property_names("nope").is_empty());
        assert!(
            engine
                .engine
                .property_names("o.alpha.toFixed.length")
                .contains(&"toFixed".to_owned())
        );
    }

    #[test]
    fn getters_proxies_and_user_to_string_never_run() {
        let mut engine = TestEngine::new();
        engine.ok(
            "var hits = 0;\n\
             const g = { get lazy() { hits++; return {deep: 1} }, plain: { get inner() { hits++; return 1 } } };\n\
             const p = new Proxy({}, { get() { hits++; return 1 }, ownKeys() { hits++; return [] }, getPrototypeOf() { hits++; return null } });\n\
             class Sneaky { static get x() { hits++; return 1 } }\n\
             function f(a) {}\n\
             f.toString = () => { hits++; return 'function f(zzz) {}' };\n\
             Function.prototype.toString = function () { hits++; return 'function (q) {}' };",
        );
        let e = &mut engine.engine;
        assert!(e.property_names("g.lazy").is_empty());
        assert!(e.describe("g.lazy", 1).is_none());
        assert!(e.describe("g.lazy.deep", 0).is_none());
        assert!(e.property_names("g.plain").contains(&"inner".to_owned()));
        assert!(e.describe("g.plain", 1).is_some());
        assert!(e.property_names("p").is_empty());
        assert!(e.describe("p", 0).is_none());
        assert!(e.describe("p.x", 0).is_none());
        assert!(e.describe("Sneaky.x", 0).is_none());
        assert_eq!(
            e.describe("f", 0).and_then(|d| d.signature).as_deref(),
            Some("f(a)")
        );
        let (done, _) = engine.run("hits");
        assert_eq!(done.result.expect("hits").preview, "0");
    }

    #[test]
    fn global_lexical_bindings_of_scripts_resolve() {
        let mut engine = TestEngine::new();
        let done = engine.engine.evaluate(&crate::protocol::EvalRequest {
            execution_id: "startup".into(),
            kind: crate::model::ExecutionKind::Startup,
            source: "const helpers = { twice(x) { return 2 * x } }; let counter = 0;".into(),
            source_name: "lib.js".into(),
            wall_ms: None,
            replay: false,
            args: None,
            env: Vec::new(),
        });
        assert!(done.error.is_none(), "{:?}", done.error);
        let e = &mut engine.engine;
        assert!(e.property_names("helpers").contains(&"twice".to_owned()));
        assert_eq!(
            e.describe("helpers.twice", 0)
                .and_then(|d| d.signature)
                .as_deref(),
            Some("twice(x)")
        );
        assert_eq!(
            e.describe("counter", 0).map(|d| d.preview).as_deref(),
            Some("0")
        );
        for keyword in [
            "this",
            "null",
            "let",
            "typeof",
            "debugger",
            "arguments",
            "undefinedName",
        ] {
            let _ = e.describe(keyword, 0); // harmless single tokens: a value, a syntax or reference error
        }
        assert!(e.describe("undefinedName", 0).is_none());
    }

    #[test]
    fn describe_gives_type_preview_and_signature() {
        let mut engine = TestEngine::new();
        engine.ok("function add(a, b = 1, ...rest) { return a + b }\n\
             const obj = {nested: {deeper: {deepest: {x: 1}}}, list: [1, 2, 3], s: 'hey'};\n\
             class Point { constructor(x, y) { this.x = x } }\n\
             const arrow = (q) => q;");
        // A cell's class prints its source, as in Node.
        assert_eq!(
            engine.value("String(Point)"),
            "'class Point { constructor(x, y) { this.x = x } }'"
        );
        let e = &mut engine.engine;
        let add = e.describe("add", 0).expect("add");
        assert_eq!(add.type_name, "function");
        assert_eq!(add.signature.as_deref(), Some("add(a, b = 1, ...rest)"));
        assert_eq!(add.preview, "[Function: add]");
        assert_eq!(
            e.describe("Point", 0).and_then(|d| d.signature).as_deref(),
            Some("class Point(x, y)")
        );
        assert_eq!(
            e.describe("arrow", 0).and_then(|d| d.signature).as_deref(),
            Some("arrow(q)")
        );
        let max = e.describe("Math.max", 0).expect("max");
        assert_eq!(max.signature.as_deref(), Some("max(arg0, arg1)"));
        assert_eq!(max.doc.as_deref(), Some("native function"));
        let short = e.describe("obj", 0).expect("obj").preview;
        let long = e.describe("obj", 1).expect("obj").preview;
        assert!(
            short.contains("[Object]") && !long.contains("[Object]"),
            "{short}\n{long}"
        );
        assert_eq!(e.describe("obj.list[1]", 0).expect("item").preview, "2");
        assert_eq!(e.describe("obj['s'].length", 0).expect("len").preview, "3");
        assert_eq!(e.describe("obj.s[0]", 0).expect("char").type_name, "string");
        assert!(e.describe("obj.list[7]", 0).is_none());
        assert!(e.describe("add()", 0).is_none());
    }

    #[test]
    fn global_names_cost_per_execution() {
        let mut engine = TestEngine::new();
        engine.ok("for (let i = 0; i < 200; i++) globalThis['g' + i] = i");
        let started = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(engine.engine.global_names());
        }
        let per_call = started.elapsed() / 100;
        let started = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(engine.engine.names_if_changed());
        }
        let unchanged = started.elapsed() / 100;
        eprintln!(
            "{} global names: building the list {per_call:?}, checking for a change {unchanged:?}",
            engine.engine.global_names().len()
        );
        let (done, _) = engine.run("1");
        assert!(done.names.is_none(), "unchanged names are not sent again");
        let (done, _) = engine.run("let fresh = 1");
        assert!(done.names.expect("changed").contains(&"fresh".to_owned()));
    }
}
