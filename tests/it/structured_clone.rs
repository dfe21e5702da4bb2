//! `structuredClone`, `atob` and `btoa` as Node 20 has them: `structured_clone.js` run by Node gave
//! `structured_clone_node20.txt` (what is cloned and how, what is refused with which `DataCloneError`,
//! transfer, and the `DOMException`s of `atob`/`btoa`).

use vmjs_core::model::Template;

use super::{Env, assert_same_as_node, value};

#[test]
fn structured_clone_atob_and_btoa_are_nodes() {
    assert_same_as_node(
        include_str!("structured_clone.js"),
        include_str!("structured_clone_node20.txt"),
    );
}

#[test]
fn a_dom_exception_prints_its_name_as_in_node() {
    let env = Env::new();
    let session = env.session(Template::new("t"));
    let printed = value(&session, "new DOMException('gone', 'AbortError')");
    assert!(
        printed.starts_with("DOMException [AbortError]: gone\n"),
        "{printed}"
    );
    let printed = value(&session, "AbortSignal.abort().reason");
    assert!(
        printed.starts_with("DOMException [AbortError]: This operation was aborted\n"),
        "{printed}"
    );
}
