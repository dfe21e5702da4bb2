//! Latency tuning of the session's hot path: where a thread polls a channel for a moment instead of sleeping,
//! because the answer is due sooner than a sleeping thread wakes on an idle vCPU (20–40 µs here; numbers in
//! bench/RESULTS.md). Correctness never depends on these: every poll falls back to a blocking wait.

use std::time::{Duration, Instant};

/// How long the actor polls its inbox, instead of sleeping, for the first answer to an `Eval` it just sent.
/// A trivial execution answers within ~30 µs of evaluation, while waking a sleeping thread on an idle vCPU
/// costs 20–40 µs here (bench/RESULTS.md). Only for the first answer: spinning while events stream would
/// take CPU time the worker and the writer threads need (100k console lines: −10% measured).
pub(crate) const QUICK_REPLY_SPIN: Duration = Duration::from_micros(100);

/// How long the actor polls for the next execution after one ended, when the caller sends them back to
/// back: a program that runs cells in a row (`vmjs test`) sends the next one within microseconds, sooner
/// than the actor would wake from sleep on an idle vCPU.
pub(crate) const NEXT_REQUEST_SPIN: Duration = Duration::from_micros(100);

/// An execution asked for within this long after the previous one ended counts as back to back (measured
/// when the actor takes the request, so it includes the actor's own wake-up).
pub(crate) const BACK_TO_BACK: Duration = Duration::from_micros(300);

/// How long [`ExecutionHandle::wait_blocking`] polls, instead of sleeping, for the end of an execution whose
/// outcome (value or error) it just received: the end follows once the outcome is committed (~35 µs), sooner
/// than a sleeping thread wakes on an idle vCPU here (bench/RESULTS.md).
pub(crate) const FINISH_SPIN: Duration = Duration::from_micros(100);

/// What `try_recv` gives if it gives something before `until`, polling without sleeping.
pub(crate) fn poll_until<T>(mut try_recv: impl FnMut() -> Option<T>, until: Instant) -> Option<T> {
    loop {
        if let Some(message) = try_recv() {
            return Some(message);
        }
        if Instant::now() >= until {
            return None;
        }
        for _ in 0..64 {
            std::hint::spin_loop();
        }
    }
}
