//! Renaming a symbol so the program means the same afterwards, or refusing with the reason.
//!
//! Every occurrence of the symbol is renamed, and shorthand forms are expanded so other names keep their
//! meaning: an object literal's or pattern's `{ a }` becomes `{ a: b }` (the key stays). In
//! [`RenameMode::ThisFile`] the file's interface stays too: `import { a }` becomes `import { a as b }` and
//! `export { a }` becomes `export { b as a }`. [`RenameMode::Everywhere`] is for a caller that renames the
//! name in the files on the other side of those imports and exports as well: there they change with it.
//! A declaration that exports itself (`export const a`, `export function a`) has no shorthand to expand: in
//! either mode its exported name changes with it, and the caller renames the importers (see
//! [`NavigationIndex::exports`]) or warns.
//!
//! Refused: a position with no name, a name the file does not declare (a global: its declaration is not in
//! the file), a new name that is not an identifier or is a reserved word, and a new name that would collide
//! — already declared in the symbol's scope, declared in an inner scope where it would capture a reference
//! to the symbol, or used inside the symbol's scope for something declared outside it (which the renamed
//! symbol would then shadow).

use super::{NavigationIndex, OccurrenceKind, Shorthand, Target, TextSpan};
use crate::analysis::{KEYWORDS, is_identifier_name};

/// Completion keywords ([`KEYWORDS`]) that are nonetheless valid binding names.
const CONTEXTUAL_KEYWORDS: [&str; 3] = ["async", "of", "undefined"];
/// Names no binding may take in strict code (modules are strict) that are not completion keywords.
const STRICT_RESERVED: [&str; 9] = [
    "enum",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
    "arguments",
    "eval",
];

/// Refuses a new name that is not an identifier or that no binding may take.
fn check_new_name(new_name: &str) -> Result<(), RenameError> {
    if is_identifier_name(new_name) && !is_reserved(new_name) {
        Ok(())
    } else {
        Err(RenameError::InvalidName(new_name.to_owned()))
    }
}

/// Whether no binding may be named `name`: a keyword, or a word strict code reserves.
fn is_reserved(name: &str) -> bool {
    (KEYWORDS.contains(&name) && !CONTEXTUAL_KEYWORDS.contains(&name))
        || STRICT_RESERVED.contains(&name)
}

/// Why a rename is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// Nothing renameable at the position (no identifier, or a keyword).
    #[error("there is no name to rename here")]
    NotASymbol,
    /// The name is not declared in the file.
    #[error(
        "`{0}` is not declared in this file (a global, or a name of the session), so it cannot be renamed here"
    )]
    Global(String),
    /// The new name is not an identifier, or is a reserved word (strict mode's included).
    #[error("`{0}` is not a valid name for a binding")]
    InvalidName(String),
    /// The new name would collide with or capture another binding.
    #[error("renaming to `{name}` would change what the program means: {why}")]
    Collision {
        /// The new name.
        name: String,
        /// Where and how it would collide.
        why: String,
    },
}

/// One replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameEdit {
    /// The text replaced (an occurrence of the old name).
    pub span: TextSpan,
    /// The replacement (the new name, or an expanded shorthand such as `a: b`).
    pub text: String,
}

/// Whether a rename stops at the file's imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameMode {
    /// The names other files see stay as they are (`import { a as b }`, `export { b as a }`).
    ThisFile,
    /// The caller renames the other side of the file's imports and exports too.
    Everywhere,
}

impl NavigationIndex {
    /// The span of the name a rename at `offset` would change, or why it cannot be renamed.
    pub fn prepare_rename(&self, offset: usize) -> Result<TextSpan, RenameError> {
        let occurrence = self.occurrence_at(offset).ok_or(RenameError::NotASymbol)?;
        match occurrence.target {
            Target::Symbol(_) => Ok(occurrence.span),
            Target::Global(global) => {
                Err(RenameError::Global(self.globals[global as usize].0.clone()))
            }
        }
    }

    /// The edits renaming the symbol at `offset` to `new_name` (see the module docs).
    pub fn rename(
        &self,
        offset: usize,
        new_name: &str,
        mode: RenameMode,
    ) -> Result<Vec<RenameEdit>, RenameError> {
        self.prepare_rename(offset)?;
        let symbol = self.symbol_at(offset).ok_or(RenameError::NotASymbol)?;
        self.rename_symbol(symbol, new_name, mode)
    }

    /// [`NavigationIndex::rename`] of the symbol declared at `declaration` (its declaring identifier).
    pub fn rename_declared_at(
        &self,
        declaration: TextSpan,
        new_name: &str,
        mode: RenameMode,
    ) -> Result<Vec<RenameEdit>, RenameError> {
        let symbol = self
            .symbol_declared_at(declaration)
            .ok_or(RenameError::NotASymbol)?;
        self.rename_symbol(symbol, new_name, mode)
    }

    fn rename_symbol(
        &self,
        symbol: u32,
        new_name: &str,
        mode: RenameMode,
    ) -> Result<Vec<RenameEdit>, RenameError> {
        check_new_name(new_name)?;
        let data = &self.symbols[symbol as usize];
        if data.name == new_name {
            return Ok(Vec::new());
        }
        self.check_collisions(symbol, new_name)?;
        Ok(self
            .occurrences_at(&data.occurrences)
            .map(|o| self.edit(o.span, &data.name, new_name, mode))
            .collect())
    }

    /// The edit renaming the occurrence at `span` from `old` to `new_name`, its shorthand expanded.
    fn edit(&self, span: TextSpan, old: &str, new_name: &str, mode: RenameMode) -> RenameEdit {
        let text = match (self.shorthand_at(span.start), mode) {
            (Some(Shorthand::Property), _) => format!("{old}: {new_name}"),
            (Some(Shorthand::Import), RenameMode::ThisFile) => format!("{old} as {new_name}"),
            (Some(Shorthand::Export), RenameMode::ThisFile) => format!("{new_name} as {old}"),
            _ => new_name.to_owned(),
        };
        RenameEdit { span, text }
    }

    /// The edits renaming the uses of `name`, which this file does not declare (another notebook cell
    /// does), to `new_name`; refused when `new_name` is invalid, declared at the file's top level, or
    /// declared in a scope around one of the uses (it would capture it).
    pub fn rename_global(
        &self,
        name: &str,
        new_name: &str,
    ) -> Result<Vec<RenameEdit>, RenameError> {
        check_new_name(new_name)?;
        let Some((_, indices)) = self.globals.iter().find(|(global, _)| global == name) else {
            return Ok(Vec::new());
        };
        let mut edits = Vec::new();
        for &i in indices {
            let occurrence = &self.occurrences[i as usize];
            if self.declared_between(self.occurrence_scopes[i as usize], None, new_name) {
                return Err(RenameError::Collision {
                    name: new_name.to_owned(),
                    why: format!(
                        "a `{new_name}` declared here would capture the use at byte {}",
                        occurrence.span.start
                    ),
                });
            }
            // A global is never imported or exported here: only property shorthands expand.
            edits.push(self.edit(occurrence.span, name, new_name, RenameMode::Everywhere));
        }
        Ok(edits)
    }

    fn check_collisions(&self, symbol: u32, new_name: &str) -> Result<(), RenameError> {
        let data = &self.symbols[symbol as usize];
        let collision = |why: String| RenameError::Collision {
            name: new_name.to_owned(),
            why,
        };
        if self.declares(data.scope, new_name).is_some() {
            return Err(collision(format!(
                "`{new_name}` is already declared in the same scope"
            )));
        }
        // A reference to the symbol must not find a `new_name` declared between it and the declaration.
        for &i in &data.occurrences {
            let occurrence = &self.occurrences[i as usize];
            if occurrence.kind == OccurrenceKind::Declaration {
                continue;
            }
            if self.declared_between(
                self.occurrence_scopes[i as usize],
                Some(data.scope),
                new_name,
            ) {
                return Err(collision(format!(
                    "a `{new_name}` declared in an inner scope would capture the reference at byte {}",
                    occurrence.span.start
                )));
            }
        }
        // A `new_name` used inside the symbol's scope for something declared outside it would be shadowed.
        for (i, occurrence) in self.occurrences.iter().enumerate() {
            let declared_in = match occurrence.target {
                Target::Symbol(other) if self.symbols[other as usize].name == new_name => {
                    Some(self.symbols[other as usize].scope)
                }
                Target::Global(global) if self.globals[global as usize].0 == new_name => None,
                _ => continue,
            };
            let inside = self.is_within(self.occurrence_scopes[i], data.scope);
            let declared_outside =
                declared_in.is_none_or(|scope| !self.is_within(scope, data.scope));
            if inside && declared_outside {
                return Err(collision(format!(
                    "the `{new_name}` used at byte {} refers to something declared outside; the renamed \
                     symbol would shadow it",
                    occurrence.span.start
                )));
            }
        }
        Ok(())
    }

    /// Whether a scope from `scope` outwards, up to (not including) `stop` — or to the top without one —
    /// declares `name`.
    fn declared_between(&self, scope: u32, stop: Option<u32>, name: &str) -> bool {
        let mut current = Some(scope);
        while let Some(scope) = current {
            if Some(scope) == stop {
                return false;
            }
            if self.declares(scope, name).is_some() {
                return true;
            }
            current = self.scopes[scope as usize].parent;
        }
        false
    }

    /// The symbol `scope` itself declares under `name`.
    pub(super) fn declares(&self, scope: u32, name: &str) -> Option<u32> {
        self.scopes
            .get(scope as usize)?
            .symbols
            .iter()
            .copied()
            .find(|&symbol| self.symbols[symbol as usize].name == name)
    }

    /// Whether `scope` is `ancestor` or inside it.
    fn is_within(&self, scope: u32, ancestor: u32) -> bool {
        let mut current = Some(scope);
        while let Some(scope) = current {
            if scope == ancestor {
                return true;
            }
            current = self.scopes.get(scope as usize).and_then(|s| s.parent);
        }
        false
    }

    /// The spans of `member` in `namespace.member` for every read of the namespace import declared at
    /// `namespace` (`lib.helper` → the span of `helper`), found in `src` (the text the index was built from).
    pub fn member_accesses(&self, src: &str, namespace: TextSpan, member: &str) -> Vec<TextSpan> {
        self.references_of_declaration(namespace)
            .into_iter()
            .filter(|o| o.kind != OccurrenceKind::Declaration)
            .filter_map(|o| {
                let rest = src.get(o.span.end..)?;
                let after_dot = rest.trim_start().strip_prefix('.')?;
                let name_start = src.len() - after_dot.trim_start().len();
                let name = src.get(name_start..name_start + member.len())?;
                let next = src[name_start + member.len()..].chars().next();
                let whole = next.is_none_or(|c| !crate::analysis::is_identifier_char(c));
                (name == member && whole)
                    .then(|| TextSpan::new(name_start, name_start + member.len()))
            })
            .collect()
    }
}
