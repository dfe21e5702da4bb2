//! Bare specifiers (`d3-array`, `date-fns/addDays`, `@scope/pkg/sub`, `#internal`) resolved Node's way, inside
//! the session root only: the nearest `node_modules/NAME` from the importing file's folder up to (never above)
//! the root; its `package.json` `exports` (subpaths, `*` patterns, conditions `import` then `default`, arrays,
//! nested conditions), else `module`, else `main`, else `index.js`; `#…` through the nearest `package.json`'s
//! `imports`. The result is a root-relative path that the loader opens beneath the root like any import (so a
//! symlinked package — pnpm — is followed only while it stays inside). Nothing is downloaded.
//!
//! Pure: the file system is a function from a root-relative path to its text, so the rules are tested
//! without one.

use serde_json::{Map, Value};

use super::registry_specifiers::{self, RegistrySpecifier};

/// How a file asks for a package: `import` (ES modules) or `require()` (CommonJS). It picks the `exports`
/// conditions (in no particular order: the package's key order decides, as in Node; vmjs is neither `node`
/// nor `browser`) and the entry fields when there are no `exports`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Import,
    Require,
}

impl Kind {
    fn conditions(self) -> [&'static str; 2] {
        match self {
            Kind::Import => ["import", "default"],
            Kind::Require => ["require", "default"],
        }
    }

    fn entry_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Import => &["module", "main"],
            Kind::Require => &["main"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Import => "import",
            Kind::Require => "require",
        }
    }
}

/// How deep `imports` targets that name other packages may chain.
const MAX_HOPS: usize = 8;

/// Whether the file at `path` belongs to an npm package: a `node_modules` folder is on its path.
pub(super) fn is_package_path(path: &str) -> bool {
    std::path::Path::new(path)
        .components()
        .any(|part| part.as_os_str() == "node_modules")
}

/// Whether `specifier` is bare (a package or `#import`), not a path or a URL.
pub(super) fn is_bare(specifier: &str) -> bool {
    !(specifier.is_empty()
        || specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier.starts_with('/')
        || specifier == "."
        || specifier == "..")
}

/// Resolves a bare `specifier` imported from a file in `from_dir` (root-relative, `""` for the root) to the
/// root-relative path of the file to load. `read` gives the text of a root-relative file, `None` when there
/// is none. The error is a message for the user.
pub(super) fn resolve(
    specifier: &str,
    from_dir: &str,
    kind: Kind,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    resolve_hops(specifier, from_dir, kind, read, 0)
}

/// [`resolve`] for an `import` from outside the runtime (the language server's go-to-definition into a
/// package): a bare `specifier` imported from a file in the root-relative folder `from_dir`, to the
/// root-relative path of the file Node would load.
pub fn resolve_package_import(
    specifier: &str,
    from_dir: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    resolve(specifier, from_dir, Kind::Import, read)
}

fn resolve_hops(
    specifier: &str,
    from_dir: &str,
    kind: Kind,
    read: &dyn Fn(&str) -> Option<String>,
    hops: usize,
) -> Result<String, String> {
    if hops > MAX_HOPS {
        return Err(format!(
            "`{specifier}`: package imports lead to each other too many times"
        ));
    }
    if specifier.starts_with('#') {
        return resolve_import_map(specifier, from_dir, kind, read, hops);
    }
    if let Some(registry) = registry_specifiers::parse(specifier) {
        return resolve_registry(specifier, &registry?, from_dir, kind, read);
    }
    if let Some((scheme, _)) = specifier.split_once(':')
        && !scheme.contains('/')
    {
        return Err(if scheme == "node" {
            format!(
                "`{specifier}` is a Node built-in module, which vmjs does not provide (vmjs grants no \
                 authority a template does not)"
            )
        } else {
            format!("`{specifier}`: vmjs imports files from the session root only")
        });
    }
    let (name, subpath) = split_package(specifier)?;
    match find_package(name, from_dir, read)? {
        Lookup::Found { dir, manifest } => resolve_in_package(&dir, &manifest, &subpath, kind)
            .map_err(|reason| format!("package `{name}`: {reason}")),
        Lookup::Missing { searched } => Err(not_installed(
            name,
            &searched,
            &format!("npm install {name}"),
        )),
    }
}

/// Where a package's folder was found, or where it was looked for.
enum Lookup {
    /// The package's root-relative folder and its `package.json`.
    Found {
        dir: String,
        manifest: Map<String, Value>,
    },
    /// The `node_modules` folders searched in vain.
    Missing { searched: Vec<String> },
}

/// The nearest folder of the package `name` from `from_dir` up to the root.
fn find_package(
    name: &str,
    from_dir: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<Lookup, String> {
    let mut searched = Vec::new();
    for dir in ancestors(from_dir) {
        let package_dir = join(&join(dir, "node_modules"), name);
        searched.push(join(dir, "node_modules"));
        if let Some(text) = read(&join(&package_dir, "package.json")) {
            let manifest = parse_manifest(&text, &package_dir)?;
            return Ok(Lookup::Found {
                dir: package_dir,
                manifest,
            });
        }
    }
    Ok(Lookup::Missing { searched })
}

/// The message for a package `name` found in none of the `searched` folders.
fn not_installed(name: &str, searched: &[String], install: &str) -> String {
    format!(
        "no package `{name}` in {} (vmjs never downloads packages: run `{install}` in the session root)",
        searched
            .iter()
            .map(|dir| format!("`{dir}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A `npm:`/`jsr:` specifier ([`registry_specifiers`]): the installed package it names, checked against the
/// version range it asks for.
fn resolve_registry(
    specifier: &str,
    registry: &RegistrySpecifier<'_>,
    from_dir: &str,
    kind: Kind,
    read: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let mut searched = Vec::new();
    for bare in registry.bare_candidates() {
        let (name, subpath) = split_package(&bare)?;
        let (package_dir, manifest) = match find_package(name, from_dir, read)? {
            Lookup::Found { dir, manifest } => (dir, manifest),
            Lookup::Missing { searched: folders } => {
                searched = folders;
                continue;
            }
        };
        let installed = manifest.get("version").and_then(Value::as_str);
        if let (Some(range), Some(installed)) = (registry.range, installed)
            && registry_specifiers::satisfies(range, installed) == Some(false)
        {
            return Err(format!(
                "`{specifier}` asks for {} {range}, and `{package_dir}` is {installed} (run `{}` in the \
                 session root)",
                registry.name,
                registry.install_command()
            ));
        }
        return resolve_in_package(&package_dir, &manifest, &subpath, kind)
            .map_err(|reason| format!("package `{name}`: {reason}"));
    }
    Err(not_installed(
        registry.name,
        &searched,
        &registry.install_command(),
    ))
}

/// `name` and `./subpath` (`.` for the package itself) of a bare specifier.
fn split_package(specifier: &str) -> Result<(&str, String), String> {
    let mut parts = specifier.splitn(3, '/');
    let first = parts.next().unwrap_or_default();
    let (name_len, rest) = if first.starts_with('@') {
        let Some(second) = parts.next().filter(|s| !s.is_empty()) else {
            return Err(format!(
                "`{specifier}` is not a package name (`@scope/name`)"
            ));
        };
        (first.len() + 1 + second.len(), parts.next())
    } else {
        let rest = specifier.split_once('/').map(|(_, rest)| rest);
        (first.len(), rest)
    };
    let name = &specifier[..name_len];
    if name.is_empty() || name.split('/').any(|part| part == "." || part == "..") {
        return Err(format!("`{specifier}` is not a package name"));
    }
    let subpath = match rest {
        Some(rest) if !rest.is_empty() => format!("./{rest}"),
        _ => ".".to_owned(),
    };
    Ok((name, subpath))
}

fn parse_manifest(text: &str, package_dir: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(manifest)) => Ok(manifest),
        Ok(_) => Err(format!("`{package_dir}/package.json` is not a JSON object")),
        Err(error) => Err(format!(
            "`{package_dir}/package.json` is not valid JSON: {error}"
        )),
    }
}

/// The file of `subpath` (`.` or `./x`) in the package at `package_dir`.
fn resolve_in_package(
    package_dir: &str,
    manifest: &Map<String, Value>,
    subpath: &str,
    kind: Kind,
) -> Result<String, String> {
    if let Some(exports) = manifest.get("exports") {
        return match match_subpath(exports, subpath, kind)? {
            Some(target) => Ok(join(package_dir, &target)),
            None if subpath == "." => {
                Err(format!("its `exports` has no entry for `{}`", kind.name()))
            }
            None => Err(format!("its `exports` does not export `{subpath}`")),
        };
    }
    let entry = if subpath == "." {
        kind.entry_fields()
            .iter()
            .find_map(|field| manifest.get(*field).and_then(Value::as_str))
            .filter(|entry| !entry.is_empty())
            .unwrap_or("index.js")
    } else {
        subpath
    };
    let entry = entry.strip_prefix("./").unwrap_or(entry);
    let entry = browser_replacement(manifest, entry).unwrap_or(entry);
    if entry.split('/').any(|part| part == "..") {
        return Err(format!("its entry `{entry}` leaves the package"));
    }
    Ok(join(package_dir, entry))
}

/// The file a package's `browser` map puts in place of `file` (`"browser": {"./src/index.js":
/// "./src/index-browser.js"}`), as bundlers do: the swapped-in files are the builds without Node's I/O
/// (`http`, `fs`), which vmjs does not grant anyway. Only the object form, and only files: a string
/// `browser` entry is not preferred over `module`/`main` (browser builds may need a DOM).
fn browser_replacement<'m>(manifest: &'m Map<String, Value>, file: &str) -> Option<&'m str> {
    let map = manifest.get("browser")?.as_object()?;
    map.iter().find_map(|(key, value)| {
        let key = key.strip_prefix("./").unwrap_or(key);
        let replacement = value.as_str()?;
        (key == file).then(|| replacement.strip_prefix("./").unwrap_or(replacement))
    })
}

/// `#name` through the `imports` of the nearest `package.json` at or above `from_dir` (inside the root).
fn resolve_import_map(
    specifier: &str,
    from_dir: &str,
    kind: Kind,
    read: &dyn Fn(&str) -> Option<String>,
    hops: usize,
) -> Result<String, String> {
    for dir in ancestors(from_dir) {
        let Some(text) = read(&join(dir, "package.json")) else {
            continue;
        };
        let manifest = parse_manifest(&text, dir)?;
        let Some(imports) = manifest.get("imports") else {
            break;
        };
        let target = match_map(imports, specifier, true, kind)?.ok_or_else(|| {
            format!(
                "`{specifier}` is not in the `imports` of `{}`",
                join(dir, "package.json")
            )
        })?;
        return if let Some(relative) = target.strip_prefix("./") {
            Ok(join(dir, relative))
        } else {
            // A target may name a package: it resolves from the package.json's folder.
            resolve_hops(&target, dir, kind, read, hops + 1)
        };
    }
    Err(format!(
        "`{specifier}` needs an `imports` entry in a package.json at or above the importing file"
    ))
}

/// The target of `subpath` in `exports` (`None`: not exported / no matching condition).
fn match_subpath(exports: &Value, subpath: &str, kind: Kind) -> Result<Option<String>, String> {
    let is_subpath_map = exports
        .as_object()
        .is_some_and(|map| map.keys().any(|key| key.starts_with('.')));
    if is_subpath_map {
        return match_map(exports, subpath, false, kind);
    }
    // Sugar: a string, array or conditions object is the export of ".".
    if subpath == "." {
        target_of(exports, None, false, kind)
    } else {
        Ok(None)
    }
}

/// A key of a subpath (`exports`) or import (`imports`) map that matches `wanted` — exactly, or the pattern
/// with the longest prefix before its `*` — and its resolved target.
fn match_map(
    map: &Value,
    wanted: &str,
    bare_targets: bool,
    kind: Kind,
) -> Result<Option<String>, String> {
    let Some(map) = map.as_object() else {
        return Ok(None);
    };
    if let Some(target) = map.get(wanted) {
        return target_of(target, None, bare_targets, kind);
    }
    let best = map
        .iter()
        .filter_map(|(key, target)| {
            let (prefix, suffix) = key.split_once('*')?;
            let matched = wanted
                .strip_prefix(prefix)?
                .strip_suffix(suffix)
                .filter(|m| !m.is_empty())?;
            Some((prefix.len(), matched, target))
        })
        .max_by_key(|(prefix_len, _, _)| *prefix_len);
    match best {
        Some((_, matched, target)) => target_of(target, Some(matched), bare_targets, kind),
        None => Ok(None),
    }
}

/// A target: a `./…` path (with `*` replaced), the first resolvable of an array, or the first key of a
/// conditions object that vmjs matches. `bare_targets`: `imports` may also name a package.
fn target_of(
    target: &Value,
    star: Option<&str>,
    bare_targets: bool,
    kind: Kind,
) -> Result<Option<String>, String> {
    match target {
        Value::String(path) => {
            let path = match star {
                Some(star) => path.replace('*', star),
                None => path.clone(),
            };
            if let Some(relative) = path.strip_prefix("./") {
                if relative
                    .split('/')
                    .any(|part| part == ".." || part == "." || part == "node_modules")
                {
                    return Err(format!("its target `{path}` leaves the package"));
                }
                return Ok(Some(path));
            }
            if bare_targets && is_bare(&path) {
                return Ok(Some(path));
            }
            Err(format!("its target `{path}` does not start with `./`"))
        }
        Value::Array(targets) => {
            for target in targets {
                if let Ok(Some(found)) = target_of(target, star, bare_targets, kind) {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        }
        Value::Object(conditions) => {
            for (condition, target) in conditions {
                if kind.conditions().contains(&condition.as_str())
                    && let Some(found) = target_of(target, star, bare_targets, kind)?
                {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// `dir`, its parents, and the root (`""`).
fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let dir = dir.trim_matches('/');
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(current.rfind('/').map_or("", |at| &current[..at]))
        };
        Some(current)
    })
}

/// `dir/path` (root-relative; `""` is the root), without a leading `./`.
fn join(dir: &str, path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    if dir.is_empty() {
        path.to_owned()
    } else if path.is_empty() || path == "." {
        dir.to_owned()
    } else {
        format!("{dir}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn files(entries: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = entries
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect();
        move |path: &str| map.get(path).cloned()
    }

    #[test]
    fn bare_or_not() {
        for bare in [
            "lodash",
            "@s/p",
            "d3-array/src/x.js",
            "#internal",
            "node:fs",
        ] {
            assert!(is_bare(bare), "{bare}");
        }
        for path in ["./a", "../a", "/a", ".", ".."] {
            assert!(!is_bare(path), "{path}");
        }
    }

    #[test]
    fn the_nearest_node_modules_up_to_the_root() {
        let read = files(&[
            ("node_modules/a/package.json", r#"{"main": "lib/a.js"}"#),
            (
                "app/node_modules/a/package.json",
                r#"{"module": "esm/a.mjs", "main": "cjs/a.js"}"#,
            ),
        ]);
        assert_eq!(
            resolve("a", "app/src", Kind::Import, &read),
            Ok("app/node_modules/a/esm/a.mjs".into())
        );
        assert_eq!(
            resolve("a", "", Kind::Import, &read),
            Ok("node_modules/a/lib/a.js".into())
        );
        assert_eq!(
            resolve("a/extra.js", "", Kind::Import, &read),
            Ok("node_modules/a/extra.js".into())
        );
        let missing = resolve("nope", "app/src", Kind::Import, &read).unwrap_err();
        assert!(
            missing.contains("`app/src/node_modules`, `app/node_modules`, `node_modules`"),
            "{missing}"
        );
        assert!(missing.contains("npm install nope"), "{missing}");
    }

    #[test]
    fn exports_subpaths_patterns_and_conditions() {
        let manifest = r#"{
            "name": "pkg",
            "main": "./cjs/index.js",
            "exports": {
                ".": { "types": "./index.d.ts", "require": "./cjs/index.js", "import": { "types": "./x.d.ts", "default": "./esm/index.js" } },
                "./feature": ["invalid/not-relative", "./esm/feature.js"],
                "./utils/*": { "import": "./esm/utils/*.js" },
                "./utils/private/*": null,
                "./package.json": "./package.json"
            }
        }"#;
        let read = files(&[("node_modules/pkg/package.json", manifest)]);
        assert_eq!(
            resolve("pkg", "", Kind::Import, &read),
            Ok("node_modules/pkg/esm/index.js".into())
        );
        assert_eq!(
            resolve("pkg/feature", "", Kind::Import, &read),
            Ok("node_modules/pkg/esm/feature.js".into())
        );
        assert_eq!(
            resolve("pkg/utils/add", "", Kind::Import, &read),
            Ok("node_modules/pkg/esm/utils/add.js".into())
        );
        let private = resolve("pkg/utils/private/x", "", Kind::Import, &read).unwrap_err();
        assert!(
            private.contains("does not export `./utils/private/x`"),
            "{private}"
        );
        let hidden = resolve("pkg/cjs/index.js", "", Kind::Import, &read).unwrap_err();
        assert!(hidden.contains("does not export"), "{hidden}");
        // A CommonJS-only export has nothing for `import`.
        let read = files(&[(
            "node_modules/c/package.json",
            r#"{"exports": {"require": "./index.js"}}"#,
        )]);
        assert!(
            resolve("c", "", Kind::Import, &read)
                .unwrap_err()
                .contains("no entry for `import`")
        );
        // Sugar: a string.
        let read = files(&[("node_modules/s/package.json", r#"{"exports": "./s.mjs"}"#)]);
        assert_eq!(
            resolve("s", "", Kind::Import, &read),
            Ok("node_modules/s/s.mjs".into())
        );
    }

    #[test]
    fn scoped_packages_and_imports_maps() {
        let read = files(&[
            (
                "node_modules/@scope/kit/package.json",
                r##"{"exports": {"./*": "./dist/*.js"}, "imports": {"#util": "./src/util.js", "#dep": "dep"}}"##,
            ),
            ("node_modules/dep/package.json", r#"{"module": "dep.mjs"}"#),
        ]);
        assert_eq!(
            resolve("@scope/kit/a", "", Kind::Import, &read),
            Ok("node_modules/@scope/kit/dist/a.js".into())
        );
        let inside = "node_modules/@scope/kit/dist";
        assert_eq!(
            resolve("#util", inside, Kind::Import, &read),
            Ok("node_modules/@scope/kit/src/util.js".into())
        );
        assert_eq!(
            resolve("#dep", inside, Kind::Import, &read),
            Ok("node_modules/dep/dep.mjs".into())
        );
        assert!(
            resolve("#missing", inside, Kind::Import, &read)
                .unwrap_err()
                .contains("not in the `imports`")
        );
        assert!(resolve("@scope", "", Kind::Import, &read).is_err());
    }

    #[test]
    fn targets_and_names_that_leave_the_package_are_refused() {
        let read = files(&[
            (
                "node_modules/evil/package.json",
                r#"{"exports": {".": "./../../secret.js", "./x/*": "./lib/*.js"}, "main": "../../secret.js"}"#,
            ),
            (
                "node_modules/main-evil/package.json",
                r#"{"main": "../../../etc/passwd"}"#,
            ),
        ]);
        assert!(
            resolve("evil", "", Kind::Import, &read)
                .unwrap_err()
                .contains("leaves the package")
        );
        assert!(
            resolve("evil/x/../../../secret", "", Kind::Import, &read)
                .unwrap_err()
                .contains("leaves the package")
        );
        assert!(
            resolve("main-evil", "", Kind::Import, &read)
                .unwrap_err()
                .contains("leaves the package")
        );
        assert!(resolve("../x", "", Kind::Import, &read).is_err() || !is_bare("../x"));
        assert!(resolve("@a/..", "", Kind::Import, &read).is_err());
        assert!(
            resolve("node:child_process", "", Kind::Import, &read)
                .unwrap_err()
                .contains("Node built-in")
        );
        assert!(
            resolve("https://example.com/x.js", "", Kind::Import, &read)
                .unwrap_err()
                .contains("session root")
        );
        let bad = files(&[("node_modules/b/package.json", "{ not json")]);
        assert!(
            resolve("b", "", Kind::Import, &bad)
                .unwrap_err()
                .contains("not valid JSON")
        );
    }

    #[test]
    fn a_browser_map_swaps_files_without_node_io() {
        let read = files(&[
            (
                "node_modules/aq/package.json",
                r#"{"main": "./src/index.js", "browser": {"./src/index.js": "./src/index-browser.js", "fs": false}}"#,
            ),
            (
                "node_modules/evil/package.json",
                r#"{"main": "index.js", "browser": {"./index.js": "../../outside.js"}}"#,
            ),
        ]);
        assert_eq!(
            resolve("aq", "", Kind::Import, &read),
            Ok("node_modules/aq/src/index-browser.js".into())
        );
        assert_eq!(
            resolve("aq/src/index.js", "", Kind::Import, &read),
            Ok("node_modules/aq/src/index-browser.js".into())
        );
        assert_eq!(
            resolve("aq/src/other.js", "", Kind::Import, &read),
            Ok("node_modules/aq/src/other.js".into())
        );
        assert!(
            resolve("evil", "", Kind::Import, &read)
                .unwrap_err()
                .contains("leaves the package")
        );
    }

    #[test]
    fn require_picks_the_require_condition_and_main() {
        let read = files(&[
            (
                "node_modules/dual/package.json",
                r#"{"exports": {".": {"import": "./d.mjs", "require": "./d.cjs"}}}"#,
            ),
            (
                "node_modules/fields/package.json",
                r#"{"module": "esm.js", "main": "cjs.js"}"#,
            ),
            (
                "node_modules/esm-only/package.json",
                r#"{"exports": {"import": "./e.js"}}"#,
            ),
        ]);
        assert_eq!(
            resolve("dual", "", Kind::Require, &read),
            Ok("node_modules/dual/d.cjs".into())
        );
        assert_eq!(
            resolve("dual", "", Kind::Import, &read),
            Ok("node_modules/dual/d.mjs".into())
        );
        assert_eq!(
            resolve("fields", "", Kind::Require, &read),
            Ok("node_modules/fields/cjs.js".into())
        );
        let esm = resolve("esm-only", "", Kind::Require, &read).unwrap_err();
        assert!(esm.contains("no entry for `require`"), "{esm}");
    }

    #[test]
    fn registry_specifiers_name_installed_packages_in_the_range_they_ask_for() {
        let read = files(&[
            (
                "node_modules/chalk/package.json",
                r#"{"version": "5.3.0", "exports": {".": "./source/index.js", "./util": "./source/util.js"}}"#,
            ),
            (
                "node_modules/@jsr/std__path/package.json",
                r#"{"version": "1.0.8", "exports": {".": "./mod.js", "./posix": "./posix/mod.js"}}"#,
            ),
        ]);
        let resolve = |specifier: &str| resolve(specifier, "notebooks", Kind::Import, &read);
        assert_eq!(
            resolve("npm:chalk@5"),
            Ok("node_modules/chalk/source/index.js".into())
        );
        assert_eq!(
            resolve("npm:/chalk@^5.1/util"),
            Ok("node_modules/chalk/source/util.js".into())
        );
        assert_eq!(
            resolve("npm:chalk@latest"),
            Ok("node_modules/chalk/source/index.js".into())
        );
        assert_eq!(
            resolve("jsr:@std/path@^1.0.0/posix"),
            Ok("node_modules/@jsr/std__path/posix/mod.js".into())
        );
        assert_eq!(
            resolve("npm:chalk@4"),
            Err("`npm:chalk@4` asks for chalk 4, and `node_modules/chalk` is 5.3.0 (run `npm install chalk@4` in \
                 the session root)"
                .into())
        );
        assert_eq!(
            resolve("npm:nodejs-polars@0.8"),
            Err("no package `nodejs-polars` in `notebooks/node_modules`, `node_modules` (vmjs never downloads \
                 packages: run `npm install nodejs-polars@0.8` in the session root)"
                .into())
        );
        assert!(
            resolve("jsr:@std/fs")
                .unwrap_err()
                .contains("run `npx jsr add @std/fs`")
        );
        assert!(
            resolve("npm:@scope")
                .unwrap_err()
                .contains("not a package specifier")
        );
        // Still no other scheme.
        assert!(
            resolve("https://esm.sh/chalk")
                .unwrap_err()
                .contains("session root only")
        );
    }

    #[test]
    fn ancestors_end_at_the_root() {
        assert_eq!(ancestors("a/b").collect::<Vec<_>>(), ["a/b", "a", ""]);
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
    }
}
