//! What a worker has run, by the name its frames carry (`<cell 3>`, `main.ts`, `lib/util.ts`):
//! - the way back from a position of the code that ran to the user's text — TypeScript's map
//!   ([`StrippedTs`]) and the hook calls inserted into `catch` blocks ([`CatchInserts`]) —, kept for the
//!   session's life, since a function from any cell or module can throw from any later execution;
//! - the code itself, from which an error's vague boa message is made one that names what failed
//!   ([`SourceMaps::explain_type_error`]); the most recent [`CODE_BUDGET`] bytes of it.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use crate::analysis::{self, CatchInserts, StrippedTs};

/// How much code (bytes) is kept to explain errors: the newest cells and files within it.
const CODE_BUDGET: usize = 8 << 20;
/// How many explanations are kept (the same failing expression caught in a loop is explained once).
const EXPLAINED_LIMIT: usize = 1024;

/// See the module docs.
#[derive(Debug, Default)]
pub struct SourceMaps {
    maps: RefCell<HashMap<String, Map>>,
    code: RefCell<RecentCode>,
    explained: RefCell<HashMap<Site, Option<String>>>,
}

/// How the code that ran under a name was made from the user's text.
#[derive(Debug)]
struct Map {
    stripped: Option<StrippedTs>,
    inserts: CatchInserts,
}

/// A boa message at a position of a file.
type Site = (String, u32, u32, String);

/// The code of the most recent runs, within [`CODE_BUDGET`].
#[derive(Debug, Default)]
struct RecentCode {
    by_file: HashMap<String, Rc<str>>,
    order: VecDeque<String>,
    bytes: usize,
}

impl RecentCode {
    fn remove(&mut self, file: &str) {
        if let Some(code) = self.by_file.remove(file) {
            self.bytes -= code.len();
            self.order.retain(|name| name != file);
        }
    }

    fn insert(&mut self, file: &str, code: &str) {
        self.remove(file);
        if code.len() > CODE_BUDGET {
            return;
        }
        while self.bytes + code.len() > CODE_BUDGET {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(code) = self.by_file.remove(&oldest) {
                self.bytes -= code.len();
            }
        }
        self.bytes += code.len();
        self.order.push_back(file.to_owned());
        self.by_file.insert(file.to_owned(), Rc::from(code));
    }
}

impl SourceMaps {
    /// Records what runs under `file` now: `code`, and how it was made from the user's text (TypeScript's
    /// map, the hook calls inserted). Forgets what an earlier evaluation under the same name recorded.
    /// `code` is `None` for what is not the user's own (a package's file): its errors stay as boa words them.
    pub fn set(
        &self,
        file: &str,
        code: Option<&str>,
        stripped: Option<StrippedTs>,
        inserts: CatchInserts,
    ) {
        let mut maps = self.maps.borrow_mut();
        if stripped.is_none() && inserts.is_empty() {
            maps.remove(file);
        } else {
            maps.insert(file.to_owned(), Map { stripped, inserts });
        }
        let mut recent = self.code.borrow_mut();
        match code {
            Some(code) => recent.insert(file, code),
            None => recent.remove(file),
        }
        self.explained
            .borrow_mut()
            .retain(|(explained, ..), _| explained != file);
    }

    /// A 1-based (line, column) of the code that ran under `file`, in the user's text.
    pub fn original_position(&self, file: &str, line: u32, column: u32) -> (u32, u32) {
        let maps = self.maps.borrow();
        let Some(map) = maps.get(file) else {
            return (line, column);
        };
        let (line, column) = map.inserts.original_position(line, column);
        match &map.stripped {
            Some(stripped) => stripped.original_position(line, column),
            None => (line, column),
        }
    }

    /// What [`analysis::explain_type_error`] says of a `TypeError` boa raised with `message` at (`line`,
    /// `column`) of the code that ran under `file`; `None` when that code is not known (any more).
    pub fn explain_type_error(
        &self,
        file: &str,
        line: u32,
        column: u32,
        message: &str,
    ) -> Option<String> {
        let site = (file.to_owned(), line, column, message.to_owned());
        if let Some(explained) = self.explained.borrow().get(&site) {
            return explained.clone();
        }
        let code = self.code.borrow().by_file.get(file).cloned()?;
        let explained = analysis::explain_type_error(&code, message, line, column);
        let mut cache = self.explained.borrow_mut();
        if cache.len() >= EXPLAINED_LIMIT {
            cache.clear();
        }
        cache.insert(site, explained.clone());
        explained
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_CALLABLE: &str = "not a callable function";

    #[test]
    fn explains_from_the_code_that_ran_under_a_name() {
        let maps = SourceMaps::default();
        maps.set(
            "<cell 1>",
            Some("o.method()"),
            None,
            CatchInserts::default(),
        );
        assert_eq!(
            maps.explain_type_error("<cell 1>", 1, 9, NOT_CALLABLE)
                .as_deref(),
            Some("o.method is not a function")
        );
        // Cached, then forgotten when the name runs other code.
        assert!(maps.explained.borrow().len() == 1);
        maps.set("<cell 1>", Some("p.other()"), None, CatchInserts::default());
        assert_eq!(
            maps.explain_type_error("<cell 1>", 1, 8, NOT_CALLABLE)
                .as_deref(),
            Some("p.other is not a function")
        );
        // A package's code is not kept.
        maps.set("<cell 1>", None, None, CatchInserts::default());
        assert_eq!(
            maps.explain_type_error("<cell 1>", 1, 8, NOT_CALLABLE),
            None
        );
    }

    #[test]
    fn keeps_the_newest_code_within_the_budget() {
        let mut recent = RecentCode::default();
        let big = "x".repeat(CODE_BUDGET / 2 + 1);
        recent.insert("a", &big);
        recent.insert("b", "b()");
        recent.insert("c", &big);
        assert!(!recent.by_file.contains_key("a"));
        assert!(recent.by_file.contains_key("b") && recent.by_file.contains_key("c"));
        assert_eq!(recent.bytes, big.len() + 3);
        recent.insert("huge", &"y".repeat(CODE_BUDGET + 1));
        assert!(!recent.by_file.contains_key("huge"));
        assert_eq!(recent.order.len(), 2);
    }
}
