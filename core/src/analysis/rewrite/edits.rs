//! Span edits on a cell's original text, applied in one pass into a [`ReplRewrite`] that maps positions back.

use super::{AppliedEdit, ReplRewrite};

/// A pending edit on the original text.
#[derive(Debug)]
pub(super) struct Edit {
    start: usize,
    end: usize,
    text: String,
}

#[derive(Default)]
pub(super) struct Edits(Vec<Edit>);

impl Edits {
    pub(super) fn insert(&mut self, at: u32, text: impl Into<String>) {
        self.replace(at, at, text);
    }

    pub(super) fn replace(&mut self, start: u32, end: u32, text: impl Into<String>) {
        self.0.push(Edit {
            start: start as usize,
            end: end as usize,
            text: text.into(),
        });
    }

    /// Inserts at `at`, before every edit added so far at the same position.
    pub(super) fn prepend(&mut self, at: u32, text: impl Into<String>) {
        self.0.insert(
            0,
            Edit {
                start: at as usize,
                end: at as usize,
                text: text.into(),
            },
        );
    }

    pub(super) fn apply(mut self, src: &str, is_async: bool) -> ReplRewrite {
        // Stable: edits at the same position keep their insertion order.
        self.0.sort_by_key(|e| e.start);
        let mut code = String::with_capacity(src.len() + 64);
        let mut edits = Vec::with_capacity(self.0.len());
        let mut cursor = 0;
        for edit in self.0 {
            // Defensive: skip overlapping or out-of-range edits.
            if edit.start < cursor
                || edit.end < edit.start
                || edit.end > src.len()
                || !src.is_char_boundary(edit.start)
                || !src.is_char_boundary(edit.end)
            {
                continue;
            }
            code.push_str(&src[cursor..edit.start]);
            let new_start = code.len();
            code.push_str(&edit.text);
            edits.push(AppliedEdit {
                orig_start: edit.start,
                orig_end: edit.end,
                new_start,
                new_end: code.len(),
            });
            cursor = edit.end;
        }
        code.push_str(&src[cursor..]);
        ReplRewrite {
            code,
            is_async,
            declared: Vec::new(),
            free_names: Vec::new(),
            constants: Vec::new(),
            redeclared: Vec::new(),
            top_level_names: Vec::new(),
            preload: None,
            original: src.to_string(),
            edits,
        }
    }
}
