//! Source analysis with oxc (parsing, REPL rewriting, nesting pre-scan).
