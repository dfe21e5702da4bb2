//! The worker's stdin, read only by the main thread (the one that owns the engine). While the worker is idle
//! the main thread blocks on it, so a request wakes the evaluating thread itself — no reader thread to hand it
//! over. While code runs, what the host sends (a stop, an answer to `prompt`) is taken in between budget
//! slices, while the job loop waits for a timer, and while `prompt` waits.
//!
//! Code that never reaches one of those points (a loop inside a `forEach` callback) must still not outlive
//! its host: a small thread polls stdin for nothing but the hang-up (`poll` with no events, so frames never
//! wake it) and ends the process when the host is gone.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::time::{Duration, Instant};

use super::state::StopFlag;
use crate::protocol::{FrameReader, ToWorker};

/// How often running code looks at stdin at most (a stop then takes effect within about this long).
const POLL_INTERVAL: Duration = Duration::from_millis(1);

/// Stdin and what arrived on it that the main thread has not used yet.
struct HostInput {
    reader: FrameReader<File>,
    fd: RawFd,
    stop: StopFlag,
    /// Requests that arrived while code ran (the host sends none then; kept for after the execution).
    requests: VecDeque<ToWorker>,
    /// Answers to `prompt`/`confirm`.
    replies: VecDeque<Option<String>>,
    last_poll: Instant,
}

thread_local! {
    static INPUT: RefCell<Option<HostInput>> = const { RefCell::new(None) };
}

/// Takes over this process's stdin for the calling (main) thread; stop requests go to `stop`. Starts the
/// hang-up watcher.
pub fn install(stop: StopFlag) -> io::Result<()> {
    let file = File::from(io::stdin().as_fd().try_clone_to_owned()?);
    let fd = file.as_raw_fd();
    std::thread::Builder::new()
        .name("stdin-hangup".into())
        .stack_size(64 * 1024)
        .spawn(move || watch_for_hangup(fd))?;
    INPUT.with(|input| {
        *input.borrow_mut() = Some(HostInput {
            reader: FrameReader::new(file),
            fd,
            stop,
            requests: VecDeque::new(),
            replies: VecDeque::new(),
            last_poll: Instant::now(),
        })
    });
    Ok(())
}

/// The next request for the idle worker, blocking until one arrives. `None` without [`install`].
pub fn next_request() -> Option<ToWorker> {
    INPUT.with(|input| {
        let mut input = input.borrow_mut();
        let input = input.as_mut()?;
        Some(match input.requests.pop_front() {
            Some(request) => request,
            None => input.read(),
        })
    })
}

/// Whether a request arrives (or already waits) within `timeout`. `false` without [`install`].
pub fn request_within(timeout: Duration) -> bool {
    INPUT.with(|input| {
        input
            .borrow()
            .as_ref()
            .is_some_and(|input| !input.requests.is_empty() || readable(input.fd, Some(timeout)))
    })
}

/// Takes in what the host sent, waiting up to `timeout` for something to arrive (`None`: until it does).
/// `Duration::ZERO` only looks, and at most every [`POLL_INTERVAL`] (running code calls this often). Without
/// [`install`] (the in-process engine of unit tests) it just sleeps for `timeout`.
pub fn wait(timeout: Option<Duration>) {
    let installed = INPUT.with(|input| {
        let mut input = input.borrow_mut();
        let Some(input) = input.as_mut() else {
            return false;
        };
        if timeout == Some(Duration::ZERO) && input.last_poll.elapsed() < POLL_INTERVAL {
            return true;
        }
        input.last_poll = Instant::now();
        let mut timeout = timeout;
        while readable(input.fd, timeout) {
            let message = input.read();
            input.take(message);
            timeout = Some(Duration::ZERO);
        }
        true
    });
    if !installed {
        match timeout {
            Some(Duration::ZERO) => {}
            Some(timeout) => std::thread::park_timeout(timeout),
            None => std::thread::park(),
        }
    }
}

/// Why [`wait_for_reply`] has no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoReply {
    /// The execution was asked to stop while it waited.
    Stopped,
    /// No host to answer (the in-process engine of unit tests).
    NoHost,
}

/// Waits for the host's answer to the input request `execution_id` just made (`None`: the host had none to
/// give), taking in whatever else arrives meanwhile.
pub fn wait_for_reply(execution_id: &str) -> Result<Option<String>, NoReply> {
    INPUT.with(|input| {
        let mut input = input.borrow_mut();
        let input = input.as_mut().ok_or(NoReply::NoHost)?;
        // Only this function reads while a request is open, so a reply already taken in answers an earlier
        // request (one that was stopped before its answer came): never this one.
        input.replies.clear();
        loop {
            if let Some(reply) = input.replies.pop_front() {
                return Ok(reply);
            }
            if input.stop.get(execution_id).is_some() {
                return Err(NoReply::Stopped);
            }
            let message = input.read();
            input.take(message);
        }
    })
}

impl HostInput {
    /// One frame, blocking. The host hanging up ends the process, as does a frame that makes no sense.
    fn read(&mut self) -> ToWorker {
        match self.reader.read::<ToWorker>() {
            Ok(Some(message)) => message,
            Ok(None) => std::process::exit(0),
            Err(error) => {
                eprintln!("vmjs worker: bad frame from host: {error}");
                std::process::exit(2);
            }
        }
    }

    /// Files a message that arrived while code ran.
    fn take(&mut self, message: ToWorker) {
        match message {
            ToWorker::Stop {
                execution_id,
                reason,
            } => self.stop.request(&execution_id, reason),
            ToWorker::InputReply { value } => self.replies.push_back(value),
            other => self.requests.push_back(other),
        }
    }
}

/// Whether `fd` has data (or hung up) within `timeout` (`None`: wait as long as it takes).
fn readable(fd: RawFd, timeout: Option<Duration>) -> bool {
    let mut poll_fd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let timespec = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let timespec_ptr = timespec
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: one valid pollfd, a valid or null timespec, no signal mask.
    let ready = unsafe { libc::ppoll(&mut poll_fd, 1, timespec_ptr, std::ptr::null()) };
    // EINTR counts as "nothing yet": callers loop or come back soon.
    ready > 0
}

/// Ends the process when the host closes our stdin. `events: 0` reports only hang-up and errors, so
/// ordinary frames (read by the main thread) never wake this thread.
fn watch_for_hangup(fd: RawFd) {
    loop {
        let mut poll_fd = libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut poll_fd, 1, -1) };
        if ready > 0 && poll_fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            std::process::exit(0);
        }
    }
}
