//! The hot path: oxc's parser errors for a whole document, with one allocator reused across versions.

use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;
use vmjs_core::analysis::{MAX_NESTING, NestingError, check_nesting};

use crate::to_proto::Problem;

/// A parser that keeps its arena between documents.
#[derive(Default)]
pub struct FastParser {
    allocator: Allocator,
}

impl FastParser {
    /// Parser errors of `text` (module if it has `import`/`export`, or a top-level `await` that only parses
    /// as a module; TypeScript when `typescript`), or the nesting pre-scan's error alone.
    pub fn problems(&mut self, text: &str, typescript: bool) -> Vec<Problem> {
        if let Err(error) = check_nesting(text, MAX_NESTING) {
            return vec![nesting_problem(text, &error)];
        }
        if typescript {
            return self.parse(text, SourceType::ts());
        }
        let problems = self.parse(text, SourceType::unambiguous());
        // A top-level `await` in a file without import/export only parses as a module: reparse only then.
        if problems.iter().any(|p| p.message.contains("await")) {
            let as_module = self.parse(text, SourceType::mjs());
            if as_module.is_empty() {
                return as_module;
            }
        }
        problems
    }

    fn parse(&mut self, text: &str, source_type: SourceType) -> Vec<Problem> {
        self.allocator.reset();
        let parsed = Parser::new(&self.allocator, text, source_type).parse();
        let mut problems: Vec<Problem> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                let span = d
                    .labels
                    .iter()
                    .find(|l| l.primary())
                    .or(d.labels.first())
                    .map_or((0, 0), |l| {
                        let span = l.span();
                        (span.start as usize, span.end as usize)
                    });
                Problem {
                    message: d.message.to_string(),
                    start: span.0,
                    end: span.1,
                }
            })
            .collect();
        problems.sort_by_key(|p| (p.start, p.end));
        problems
    }
}

/// The problem reported when code nests deeper than the parsers may go.
pub fn nesting_problem(text: &str, error: &NestingError) -> Problem {
    let offset = error.offset;
    let end = text[offset.min(text.len())..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    Problem {
        message: error.message(),
        start: offset,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_parser_errors_and_reuses_the_arena() {
        let mut parser = FastParser::default();
        let problems = parser.problems("let x = ;\n", false);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].start, 8);
        assert!(parser.problems("let x = 1;", false).is_empty());
        assert!(
            parser
                .problems("import a from './a.js'; await a;", false)
                .is_empty()
        );
        assert!(
            parser
                .problems("const v = await Promise.resolve(1);", false)
                .is_empty()
        );
        let deep = "(".repeat(100_000);
        assert!(
            parser.problems(&deep, false)[0]
                .message
                .contains("nested too deeply")
        );
    }

    #[test]
    fn typescript_documents_parse_as_typescript() {
        let mut parser = FastParser::default();
        let typed = "interface P { x: number }\nconst p: P = { x: 1 };\n";
        assert!(parser.problems(typed, true).is_empty());
        assert!(!parser.problems(typed, false).is_empty());
        let problems = parser.problems("const x: number = ;\n", true);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].start, 18);
    }
}
