//! The scan itself: one pass over the text's bytes, a method per kind of token.

use super::levels::{Chain, End, Kind, Levels, chains_at};
use super::lexical::{
    ends_line, is_ascii_word_byte, line_end, run_length, space_at, starts_word, word_end,
};
use super::words::{Prev, Word};
use super::{NestingError, Open, Scan, Unterminated};
use crate::analysis::line_col;

/// Scans `src` once, tracking brackets; stops early past `max_depth`.
///
/// The depth is the open brackets plus, at each of them (and the text), the tokens a parser recurses on
/// ([`Levels`]): `a = a = …`, `x ? y : x ? …`, `if (a) if (b) …`, `else if … else if`, `new new …`,
/// `a => a => …`, `l: l: …`, `A<A<…>>` nest as deep as brackets do — without this count a 200 KB file
/// of them overflowed a 16 MiB stack in oxc, and the process aborted.
pub(crate) fn scan(src: &str, max_depth: usize) -> Scan {
    scan_again(src, max_depth, RESCANS, true)
}

/// How many times one scan reads text again as code (see [`Scanner::hidden_to_the_end`]): each reading
/// after the first starts inside the one before, so a scan costs at most `RESCANS + 1` passes.
const RESCANS: usize = 4;

/// [`scan`], with `rescans` readings again left; `text_start`: `src` starts the text (a hashbang may
/// start it, `-->` may start its first line), else it is what followed an opener.
fn scan_again(src: &str, max_depth: usize, rescans: usize, text_start: bool) -> Scan {
    let mut scanner = Scanner {
        src,
        b: src.as_bytes(),
        max_depth,
        i: 0,
        out: Scan::default(),
        levels: Levels::new(),
        prev: Prev::Operator,
        in_template: false,
        ended: Ended::Nothing,
        at_start: true,
        label: false,
        member: false,
        dotted_name: false,
        new_line: text_start,
        text_start,
        hidden_from: (0, 0),
        rescans,
    };
    scanner.run();
    scanner.out
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

/// One level more: a bracket opened, or a token of a chain.
enum Deeper {
    Bracket(Open, Kind),
    Chain(Chain),
}

/// The scan stopped early: too deep, or a construct still open at the end of the text (recorded in
/// [`Scan`]).
struct Stop;

/// The scanner's state between tokens.
struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    max_depth: usize,
    /// The byte offset of the next token.
    i: usize,
    out: Scan,
    levels: Levels,
    /// What came last, which decides whether a `/` here starts a regex literal.
    prev: Prev,
    /// Whether the scanner is inside the text part of a template literal.
    in_template: bool,
    ended: Ended,
    /// Whether the next token starts a statement.
    at_start: bool,
    /// Whether the last token was a word that started a statement (a label, if a `:` follows).
    label: bool,
    /// Whether the last token was a member access's `.`.
    member: bool,
    /// Whether the scanner is in a dotted name after `namespace` or `module`.
    dotted_name: bool,
    /// Whether a line terminator came since the last token (or this is the text's first).
    new_line: bool,
    /// Whether offset 0 is the start of the text.
    text_start: bool,
    /// Where the last string, template text, comment or regex began (just after its opener), and the
    /// depth there.
    hidden_from: (usize, usize),
    /// Readings again left ([`RESCANS`]).
    rescans: usize,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while self.i < self.b.len() {
            let step = if self.in_template {
                self.template_text()
            } else {
                self.token()
            };
            if step.is_err() {
                return;
            }
        }
        if self.in_template {
            self.hidden_to_the_end(Unterminated::Template);
        }
    }

    /// Notes that what follows (from just after its opener, at `at`) is text, not code.
    fn hides_from(&mut self, at: usize) {
        self.hidden_from = (at, self.levels.depth(self.out.open.len()));
    }

    /// The string, template, comment or regex begun last ran to the end of the text: the parser reports
    /// it, but where it reads that opener otherwise (a regex or comment the scan did not see, a
    /// generator's `yield /…/`), the rest is code to it. That rest is read again as code, from the depth
    /// of the opener; the deeper reading counts.
    fn hidden_to_the_end(&mut self, what: Unterminated) {
        self.out.unterminated = Some(what);
        let (from, depth) = self.hidden_from;
        if self.rescans == 0 || self.out.too_deep.is_some() || depth >= self.max_depth {
            return;
        }
        let again = scan_again(
            &self.src[from..],
            self.max_depth - depth,
            self.rescans - 1,
            false,
        );
        if let Some(error) = again.too_deep {
            let offset = from + error.offset;
            let (line, column) = line_col(self.src, offset);
            self.out.too_deep = Some(NestingError {
                line,
                column,
                depth: depth + error.depth,
                offset,
            });
        }
    }

    /// Counts one more level at `at`; stops once past the limit.
    #[inline]
    fn deeper(&mut self, step: Deeper, at: usize) -> Result<(), Stop> {
        match step {
            Deeper::Bracket(open, kind) => {
                self.out.open.push(open);
                self.levels.push(kind);
            }
            Deeper::Chain(chain) => self.levels.chain(chain),
        }
        let depth = self.levels.depth(self.out.open.len());
        if depth > self.max_depth {
            let (line, column) = line_col(self.src, at);
            self.out.too_deep = Some(NestingError {
                line,
                column,
                depth,
                offset: at,
            });
            return Err(Stop);
        }
        Ok(())
    }

    /// The text of a template literal, up to its end or a `${`.
    fn template_text(&mut self) -> Result<(), Stop> {
        match self.b[self.i] {
            b'\\' => self.i += 2,
            b'`' => {
                self.in_template = false;
                self.levels.operand();
                self.prev = Prev::Operand;
                self.i += 1;
            }
            b'$' if self.b.get(self.i + 1) == Some(&b'{') => {
                self.deeper(Deeper::Bracket(Open::Subst, Kind::Other), self.i)?;
                self.in_template = false;
                self.prev = Prev::Operator;
                self.i += 2;
            }
            _ => self.i += 1,
        }
        Ok(())
    }

    #[inline]
    fn token(&mut self) -> Result<(), Stop> {
        let (b, i) = (self.b, self.i);
        let c = b[i];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
            || (c >= 0x80 && space_at(b, i).is_some())
        {
            self.spaces();
            return Ok(());
        }
        if self.comment()? {
            return Ok(());
        }
        self.new_line = false;
        // After a member access's `.`, a word is a name (`x.return / y` divides).
        let after_dot = std::mem::replace(&mut self.member, false);
        let word = (starts_word(b, i) && !c.is_ascii_digit()).then(|| {
            let (end, escaped) = word_end(b, i);
            let word = if after_dot {
                Word::default()
            } else {
                Word::of(&b[i..end], escaped)
            };
            (end, word)
        });
        self.statement_boundary(c, word.map(|(_, word)| word));
        let starts_here = std::mem::replace(&mut self.at_start, false);
        let was_label = std::mem::replace(&mut self.label, false);
        let dotted_name = std::mem::replace(&mut self.dotted_name, false);
        match c {
            // Not after `<`: `</a>` closes a JSX element.
            b'/' if self.prev.allows_regex() && (i == 0 || b[i - 1] != b'<') => {
                return self.regex();
            }
            b'\'' | b'"' => return self.string(c),
            b'`' => {
                self.in_template = true;
                self.i += 1;
                self.hides_from(self.i);
            }
            b'(' | b'[' | b'{' => return self.open(c, starts_here),
            b')' | b']' => self.close(c),
            b'}' => self.close_brace(),
            b';' => {
                self.levels.reset(End::Expression);
                self.ended = Ended::Semicolon;
                self.at_start = true;
                self.prev = Prev::Operator;
                self.i += 1;
            }
            b',' => {
                self.levels.reset(End::ListItem);
                self.prev = Prev::Operator;
                self.i += 1;
            }
            b'0'..=b'9' => {
                self.i += run_length(&b[i..], |c| is_ascii_word_byte(c) || c == b'.');
                self.operand();
            }
            _ if let Some((end, word)) = word => {
                self.dotted_name = word.dotted || dotted_name;
                return self.word(end, word, starts_here);
            }
            b'+' | b'-' if b.get(i + 1) == Some(&c) => return self.increment(),
            // `namespace A.B.C`: each `.` nests one more declaration.
            b'.' if dotted_name => {
                self.dotted_name = true;
                self.deeper(Deeper::Chain(Chain::Expression), i)?;
                self.prev = Prev::Operator;
                self.i += 1;
            }
            _ => return self.operator(c, was_label),
        }
        Ok(())
    }

    /// A run of white space and line terminators (indentation is much of a source file).
    fn spaces(&mut self) {
        let (b, mut i, mut line) = (self.b, self.i, false);
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | 0x0b | 0x0c => i += 1,
                b'\n' | b'\r' => {
                    line = true;
                    i += 1;
                }
                c if c >= 0x80 => match space_at(b, i) {
                    Some((length, ends)) => {
                        line |= ends;
                        i += length;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        self.i = i;
        if line {
            self.new_line = true;
            if self.ended == Ended::Nothing
                && self.levels.top().holds_statements()
                && self.prev.is_value()
            {
                self.ended = Ended::Line;
            }
        }
    }

    /// Skips a comment if one starts here (as oxc and boa read them): `//`, `/* */`, a hashbang at the
    /// start, and (Annex B) `<!--`, and `-->` first on a line. Line comments end at any line terminator.
    #[inline]
    fn comment(&mut self) -> Result<bool, Stop> {
        let rest = &self.b[self.i..];
        let line_comment = match rest[0] {
            b'/' if rest.get(1) == Some(&b'*') => return self.block_comment(),
            b'/' => rest.get(1) == Some(&b'/'),
            b'<' => rest.starts_with(b"<!--"),
            b'#' => self.text_start && self.i == 0 && rest.get(1) == Some(&b'!'),
            b'-' => self.new_line && rest.starts_with(b"-->"),
            _ => false,
        };
        if line_comment {
            self.i = line_end(self.b, self.i);
        }
        Ok(line_comment)
    }

    /// `/* … */` (a line break in it counts as one before the next token).
    fn block_comment(&mut self) -> Result<bool, Stop> {
        let Some(length) = self.src[self.i + 2..].find("*/") else {
            self.hides_from(self.i + 2);
            self.hidden_to_the_end(Unterminated::BlockComment);
            return Err(Stop);
        };
        let end = self.i + 2 + length + 2;
        if line_end(&self.b[..end], self.i) < end {
            self.new_line = true;
        }
        self.i = end;
        Ok(true)
    }

    /// Ends the statement or expression that a `;` or a line break may have ended, as the next token
    /// (`c`, `word` if it is one) decides.
    #[inline]
    fn statement_boundary(&mut self, c: u8, word: Option<Word>) {
        let continues = word.is_some_and(|word| word.continues_statement);
        match self.ended {
            Ended::Nothing => return,
            Ended::Semicolon if c == b';' => return,
            Ended::Semicolon => {
                if !continues {
                    self.levels.reset(End::Statement);
                }
            }
            Ended::Line => {
                let starts_statement = match word {
                    Some(word) => !word.continues_expression,
                    // A decorator starts a new member.
                    None => matches!(c, b'\'' | b'"' | b'@' | b'0'..=b'9'),
                };
                if starts_statement {
                    self.levels.reset(if continues {
                        End::Expression
                    } else {
                        End::Statement
                    });
                    self.at_start = true;
                }
            }
        }
        self.ended = Ended::Nothing;
    }

    /// A value ended here.
    #[inline]
    fn operand(&mut self) {
        self.levels.operand();
        self.prev = Prev::Operand;
    }

    fn regex(&mut self) -> Result<(), Stop> {
        let b = self.b;
        self.i += 1;
        self.hides_from(self.i);
        let mut in_class = false;
        loop {
            if self.i >= b.len() {
                self.hidden_to_the_end(Unterminated::Regex);
                return Err(Stop);
            }
            match b[self.i] {
                b'\\' => self.i += 2,
                b'[' => {
                    in_class = true;
                    self.i += 1;
                }
                b']' => {
                    in_class = false;
                    self.i += 1;
                }
                b'/' if !in_class => {
                    self.i += 1;
                    break;
                }
                // Not a regex after all (or an invalid one): resume as code.
                _ if ends_line(b, self.i) => break,
                _ => self.i += 1,
            }
        }
        self.operand();
        Ok(())
    }

    #[inline]
    fn string(&mut self, quote: u8) -> Result<(), Stop> {
        let b = self.b;
        self.i += 1;
        self.hides_from(self.i);
        loop {
            if self.i >= b.len() {
                self.hidden_to_the_end(Unterminated::String);
                return Err(Stop);
            }
            match b[self.i] {
                // An escape, or a line continuation (`\` before CRLF too).
                b'\\' if b[self.i + 1..].starts_with(b"\r\n") => self.i += 3,
                b'\\' => self.i += 2,
                // Unterminated string on this line: resume as code. (U+2028 and U+2029 may be in strings.)
                b'\n' | b'\r' => break,
                c if c == quote => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        self.operand();
        Ok(())
    }

    #[inline]
    fn open(&mut self, c: u8, starts_here: bool) -> Result<(), Stop> {
        let i = self.i;
        let open = match c {
            b'(' => Open::Paren,
            b'[' => Open::Bracket,
            _ => Open::Brace,
        };
        // A block (not an object literal) holds statements: after a statement's start, `)`, `=>` or a
        // word (`else {`, `class A {`).
        let block = c == b'{'
            && (starts_here
                || matches!(self.prev, Prev::Operand | Prev::Block | Prev::Word(..))
                || (i >= 2 && &self.b[i - 2..i] == b"=>"));
        let kind = if c == b'(' && matches!(self.prev, Prev::Word(word) if word.head) {
            Kind::Head
        } else if block {
            Kind::Block {
                starts_statement: starts_here,
            }
        } else {
            Kind::Other
        };
        self.deeper(Deeper::Bracket(open, kind), i)?;
        self.at_start = block;
        self.prev = Prev::Operator;
        self.i += 1;
        Ok(())
    }

    /// `)` or `]`.
    #[inline]
    fn close(&mut self, c: u8) {
        let want = if c == b')' {
            Open::Paren
        } else {
            Open::Bracket
        };
        self.prev = Prev::Operand;
        if self.out.open.last() == Some(&want) {
            self.out.open.pop();
            // After `if (…)` comes a statement: a `/` starts a regex, a line break ends nothing.
            if self
                .levels
                .pop()
                .is_some_and(|level| level.kind == Kind::Head)
            {
                self.prev = Prev::Operator;
                self.at_start = true;
            } else {
                self.levels.operand();
            }
        } else {
            self.out.mismatched = true;
        }
        self.i += 1;
    }

    #[inline]
    fn close_brace(&mut self) {
        self.prev = Prev::Operand;
        match self.out.open.last() {
            Some(Open::Brace) => {
                self.out.open.pop();
                let closed = self.levels.pop();
                self.levels.operand();
                if closed.is_some_and(|level| {
                    level.kind
                        == Kind::Block {
                            starts_statement: true,
                        }
                }) {
                    self.prev = Prev::Block;
                }
            }
            Some(Open::Subst) => {
                self.out.open.pop();
                self.levels.pop();
                self.in_template = true;
                self.hides_from(self.i + 1);
            }
            _ => self.out.mismatched = true,
        }
        self.at_start = true;
        self.i += 1;
    }

    #[inline]
    fn word(&mut self, end: usize, word: Word, starts_here: bool) -> Result<(), Stop> {
        let start = self.i;
        self.i = end;
        let chain = if word.statement {
            Some(Chain::Statement)
        } else if word.prefix {
            Some(Chain::Prefix)
        } else if word.extends {
            Some(Chain::Expression)
        } else {
            self.levels.operand();
            None
        };
        if let Some(chain) = chain {
            self.deeper(Deeper::Chain(chain), start)?;
        }
        if word.clause && self.levels.top().holds_statements() {
            self.levels.reset(End::Expression);
        }
        self.at_start = word.statement && !word.head;
        self.label = starts_here;
        self.prev = Prev::Word(word);
        Ok(())
    }

    /// `++` or `--`.
    fn increment(&mut self) -> Result<(), Stop> {
        if self.prev.allows_regex() {
            // Prefix: its operand follows.
            self.deeper(Deeper::Chain(Chain::Prefix), self.i)?;
        } else {
            // `x++ / y` is a division.
            self.prev = Prev::Operand;
        }
        self.i += 2;
        Ok(())
    }

    /// Any other punctuation.
    #[inline]
    fn operator(&mut self, c: u8, was_label: bool) -> Result<(), Stop> {
        let (b, i) = (self.b, self.i);
        // A label's `:` nests the statement after it.
        let is_label = c == b':' && was_label && b.get(i + 1) != Some(&b':');
        // An object literal's `key:` nests nothing.
        let in_object =
            !self.levels.top().holds_statements() && self.out.open.last() == Some(&Open::Brace);
        let chain = match chains_at(b, i, self.prev.allows_regex()) {
            Some(Chain::Expression) if is_label => Some(Chain::Statement),
            Some(Chain::Expression) if c == b':' && in_object => None,
            chain => chain,
        };
        if let Some(chain) = chain {
            self.deeper(Deeper::Chain(chain), i)?;
        }
        match (c, b.get(i + 1)) {
            // A `>` closes a `<` after a value (not `=>`, `>=`, `>>=`; each `>` of `>>` closes one).
            (b'>', _)
                if (i == 0 || b[i - 1] != b'=')
                    && b.get(i + 1 + run_length(&b[i + 1..], |c| c == b'>')) != Some(&b'=') =>
            {
                self.levels.close_angle();
            }
            // `</a>` and `<a/>` close a JSX element.
            (b'<', Some(b'/')) if self.prev.allows_regex() => self.levels.close_element(),
            (b'/', Some(b'>')) => self.levels.close_element(),
            _ => {}
        }
        self.at_start = is_label;
        self.member = c == b'.' && b.get(i + 1) != Some(&b'.') && i > 0 && b[i - 1] != b'.';
        self.prev = Prev::Operator;
        self.i += 1;
        Ok(())
    }
}
