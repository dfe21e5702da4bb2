//! Deno's registry specifiers — `npm:chalk@5`, `npm:@scope/pkg@^2/sub`, `jsr:@std/path@1` — read as the
//! packages the session root's `node_modules` holds, as Deno does with a `node_modules` folder of its own
//! (`"nodeModulesDir": "manual"`). Notebooks written for Deno's kernel import this way; nothing is
//! downloaded: a package that is not installed is an error that says the command that installs it, and one
//! whose installed version is outside the asked range is an error that says both.
//!
//! `jsr:` packages install into `node_modules` through JSR's npm compatibility layer (`npx jsr add
//! @std/path`), under their own name (an alias) or as `@jsr/std__path`; both are looked for.
//!
//! Pure, like [`super::packages`]: parsing and version ranges only.

/// Where a registry specifier's package comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Registry {
    /// `npm:`, the npm registry.
    Npm,
    /// `jsr:`, JSR (installed through its npm compatibility layer).
    Jsr,
}

/// A parsed `npm:` or `jsr:` specifier.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct RegistrySpecifier<'a> {
    pub registry: Registry,
    /// The package name (`chalk`, `@std/path`).
    pub name: &'a str,
    /// The version range asked for (`5`, `^2.1`), if any.
    pub range: Option<&'a str>,
    /// What follows the name and version (`/sub/path`), empty for the package itself.
    pub subpath: &'a str,
}

impl RegistrySpecifier<'_> {
    /// The bare specifiers that name the installed package, in the order they are looked for.
    pub fn bare_candidates(&self) -> Vec<String> {
        let mut names = vec![format!("{}{}", self.name, self.subpath)];
        if self.registry == Registry::Jsr
            && let Some((scope, name)) = self.name.trim_start_matches('@').split_once('/')
        {
            names.push(format!("@jsr/{scope}__{name}{}", self.subpath));
        }
        names
    }

    /// The command that installs the package in the session root.
    pub fn install_command(&self) -> String {
        let versioned = match self.range {
            Some(range) => format!("{}@{range}", self.name),
            None => self.name.to_owned(),
        };
        match self.registry {
            Registry::Npm => format!("npm install {versioned}"),
            Registry::Jsr => format!("npx jsr add {versioned}"),
        }
    }
}

/// The registry specifier `specifier` is, `None` when it is none; `Some(Err)` says why a `npm:`/`jsr:`
/// specifier is malformed.
pub(super) fn parse(specifier: &str) -> Option<Result<RegistrySpecifier<'_>, String>> {
    let (registry, rest) = if let Some(rest) = specifier.strip_prefix("npm:") {
        (Registry::Npm, rest)
    } else if let Some(rest) = specifier.strip_prefix("jsr:") {
        (Registry::Jsr, rest)
    } else {
        return None;
    };
    // Deno accepts `npm:/name` too (import maps write it so).
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let malformed = || Some(Err(format!("`{specifier}` is not a package specifier")));
    // The name ends at the first `@` or `/` after its scope.
    let scope_len = if rest.starts_with('@') {
        match rest.find('/') {
            Some(slash) if slash > 1 => slash + 1,
            _ => return malformed(),
        }
    } else {
        0
    };
    let name_end = rest[scope_len..]
        .find(['@', '/'])
        .map_or(rest.len(), |at| scope_len + at);
    let name = &rest[..name_end];
    if name_end == scope_len || name.split('/').any(|part| part == "." || part == "..") {
        return malformed();
    }
    if registry == Registry::Jsr && scope_len == 0 {
        return Some(Err(format!(
            "`{specifier}`: JSR packages are scoped (`jsr:@scope/name`)"
        )));
    }
    let after = &rest[name_end..];
    let (range, subpath) = match after.strip_prefix('@') {
        Some(versioned) => {
            let end = versioned.find('/').unwrap_or(versioned.len());
            if end == 0 {
                return malformed();
            }
            (Some(&versioned[..end]), &versioned[end..])
        }
        None => (None, after),
    };
    if subpath == "/" {
        return malformed();
    }
    Some(Ok(RegistrySpecifier {
        registry,
        name,
        range,
        subpath,
    }))
}

/// Whether the `installed` version satisfies the npm range `range` (`5`, `^1.2`, `~1.2.3`, `>=1 <3`,
/// `1.x`, `1 || 2`); `None` when either is not understood (a dist-tag such as `latest`, a hyphen range, a
/// malformed version), which is then not checked.
pub(super) fn satisfies(range: &str, installed: &str) -> Option<bool> {
    let installed = semver::Version::parse(installed.trim().trim_start_matches('v')).ok()?;
    let mut any = false;
    for alternative in range.split("||") {
        let comparators: Vec<String> = alternative
            .split_whitespace()
            .map(|comparator| {
                // npm's bare `1.2` is `1.2.x` and `1.2.3` is exact: the semver crate's `=` (its bare form
                // is a caret).
                let comparator = comparator.trim_start_matches('v');
                if comparator.starts_with(|c: char| c.is_ascii_digit()) {
                    format!("={comparator}")
                } else {
                    comparator.to_owned()
                }
            })
            .collect();
        if comparators.iter().any(|c| c == "-") {
            return None;
        }
        let requirement = if comparators.is_empty() {
            semver::VersionReq::STAR
        } else {
            semver::VersionReq::parse(&comparators.join(", ")).ok()?
        };
        any |= requirement.matches(&installed);
    }
    Some(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(specifier: &str) -> RegistrySpecifier<'_> {
        parse(specifier)
            .expect("a registry specifier")
            .expect("well formed")
    }

    #[test]
    fn names_versions_and_subpaths() {
        let cases = [
            ("npm:chalk", "chalk", None, ""),
            ("npm:chalk@5", "chalk", Some("5"), ""),
            (
                "npm:/chalk@5.3.0/source/index.js",
                "chalk",
                Some("5.3.0"),
                "/source/index.js",
            ),
            (
                "npm:@observablehq/plot@0.6",
                "@observablehq/plot",
                Some("0.6"),
                "",
            ),
            ("npm:@scope/pkg/sub", "@scope/pkg", None, "/sub"),
            (
                "npm:nodejs-polars@^0.8.3/x",
                "nodejs-polars",
                Some("^0.8.3"),
                "/x",
            ),
            (
                "jsr:@std/path@^1.0.0/posix",
                "@std/path",
                Some("^1.0.0"),
                "/posix",
            ),
        ];
        for (specifier, name, range, subpath) in cases {
            let spec = parsed(specifier);
            assert_eq!(
                (spec.name, spec.range, spec.subpath),
                (name, range, subpath),
                "{specifier}"
            );
        }
        assert_eq!(parse("chalk"), None);
        assert_eq!(parse("node:fs"), None);
        for malformed in [
            "npm:",
            "npm:@",
            "npm:@scope",
            "npm:@/x",
            "npm:a@",
            "npm:a@/x",
            "npm:..",
            "npm:a/",
        ] {
            assert!(matches!(parse(malformed), Some(Err(_))), "{malformed}");
        }
        assert!(
            parse("jsr:path")
                .expect("registry")
                .unwrap_err()
                .contains("scoped")
        );
    }

    #[test]
    fn jsr_packages_are_looked_for_under_their_name_and_the_compatibility_name() {
        assert_eq!(
            parsed("jsr:@std/path@1/posix").bare_candidates(),
            ["@std/path/posix", "@jsr/std__path/posix"]
        );
        assert_eq!(parsed("npm:@a/b").bare_candidates(), ["@a/b"]);
        assert_eq!(
            parsed("jsr:@std/path@1").install_command(),
            "npx jsr add @std/path@1"
        );
        assert_eq!(
            parsed("npm:chalk@^5").install_command(),
            "npm install chalk@^5"
        );
        assert_eq!(parsed("npm:chalk").install_command(), "npm install chalk");
    }

    #[test]
    fn npm_ranges() {
        let cases = [
            ("5", "5.3.0", true),
            ("5", "4.1.2", false),
            ("1.2", "1.2.9", true),
            ("1.2", "1.3.0", false),
            ("1.2.3", "1.2.3", true),
            ("1.2.3", "1.2.4", false),
            ("^1.2", "1.9.0", true),
            ("^0.8.3", "0.9.0", false),
            ("~1.2.3", "1.2.9", true),
            ("~1.2.3", "1.3.0", false),
            (">=1 <3", "2.5.0", true),
            (">=1 <3", "3.0.0", false),
            ("1.x", "1.4.0", true),
            ("*", "0.0.1", true),
            ("1 || 3", "3.1.0", true),
            ("1 || 3", "2.0.0", false),
            ("v2", "2.0.0", true),
            ("^1.0.0", "2.0.0-beta.1", false),
        ];
        for (range, installed, expected) in cases {
            assert_eq!(
                satisfies(range, installed),
                Some(expected),
                "{range} ∋ {installed}"
            );
        }
        for (range, installed) in [
            ("latest", "1.0.0"),
            ("1 - 2", "1.5.0"),
            ("5", "not a version"),
        ] {
            assert_eq!(satisfies(range, installed), None, "{range} {installed}");
        }
    }
}
