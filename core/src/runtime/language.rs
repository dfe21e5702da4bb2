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
    let (code, stripped) = if analysis::is_typescript_path(name) {
        let stripped = analysis::strip_types(text, TsUnit::File)?;
        (Cow::Owned(stripped.code.clone()), Some(stripped))
    } else {
        (Cow::Borrowed(text), None)
    };
    // A package's file is written for V8 and not the user's to debug.
    if packages::is_package_path(name) {
        maps.set(name, None, stripped, CatchInserts::default());
        return Ok(code);
    }
    let (code, inserts) = match analysis::instrument_catches(&code) {
        Some(instrumented) => (Cow::Owned(instrumented.code), instrumented.inserts),
        None => (code, CatchInserts::default()),
    };
    maps.set(name, Some(RanCode::Text(&code)), stripped, inserts);
    Ok(code)
}
