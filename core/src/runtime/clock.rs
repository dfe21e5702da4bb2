//! The clock boa reads for `Date.now()`, `new Date()` and timers: real time, or in deterministic mode a fixed
//! epoch plus a virtual clock that only the job executor advances (to the next timer), so timers still fire.

use std::cell::Cell;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use boa_engine::context::time::{Clock, JsInstant};

/// See the module docs.
pub struct VmClock {
    start: Instant,
    /// `Some(epoch_ms)` in deterministic mode.
    epoch_ms: Option<i64>,
    /// Virtual milliseconds since the session started (deterministic mode only).
    virtual_ms: Cell<u64>,
}

impl VmClock {
    pub fn real() -> Self {
        Self {
            start: Instant::now(),
            epoch_ms: None,
            virtual_ms: Cell::new(0),
        }
    }

    pub fn deterministic(epoch_ms: i64) -> Self {
        Self {
            epoch_ms: Some(epoch_ms),
            ..Self::real()
        }
    }

    pub fn is_virtual(&self) -> bool {
        self.epoch_ms.is_some()
    }

    /// Moves virtual time forward to `instant` (no-op for the real clock or for instants in the past).
    pub fn advance_to(&self, instant: JsInstant) {
        if self.is_virtual() {
            let target = instant.millis_since_epoch();
            if target > self.virtual_ms.get() {
                self.virtual_ms.set(target);
            }
        }
    }
}

impl Clock for VmClock {
    fn now(&self) -> JsInstant {
        if self.is_virtual() {
            let ms = self.virtual_ms.get();
            JsInstant::new(ms / 1000, ((ms % 1000) * 1_000_000) as u32)
        } else {
            let elapsed = self.start.elapsed();
            JsInstant::new(elapsed.as_secs(), elapsed.subsec_nanos())
        }
    }

    fn system_time_millis(&self) -> i64 {
        match self.epoch_ms {
            Some(epoch) => epoch + self.virtual_ms.get() as i64,
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
        }
    }
}
