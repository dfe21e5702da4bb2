//! What a relative module specifier may name beyond itself, as bundlers and TypeScript resolve it: one
//! rule, used by the module loader and by the language server's navigation.

use std::path::Path;

/// What a specifier without an extension may name, tried in order after the file itself (`./User`,
/// `./lib`): the file with an extension, then a directory's index file.
const EXTENSIONS: [&str; 3] = ["ts", "js", "mjs"];
const INDEX_FILES: [&str; 3] = ["index.ts", "index.js", "index.mjs"];
/// The TypeScript file a missing JavaScript one names: TypeScript's ES modules import `./util.js` for the
/// `./util.ts` beside them.
const TYPESCRIPT_FOR: [(&str, &str); 3] = [("js", "ts"), ("mjs", "mts"), ("cjs", "cts")];

/// The paths to try, in order, when `path` (a specifier joined to the importing file's folder) names no
/// file: with an extension it is the TypeScript file of a JavaScript name (`util.js` → `util.ts`); without
/// one, `path.ts`, `path.js`, `path.mjs`, then `path/index.ts`, `path/index.js`, `path/index.mjs`.
pub fn module_candidates(path: &str) -> Vec<String> {
    let as_path = Path::new(path);
    match as_path.extension().and_then(|e| e.to_str()) {
        Some(extension) => TYPESCRIPT_FOR
            .iter()
            .filter(|(javascript, _)| *javascript == extension)
            .map(|(_, typescript)| as_path.with_extension(typescript).display().to_string())
            .collect(),
        None => EXTENSIONS
            .iter()
            .map(|extension| format!("{path}.{extension}"))
            .chain(INDEX_FILES.iter().map(|index| format!("{path}/{index}")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_in_order() {
        assert_eq!(
            module_candidates("src/User"),
            [
                "src/User.ts",
                "src/User.js",
                "src/User.mjs",
                "src/User/index.ts",
                "src/User/index.js",
                "src/User/index.mjs"
            ]
        );
        assert_eq!(module_candidates("util.js"), ["util.ts"]);
        assert_eq!(module_candidates("util.cjs"), ["util.cts"]);
        assert!(module_candidates("data.json").is_empty());
    }
}
