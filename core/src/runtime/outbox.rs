//! The worker's stdout. Events go to a writer thread, which encodes and writes them while the engine goes on
//! (batched under load, flushed as soon as it has nothing more), so a chatty loop never waits on the pipe.
//! A reply the host waits for (`Done`, `Ready`, answers to queries) is written by the main thread itself when
//! the writer has nothing queued or in hand — the common case — so it costs no thread wake-up; otherwise it
//! queues behind the events, whose order it keeps.
//!
//! In unit tests the outbox is a channel the test reads.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::os::fd::AsFd;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::protocol::{FromWorker, encode_frame};

/// Where the worker's messages go. Cheap to clone.
#[derive(Clone)]
pub struct Outbox(Sink);

#[derive(Clone)]
enum Sink {
    Stdout(Arc<Shared>),
    #[cfg(test)]
    Channel(std::sync::mpsc::Sender<FromWorker>),
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    stdout: File,
}

#[derive(Default)]
struct State {
    queue: Vec<FromWorker>,
    /// The writer holds messages it has not written and flushed yet.
    writing: bool,
    /// The writer waits for messages (only then does a sender wake it: no system call per event).
    waiting: bool,
    closed: bool,
}

/// The host is gone (stdout closed) or the outbox was closed.
#[derive(Debug)]
pub struct Gone;

impl Outbox {
    /// The process's stdout, with its writer thread (join it after [`Outbox::close`]).
    pub fn stdout() -> io::Result<(Self, JoinHandle<()>)> {
        Self::writing_to(File::from(io::stdout().as_fd().try_clone_to_owned()?))
    }

    /// Frames written to `file`, with the writer thread (join it after [`Outbox::close`]).
    fn writing_to(file: File) -> io::Result<(Self, JoinHandle<()>)> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            stdout: file,
        });
        let writer = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("stdout".into())
                .spawn(move || shared.write_queued())?
        };
        Ok((Self(Sink::Stdout(shared)), writer))
    }

    /// An outbox whose messages arrive on a channel (the in-process engine of unit tests).
    #[cfg(test)]
    pub fn channel(sender: std::sync::mpsc::Sender<FromWorker>) -> Self {
        Self(Sink::Channel(sender))
    }

    /// Queues a message for the writer thread.
    pub fn send(&self, message: FromWorker) -> Result<(), Gone> {
        match &self.0 {
            Sink::Stdout(shared) => {
                let mut state = shared.lock();
                if state.closed {
                    return Err(Gone);
                }
                state.queue.push(message);
                if state.waiting {
                    shared.wake.notify_one();
                }
                Ok(())
            }
            #[cfg(test)]
            Sink::Channel(sender) => sender.send(message).map_err(|_| Gone),
        }
    }

    /// Sends a message the host is waiting for: written at once by this thread when nothing is queued before
    /// it, else queued after what is.
    pub fn reply(&self, message: FromWorker) -> Result<(), Gone> {
        #[cfg_attr(not(test), allow(irrefutable_let_patterns))]
        let Sink::Stdout(shared) = &self.0 else {
            return self.send(message);
        };
        let state = shared.lock();
        if state.closed || state.writing || !state.queue.is_empty() {
            drop(state);
            return self.send(message);
        }
        // Holding the lock keeps the writer from starting a batch meanwhile.
        match encode_frame(&message) {
            Ok(frame) => {
                if (&shared.stdout).write_all(&frame).is_err() {
                    std::process::exit(0);
                }
            }
            Err(error) => eprintln!("vmjs worker: cannot encode a message: {error}"),
        }
        drop(state);
        Ok(())
    }

    /// No more messages: the writer thread writes what is queued and ends.
    pub fn close(&self) {
        #[cfg_attr(not(test), allow(irrefutable_let_patterns))]
        if let Sink::Stdout(shared) = &self.0 {
            shared.lock().closed = true;
            shared.wake.notify_one();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the queue inconsistent: keep going.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The writer thread: takes whatever is queued, writes it, and flushes once nothing more is queued.
    fn write_queued(&self) {
        let mut out = BufWriter::with_capacity(256 * 1024, &self.stdout);
        let mut state = self.lock();
        loop {
            if state.queue.is_empty() {
                if state.writing {
                    drop(state);
                    if out.flush().is_err() {
                        std::process::exit(0);
                    }
                    state = self.lock();
                    if !state.queue.is_empty() {
                        continue;
                    }
                    state.writing = false;
                }
                if state.closed {
                    return;
                }
                state.waiting = true;
                state = self
                    .wake
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                state.waiting = false;
                continue;
            }
            state.writing = true;
            let batch = std::mem::take(&mut state.queue);
            drop(state);
            for message in &batch {
                match encode_frame(message) {
                    Ok(frame) => {
                        if out.write_all(&frame).is_err() {
                            std::process::exit(0);
                        }
                    }
                    Err(error) => eprintln!("vmjs worker: cannot encode a message: {error}"),
                }
            }
            state = self.lock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsoleLevel, EventBody};
    use crate::protocol::FrameReader;

    fn event(n: usize) -> FromWorker {
        FromWorker::Event {
            execution_id: "e".into(),
            body: EventBody::Console {
                level: ConsoleLevel::Log,
                text: n.to_string(),
            },
        }
    }

    /// Every message arrives once, in the order sent, whichever thread wrote it.
    #[test]
    fn replies_keep_their_place_behind_queued_events() {
        let (reader, writer) = io::pipe().unwrap();
        let (outbox, thread) =
            Outbox::writing_to(File::from(std::os::fd::OwnedFd::from(writer))).unwrap();
        let reading = std::thread::spawn(move || {
            let mut frames = FrameReader::new(reader);
            std::iter::from_fn(|| frames.read::<FromWorker>().unwrap()).collect::<Vec<_>>()
        });
        let mut sent = Vec::new();
        for round in 0..200 {
            for n in 0..round % 7 {
                outbox.send(event(round * 10 + n)).unwrap();
                sent.push(format!("{:?}", event(round * 10 + n)));
            }
            let names = FromWorker::Names {
                names: vec![round.to_string()],
            };
            sent.push(format!("{names:?}"));
            outbox.reply(names).unwrap();
        }
        outbox.close();
        thread.join().unwrap();
        assert!(
            outbox.send(event(0)).is_err(),
            "a closed outbox takes nothing"
        );
        drop(outbox);
        let received: Vec<String> = reading
            .join()
            .unwrap()
            .iter()
            .map(|m| format!("{m:?}"))
            .collect();
        assert_eq!(received, sent);
    }
}
