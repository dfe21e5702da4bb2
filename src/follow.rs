//! Following one execution in a terminal: its events stream as they arrive, `prompt()` is answered from
//! stdin, and Ctrl-C interrupts the running code instead of killing vmjs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use vmjs_core::host::{ExecutionHandle, ExecutionUpdate, Session};
use vmjs_core::model::ExecutionRecord;

use crate::render;

/// What to print while following.
pub struct Printing {
    /// Print console/display/system events (off for `run --json`).
    pub events: bool,
    /// Print values (the REPL does; `run` does not).
    pub values: bool,
}

/// Ctrl-C sets the returned flag instead of ending the process; [`follow`] turns it into an interrupt.
pub fn install_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&flag));
    flag
}

/// Waits for the execution behind `handle`, printing as asked.
pub fn follow(
    session: &Session,
    handle: ExecutionHandle,
    interrupt: &AtomicBool,
    printing: Printing,
) -> anyhow::Result<ExecutionRecord> {
    std::thread::scope(|scope| {
        let waiter = scope.spawn(|| {
            handle.wait_blocking(|update| match update {
                ExecutionUpdate::Event(event) if printing.events => {
                    render::print_event(&event.body, printing.values)
                }
                ExecutionUpdate::InputRequest { prompt, .. } => {
                    session.reply_input(render::read_line(prompt));
                }
                _ => {}
            })
        });
        while !waiter.is_finished() {
            if interrupt.swap(false, Ordering::SeqCst) {
                session.interrupt();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        waiter
            .join()
            .map_err(|_| anyhow::anyhow!("output thread panicked"))
    })
}
