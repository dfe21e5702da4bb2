//! A session: one supervised `vmjs worker` process, driven by an actor thread that owns the worker, the
//! store connection and the queue of executions. Controls ([`Session::execute`], [`Session::interrupt`],
//! restart, close) are messages to the actor, processed in order.
//!
//! Stopping code: a soft stop asks the worker (it abandons the budgeted evaluation between two slices, globals
//! kept); if the worker has not answered within [`HARD_STOP_GRACE`], or whenever it dies (memory limit, stack
//! overflow, signal), the actor kills it, finalizes the execution, starts a fresh worker from the pool and
//! restores the session by replaying its startup files and successful inputs.
//!
//! Modules, each importing only those before it: `error`, `messages` (what the actor receives), `launch`
//! (a worker for the session; startup sources), `actor` (the loop and the pipeline's steps), `recovery`
//! (worker deaths, restore, replay), `hibernation` (an idle session's worker stopped, woken by replay),
//! `query` (introspection), `startup` (the start on the actor's thread),
//! `handle` (the [`Session`] callers hold).

mod actor;
mod error;
mod handle;
mod hibernation;
mod launch;
mod messages;
mod query;
mod recovery;
mod startup;

pub use actor::HARD_STOP_GRACE;
pub use error::SessionError;
pub use handle::Session;
pub use startup::StartOptions;
pub(in crate::host) use startup::{Launch, TemplateChoice};
