use std::cell::OnceCell;
use std::rc::Rc;

use boa_ast::{LinearPosition, LinearSpan, Position, Span};
use boa_gc::{Finalize, Trace};

struct Inner {
    source_text: boa_ast::SourceText,
    /// vmjs: where each line starts (a code unit offset), made the first time a position is converted.
    line_starts: OnceCell<Vec<usize>>,
}
impl Inner {
    fn new(source_text: boa_ast::SourceText) -> Self {
        Self {
            source_text,
            line_starts: OnceCell::new(),
        }
    }

    /// vmjs: the code unit offset of `position` (a line and a column in code points, both from 1, as the
    /// lexer counts them: `\r\n`, `\r`, `\n`, U+2028 and U+2029 end a line).
    fn linear_position(&self, position: Position) -> Option<LinearPosition> {
        let units = self
            .source_text
            .get_code_points_from_pos(LinearPosition::new(0));
        let line_starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            let mut index = 0;
            while index < units.len() {
                match units[index] {
                    0xD if units.get(index + 1) == Some(&0xA) => {
                        index += 1;
                        starts.push(index + 1);
                    }
                    0xD | 0xA | 0x2028 | 0x2029 => starts.push(index + 1),
                    _ => {}
                }
                index += 1;
            }
            starts
        });
        let mut offset = *line_starts.get(position.line_number().checked_sub(1)? as usize)?;
        for _ in 1..position.column_number() {
            let unit = *units.get(offset)?;
            offset += if (0xD800..0xDC00).contains(&unit) {
                2
            } else {
                1
            };
        }
        (offset <= units.len()).then(|| LinearPosition::new(offset))
    }
}

#[derive(Default, Trace, Finalize, Clone)]
pub(crate) struct SourceText {
    #[unsafe_ignore_trace]
    source_text: Option<Rc<Inner>>,
}

impl SourceText {
    #[must_use]
    pub(crate) fn new(source_text: boa_ast::SourceText) -> Self {
        Self {
            source_text: Some(Rc::new(Inner::new(source_text))),
        }
    }

    fn new_empty() -> Self {
        Self { source_text: None }
    }

    #[inline]
    fn inner(&self) -> Option<&boa_ast::SourceText> {
        self.source_text.as_ref().map(|x| &x.source_text)
    }

    fn is_empty(&self) -> bool {
        self.source_text.is_none()
    }

    /// vmjs: the code units `span` (lines and columns, as the parser records them) covers and the `past_end`
    /// ones after it, when this text holds them.
    pub(crate) fn linear_span_of(&self, span: Span, past_end: usize) -> Option<LinearSpan> {
        let inner = self.source_text.as_ref()?;
        let start = inner.linear_position(span.start())?;
        let end = inner.linear_position(span.end())?.pos() + past_end;
        let length = inner
            .source_text
            .get_code_points_from_pos(LinearPosition::new(0))
            .len();
        (start.pos() < end && end <= length)
            .then(|| LinearSpan::new(start, LinearPosition::new(end)))
    }
}

/// Contains pointer to source code and span of the object.
#[derive(Default, Clone)]
pub struct SpannedSourceText {
    source_text: SourceText,
    span: Option<LinearSpan>,
}

impl SpannedSourceText {
    pub(crate) fn new(source_text: SourceText, span: Option<LinearSpan>) -> Self {
        Self { source_text, span }
    }

    pub(crate) fn new_source_only(source_text: SourceText) -> Self {
        Self {
            source_text,
            span: None,
        }
    }

    pub(crate) fn new_empty() -> Self {
        Self {
            source_text: SourceText::new_empty(),
            span: None,
        }
    }

    /// Creates new [`SpannedSourceText`] with the same [`SourceText`] but without its span.
    pub(crate) fn clone_only_source(&self) -> Self {
        Self {
            source_text: self.source_text.clone(),
            span: None,
        }
    }

    /// Returns the [`SourceText`].
    #[must_use]
    pub(crate) fn source_text(&self) -> SourceText {
        self.source_text.clone()
    }

    /// Test if the span is empty.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        let span_is_empty = if let Some(x) = self.span {
            x.is_empty()
        } else {
            true
        };
        span_is_empty || self.source_text.is_empty()
    }

    /// Gets inner code points.
    #[must_use]
    pub fn to_code_points(&self) -> Option<&[u16]> {
        if let (Some(source_text), Some(span)) = (self.source_text.inner(), self.span) {
            Some(source_text.get_code_points_from_span(span))
        } else {
            None
        }
    }
}

impl std::fmt::Debug for SpannedSourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceTextSpanned").finish()
    }
}
impl std::fmt::Debug for SourceText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceTextInner").finish()
    }
}
