//! The JavaScript runtime that runs inside `vmjs worker`: value formatting for console output and cell results.

pub mod console_format;
pub mod inspect;
