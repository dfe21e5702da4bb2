//! The levels of the scan (the text, each open bracket) and the chained tokens counted at each.

use super::CHAINED_PER_LEVEL;

/// What a level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The text itself.
    Text,
    /// A block (not an object literal); `starts_statement`: it began a statement (`if (a) {`, `else {`,
    /// `{` at a statement's start), so a `/` after its `}` starts a regex.
    Block { starts_statement: bool },
    /// The `( … )` of an `if`, `while`, `for` or `with`: its statement follows it.
    Head,
    /// Any other bracket: parentheses, an array, an object literal, a template's `${`.
    Other,
}

/// One level of the scan: the text itself, or an open bracket.
#[derive(Debug, Clone, Copy)]
pub(super) struct Level {
    /// Tokens on which an expression parser recurses once more, since this level's last `;` or `,` (or a
    /// line break that ends a statement): assignments and arrows (`=`), `?`, `:` (not a label's), `**`,
    /// `@`, `extends`. Lists and left-associative operators parse in loops and are not counted.
    expression: usize,
    /// Prefix operators (`!`, `~`, `+`, `-`, `++`, `--`, and words: [`super::words::Word::prefix`]) since
    /// this level's last operand.
    prefix: usize,
    /// Statement words ([`super::words::Word::statement`]) and labels since this level's current statement
    /// began: a `;` does not end them when `else` or `while` follows.
    statement: usize,
    /// `<` after a value (type arguments, comparisons) not closed by a `>` since this level's last `;` (or
    /// a line break that ends a statement), [`CHAINED_PER_LEVEL`] each — type arguments nest across their
    /// `,` (`A<B, A<B, …`), and TypeScript's speculative parse of them is slow as well as deep.
    angles: usize,
    /// JSX elements (a `<` where an operand starts, also a TypeScript `<T>` assertion) not closed by `</` or
    /// `/>` since this level's last `;` (or a line break that ends a statement): elements nest in elements.
    elements: usize,
    /// What the level is.
    pub(super) kind: Kind,
}

impl Level {
    fn new(kind: Kind) -> Self {
        Self {
            expression: 0,
            prefix: 0,
            statement: 0,
            angles: 0,
            elements: 0,
            kind,
        }
    }

    /// Whether the level holds statements (the text, a block; not an object literal), which a line break
    /// can end.
    pub(super) fn holds_statements(self) -> bool {
        matches!(self.kind, Kind::Text | Kind::Block { .. })
    }
}

/// The levels open at the scanner's position (the text's first), and their counts' total.
pub(super) struct Levels {
    stack: Vec<Level>,
    chained: usize,
}

impl Levels {
    /// The text's level alone.
    pub(super) fn new() -> Self {
        Self {
            stack: vec![Level::new(Kind::Text)],
            chained: 0,
        }
    }

    /// The innermost level.
    pub(super) fn top(&self) -> Level {
        self.stack.last().copied().unwrap_or(Level::new(Kind::Text))
    }

    /// The depth the levels amount to: `brackets` open, and the chained tokens of every level.
    pub(super) fn depth(&self, brackets: usize) -> usize {
        brackets + self.chained.div_ceil(CHAINED_PER_LEVEL)
    }

    /// Opens a bracket's level.
    pub(super) fn push(&mut self, kind: Kind) {
        self.stack.push(Level::new(kind));
    }

    /// Closes the innermost bracket's level (never the text's).
    pub(super) fn pop(&mut self) -> Option<Level> {
        if self.stack.len() < 2 {
            return None;
        }
        let level = self.stack.pop()?;
        self.chained -=
            level.expression + level.prefix + level.statement + level.angles + level.elements;
        Some(level)
    }

    /// Counts a chained token at the innermost level.
    pub(super) fn chain(&mut self, chain: Chain) {
        if let Some(level) = self.stack.last_mut() {
            let (count, weight) = match chain {
                Chain::Expression => (&mut level.expression, 1),
                Chain::Prefix => (&mut level.prefix, 1),
                Chain::Statement => (&mut level.statement, 1),
                Chain::Angle => (&mut level.angles, CHAINED_PER_LEVEL),
                Chain::Element => (&mut level.elements, 1),
            };
            *count += weight;
            self.chained += weight;
        }
    }

    /// A `>` closed the innermost level's last open `<` after a value, if any.
    pub(super) fn close_angle(&mut self) {
        if let Some(level) = self.stack.last_mut()
            && level.angles >= CHAINED_PER_LEVEL
        {
            level.angles -= CHAINED_PER_LEVEL;
            self.chained -= CHAINED_PER_LEVEL;
        }
    }

    /// `</` or `/>` closed the innermost level's last open JSX element, if any.
    pub(super) fn close_element(&mut self) {
        if let Some(level) = self.stack.last_mut()
            && level.elements > 0
        {
            level.elements -= 1;
            self.chained -= 1;
        }
    }

    /// An operand ended at the innermost level: its prefix operators with it.
    pub(super) fn operand(&mut self) {
        if let Some(level) = self.stack.last_mut() {
            self.chained -= level.prefix;
            level.prefix = 0;
        }
    }

    /// Something ended at the innermost level: its counts up to `end` are reset.
    pub(super) fn reset(&mut self, end: End) {
        if let Some(level) = self.stack.last_mut() {
            self.chained -= level.expression;
            level.expression = 0;
            if end != End::ListItem {
                self.chained -= level.angles + level.elements;
                level.angles = 0;
                level.elements = 0;
            }
            if end == End::Statement {
                self.chained -= level.statement;
                level.statement = 0;
            }
        }
    }
}

/// What ended, for [`Levels::reset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    /// An item of a list (`,`): its expression.
    ListItem,
    /// An expression (`;`, a switch clause): its operators, `<`s and JSX elements.
    Expression,
    /// A statement: its expression and its statement words.
    Statement,
}

/// Which count a token adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Chain {
    Expression,
    Prefix,
    Statement,
    /// A `<` after a value: see [`Level`]'s `angles`.
    Angle,
    /// A `<` where an operand starts: see [`Level`]'s `elements`.
    Element,
}

/// The chain the operator at `at` of `b` adds to, if a parser recurses on it (`prefix`: an operand may
/// start there, so `!`, `~`, `+`, `-` are prefix operators and `<` opens a JSX element).
#[inline]
pub(super) fn chains_at(b: &[u8], at: usize, prefix: bool) -> Option<Chain> {
    let next = b.get(at + 1).copied();
    let before = at.checked_sub(1).map(|k| b[k]);
    let before2 = at.checked_sub(2).map(|k| b[k]);
    let angle = |c: Option<u8>| matches!(c, Some(b'<' | b'>'));
    let expression = match b[at] {
        // Assignments (`<<=`, `>>>=` too) and arrows; not `==`, `!=`, `<=`, `>=`.
        b'=' => {
            next != Some(b'=')
                && !matches!(before, Some(b'=' | b'!'))
                && (!angle(before) || angle(before2))
        }
        // The conditional operator (`?.5` too); not `?.` or `??`.
        b'?' => {
            next != Some(b'?')
                && before != Some(b'?')
                && (next != Some(b'.') || b.get(at + 2).is_some_and(u8::is_ascii_digit))
        }
        b':' | b'@' => true,
        // Type arguments and JSX; not `<<` or `<=`.
        // Type arguments and comparisons after a value; a JSX element (not a closing tag's `</`) where an
        // operand starts; not `<<` or `<=`.
        b'<' => {
            return match (prefix, next) {
                _ if matches!(next, Some(b'<' | b'=')) || before == Some(b'<') => None,
                (false, _) => Some(Chain::Angle),
                (true, Some(b'/')) => None,
                (true, _) => Some(Chain::Element),
            };
        }
        // `**`, counted once.
        b'*' => next == Some(b'*') && before != Some(b'*'),
        b'!' | b'~' | b'+' | b'-' => {
            return (prefix && !(b[at] == b'!' && next == Some(b'='))).then_some(Chain::Prefix);
        }
        _ => false,
    };
    expression.then_some(Chain::Expression)
}
