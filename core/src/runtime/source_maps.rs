//! What a worker has run, by the name its frames carry (`<cell 3>`, `main.ts`, `lib/util.ts`):
//! - the way back from a position of the code that ran to the user's text — TypeScript's map
//!   ([`StrippedTs`]) and the hook calls inserted into `catch` blocks ([`CatchInserts`]) —, kept for the
//!   session's life, since a function from any cell or module can throw from any later execution;
//! - the code itself, from which an error's vague boa message is made one that names what failed
//!   ([`SourceMaps::explain_error`]); the most recent [`CODE_BUDGET`] bytes of it.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use boa_engine::Context;

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

/// A boa message at a place of a file: its position, or (without one) the frame's function.
type Site = (String, Option<(u32, u32)>, String, String);

/// The code of the most recent runs, within [`CODE_BUDGET`].
#[derive(Debug, Default)]
struct RecentCode {
    by_file: HashMap<String, Rc<Ran>>,
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

    fn insert(&mut self, file: &str, code: Ran) {
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
        self.by_file.insert(file.to_owned(), Rc::new(code));
    }
}

/// What ran under a name, as kept to explain its errors.
#[derive(Debug)]
enum Ran {
    /// A file's code.
    Text(String),
    /// A cell: explained from the user's text (a top-level `const [a] = x` is a declaration there, an
    /// assignment in the code that ran), its positions mapped back through the rewrite.
    Cell(analysis::ReplRewrite),
}

impl Ran {
    fn len(&self) -> usize {
        match self {
            Ran::Text(text) => text.len(),
            Ran::Cell(rewrite) => rewrite.code.len() + rewrite.original().len(),
        }
    }

    /// The text to explain and `site` in it.
    fn explained_at<'s>(&self, site: analysis::Site<'s>) -> (&str, analysis::Site<'s>) {
        match (self, site) {
            (Ran::Text(text), _) => (text, site),
            (Ran::Cell(rewrite), analysis::Site::At { line, column }) => {
                let (line, column) = rewrite.original_position(line, column);
                (rewrite.original(), analysis::Site::At { line, column })
            }
            (Ran::Cell(rewrite), unplaced) => (rewrite.original(), unplaced),
        }
    }
}

/// What ran under a name, for [`SourceMaps::set`].
pub enum RanCode<'a> {
    /// A file's code (after TypeScript's types were stripped and the hook calls inserted).
    Text(&'a str),
    /// A cell's rewrite.
    Cell(&'a analysis::ReplRewrite),
}

/// The worker's record, in its Context's data: for what runs inside the engine (the `catch` hook, `require`).
struct Kept(Rc<SourceMaps>);

impl SourceMaps {
    /// Keeps `maps` in `context`'s data, for [`SourceMaps::of`].
    pub fn keep_in(maps: Rc<SourceMaps>, context: &mut Context) {
        context.insert_data(Kept(maps));
    }

    /// The record [`SourceMaps::keep_in`] kept in `context`.
    pub fn of(context: &Context) -> Option<Rc<SourceMaps>> {
        context.get_data::<Kept>().map(|kept| Rc::clone(&kept.0))
    }

    /// Records what runs under `file` now: `code`, and how it was made from the user's text (TypeScript's
    /// map, the hook calls inserted). Forgets what an earlier evaluation under the same name recorded.
    /// `code` is `None` for what is not the user's own (a package's file): its errors stay as boa words them.
    pub fn set(
        &self,
        file: &str,
        code: Option<RanCode<'_>>,
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
            Some(RanCode::Text(text)) => recent.insert(file, Ran::Text(text.to_owned())),
            Some(RanCode::Cell(rewrite)) => recent.insert(file, Ran::Cell(rewrite.clone())),
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

    /// A 1-based (line, column) of the code that ran under `file`, in the user's text, for a frame of any
    /// evaluation: a cell's position back through its rewrite while its code is kept, then as
    /// [`SourceMaps::original_position`].
    pub fn user_position(&self, file: &str, line: u32, column: u32) -> (u32, u32) {
        let ran = self.code.borrow().by_file.get(file).map(Rc::clone);
        let (line, column) = match ran.as_deref() {
            Some(Ran::Cell(rewrite)) => rewrite.original_position(line, column),
            _ => (line, column),
        };
        self.original_position(file, line, column)
    }

    /// What [`analysis::explain_error`] says of a `name` error boa raised with `message` at `site` of the
    /// code that ran under `file`; `None` when that code is not known (any more).
    pub fn explain_error(
        &self,
        file: &str,
        site: analysis::Site<'_>,
        name: &str,
        message: &str,
    ) -> Option<String> {
        let (position, function) = match site {
            analysis::Site::At { line, column } => (Some((line, column)), String::new()),
            analysis::Site::Unplaced { function } => (None, function.to_owned()),
        };
        let key: Site = (
            file.to_owned(),
            position,
            function,
            format!("{name}: {message}"),
        );
        if let Some(explained) = self.explained.borrow().get(&key) {
            return explained.clone();
        }
        let code = self.code.borrow().by_file.get(file).cloned()?;
        let (text, site_in_text) = code.explained_at(site);
        let explained = analysis::explain_error(text, name, message, site_in_text);
        let mut cache = self.explained.borrow_mut();
        if cache.len() >= EXPLAINED_LIMIT {
            cache.clear();
        }
        cache.insert(key, explained.clone());
        explained
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_CALLABLE: &str = "not a callable function";

    /// boa says which of `undefined` or `null` a property was read or written on, and what
    /// (vendor/boa_engine/VMJS-PATCH.md); its `Cannot convert undefined or null to object` at a member
    /// (`delete data.missing.x`) is V8's words already and stays.
    #[test]
    fn a_member_access_keeps_boas_message() {
        let maps = SourceMaps::default();
        maps.set(
            "main.js",
            Some(RanCode::Text(
                "var data = {};\ndelete data.missing.x;\nfor (const x of data.missing) {}",
            )),
            None,
            CatchInserts::default(),
        );
        let at = |line, column| {
            maps.explain_error(
                "main.js",
                analysis::Site::At { line, column },
                "TypeError",
                "Cannot convert undefined or null to object",
            )
        };
        assert_eq!(at(2, 21), None);
        assert_eq!(at(2, 8), None);
    }

    #[test]
    fn explains_from_the_code_that_ran_under_a_name() {
        let maps = SourceMaps::default();
        maps.set(
            "<cell 1>",
            Some(RanCode::Text("o.method()")),
            None,
            CatchInserts::default(),
        );
        assert_eq!(
            maps.explain_error(
                "<cell 1>",
                analysis::Site::At { line: 1, column: 9 },
                "TypeError",
                NOT_CALLABLE
            )
            .as_deref(),
            Some("o.method is not a function")
        );
        // Cached, then forgotten when the name runs other code.
        assert!(maps.explained.borrow().len() == 1);
        maps.set(
            "<cell 1>",
            Some(RanCode::Text("p.other()")),
            None,
            CatchInserts::default(),
        );
        assert_eq!(
            maps.explain_error(
                "<cell 1>",
                analysis::Site::At { line: 1, column: 8 },
                "TypeError",
                NOT_CALLABLE
            )
            .as_deref(),
            Some("p.other is not a function")
        );
        // A package's code is not kept.
        maps.set("<cell 1>", None, None, CatchInserts::default());
        assert_eq!(
            maps.explain_error(
                "<cell 1>",
                analysis::Site::At { line: 1, column: 8 },
                "TypeError",
                NOT_CALLABLE
            ),
            None
        );
    }

    #[test]
    fn keeps_the_newest_code_within_the_budget() {
        let mut recent = RecentCode::default();
        let big = "x".repeat(CODE_BUDGET / 2 + 1);
        recent.insert("a", Ran::Text(big.clone()));
        recent.insert("b", Ran::Text("b()".into()));
        recent.insert("c", Ran::Text(big.clone()));
        assert!(!recent.by_file.contains_key("a"));
        assert!(recent.by_file.contains_key("b") && recent.by_file.contains_key("c"));
        assert_eq!(recent.bytes, big.len() + 3);
        recent.insert("huge", Ran::Text("y".repeat(CODE_BUDGET + 1)));
        assert!(!recent.by_file.contains_key("huge"));
        assert_eq!(recent.order.len(), 2);
    }
}
