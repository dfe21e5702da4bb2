//! The TypeScript a worker has run, by the name its frames carry (`<cell 3>`, `main.ts`, `lib/util.ts`): the
//! printed JavaScript's way back to the user's positions ([`StrippedTs`]). Kept for the session's life, since
//! a function from a TypeScript cell or module can throw from any later execution.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::analysis::StrippedTs;

/// See the module docs.
#[derive(Debug, Default)]
pub struct SourceMaps {
    by_file: RefCell<HashMap<String, StrippedTs>>,
}

impl SourceMaps {
    /// Records what runs under `file` now: TypeScript's map, or `None` for JavaScript (which forgets the map
    /// of an earlier evaluation under the same name).
    pub fn set(&self, file: &str, stripped: Option<StrippedTs>) {
        let mut by_file = self.by_file.borrow_mut();
        match stripped {
            Some(stripped) => {
                by_file.insert(file.to_owned(), stripped);
            }
            None => {
                by_file.remove(file);
            }
        }
    }

    /// A 1-based (line, column) of the code that ran under `file`, in the user's text.
    pub fn original_position(&self, file: &str, line: u32, column: u32) -> (u32, u32) {
        match self.by_file.borrow().get(file) {
            Some(stripped) => stripped.original_position(line, column),
            None => (line, column),
        }
    }
}
