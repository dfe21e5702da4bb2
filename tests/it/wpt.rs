//! The web-platform-tests' data files run through vmjs's Web APIs, where they run without a browser.
//!
//! URL: WPT's `urltestdata.json` (constructor cases) and `setters_tests.json`, read at test time from the
//! `url` crate's package, which carries them for its own tests (the crate is vmjs's dependency, so cargo has
//! it; nothing of WPT is copied into this repository). `wpt/url_harness.js` is the check, written after WPT's
//! url-constructor, url-origin and url-setters tests. The cases vmjs gets wrong are listed in
//! `wpt/url_expected_failures.txt` — all of them the `url` crate's own known departures from the standard
//! (its `tests/expected_failures.txt` names the same cases) — and the run must match that list exactly, so a
//! new failure or a new pass both show here.

use std::path::PathBuf;

use vmjs_core::model::{ExecutionStatus, Template};

use super::{Env, repl, stored_console_lines};

/// The directory of the `url` package's tests that cargo fetched for this build (`cargo metadata`).
fn url_package_tests() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("its JSON");
    let manifests: Vec<&str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|package| package["name"] == "url")
        .filter_map(|package| package["manifest_path"].as_str())
        .collect();
    assert_eq!(manifests.len(), 1, "one url package: {manifests:?}");
    PathBuf::from(manifests[0])
        .parent()
        .expect("the package's directory")
        .join("tests")
}

#[test]
fn url_parses_and_sets_as_the_web_platform_tests_expect() {
    let tests = url_package_tests();
    let read = |name: &str| {
        std::fs::read_to_string(tests.join(name))
            .unwrap_or_else(|e| panic!("{name} in {}: {e}", tests.display()))
    };
    let code = format!(
        "{}\nrunUrlTests({}, {})",
        include_str!("wpt/url_harness.js"),
        read("urltestdata.json"),
        read("setters_tests.json")
    );
    let env = Env::new();
    let session = env.session(Template::new("wpt"));
    let record = repl(&session, &code);
    assert_eq!(record.status, ExecutionStatus::Ok, "{:?}", record.error);
    let checks: usize = record
        .result
        .as_ref()
        .and_then(|result| result.preview.parse().ok())
        .expect("the number of checks");
    assert!(checks > 1000, "only {checks} checks ran");

    let failures: Vec<String> = stored_console_lines(&env, &record)
        .iter()
        .map(|line| line.trim_end().to_owned())
        .collect();
    let expected: Vec<&str> = include_str!("wpt/url_expected_failures.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let new_failures: Vec<&String> = failures
        .iter()
        .filter(|line| !expected.contains(&line.as_str()))
        .collect();
    let new_passes: Vec<&&str> = expected
        .iter()
        .filter(|line| !failures.iter().any(|failure| failure == *line))
        .collect();
    assert!(
        new_failures.is_empty() && new_passes.is_empty(),
        "{checks} checks; failing and not expected to:\n{}\n\nexpected to fail and passing (update url_expected_failures.txt):\n{}",
        new_failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        new_passes
            .iter()
            .map(|s| **s)
            .collect::<Vec<_>>()
            .join("\n"),
    );
}
