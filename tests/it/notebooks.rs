//! `vmjs test` as CI runs it: passing notebooks, mismatches with a diff naming the cell, malformed
//! notebooks, `--update` round trips, JUnit reports, limits and the kernelspec's template.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use super::Env;

fn vmjs_test(env: &Env, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vmjs"))
        .arg("test")
        .args(args)
        .current_dir(env.root())
        .env("VMJS_DB", env.db())
        .env("JUPYTER_PATH", env.root().join("jupyter"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A notebook of code cells (source, tags) with no saved outputs, written like Jupyter does.
fn notebook(cells: &[(&str, &[&str])]) -> Value {
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(i, (source, tags))| {
            json!({
                "cell_type": "code", "execution_count": null, "id": format!("cell-{i}"),
                "metadata": if tags.is_empty() { json!({}) } else { json!({"tags": tags}) },
                "outputs": [], "source": source,
            })
        })
        .collect();
    json!({
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "JavaScript (vmjs)", "language": "javascript", "name": "vmjs"}},
        "nbformat": 4, "nbformat_minor": 5,
    })
}

fn write(path: &Path, notebook: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(notebook).unwrap()).unwrap();
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn update_then_test_passes_and_a_second_update_changes_no_byte() {
    let env = Env::new();
    let path = env.root().join("nb.ipynb");
    write(
        &path,
        &notebook(&[
            (
                "console.log('a'); console.log('b'); console.error('c')",
                &[],
            ),
            ("({when: new Date().toISOString(), r: Math.random()})", &[]),
            ("Jupyter.html`<b>x</b>`", &[]),
            ("null.x", &["raises-exception"]),
            ("while (true) {}", &["nbval-skip"]),
        ]),
    );
    let updated = vmjs_test(&env, &["--update", "nb.ipynb"]);
    assert_eq!(updated.status.code(), Some(0), "{}", text(&updated.stdout));
    let saved = read(&path);
    assert_eq!(
        saved["cells"][0]["outputs"][0],
        json!({"name": "stdout", "output_type": "stream", "text": ["a\n", "b\n"]})
    );
    assert_eq!(
        saved["cells"][1]["outputs"][0]["data"]["application/json"]["when"],
        "2024-01-01T00:00:00.000Z"
    );
    assert_eq!(saved["cells"][3]["outputs"][0]["ename"], "TypeError");
    assert_eq!(saved["cells"][4]["outputs"], json!([]));
    let bytes = std::fs::read(&path).unwrap();
    assert!(text(&bytes).starts_with("{\n \"cells\": [\n  {\n"));
    let passed = vmjs_test(&env, &["nb.ipynb"]);
    assert_eq!(passed.status.code(), Some(0), "{}", text(&passed.stdout));
    assert!(text(&passed.stdout).contains("PASS"));
    let again = vmjs_test(&env, &["--update", "nb.ipynb"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_mismatch_exits_1_with_a_diff_naming_notebook_cell_and_first_line() {
    let env = Env::new();
    let path = env.root().join("nb.ipynb");
    write(
        &path,
        &notebook(&[("1 + 1", &[]), ("// say hi\nconsole.log('hi')", &[])]),
    );
    assert_eq!(
        vmjs_test(&env, &["--update", "nb.ipynb"]).status.code(),
        Some(0)
    );
    let mut saved = read(&path);
    saved["cells"][1]["outputs"][0]["text"] = json!(["hello\n"]);
    write(&path, &saved);
    let failed = vmjs_test(&env, &["nb.ipynb"]);
    assert_eq!(failed.status.code(), Some(1));
    let stdout = text(&failed.stdout);
    assert!(stdout.contains("nb.ipynb cell 1: // say hi"), "{stdout}");
    assert!(
        stdout.contains("-hello") && stdout.contains("+hi"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "NO_COLOR: {stdout}");
}

#[test]
fn an_unexpected_error_fails_the_cell_and_saved_less_cells_only_must_not_raise() {
    let env = Env::new();
    let path = env.root().join("nb.ipynb");
    write(
        &path,
        &notebook(&[
            ("console.log('unchecked')", &[]),
            ("throw new Error('boom')", &[]),
        ]),
    );
    let failed = vmjs_test(&env, &["nb.ipynb"]);
    assert_eq!(failed.status.code(), Some(1));
    let stdout = text(&failed.stdout);
    assert!(stdout.contains("the cell raised Error: boom"), "{stdout}");
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");
}

#[test]
fn malformed_notebooks_exit_2_with_a_clear_message_and_the_others_still_run() {
    let env = Env::new();
    std::fs::write(
        env.root().join("broken.ipynb"),
        "{\"nbformat\": 4, \"cells\": [",
    )
    .unwrap();
    std::fs::write(
        env.root().join("future.ipynb"),
        r#"{"nbformat": 5, "nbformat_minor": 0, "cells": []}"#,
    )
    .unwrap();
    std::fs::write(
        env.root().join("v3.ipynb"),
        r#"{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
            {"cell_type": "code", "input": "40 + 2", "prompt_number": 1, "language": "javascript",
             "outputs": [{"output_type": "pyout", "prompt_number": 1, "text": "42", "metadata": {}}]}]}]}"#,
    )
    .unwrap();
    write(&env.root().join("good.ipynb"), &notebook(&[("1", &[])]));
    let out = vmjs_test(&env, &["."]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("broken.ipynb is not a valid notebook"),
        "{stdout}"
    );
    assert!(stdout.contains("nbformat 5 is not supported"), "{stdout}");
    // nbformat 3 is upgraded on read and its saved output compared.
    assert!(stdout.contains("PASS  ./v3.ipynb"), "{stdout}");
    assert!(stdout.contains("PASS  ./good.ipynb"), "{stdout}");
    assert!(!text(&out.stderr).contains("panicked"));
    let missing = vmjs_test(&env, &["nope.ipynb"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_cell_that_hits_a_limit_fails_its_notebook_and_the_next_cells_run_on_the_same_state() {
    let env = Env::new();
    write(
        &env.root().join("a-loop.ipynb"),
        &notebook(&[
            ("var kept = 41", &[]),
            ("while (true) {}", &[]),
            ("if (kept !== 41) throw new Error('state lost')", &[]),
        ]),
    );
    write(&env.root().join("b-fine.ipynb"), &notebook(&[("1", &[])]));
    let junit = env.root().join("report.xml");
    let out = vmjs_test(
        &env,
        &[
            "--timeout",
            "200",
            "--jobs",
            "2",
            "--junit",
            junit.to_str().unwrap(),
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("cell 1 (while (true) {}) hit a limit: Timeout"),
        "{stdout}"
    );
    assert!(stdout.contains("PASS  ./b-fine.ipynb"), "{stdout}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite name=\"./a-loop.ipynb\""), "{xml}");
    // The cell after the timeout ran (as nbclient does with interrupt-on-timeout) and saw the state.
    assert!(
        xml.contains(
            "<testcase classname=\"./a-loop.ipynb\" name=\"cell 2: if (kept !== 41) throw new Error(&apos;state lost&apos;)\""
        ) || xml.contains("name=\"cell 2: if (kept !== 41)"),
        "{xml}"
    );
    assert!(!xml.contains("state lost</failure>"), "{xml}");
    assert!(!xml.contains("not run"), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"./b-fine.ipynb\" name=\"cell 0: 1\""),
        "{xml}"
    );
}

#[test]
fn sanitizers_and_ignore_output_tags_are_honoured() {
    let env = Env::new();
    let path = env.root().join("nb.ipynb");
    let mut nb = notebook(&[
        ("console.log('id', Math.random())", &[]),
        ("console.log(Math.random())", &["nbval-ignore-output"]),
    ]);
    nb["metadata"]["vmjs"] = json!({"sanitize": [{"regex": "0\\.\\d+", "replace": "RANDOM"}]});
    write(&path, &nb);
    assert_eq!(
        vmjs_test(&env, &["--update", "nb.ipynb"]).status.code(),
        Some(0)
    );
    let mut saved = read(&path);
    saved["cells"][0]["outputs"][0]["text"] = json!(["id 0.123\n"]);
    saved["cells"][1]["outputs"] =
        json!([{"name": "stdout", "output_type": "stream", "text": ["x\n"]}]);
    write(&path, &saved);
    let out = vmjs_test(&env, &["nb.ipynb"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn the_template_comes_from_the_installed_kernelspec() {
    let env = Env::new();
    let spec = env.root().join("jupyter/kernels/vmjs-strict");
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::write(
        spec.join("kernel.json"),
        r#"{"argv": [], "display_name": "x", "language": "javascript", "metadata": {"vmjs": {"template": "strict"}}}"#,
    )
    .unwrap();
    let mut nb = notebook(&[("1", &[])]);
    nb["metadata"]["kernelspec"]["name"] = json!("vmjs-strict");
    write(&env.root().join("nb.ipynb"), &nb);
    let out = vmjs_test(&env, &["nb.ipynb"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).contains("template `strict`"),
        "{}",
        text(&out.stdout)
    );
}
