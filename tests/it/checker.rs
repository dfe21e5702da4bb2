//! The syntax checker worker: boa's verdict with positions, deep nesting refused before boa sees it.

use std::time::Duration;

use vmjs_core::host::SyntaxChecker;

use crate::Env;

const TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn checker_reports_boa_errors_with_positions() {
    let env = Env::new();
    let mut checker = SyntaxChecker::new(env.sessions.pool().clone());
    assert!(
        checker
            .check("let x = 1;\nx + 1", false, TIMEOUT)
            .unwrap()
            .is_empty()
    );
    let errors = checker
        .check("let x = 1;\nlet = ;", false, TIMEOUT)
        .unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, Some(2), "{errors:?}");
    assert!(errors[0].column.is_some(), "{errors:?}");
    assert!(!errors[0].message.contains("at line"), "{errors:?}");
    // Module-only syntax is rejected as a script, accepted as a module.
    assert!(
        !checker
            .check("export const a = 1;", false, TIMEOUT)
            .unwrap()
            .is_empty()
    );
    assert!(
        checker
            .check("export const a = 1;", true, TIMEOUT)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn checker_checks_a_text_again_with_the_same_verdict() {
    // An editor's next version repeats the top-level declarations; the worker is long-lived.
    let env = Env::new();
    let mut checker = SyntaxChecker::new(env.sessions.pool().clone());
    for text in [
        "let x = 1;\nconst y = x;\nclass C {}",
        "let x = 1;\nconst y = x;\nclass C {}\ny",
    ] {
        assert_eq!(
            checker.check(text, false, TIMEOUT).unwrap(),
            vec![],
            "{text}"
        );
    }
    let errors = checker
        .check("let x = 1;\nlet x = 2;", false, TIMEOUT)
        .unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn checker_refuses_deep_nesting_without_dying() {
    let env = Env::new();
    let mut checker = SyntaxChecker::new(env.sessions.pool().clone());
    let deep = "[".repeat(100_000);
    let errors = checker.check(&deep, false, TIMEOUT).unwrap();
    assert!(
        errors[0].message.contains("nested too deeply"),
        "{errors:?}"
    );
    assert!(checker.check("1 +", false, TIMEOUT).unwrap().len() == 1);
}
