//! The JavaScript runtime that runs inside `vmjs worker`: one boa `Context` per process, the console, the
//! Node-style value formatter, jobs and timers, modules confined to the session root, the sandboxed `vmjs`
//! API, and the worker's main loop. Nothing here touches the store; everything reaches the host as
//! [`crate::protocol::FromWorker`] messages.

pub mod console_format;
pub mod engine;
pub mod errors;
pub mod inspect;
pub mod worker;

mod array_callbacks;
mod bytes;
mod clock;
mod comm;
mod commonjs;
mod console;
mod dates;
mod display;
mod error_stack;
mod host_input;
mod housekeeping;
mod intl;
mod introspect;
mod jobs;
mod json;
mod json_cycle;
mod json_output;
mod json_parse;
mod json_stringify;
mod language;
mod lazy;
mod locale;
mod long_strings;
mod modules;
mod node;
mod node_messages;
mod object_module;
mod packages;
mod preludes;
mod props;
mod registry_specifiers;

pub use packages::resolve_package_import;
mod sandbox;
pub(crate) mod scope;
mod source_maps;
mod state;
mod table;
#[cfg(test)]
mod testing;
mod to_host;
mod v8_shown;
mod webapi;
