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

/// The directory of the tests of the `url` package this build compiled: its version from Cargo.lock, its
/// source where cargo unpacked it (`$CARGO_HOME/registry/src/<registry>/url-<version>`). Not `cargo metadata`:
/// offline it needs every platform's packages downloaded (a fresh machine has only its own), and online it
/// would reach past loopback.
fn url_package_tests() -> PathBuf {
    let lock_path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock");
    let lock = std::fs::read_to_string(lock_path).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|package| package.contains("\nname = \"url\"\n"))
        .and_then(|package| {
            package
                .lines()
                .find_map(|line| line.strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        })
        .expect("the url package in Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registries =
        std::fs::read_dir(cargo_home.join("registry/src")).expect("cargo's registry sources");
    let packages: Vec<PathBuf> = registries
        .filter_map(Result::ok)
        .map(|registry| registry.path().join(format!("url-{version}")))
        .filter(|package| package.join("tests").is_dir())
        .collect();
    assert!(
        !packages.is_empty(),
        "url-{version} unpacked under {}",
        cargo_home.display()
    );
    packages[0].join("tests")
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
