//! Live introspection of the session for completion and inspection.

use std::time::Duration;

use vmjs_core::host::Session;

/// Property names of the value at a property path (empty while the session is busy or when unknown).
pub fn property_names(_session: &Session, _expression: &str, _timeout: Duration) -> Vec<String> {
    Vec::new()
}

/// A text description (type, preview, signature) of the value at a property path.
pub fn describe(_session: &Session, _expression: &str, _detail: u8) -> Option<String> {
    None
}
