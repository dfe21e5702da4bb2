//! CommonJS modules (packages' files, `.cjs`) as Node shows them: their frames name the file at Node's line
//! and column, on a minified first line too, in `error.stack` and printed errors as in reported ones; their functions print
//! their own source (a `.cjs` of the root's without the calls vmjs puts in `catch` blocks); a file that closes more
//! than it opens is a `SyntaxError`, nothing of it run.
//! vmjs's boa patch compiles Node's wrapper around the file as one function expression with the file's
//! path (`boa_engine::script::compile_function_expression`); `new Function` named no file (`unknown at`),
//! kept no source and ran a file that closed the wrapper early.
//!
//! `commonjs_frames_files.json` is the root's files; `commonjs_frames.js` run by Node 20 as `main.cjs` in
//! such a root gave `commonjs_frames_node20.txt`.

use super::{Env, assert_cell_same_as_node_in, repl};

fn root_with_the_files() -> Env {
    let env = Env::new();
    let files: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("commonjs_frames_files.json")).unwrap();
    for (path, text) in files {
        let path = env.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text.as_str().unwrap()).unwrap();
    }
    env
}

#[test]
fn commonjs_frames_and_sources_are_nodes() {
    assert_cell_same_as_node_in(
        &root_with_the_files(),
        include_str!("commonjs_frames.js"),
        "out.join('\\n')",
        include_str!("commonjs_frames_node20.txt"),
    );
}

/// A syntax error in a CommonJS file names the file and the line, and leaves nothing of it loaded: the next
/// `require` tries again.
#[test]
fn a_commonjs_syntax_error_names_its_file() {
    let env = root_with_the_files();
    let session = env.session(vmjs_core::model::Template::new("t"));
    for _ in 0..2 {
        let record = repl(&session, "require('frames/broken.js')");
        let error = record.error.expect("a syntax error");
        assert_eq!(error.name, "SyntaxError");
        assert!(
            error.message.starts_with("node_modules/frames/broken.js: ")
                && error.message.contains("line 2"),
            "{}",
            error.message
        );
    }
}
