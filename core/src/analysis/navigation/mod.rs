//! A navigation index of one JavaScript or TypeScript text, from oxc's semantic model: every symbol with
//! its declaration and the places that read or write it, the names the file imports and exports, its
//! outline, foldable regions and nested syntax spans. Built once per version of a document and owned (no
//! arena, no lifetimes), it answers go-to-definition, references, highlights, rename, semantic tokens,
//! folding and selection ranges with lookups.
//!
//! Positions are byte offsets into the UTF-8 text. A position right after an identifier also finds it (the
//! cursor sits there after typing it). Text nested too deeply gives an empty index (the nesting pre-scan
//! runs first: parsers recurse), and text that does not parse gives what oxc recovered.

mod build;
mod calls;
mod incremental;
mod modules;
mod outline;
mod ranges;
mod rename;
mod tokens;
mod types;

pub use calls::{ArgumentKind, CallArgument, CallSite};
pub use incremental::TextEdit;
pub use modules::{ExportedName, ImportBinding, Imported};
pub use outline::{FoldKind, FoldingRegion, OutlineKind, OutlineSymbol};
pub use rename::{RenameEdit, RenameError, RenameMode};
pub use tokens::{SemanticToken, TokenKind, TokenModifiers};

use crate::analysis::signature::Parameter;

/// A byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextSpan {
    /// The first byte (on a char boundary).
    pub start: usize,
    /// The byte after the last one (exclusive; on a char boundary).
    pub end: usize,
}

impl TextSpan {
    /// `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Whether `offset` is inside or at either end.
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    fn contains_span(&self, other: &TextSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What an occurrence of a symbol does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OccurrenceKind {
    /// Where the symbol is declared (also each redeclaration, e.g. a second `var`).
    Declaration,
    /// Its value is read (`f(x)`, `export { x }`, `{ x }`, a type reference).
    Read,
    /// It is assigned (`x = 1`, `[x] = a`, `({ x } = o)`, `for (x of a)`).
    Write,
    /// Read and written at once (`x += 1`, `x++`).
    ReadWrite,
}

/// What kind of thing a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// `var` or `let`.
    Variable,
    /// `const` (also `using`).
    Constant,
    /// A function declaration or a named function expression.
    Function,
    /// A class declaration or a named class expression.
    Class,
    /// A function's parameter (each name of a destructured one too).
    Parameter,
    /// `e` of `catch (e)`.
    CatchParameter,
    /// A default or named import binding (`import type` too).
    Import,
    /// TypeScript `type A = …`.
    TypeAlias,
    /// TypeScript `interface I`.
    Interface,
    /// TypeScript `enum E`.
    Enum,
    /// A member of a TypeScript enum.
    EnumMember,
    /// `T` of `<T>`.
    TypeParameter,
    /// `import * as ns`, or a TypeScript `namespace`/`module`.
    Namespace,
}

/// One place where a name appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The identifier.
    pub span: TextSpan,
    /// Declaration, read or write.
    pub kind: OccurrenceKind,
    target: Target,
}

impl Occurrence {
    /// Whether the name is one the file does not declare (a global, or a name of the session).
    pub fn is_global(&self) -> bool {
        matches!(self.target, Target::Global(_))
    }
}

/// What an occurrence names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A symbol the file declares (index into the symbols).
    Symbol(u32),
    /// A name it does not declare (index into the global names).
    Global(u32),
}

/// A declared name.
#[derive(Debug, Clone)]
struct Symbol {
    name: String,
    kind: SymbolKind,
    /// The declaring identifier.
    span: TextSpan,
    /// The scope that declares it.
    scope: u32,
    /// Indices of its occurrences (declarations included), in text order.
    occurrences: Vec<u32>,
}

/// A scope: its parent and the names it declares.
#[derive(Debug, Clone, Default)]
struct Scope {
    parent: Option<u32>,
    /// The node that opens it (a function, a block, the program…).
    span: TextSpan,
    /// The symbols it declares.
    symbols: Vec<u32>,
}

/// Where a name is written in a shorthand form that renaming must expand to keep its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shorthand {
    /// `{ a }` as an object literal, a destructuring pattern or an assignment target: the key stays `a`.
    Property,
    /// `import { a }`: the imported and the local name are one token.
    Import,
    /// `export { a }`: the local and the exported name are one token.
    Export,
}

/// The declaration of the symbol at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The declared name.
    pub name: String,
    /// What the name is.
    pub kind: SymbolKind,
    /// The declaring identifier.
    pub span: TextSpan,
    /// For an imported binding: where it comes from (a caller can follow it into the other file).
    pub import: Option<ImportBinding>,
}

/// The index; see the module docs.
#[derive(Debug, Clone, Default)]
pub struct NavigationIndex {
    /// Every occurrence, sorted by start.
    occurrences: Vec<Occurrence>,
    /// The scope each occurrence is in (same indices).
    occurrence_scopes: Vec<u32>,
    symbols: Vec<Symbol>,
    scopes: Vec<Scope>,
    /// The names used but not declared, each with its occurrences.
    globals: Vec<(String, Vec<u32>)>,
    /// Occurrence starts written in a shorthand form, sorted.
    shorthands: Vec<(usize, Shorthand)>,
    imports: Vec<ImportBinding>,
    exports: Vec<ExportedName>,
    outline: Vec<OutlineSymbol>,
    folds: Vec<FoldingRegion>,
    /// Spans of the syntax nodes, as a tree of containment.
    nodes: ranges::SyntaxSpans,
    /// The calls, in text order.
    calls: Vec<CallSite>,
    /// The parameters of each declared function, by its declaring identifier (sorted).
    parameters: Vec<(TextSpan, Vec<Parameter>)>,
    /// The identifier naming the type of each name whose type the syntax states (sorted).
    stated_types: Vec<(TextSpan, TextSpan)>,
    text_len: usize,
    /// What an edit needs to reuse this index (`None`: the next version is indexed whole).
    reuse: Option<incremental::Reuse>,
}

impl NavigationIndex {
    /// Indexes `src` (as TypeScript when `typescript`).
    pub fn build(src: &str, typescript: bool) -> Self {
        build::build(src, typescript)
    }

    /// The occurrence at `offset` (an identifier containing it, or ending right before it).
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        // The last occurrence starting at or before the offset; else the one before it may end there.
        let after = self.occurrences.partition_point(|o| o.span.start <= offset);
        self.occurrences[..after]
            .iter()
            .rev()
            .take(2)
            .find(|o| o.span.touches(offset))
    }

    /// The symbol the name at `offset` names, if the file declares it.
    fn symbol_at(&self, offset: usize) -> Option<u32> {
        match self.occurrence_at(offset)?.target {
            Target::Symbol(symbol) => Some(symbol),
            Target::Global(_) => None,
        }
    }

    /// The declaration of the name at `offset`; `None` for a name the file does not declare (a global).
    pub fn definition(&self, offset: usize) -> Option<Definition> {
        self.definition_of(self.symbol_at(offset)?)
    }

    fn definition_of(&self, symbol: u32) -> Option<Definition> {
        let data = self.symbols.get(symbol as usize)?;
        Some(Definition {
            name: data.name.clone(),
            kind: data.kind,
            span: data.span,
            import: self
                .imports
                .iter()
                .find(|import| import.local_span == data.span)
                .cloned(),
        })
    }

    /// Every occurrence of the name at `offset`, in text order; the declarations only when
    /// `include_declaration`. For a name the file does not declare: its occurrences in the file.
    pub fn references(&self, offset: usize, include_declaration: bool) -> Vec<Occurrence> {
        let Some(occurrence) = self.occurrence_at(offset) else {
            return Vec::new();
        };
        let indices = match occurrence.target {
            Target::Symbol(symbol) => &self.symbols[symbol as usize].occurrences,
            Target::Global(global) => &self.globals[global as usize].1,
        };
        self.occurrences_at(indices)
            .filter(|o| include_declaration || o.kind != OccurrenceKind::Declaration)
            .collect()
    }

    /// Every occurrence of the symbol declared at `span`, in text order (declarations included).
    pub fn references_of_declaration(&self, span: TextSpan) -> Vec<Occurrence> {
        self.symbol_declared_at(span)
            .map(|symbol| {
                self.occurrences_at(&self.symbols[symbol as usize].occurrences)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// [`NavigationIndex::references`] with the declarations: what an editor highlights.
    pub fn highlights(&self, offset: usize) -> Vec<Occurrence> {
        self.references(offset, true)
    }

    /// The names this file imports.
    pub fn imports(&self) -> &[ImportBinding] {
        &self.imports
    }

    /// The names this file exports (re-exports included).
    pub fn exports(&self) -> &[ExportedName] {
        &self.exports
    }

    /// The file's symbols, nested (classes → members, objects → properties, functions → inner ones).
    pub fn outline(&self) -> &[OutlineSymbol] {
        &self.outline
    }

    /// The regions an editor can fold, in text order.
    pub fn folding_regions(&self) -> &[FoldingRegion] {
        &self.folds
    }

    /// The calls overlapping `span`, in text order (nested calls each once).
    pub fn calls_in(&self, span: TextSpan) -> impl Iterator<Item = &CallSite> {
        let before_end = self.calls.partition_point(|c| c.span.start < span.end);
        self.calls[..before_end]
            .iter()
            .filter(move |c| c.span.end > span.start)
    }

    /// The parameters of the function (or the constructor of the class) declared at `declaration`, its
    /// declaring identifier.
    pub fn parameters(&self, declaration: TextSpan) -> Option<&[Parameter]> {
        self.parameters
            .binary_search_by_key(&declaration, |(span, _)| *span)
            .ok()
            .map(|i| self.parameters[i].1.as_slice())
    }

    /// The identifier naming the type of the name declared at `declaration`, where the syntax states it
    /// (`x: Store`, `x = new Store()`).
    pub fn stated_type(&self, declaration: TextSpan) -> Option<TextSpan> {
        self.stated_types
            .binary_search_by_key(&declaration, |(span, _)| *span)
            .ok()
            .map(|i| self.stated_types[i].1)
    }

    /// Whether the symbol at `offset` is declared in the file's top-level scope.
    pub fn is_top_level(&self, offset: usize) -> bool {
        self.symbol_at(offset)
            .is_some_and(|s| self.symbols[s as usize].scope == 0)
    }

    /// The name at `offset` (declared in the file or not).
    pub fn name_at(&self, offset: usize) -> Option<&str> {
        match self.occurrence_at(offset)?.target {
            Target::Symbol(symbol) => Some(&self.symbols[symbol as usize].name),
            Target::Global(global) => Some(&self.globals[global as usize].0),
        }
    }

    /// The declaring identifier of `name` in the file's top-level scope.
    pub fn top_level_declaration(&self, name: &str) -> Option<TextSpan> {
        let symbol = self.declares(0, name)?;
        Some(self.symbols[symbol as usize].span)
    }

    /// The occurrences of `name` where the file uses it without declaring it.
    pub fn global_occurrences(&self, name: &str) -> Vec<Occurrence> {
        self.globals
            .iter()
            .find(|(global, _)| global == name)
            .map(|(_, indices)| self.occurrences_at(indices).collect())
            .unwrap_or_default()
    }

    /// The occurrences at `indices` (a symbol's or a global's list).
    fn occurrences_at<'a>(&'a self, indices: &'a [u32]) -> impl Iterator<Item = Occurrence> + 'a {
        indices.iter().map(|&i| self.occurrences[i as usize])
    }

    /// The symbol whose declaring identifier is `span`.
    fn symbol_declared_at(&self, span: TextSpan) -> Option<u32> {
        self.symbols
            .iter()
            .position(|s| s.span == span)
            .map(|symbol| symbol as u32)
    }

    fn shorthand_at(&self, start: usize) -> Option<Shorthand> {
        self.shorthands
            .binary_search_by_key(&start, |(s, _)| *s)
            .ok()
            .map(|i| self.shorthands[i].1)
    }
}

#[cfg(test)]
mod tests;
