//! What the scan needs to know of words and of the token before its position.

/// What the scanner needs to know of a word.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Word {
    /// An operand may follow, so a `/` starts a regex (`return`, `typeof`, `in`, `case`, `else`…).
    pub(super) regex_after: bool,
    /// Its body is a statement (`if`, `else`, `while`, `for`, `with`, `do`): `if (a) if (b) …` and
    /// `else if … else if …` nest.
    pub(super) statement: bool,
    /// Its `( … )` is followed by its statement (`if`, `while`, `for`, `with`): no line break ends a
    /// statement right after it.
    pub(super) head: bool,
    /// A prefix operator (`new`, `typeof`, `void`, `delete`, `await`, `yield`, `keyof`, `readonly`,
    /// `infer`, `unique`): a run of them nests (`new new X()()`), each ending with its operand.
    pub(super) prefix: bool,
    /// `extends`: `class extends class extends …` nests (the heritage is an operand holding the next).
    pub(super) extends: bool,
    /// Continues a statement that seemed to end (`if (a) x; else …`, `do x; while (a)`).
    pub(super) continues_statement: bool,
    /// First on a line, continues the expression of the line before (`in`, `instanceof`, `as`…).
    pub(super) continues_expression: bool,
    /// Begins a switch clause (`case`, `default`): the clauses parse in a loop.
    pub(super) clause: bool,
    /// Names a TypeScript namespace (`namespace`, `module`): each `.` of a dotted name (`namespace A.B.C`)
    /// nests one more declaration.
    pub(super) dotted: bool,
}

impl Word {
    /// What the scanner needs to know of the word spelled `bytes` (as written; if `escaped`, its `\u` escapes are decoded,
    /// since a parser reads `\u0069f` as `if`, reports it, and parses on).
    #[inline]
    pub(super) fn of(bytes: &[u8], escaped: bool) -> Self {
        if escaped {
            return unescaped(bytes)
                .map_or(Self::default(), |word| Self::of(word.as_bytes(), false));
        }
        let none = Self::default();
        // Most words are names: no keyword is shorter than 2 bytes, longer than 10, or starts otherwise.
        if !(2..=10).contains(&bytes.len()) || !bytes[0].is_ascii_lowercase() {
            return none;
        }
        match bytes {
            b"if" | b"for" | b"with" => Self {
                statement: true,
                head: true,
                ..none
            },
            b"while" => Self {
                statement: true,
                head: true,
                continues_statement: true,
                ..none
            },
            b"else" => Self {
                regex_after: true,
                statement: true,
                continues_statement: true,
                ..none
            },
            b"do" => Self {
                regex_after: true,
                statement: true,
                ..none
            },
            b"typeof" | b"new" | b"delete" | b"void" => Self {
                regex_after: true,
                prefix: true,
                ..none
            },
            // Also names (in scripts, outside generators and async functions): a `/` after them is taken for
            // a division, so a regex after them is scanned as code (a gap: see ARCHITECTURE.md, `analysis/`).
            b"yield" | b"await" => Self {
                prefix: true,
                ..none
            },
            b"keyof" | b"readonly" | b"infer" | b"unique" => Self {
                prefix: true,
                ..none
            },
            b"instanceof" | b"in" => Self {
                regex_after: true,
                continues_expression: true,
                ..none
            },
            // Also a name (`let of = 1; of / 2`): as `yield`.
            b"of" => Self {
                continues_expression: true,
                ..none
            },
            b"as" | b"satisfies" | b"implements" => Self {
                continues_expression: true,
                ..none
            },
            b"extends" => Self {
                extends: true,
                continues_expression: true,
                ..none
            },
            b"return" | b"throw" => Self {
                regex_after: true,
                ..none
            },
            b"case" => Self {
                regex_after: true,
                clause: true,
                ..none
            },
            b"default" => Self {
                clause: true,
                ..none
            },
            b"namespace" | b"module" => Self {
                dotted: true,
                ..none
            },
            _ => none,
        }
    }
}

/// The last token before the scanner's position (white space and comments aside).
#[derive(Debug, Clone, Copy)]
pub(super) enum Prev {
    /// An operator or an opening bracket: a `/` starts a regex.
    Operator,
    /// A value (literal, closing bracket): a `/` divides.
    Operand,
    /// The `}` of a block that began a statement (`if (a) {}`, `else {}`, `{}`): a line break after it
    /// ends the statement, as after a value, but a `/` starts a regex (the next statement).
    Block,
    /// A word: a `/` starts a regex after some keywords.
    Word(Word),
}

impl Prev {
    /// Whether a value ends here (a literal, a name, a closing bracket): a line break after it can end a
    /// statement.
    pub(super) fn is_value(self) -> bool {
        match self {
            Prev::Operator => false,
            Prev::Operand | Prev::Block => true,
            Prev::Word(word) => {
                !(word.regex_after || word.prefix || word.statement || word.extends)
            }
        }
    }

    pub(super) fn allows_regex(self) -> bool {
        match self {
            Prev::Operator | Prev::Block => true,
            Prev::Operand => false,
            Prev::Word(word) => word.regex_after,
        }
    }
}

/// A word with its `\u` escapes (`\u0069`, `\u{69}`) decoded; `None` if one is malformed.
fn unescaped(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = rest[at..].strip_prefix("\\u")?;
        let (hex, after) = match escape.strip_prefix('{') {
            Some(braced) => {
                let close = braced.find('}')?;
                (&braced[..close], &braced[close + 1..])
            }
            None => (escape.get(..4)?, escape.get(4..)?),
        };
        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}
