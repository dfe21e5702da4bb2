//! JavaScript or TypeScript: the code the engine runs for a cell or a file, and for TypeScript the map back to
//! the user's text ([`StrippedTs`]). One place decides for cells, run files, startup files, libraries and
//! imported modules.

use std::borrow::Cow;

use super::packages;
use super::source_maps::{RanCode, SourceMaps};
use crate::analysis::{self, CatchInserts, Diagnostic, ReplRewrite, StrippedTs, TsUnit};

/// A cell, rewritten for the session by `rewrite`: as JavaScript, or — when it does not parse as JavaScript
/// but does as TypeScript — with its types stripped first. When it is neither, the errors of the parser that
/// read further (it understood more of what was meant), positioned in the cell.
pub(super) fn cell(
    source: &str,
    mut rewrite: impl FnMut(&str) -> Result<ReplRewrite, Vec<Diagnostic>>,
) -> Result<(ReplRewrite, Option<StrippedTs>), Vec<Diagnostic>> {
    let javascript_errors = match rewrite(source) {
        Ok(rewritten) => return Ok((rewritten, None)),
        Err(errors) => errors,
    };
    let stripped = match analysis::strip_types(source, TsUnit::Cell) {
        Ok(stripped) => stripped,
        Err(typescript_errors) => {
            let start = |errors: &[Diagnostic]| errors.first().map(|e| e.start);
            return Err(if start(&typescript_errors) > start(&javascript_errors) {
                typescript_errors
            } else {
                javascript_errors
            });
        }
    };
    match rewrite(&stripped.code) {
        Ok(rewritten) => Ok((rewritten, Some(stripped))),
        Err(mut errors) => {
            // What oxc printed does not read back: say where, in the user's text.
            for error in &mut errors {
                (error.line, error.column) = stripped.original_position(error.line, error.column);
            }
            Err(errors)
        }
    }
}

/// The code to run for a file named `name` (`.ts`, `.mts` and `.cts` are TypeScript): its text, or the
/// JavaScript printed from its TypeScript; in the user's own files (not a package's), with the hook that
/// rewords caught errors called in each `catch` block ([`analysis::instrument_catches`]). Records what ran
/// under `name` in `maps`.
pub(super) fn file<'t>(
    text: &'t str,
    name: &str,
    maps: &SourceMaps,
) -> Result<Cow<'t, str>, Vec<Diagnostic>> {
    if analysis::is_typescript_path(name) {
        let stripped = analysis::strip_types(text, TsUnit::File)?;
        let code = Cow::Owned(stripped.code.clone());
        Ok(recorded(code, name, maps, Some(stripped), 0))
    } else {
        Ok(recorded(Cow::Borrowed(text), name, maps, None, 0))
    }
}

/// What opens a CommonJS module's code: a function of Node's wrapper's parameters.
const COMMONJS_OPEN: &str = "(function (exports, require, module, __filename, __dirname) {";

/// The code to run for the CommonJS file `name` with `text`: one function expression of Node's wrapper's
/// parameters (`exports`, `require`, `module`, `__filename`, `__dirname`) around the text, a shebang line
/// blanked; instrumented and recorded as [`file`] does, positions on its first line mapped back past the
/// wrapper. The text ends with a line break inside the wrapper, so a last `//` comment cannot eat its end.
pub(super) fn commonjs_module(text: &str, name: &str, maps: &SourceMaps) -> String {
    let text = match text.strip_prefix("#!") {
        Some(rest) => Cow::Owned(format!("//{rest}")),
        None => Cow::Borrowed(text),
    };
    let code = format!("{COMMONJS_OPEN}{text}\n}})");
    recorded(
        Cow::Owned(code),
        name,
        maps,
        None,
        COMMONJS_OPEN.chars().count() as u32,
    )
    .into_owned()
}

/// `code` as it runs under `name` — in the user's own files with the hook called in each `catch` block —,
/// recorded in `maps` with the way back to the user's text: through `stripped` (TypeScript's map), the hook
/// calls, and `opening` chars put before the text on its first line.
fn recorded<'t>(
    code: Cow<'t, str>,
    name: &str,
    maps: &SourceMaps,
    stripped: Option<StrippedTs>,
    opening: u32,
) -> Cow<'t, str> {
    // A package's file is written for V8 and not the user's to debug.
    if packages::is_package_path(name) {
        maps.set(name, None, stripped, CatchInserts::opening(opening));
        return code;
    }
    let (code, inserts) = match analysis::instrument_catches(&code) {
        Some(instrumented) => (
            Cow::Owned(instrumented.code),
            instrumented.inserts.after_opening(opening),
        ),
        None => (code, CatchInserts::opening(opening)),
    };
    maps.set(name, Some(RanCode::Text(&code)), stripped, inserts);
    code
}
