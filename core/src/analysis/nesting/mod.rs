//! Linear, non-recursive bracket-depth pre-scan (guards the recursive parsers).

use super::line_col;

/// Default maximum bracket nesting accepted by [`check_nesting`].
pub const MAX_NESTING: usize = 1000;

/// Chained tokens ([`Level`]) per level of depth. They cost a parser less stack than a bracket (oxc, release:
/// under 0.7 KB per `a=`, ~1 KB per `a=>`, 1–2.7 KB per `(`), and ordinary code holds many more of them in one
/// expression or statement (the tags and attributes of JSX in one `return ( … )`, the members of a type
/// written without semicolons): four count as one level, so a chain is stopped at 4 000 — still two orders
/// of magnitude below what overflows a 16 MiB stack.
const CHAINED_PER_LEVEL: usize = 4;

/// Brackets (`(`, `[`, `{`, template `${`) and chained constructs (see [`scan`]) went past the allowed depth.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("code is nested too deeply (depth {depth}) at {line}:{column}")]
pub struct NestingError {
    /// 1-based line of the offending bracket or token.
    pub line: u32,
    /// 1-based column (in chars) of the offending bracket or token.
    pub column: u32,
    /// The depth reached there (`max_depth + 1`).
    pub depth: usize,
    /// Byte offset of the offending bracket or token.
    pub offset: usize,
}

/// Checks that no part of `src` makes a parser recurse deeper than `max_depth`: brackets, and the
/// constructs a recursive-descent parser also recurses on (see [`scan`]).
///
/// This is a cheap linear token scan (no parser, no recursion) that skips
/// string literals, template literals (tracking `${ }`), comments and,
/// heuristically, regular expression literals. Run it before handing text to
/// a recursive-descent parser: boa and oxc abort the process on stack overflow.
pub fn check_nesting(src: &str, max_depth: usize) -> Result<(), NestingError> {
    // Every level takes at least one byte: text no longer than the limit cannot nest deeper.
    if src.len() <= max_depth {
        return Ok(());
    }
    match scan(src, max_depth).too_deep {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

impl NestingError {
    /// The diagnostic's message: "code is nested too deeply (more than N levels)".
    pub fn message(&self) -> String {
        format!(
            "code is nested too deeply (more than {} levels)",
            self.depth.saturating_sub(1)
        )
    }
}

/// An open bracket on the scanner's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    Paren,
    Bracket,
    Brace,
    /// `${` inside a template literal.
    Subst,
}

/// A construct that was still open when the input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unterminated {
    String,
    Template,
    BlockComment,
    Regex,
}

/// Result of [`scan`].
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Brackets still open at the end of the input (or at the error).
    pub open: Vec<Open>,
    /// What was unterminated at the end of the input, if anything.
    pub unterminated: Option<Unterminated>,
    /// A closing bracket did not match (or had nothing to close).
    pub mismatched: bool,
    /// The nesting limit was exceeded (the scan stopped there).
    pub too_deep: Option<NestingError>,
}

/// What the scanner needs to know of a word.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    /// An operand may follow, so a `/` starts a regex (`return`, `typeof`, `in`, `case`, `else`…).
    regex_after: bool,
    /// Its body is a statement (`if`, `else`, `while`, `for`, `with`, `do`): `if (a) if (b) …` and
    /// `else if … else if …` nest.
    statement: bool,
    /// Its `( … )` is followed by its statement (`if`, `while`, `for`, `with`): no line break ends a
    /// statement right after it.
    head: bool,
    /// A prefix operator (`new`, `typeof`, `void`, `delete`, `await`, `yield`, `keyof`, `readonly`,
    /// `infer`, `unique`): a run of them nests (`new new X()()`), each ending with its operand.
    prefix: bool,
    /// `extends`: `class extends class extends …` nests (the heritage is an operand holding the next).
    extends: bool,
    /// Continues a statement that seemed to end (`if (a) x; else …`, `do x; while (a)`).
    continues_statement: bool,
    /// First on a line, continues the expression of the line before (`in`, `instanceof`, `as`…).
    continues_expression: bool,
    /// Begins a switch clause (`case`, `default`): the clauses parse in a loop.
    clause: bool,
}

impl Word {
    fn of(word: &str) -> Self {
        let none = Self::default();
        match word {
            "if" | "for" | "with" => Self {
                statement: true,
                head: true,
                ..none
            },
            "while" => Self {
                statement: true,
                head: true,
                continues_statement: true,
                ..none
            },
            "else" => Self {
                regex_after: true,
                statement: true,
                continues_statement: true,
                ..none
            },
            "do" => Self {
                regex_after: true,
                statement: true,
                ..none
            },
            "typeof" | "new" | "delete" | "void" => Self {
                regex_after: true,
                prefix: true,
                ..none
            },
            // Also names (in scripts, outside generators and async functions): a `/` after them is taken for
            // a division, so a regex after them is scanned as code (a gap: see ARCHITECTURE.md, `analysis/`).
            "yield" | "await" => Self {
                prefix: true,
                ..none
            },
            "keyof" | "readonly" | "infer" | "unique" => Self {
                prefix: true,
                ..none
            },
            "instanceof" | "in" => Self {
                regex_after: true,
                continues_expression: true,
                ..none
            },
            // Also a name (`let of = 1; of / 2`): as `yield`.
            "of" => Self {
                continues_expression: true,
                ..none
            },
            "as" | "satisfies" | "implements" => Self {
                continues_expression: true,
                ..none
            },
            "extends" => Self {
                extends: true,
                continues_expression: true,
                ..none
            },
            "return" | "throw" => Self {
                regex_after: true,
                ..none
            },
            "case" => Self {
                regex_after: true,
                clause: true,
                ..none
            },
            "default" => Self {
                clause: true,
                ..none
            },
            _ => none,
        }
    }
}

/// The last token before the scanner's position (white space and comments aside).
#[derive(Debug, Clone, Copy)]
enum Prev {
    /// An operator or an opening bracket: a `/` starts a regex.
    Operator,
    /// A value (literal, closing bracket): a `/` divides.
    Operand,
    /// A word: a `/` starts a regex after some keywords.
    Word(Word),
}

impl Prev {
    /// Whether a value ends here (a literal, a name, a closing bracket): a line break after it can end a
    /// statement.
    fn is_value(self) -> bool {
        match self {
            Prev::Operator => false,
            Prev::Operand => true,
            Prev::Word(word) => {
                !(word.regex_after || word.prefix || word.statement || word.extends)
            }
        }
    }

    fn allows_regex(self) -> bool {
        match self {
            Prev::Operator => true,
            Prev::Operand => false,
            Prev::Word(word) => word.regex_after,
        }
    }
}

/// How many bytes at the start of `bytes` satisfy `in_run`.
fn run_length(bytes: &[u8], in_run: impl Fn(u8) -> bool) -> usize {
    bytes
        .iter()
        .position(|&c| !in_run(c))
        .unwrap_or(bytes.len())
}

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// The bytes of words (letters, digits, `_`, `$`, and every byte of a non-ASCII character): a table, so
/// the scan's hottest loop — through names — tests one load per byte.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        b += 1;
    }
    table
};

/// One level of the scan: the text itself, or an open bracket.
#[derive(Debug, Clone, Copy)]
struct Level {
    /// Tokens on which an expression parser recurses once more, since this level's last `;` or `,` (or a
    /// line break that ends a statement): assignments and arrows (`=`), `?`, `:` (not a label's), `<`,
    /// `**`, `@`, `extends`. Lists and left-associative operators parse in loops and are not counted.
    expression: usize,
    /// Prefix operators (`!`, `~`, `+`, `-`, `++`, `--`, and words: [`Word::prefix`]) since this level's
    /// last operand.
    prefix: usize,
    /// Statement words ([`Word::statement`]) and labels since this level's current statement began: a `;` does not end
    /// them when `else` or `while` follows.
    statement: usize,
    /// Whether the level holds statements (the text, a block; not an object literal), which a line break
    /// can end.
    statements: bool,
    /// Whether the level is the `( … )` of an `if`, `while`, `for` or `with`.
    head: bool,
}

impl Level {
    fn new(statements: bool, head: bool) -> Self {
        Self {
            expression: 0,
            prefix: 0,
            statement: 0,
            statements,
            head,
        }
    }
}

/// The levels open at the scanner's position (the text's first), and their counts' total.
struct Levels {
    stack: Vec<Level>,
    chained: usize,
}

impl Levels {
    fn top(&self) -> Level {
        self.stack
            .last()
            .copied()
            .unwrap_or(Level::new(true, false))
    }

    /// Closes the innermost bracket's level (never the text's).
    fn pop(&mut self) -> Option<Level> {
        if self.stack.len() < 2 {
            return None;
        }
        let level = self.stack.pop()?;
        self.chained -= level.expression + level.prefix + level.statement;
        Some(level)
    }

    fn chain(&mut self, chain: Chain) {
        if let Some(level) = self.stack.last_mut() {
            match chain {
                Chain::Expression => level.expression += 1,
                Chain::Prefix => level.prefix += 1,
                Chain::Statement => level.statement += 1,
            }
            self.chained += 1;
        }
    }

    /// An operand ended at the innermost level: its prefix operators with it.
    fn operand(&mut self) {
        if let Some(level) = self.stack.last_mut() {
            self.chained -= level.prefix;
            level.prefix = 0;
        }
    }

    /// The innermost level's expression ended (and its statement, if `statement`).
    fn reset(&mut self, statement: bool) {
        if let Some(level) = self.stack.last_mut() {
            self.chained -= level.expression;
            level.expression = 0;
            if statement {
                self.chained -= level.statement;
                level.statement = 0;
            }
        }
    }
}

/// Which count a token adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Expression,
    Prefix,
    Statement,
}

/// The chain the operator at `at` of `b` adds to, if a parser recurses on it (`prefix`: an operand may
/// start there, so `!`, `~`, `+`, `-` are prefix operators).
fn chains_at(b: &[u8], at: usize, prefix: bool) -> Option<Chain> {
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
        b'<' => !matches!(next, Some(b'<' | b'=')) && before != Some(b'<'),
        // `**`, counted once.
        b'*' => next == Some(b'*') && before != Some(b'*'),
        b'!' | b'~' | b'+' | b'-' => {
            return (prefix && !(b[at] == b'!' && next == Some(b'='))).then_some(Chain::Prefix);
        }
        _ => false,
    };
    expression.then_some(Chain::Expression)
}

/// What ended before the scanner's next token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Nothing,
    /// A `;`: the statement ended unless `else` or `while` comes next.
    Semicolon,
    /// A line break after a value, in a level of statements: the statement ended there if the next token
    /// starts a new one (a word, a number, a string).
    Line,
}

/// Scans `src` once, tracking brackets; stops early past `max_depth`.
///
/// The depth is the open brackets plus, at each of them (and the text), the tokens a parser recurses on
/// ([`Level`]): `a = a = …`, `x ? y : x ? …`, `if (a) if (b) …`, `else if … else if`, `new new …`,
/// `a => a => …`, `l: l: …`, `A<A<…>>` nest as deep as brackets do — without this count a 200 KB file
/// of them overflowed a 16 MiB stack in oxc, and the process aborted.
pub(crate) fn scan(src: &str, max_depth: usize) -> Scan {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Scan::default();
    let mut levels = Levels {
        stack: vec![Level::new(true, false)],
        chained: 0,
    };
    let mut i = 0;
    // What came last, which decides whether a `/` here would start a regex literal.
    let mut prev = Prev::Operator;
    // Whether we are inside the text part of a template literal.
    let mut in_template = false;
    let mut ended = Ended::Nothing;
    // Whether the next token starts a statement, and whether the last one was a word that did (a label,
    // if a `:` follows).
    let mut at_start = true;
    let mut label = false;
    // Whether the last token was a member access's `.`.
    let mut member = false;

    // Counts one more level (`open`: a bracket, else a token of a chain); false once past the limit.
    let deeper = |out: &mut Scan, levels: &mut Levels, step: Result<Open, Chain>, at: usize| {
        match step {
            Ok(open) => {
                out.open.push(open);
                levels.stack.push(Level::new(open == Open::Brace, false));
            }
            Err(chain) => levels.chain(chain),
        }
        let depth = out.open.len() + levels.chained.div_ceil(CHAINED_PER_LEVEL);
        if depth > max_depth {
            let (line, column) = line_col(src, at);
            out.too_deep = Some(NestingError {
                line,
                column,
                depth,
                offset: at,
            });
            return false;
        }
        true
    };

    while i < n {
        if in_template {
            match b[i] {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    levels.operand();
                    prev = Prev::Operand;
                    i += 1;
                }
                b'$' if b.get(i + 1) == Some(&b'{') => {
                    if !deeper(&mut out, &mut levels, Ok(Open::Subst), i) {
                        return out;
                    }
                    in_template = false;
                    prev = Prev::Operator;
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        let c = b[i];
        let starts_comment = c == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*'));
        if is_space(c) {
            // A run of white space at once (indentation is much of a source file).
            let run = run_length(&b[i..], is_space);
            if ended == Ended::Nothing
                && levels.top().statements
                && b[i..i + run].contains(&b'\n')
                && prev.is_value()
            {
                ended = Ended::Line;
            }
            i += run;
            continue;
        }
        // After a member access's `.`, a word is a name (`x.return / y` divides).
        let after_dot = std::mem::replace(&mut member, false);
        let word = is_word_byte(c).then(|| {
            let end = i + run_length(&b[i..], is_word_byte);
            let word = if after_dot {
                Word::default()
            } else {
                Word::of(&src[i..end])
            };
            (end, word)
        });
        if ended != Ended::Nothing && !starts_comment {
            let continues = word.is_some_and(|(_, w)| w.continues_statement);
            match ended {
                Ended::Semicolon if c == b';' => {}
                Ended::Semicolon => {
                    if !continues {
                        levels.reset(true);
                    }
                    ended = Ended::Nothing;
                }
                _ => {
                    let starts_statement = match word {
                        Some((_, w)) => !w.continues_expression,
                        // A decorator starts a new member.
                        None => matches!(c, b'\'' | b'"' | b'@'),
                    };
                    if starts_statement {
                        levels.reset(!continues);
                        at_start = true;
                    }
                    ended = Ended::Nothing;
                }
            }
        }
        let starts_here = std::mem::replace(&mut at_start, false);
        let was_label = std::mem::replace(&mut label, false);
        match c {
            // A line comment, or a hashbang; it ends at any line terminator (`\r`, U+2028, U+2029 too).
            _ if (c == b'/' && b.get(i + 1) == Some(&b'/')) || (i == 0 && b.starts_with(b"#!")) => {
                while i < n && !ends_line(b, i) {
                    i += 1;
                }
                (at_start, label, member) = (starts_here, was_label, after_dot);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                match src[i + 2..].find("*/") {
                    Some(k) => i += 2 + k + 2,
                    None => {
                        out.unterminated = Some(Unterminated::BlockComment);
                        return out;
                    }
                }
                (at_start, label, member) = (starts_here, was_label, after_dot);
            }
            b'/' if prev.allows_regex() => {
                i += 1;
                let mut in_class = false;
                loop {
                    if i >= n {
                        out.unterminated = Some(Unterminated::Regex);
                        return out;
                    }
                    match b[i] {
                        b'\\' => i += 2,
                        b'[' => {
                            in_class = true;
                            i += 1;
                        }
                        b']' => {
                            in_class = false;
                            i += 1;
                        }
                        b'/' if !in_class => {
                            i += 1;
                            break;
                        }
                        // Not a regex after all (or an invalid one): resume as code.
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                levels.operand();
                prev = Prev::Operand;
            }
            b'\'' | b'"' => {
                i += 1;
                loop {
                    if i >= n {
                        out.unterminated = Some(Unterminated::String);
                        return out;
                    }
                    match b[i] {
                        b'\\' => i += 2,
                        // Unterminated string on this line: resume as code.
                        b'\n' => break,
                        q if q == c => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                levels.operand();
                prev = Prev::Operand;
            }
            b'`' => {
                in_template = true;
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                let open = match c {
                    b'(' => Open::Paren,
                    b'[' => Open::Bracket,
                    _ => Open::Brace,
                };
                let head = c == b'(' && matches!(prev, Prev::Word(word) if word.head);
                // A block (not an object literal) holds statements: after a statement's start, `)`,
                // `=>` or a word (`else {`, `class A {`).
                let block = c == b'{'
                    && (starts_here
                        || matches!(prev, Prev::Operand | Prev::Word(..))
                        || (i >= 2 && &b[i - 2..i] == b"=>"));
                if !deeper(&mut out, &mut levels, Ok(open), i) {
                    return out;
                }
                if let Some(level) = levels.stack.last_mut() {
                    level.head = head;
                    level.statements = block;
                }
                at_start = block;
                prev = Prev::Operator;
                i += 1;
            }
            b')' | b']' => {
                let want = if c == b')' {
                    Open::Paren
                } else {
                    Open::Bracket
                };
                prev = Prev::Operand;
                if out.open.last() == Some(&want) {
                    out.open.pop();
                    // After `if (…)` comes a statement: a `/` starts a regex, a line break ends nothing.
                    if levels.pop().is_some_and(|level| level.head) {
                        prev = Prev::Operator;
                        at_start = true;
                    } else {
                        levels.operand();
                    }
                } else {
                    out.mismatched = true;
                }
                i += 1;
            }
            b'}' => {
                match out.open.last() {
                    Some(Open::Brace) => {
                        out.open.pop();
                        levels.pop();
                        levels.operand();
                    }
                    Some(Open::Subst) => {
                        out.open.pop();
                        levels.pop();
                        in_template = true;
                    }
                    _ => out.mismatched = true,
                }
                at_start = true;
                prev = Prev::Operand;
                i += 1;
            }
            b';' => {
                levels.reset(false);
                ended = Ended::Semicolon;
                at_start = true;
                prev = Prev::Operator;
                i += 1;
            }
            b',' => {
                levels.reset(false);
                prev = Prev::Operator;
                i += 1;
            }
            b'0'..=b'9' => {
                i += run_length(&b[i..], |c| is_word_byte(c) || c == b'.');
                levels.operand();
                prev = Prev::Operand;
            }
            _ if let Some((end, word)) = word => {
                let start = i;
                i = end;
                let chain = if word.statement {
                    Some(Chain::Statement)
                } else if word.prefix {
                    Some(Chain::Prefix)
                } else if word.extends {
                    Some(Chain::Expression)
                } else {
                    levels.operand();
                    None
                };
                if let Some(chain) = chain
                    && !deeper(&mut out, &mut levels, Err(chain), start)
                {
                    return out;
                }
                if word.clause && levels.top().statements {
                    levels.reset(false);
                }
                at_start = word.statement && !word.head;
                label = starts_here;
                prev = Prev::Word(word);
            }
            b'+' | b'-' if b.get(i + 1) == Some(&c) => {
                if prev.allows_regex() {
                    // Prefix: its operand follows.
                    if !deeper(&mut out, &mut levels, Err(Chain::Prefix), i) {
                        return out;
                    }
                } else {
                    // `x++ / y` is a division.
                    prev = Prev::Operand;
                }
                i += 2;
            }
            _ => {
                // A label's `:` nests the statement after it.
                let is_label = c == b':' && was_label && b.get(i + 1) != Some(&b':');
                // An object literal's `key:` nests nothing.
                let in_object = !levels.top().statements && out.open.last() == Some(&Open::Brace);
                let chain = match chains_at(b, i, prev.allows_regex()) {
                    Some(Chain::Expression) if is_label => Some(Chain::Statement),
                    Some(Chain::Expression) if c == b':' && in_object => None,
                    chain => chain,
                };
                if let Some(chain) = chain
                    && !deeper(&mut out, &mut levels, Err(chain), i)
                {
                    return out;
                }
                at_start = is_label;
                member = c == b'.' && b.get(i + 1) != Some(&b'.') && i > 0 && b[i - 1] != b'.';
                prev = Prev::Operator;
                i += 1;
            }
        }
    }
    if in_template {
        out.unterminated = Some(Unterminated::Template);
    }
    out
}

/// Whether a line terminator starts at `at` (`\n`, `\r`, U+2028, U+2029).
fn ends_line(b: &[u8], at: usize) -> bool {
    match b[at] {
        b'\n' | b'\r' => true,
        0xE2 => b.get(at + 1) == Some(&0x80) && matches!(b.get(at + 2), Some(0xA8 | 0xA9)),
        _ => false,
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_pass_without_a_scan_and_many_shallow_brackets_pass_the_scan() {
        // No longer than the limit: cannot nest deeper.
        assert_eq!(check_nesting("((((", 4), Ok(()));
        assert_eq!(check_nesting("((( `${ '", 4), Ok(()));
        // More openers than the limit, none deeper than 2: the scan decides.
        assert_eq!(check_nesting(&"f(a[0]); ".repeat(1000), 2), Ok(()));
        assert!(check_nesting(&"(".repeat(5), 4).is_err());
    }

    #[test]
    fn deep_parens_are_rejected_quickly() {
        let src = "(".repeat(100_000);
        let err = check_nesting(&src, MAX_NESTING).unwrap_err();
        assert_eq!((err.line, err.column, err.depth), (1, 1001, 1001));
    }

    #[test]
    fn ten_megabytes_of_parens() {
        let src = "(".repeat(10 * 1024 * 1024);
        assert!(check_nesting(&src, MAX_NESTING).is_err());
        // Balanced but long input is scanned linearly.
        let src = "(a)".repeat(3 * 1024 * 1024);
        assert!(check_nesting(&src, MAX_NESTING).is_ok());
    }

    #[test]
    fn position_is_in_chars_on_the_right_line() {
        let src = "let é = 1;\n  é + [[[";
        let err = check_nesting(src, 2).unwrap_err();
        assert_eq!((err.line, err.column, err.depth), (2, 9, 3));
        assert_eq!(&src[err.offset..err.offset + 1], "[");
    }

    #[test]
    fn brackets_in_strings_comments_templates_and_regexes_are_ignored() {
        let cases = [
            "'(((((' + \"[[[[[\"",
            "// (((((\n1",
            "/* {{{{{ */ 1",
            "`((((( ${ 1 } [[[[[`",
            "x = /[(((((]/.test(s)",
            "x = /\\(\\(\\(\\(\\(/",
            "a = b / c / (d)",
        ];
        for src in cases {
            assert_eq!(check_nesting(src, 2), Ok(()), "{src}");
        }
    }

    #[test]
    fn a_slash_after_a_keyword_starts_a_regex_and_after_a_name_divides() {
        for regex in [
            "return /((((/",
            "typeof /((((/",
            "x = a in /((((/",
            "return /* c */ /((((/",
            "case\n  /((((/",
        ] {
            assert!(scan(regex, 3).too_deep.is_none(), "{regex}");
        }
        for division in [
            "returned / 2 / ((((x))))",
            "x /* c */ / ((((1))))",
            "inner / ((((1))))",
        ] {
            assert!(scan(division, 3).too_deep.is_some(), "{division}");
        }
    }

    #[test]
    fn template_substitutions_count_as_depth() {
        assert!(check_nesting("`${ `${ `${ 1 }` }` }`", 3).is_ok());
        assert!(check_nesting("`${ `${ `${ ( 1 ) }` }` }`", 3).is_err());
        assert!(check_nesting("`${ { a: 1 } }`", 2).is_ok());
    }

    #[test]
    fn scan_reports_open_and_unterminated_state() {
        let s = scan("function f() {\n  if (x) {", MAX_NESTING);
        assert_eq!(s.open, vec![Open::Brace, Open::Brace]);
        assert_eq!(s.unterminated, None);
        assert!(!s.mismatched);
        assert_eq!(
            scan("`abc", MAX_NESTING).unterminated,
            Some(Unterminated::Template)
        );
        assert_eq!(
            scan("/* abc", MAX_NESTING).unterminated,
            Some(Unterminated::BlockComment)
        );
        assert_eq!(
            scan("'abc", MAX_NESTING).unterminated,
            Some(Unterminated::String)
        );
        assert!(scan("(]", MAX_NESTING).mismatched);
        assert!(scan("}", MAX_NESTING).mismatched);
    }

    /// Each unit repeated nests once more in a recursive-descent parser (each overflowed a 16 MiB stack
    /// in oxc at 100 000 repetitions, before they were counted).
    const CHAINS: &[&str] = &[
        "a=",
        "a =\n",
        "a<<=",
        "a>>>=",
        "a**=",
        "x?y:",
        "x ?\n y :\n ",
        "x?.5:",
        "if(a){}else ",
        "if (a) {}\nelse ",
        "if(a)x;else ",
        "if(a)x\nelse ",
        "if(a)x={}.y;else ",
        "if(a)",
        "if (a)\n",
        "while(a)",
        "for(;;)",
        "with(a)",
        "do ",
        "l:",
        "l:\n",
        "L: if(a)x; else ",
        "a=>",
        "async a =>\n",
        "new ",
        "new\n",
        "typeof ",
        "void ",
        "delete ",
        "await ",
        "yield ",
        "!",
        "~",
        "-",
        "+",
        "- ",
        "a**",
        "A<",
        "@d ",
        "class extends ",
        "keyof ",
        "T extends U ? ",
        "a = b\n= ",
        "a\n? b\n: ",
    ];

    #[test]
    fn chains_that_parsers_recurse_on_count_as_depth() {
        for unit in CHAINS {
            let src = format!("{}x", unit.repeat(100_000));
            let err = check_nesting(&src, MAX_NESTING).expect_err(unit);
            assert_eq!(err.depth, MAX_NESTING + 1, "{unit:?}");
            // Where it went too deep: past the first thousand units, not at the end.
            assert!(err.offset < unit.len() * 10_000, "{unit:?}: {}", err.offset);
        }
    }

    #[test]
    fn chains_past_a_statement_or_a_list_item_do_not_add_up() {
        let sources = [
            // Statements on their own lines without semicolons.
            "const a = require('a')\n".repeat(5000),
            "x = y\nlet z: Array<T> = w\n".repeat(3000),
            format!(
                "class A {{\n{}}}",
                "  x = 1\n  y: number\n  @d m() {}\n".repeat(3000)
            ),
            format!(
                "interface I {{\n{}}}",
                "  a: string\n  b?: Map<K, V>\n".repeat(3000)
            ),
            // Lists and left-associative operators parse in loops.
            format!("x = {{\n{}}};", "  a: b ? c : d,\n".repeat(5000)),
            format!("f({});", "a = 1, ".repeat(5000)),
            format!("x = {};", "a + -b * c ".repeat(5000)),
            format!("x = {};", "a && b || c ?? d ".repeat(5000)),
            format!("x = [{}];", "!a, ".repeat(5000)),
            // A switch's clauses.
            format!(
                "switch (x) {{\n{}}}",
                "  case 1: case 2:\n  default: y = z ? 1 : 2;\n".repeat(3000)
            ),
            // Statements that end.
            "if (a) b = c; else d = e;\n".repeat(5000),
            "if (a) {\n  b()\n} else {\n  c()\n}\n".repeat(5000),
            "l: for (;;) { break l; }\n".repeat(5000),
            "do x(); while (a);\n".repeat(5000),
            "promise\n  .then(a => a + 1)\n  .catch(e => !e)\n".repeat(3000),
            // JSX: tags and attributes in one expression.
            format!(
                "x = (\n<svg>\n{}</svg>);",
                "<path fill=\"a\" d=\"b\"/>\n".repeat(900)
            ),
            "export default a\n".repeat(5000),
        ];
        for src in &sources {
            assert_eq!(check_nesting(src, MAX_NESTING), Ok(()), "{}", &src[..80]);
        }
    }

    /// The longest repetition of each chain that passes the check parses and indexes on a 16 MiB stack (the
    /// language server's query threads'), even in a debug build: the limit guards what it claims to.
    #[test]
    fn what_passes_the_check_parses_and_indexes_on_a_small_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(16 * 1024 * 1024)
            .spawn(|| {
                for unit in CHAINS {
                    let (mut passes, mut fails) = (1, 100_000);
                    while fails - passes > 1 {
                        let middle = (passes + fails) / 2;
                        let src = format!("{}x", unit.repeat(middle));
                        if check_nesting(&src, MAX_NESTING).is_ok() {
                            passes = middle;
                        } else {
                            fails = middle;
                        }
                    }
                    let src = format!("{}x", unit.repeat(passes));
                    assert!(passes >= 300, "{unit:?} fails at {fails}");
                    let allocator = oxc_allocator::Allocator::default();
                    for source_type in [
                        oxc_span::SourceType::unambiguous(),
                        oxc_span::SourceType::ts(),
                    ] {
                        let parsed = oxc_parser::Parser::new(&allocator, &src, source_type).parse();
                        std::hint::black_box(parsed.diagnostics.len());
                    }
                    std::hint::black_box(crate::analysis::NavigationIndex::build(&src, false));
                    std::hint::black_box(crate::analysis::NavigationIndex::build(&src, true));
                }
            })
            .unwrap();
        handle.join().unwrap();
    }

    /// A `/` the scan would take for a regex, where the parser sees a division, hid what followed it.
    #[test]
    fn chains_after_a_name_spelled_like_a_keyword_are_counted() {
        for prefix in [
            "let of = 1; of / ",
            "var yield = 1; yield / ",
            "var await = 1; await / ",
            "x.return / ",
            "x?.typeof / ",
            "x. /* c */ new / ",
        ] {
            for unit in ["a=", "("] {
                let src = format!("{prefix}{}x", unit.repeat(100_000));
                assert!(check_nesting(&src, MAX_NESTING).is_err(), "{prefix}{unit}");
            }
        }
        // What ends a line comment for the parser ends it for the scan; a hashbang is a comment.
        for hidden in ["//\r", "//\u{2028}", "//\u{2029}", "#!/*\n"] {
            let src = format!("{hidden}{}", "(".repeat(5000));
            assert!(check_nesting(&src, MAX_NESTING).is_err(), "{hidden:?}");
        }
        // Still regexes: after an operator, a keyword, or `...typeof`.
        for regex in ["x = /((((/", "return /((((/", "[...typeof /((((/]"] {
            assert!(scan(regex, 3).too_deep.is_none(), "{regex}");
        }
    }
}
