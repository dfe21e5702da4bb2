//! Semantic tokens: every name with what it is (a class, a parameter, a constant…) and how it appears
//! (declared here, read-only, not declared in the file).

use super::{NavigationIndex, OccurrenceKind, SymbolKind, Target, TextSpan};

/// What a token names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A variable, constant, catch parameter, default or named import, or a name the file does not declare.
    Variable,
    /// A function's parameter.
    Parameter,
    /// A function.
    Function,
    /// A class.
    Class,
    /// `import * as ns`, or a TypeScript namespace.
    Namespace,
    /// A TypeScript type alias.
    Type,
    /// A TypeScript interface.
    Interface,
    /// A TypeScript enum.
    Enum,
    /// A member of a TypeScript enum.
    EnumMember,
    /// A type parameter.
    TypeParameter,
}

/// How a token appears (bit flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenModifiers(pub u32);

impl TokenModifiers {
    /// The symbol is declared here.
    pub const DECLARATION: u32 = 1;
    /// It cannot be assigned (`const`, imports).
    pub const READONLY: u32 = 1 << 1;
    /// The file does not declare it: a global, or a name of the session.
    pub const GLOBAL: u32 = 1 << 2;

    /// Whether `flag` is set.
    pub fn has(self, flag: u32) -> bool {
        self.0 & flag != 0
    }
}

/// One token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticToken {
    /// The identifier.
    pub span: TextSpan,
    /// What it names.
    pub kind: TokenKind,
    /// How it appears.
    pub modifiers: TokenModifiers,
}

impl NavigationIndex {
    /// The tokens of every name, in text order, none overlapping.
    pub fn semantic_tokens(&self) -> Vec<SemanticToken> {
        let mut tokens = Vec::with_capacity(self.occurrences.len());
        let mut end = 0;
        for occurrence in &self.occurrences {
            if occurrence.span.start < end {
                continue;
            }
            let (kind, mut modifiers) = match occurrence.target {
                Target::Symbol(symbol) => symbol_token(self.symbols[symbol as usize].kind),
                Target::Global(_) => (TokenKind::Variable, TokenModifiers::GLOBAL),
            };
            if occurrence.kind == OccurrenceKind::Declaration {
                modifiers |= TokenModifiers::DECLARATION;
            }
            end = occurrence.span.end;
            tokens.push(SemanticToken {
                span: occurrence.span,
                kind,
                modifiers: TokenModifiers(modifiers),
            });
        }
        tokens
    }
}

fn symbol_token(kind: SymbolKind) -> (TokenKind, u32) {
    match kind {
        SymbolKind::Variable | SymbolKind::CatchParameter => (TokenKind::Variable, 0),
        SymbolKind::Constant => (TokenKind::Variable, TokenModifiers::READONLY),
        SymbolKind::Import => (TokenKind::Variable, TokenModifiers::READONLY),
        SymbolKind::Function => (TokenKind::Function, 0),
        SymbolKind::Class => (TokenKind::Class, 0),
        SymbolKind::Parameter => (TokenKind::Parameter, 0),
        SymbolKind::TypeAlias => (TokenKind::Type, 0),
        SymbolKind::Interface => (TokenKind::Interface, 0),
        SymbolKind::Enum => (TokenKind::Enum, 0),
        SymbolKind::EnumMember => (TokenKind::EnumMember, TokenModifiers::READONLY),
        SymbolKind::TypeParameter => (TokenKind::TypeParameter, 0),
        SymbolKind::Namespace => (TokenKind::Namespace, TokenModifiers::READONLY),
    }
}
