//! Navigation answers as LSP values: highlights, nested symbols, folding and selection ranges, semantic
//! tokens, text edits.

use gen_lsp_types::{
    DocumentHighlight, DocumentHighlightKind, DocumentSymbol, FoldingRange, FoldingRangeKind,
    SelectionRange, SemanticTokensLegend, SymbolKind, TextEdit,
};
use vmjs_core::analysis::{
    FoldKind, FoldingRegion, Occurrence, OccurrenceKind, OutlineKind, OutlineSymbol, SemanticToken,
    TextSpan, TokenKind, TokenModifiers,
};

use super::range;
use crate::documents::Snapshot;

/// The token types of the legend, in the order their indices refer to.
const TOKEN_TYPES: [&str; 10] = [
    "variable",
    "parameter",
    "function",
    "class",
    "namespace",
    "type",
    "interface",
    "enum",
    "enumMember",
    "typeParameter",
];
/// The token modifiers of the legend, one bit each in this order.
const TOKEN_MODIFIERS: [&str; 3] = ["declaration", "readonly", "defaultLibrary"];

/// The semantic tokens legend announced at `initialize`.
pub fn semantic_tokens_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        token_modifiers: TOKEN_MODIFIERS.iter().map(|m| (*m).to_owned()).collect(),
    }
}

fn token_type(kind: TokenKind) -> u32 {
    match kind {
        TokenKind::Variable => 0,
        TokenKind::Parameter => 1,
        TokenKind::Function => 2,
        TokenKind::Class => 3,
        TokenKind::Namespace => 4,
        TokenKind::Type => 5,
        TokenKind::Interface => 6,
        TokenKind::Enum => 7,
        TokenKind::EnumMember => 8,
        TokenKind::TypeParameter => 9,
    }
}

/// Semantic tokens as the protocol's relative integers (5 per token). A global is marked
/// `defaultLibrary` when `exists` says the session (or the standard library) has it.
pub fn semantic_token_data(
    snapshot: &Snapshot,
    tokens: &[SemanticToken],
    exists: &dyn Fn(&str) -> bool,
) -> Vec<u32> {
    let mut data = Vec::with_capacity(tokens.len() * 5);
    let (mut last_line, mut last_start) = (0, 0);
    for token in tokens {
        let start = range(snapshot, token.span.start, token.span.end);
        if start.start.line != start.end.line {
            continue;
        }
        let mut modifiers = 0;
        if token.modifiers.has(TokenModifiers::DECLARATION) {
            modifiers |= 1;
        }
        if token.modifiers.has(TokenModifiers::READONLY) {
            modifiers |= 1 << 1;
        }
        if token.modifiers.has(TokenModifiers::GLOBAL)
            && exists(&snapshot.text[token.span.start..token.span.end])
        {
            modifiers |= 1 << 2;
        }
        let line = start.start.line;
        let character = start.start.character;
        let delta_start = if line == last_line {
            character - last_start
        } else {
            character
        };
        data.extend([
            line - last_line,
            delta_start,
            start.end.character - character,
            token_type(token.kind),
            modifiers,
        ]);
        (last_line, last_start) = (line, character);
    }
    data
}

/// A highlight of an occurrence (declarations and writes are writes).
pub fn highlight(snapshot: &Snapshot, occurrence: &Occurrence) -> DocumentHighlight {
    DocumentHighlight {
        range: range(snapshot, occurrence.span.start, occurrence.span.end),
        kind: Some(match occurrence.kind {
            OccurrenceKind::Read => DocumentHighlightKind::Read,
            OccurrenceKind::Declaration | OccurrenceKind::Write | OccurrenceKind::ReadWrite => {
                DocumentHighlightKind::Write
            }
        }),
    }
}

/// A replacement of `span`.
pub fn text_edit(snapshot: &Snapshot, span: TextSpan, text: String) -> TextEdit {
    TextEdit {
        range: range(snapshot, span.start, span.end),
        new_text: text,
    }
}

/// The LSP kind of an outline entry.
pub fn outline_kind(kind: OutlineKind) -> SymbolKind {
    match kind {
        OutlineKind::Function => SymbolKind::Function,
        OutlineKind::Class => SymbolKind::Class,
        OutlineKind::Method => SymbolKind::Method,
        OutlineKind::Constructor => SymbolKind::Constructor,
        OutlineKind::Property => SymbolKind::Property,
        OutlineKind::Field => SymbolKind::Field,
        OutlineKind::Variable => SymbolKind::Variable,
        OutlineKind::Constant => SymbolKind::Constant,
        OutlineKind::Interface => SymbolKind::Interface,
        OutlineKind::TypeAlias => SymbolKind::TypeParameter,
        OutlineKind::Enum => SymbolKind::Enum,
    }
}

/// The outline as nested document symbols.
pub fn document_symbols(snapshot: &Snapshot, outline: &[OutlineSymbol]) -> Vec<DocumentSymbol> {
    outline
        .iter()
        .map(|symbol| {
            #[allow(deprecated)] // `deprecated` is a field to fill.
            DocumentSymbol {
                name: symbol.name.clone(),
                detail: None,
                kind: outline_kind(symbol.kind),
                tags: None,
                deprecated: None,
                range: range(snapshot, symbol.span.start, symbol.span.end),
                selection_range: range(snapshot, symbol.name_span.start, symbol.name_span.end),
                children: (!symbol.children.is_empty())
                    .then(|| document_symbols(snapshot, &symbol.children)),
            }
        })
        .collect()
}

/// Folding ranges by lines (a region must span at least two).
pub fn folding_ranges(snapshot: &Snapshot, regions: &[FoldingRegion]) -> Vec<FoldingRange> {
    regions
        .iter()
        .filter_map(|region| {
            let lines = range(snapshot, region.span.start, region.span.end);
            (lines.end.line > lines.start.line).then_some(FoldingRange {
                start_line: lines.start.line,
                start_character: None,
                end_line: lines.end.line,
                end_character: None,
                kind: Some(match region.kind {
                    FoldKind::Region => FoldingRangeKind::Region,
                    FoldKind::Comment => FoldingRangeKind::Comment,
                    FoldKind::Imports => FoldingRangeKind::Imports,
                }),
                collapsed_text: None,
            })
        })
        .collect()
}

/// A selection range from spans innermost first.
pub fn selection_range(snapshot: &Snapshot, spans: &[TextSpan]) -> Option<SelectionRange> {
    spans.iter().rev().fold(None, |parent, span| {
        Some(SelectionRange {
            range: range(snapshot, span.start, span.end),
            parent: parent.map(Box::new),
        })
    })
}
