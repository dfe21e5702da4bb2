//! A framed output stream shared by several threads: the worker's stdout, the language server's stdout.
//!
//! Messages sent with [`Outbox::send`] go to a writer thread, which encodes and writes them while the sender
//! goes on (batched under load, flushed as soon as it has nothing more), so a chatty producer never waits on
//! the pipe. A message someone is waiting for ([`Outbox::reply`]: the worker's `Done`, the language server's
//! diagnostics) is written by the sending thread itself when the writer has nothing queued or in hand — the
//! common case — so it costs no thread wake-up; otherwise it queues behind what is queued, whose order it
//! keeps. Frames never interleave.

use std::io::{self, Write};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// The writer thread writes what it has encoded once it holds this much, even while more keeps coming.
const WRITE_CHUNK_BYTES: usize = 256 * 1024;

/// [`Outbox::send`] waits while this many messages are queued: a producer faster than the reader (a loop of
/// `console.log`) is held to the reader's pace instead of queueing its whole output in memory (measured: the
/// worker held 8.7 MiB of queued lines when a 100 000-line cell ended).
const MAX_QUEUED: usize = 2048;

/// A message an [`Outbox`] writes as one whole frame.
pub trait Frame: Send + 'static {
    /// Appends this message's frame to `out`; an error says why it cannot be encoded (it is then skipped).
    fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), String>;
}

impl Frame for Vec<u8> {
    fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), String> {
        out.extend_from_slice(self);
        Ok(())
    }
}

/// Where messages go. Cheap to clone.
pub struct Outbox<M: Frame>(Sink<M>);

impl<M: Frame> Clone for Outbox<M> {
    fn clone(&self) -> Self {
        Self(match &self.0 {
            Sink::Output(shared) => Sink::Output(Arc::clone(shared)),
            Sink::Channel(sender) => Sink::Channel(sender.clone()),
        })
    }
}

enum Sink<M: Frame> {
    Output(Arc<Shared<M>>),
    /// Messages handed to a channel instead (the in-process engine of unit tests).
    Channel(Sender<M>),
}

struct Shared<M> {
    state: Mutex<State<M>>,
    wake: Condvar,
    /// Signalled when the writer takes the queue (or the outbox closes): senders waiting for room go on.
    room: Condvar,
    output: Mutex<Box<dyn Write + Send>>,
}

struct State<M> {
    queue: Vec<M>,
    /// The writer holds messages it has not written and flushed yet.
    writing: bool,
    /// The writer waits for messages (only then does a sender wake it: no system call per message).
    waiting: bool,
    /// A sender waits for room in the queue.
    full: bool,
    closed: bool,
}

/// The output failed (the reader is gone) or the outbox was closed.
#[derive(Debug)]
pub struct Gone;

impl<M: Frame> Outbox<M> {
    /// Frames written to `output` by a writer thread named `name` (or by repliers), until [`Outbox::close`];
    /// `on_end` runs on the writer thread once everything is written. A failed write (the reader is gone)
    /// closes the outbox: later sends answer [`Gone`].
    pub fn start(
        name: &str,
        output: impl Write + Send + 'static,
        on_end: impl FnOnce() + Send + 'static,
    ) -> io::Result<(Self, JoinHandle<()>)> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: Vec::new(),
                writing: false,
                waiting: false,
                full: false,
                closed: false,
            }),
            wake: Condvar::new(),
            room: Condvar::new(),
            output: Mutex::new(Box::new(output)),
        });
        let writer = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name(name.to_owned())
                .spawn(move || {
                    shared.write_queued();
                    on_end();
                })?
        };
        Ok((Self(Sink::Output(shared)), writer))
    }

    /// An outbox whose messages arrive on a channel (the in-process engine of unit tests).
    pub fn channel(sender: Sender<M>) -> Self {
        Self(Sink::Channel(sender))
    }

    /// Queues a message for the writer thread; waits first while [`MAX_QUEUED`] messages are queued.
    pub fn send(&self, message: M) -> Result<(), Gone> {
        match &self.0 {
            Sink::Output(shared) => {
                let mut state = shared.lock();
                while state.queue.len() >= MAX_QUEUED && !state.closed {
                    state.full = true;
                    state = shared
                        .room
                        .wait(state)
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                }
                if state.closed {
                    return Err(Gone);
                }
                state.queue.push(message);
                if state.waiting {
                    shared.wake.notify_one();
                }
                Ok(())
            }
            Sink::Channel(sender) => sender.send(message).map_err(|_| Gone),
        }
    }

    /// Sends a message somebody waits for: written at once by this thread when nothing is queued before it,
    /// else queued after what is.
    pub fn reply(&self, message: M) -> Result<(), Gone> {
        let Sink::Output(shared) = &self.0 else {
            return self.send(message);
        };
        let mut state = shared.lock();
        if state.closed || state.writing || !state.queue.is_empty() {
            drop(state);
            return self.send(message);
        }
        // Holding the state lock keeps the writer from starting a batch meanwhile.
        let mut frame = Vec::new();
        match message.encode_into(&mut frame) {
            Ok(()) => {
                if shared.write(&frame).is_err() {
                    // Closed through the guard held here (taking the lock again would deadlock).
                    state.closed = true;
                    drop(state);
                    shared.wake.notify_one();
                    shared.room.notify_all();
                    return Err(Gone);
                }
            }
            Err(error) => tracing::error!("cannot encode a message: {error}"),
        }
        drop(state);
        Ok(())
    }

    /// No more messages: the writer thread writes what is queued and ends.
    pub fn close(&self) {
        if let Sink::Output(shared) = &self.0 {
            shared.close();
        }
    }
}

impl<M: Frame> Shared<M> {
    fn lock(&self) -> MutexGuard<'_, State<M>> {
        // A panic while holding this lock cannot leave the queue inconsistent: keep going.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes and flushes `bytes`; after a failed write (the reader is gone) the caller closes the outbox.
    fn write(&self, bytes: &[u8]) -> Result<(), Gone> {
        let mut output = self
            .output
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        output
            .write_all(bytes)
            .and_then(|()| output.flush())
            .map_err(|_| Gone)
    }

    /// Marks the outbox closed and wakes whoever waits on it.
    fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_one();
        self.room.notify_all();
    }

    /// The writer thread: takes whatever is queued, encodes it, writes it, and ends once closed and empty.
    fn write_queued(&self) {
        let mut buffer = Vec::with_capacity(WRITE_CHUNK_BYTES);
        let mut state = self.lock();
        loop {
            if state.queue.is_empty() {
                if state.writing {
                    drop(state);
                    let written = self.write(&buffer);
                    buffer.clear();
                    // One huge message (a 16 MiB image) must not keep its buffer for the process's life.
                    buffer.shrink_to(WRITE_CHUNK_BYTES);
                    if written.is_err() {
                        self.close();
                        self.lock().writing = false;
                        return;
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
            if std::mem::take(&mut state.full) {
                self.room.notify_all();
            }
            drop(state);
            // Each message is dropped once encoded, and the encoded bytes go out in chunks of
            // WRITE_CHUNK_BYTES: a batch of 50 000 queued lines is never held twice, nor encoded whole into
            // one buffer that would keep its peak capacity (measured: 3.9 MiB kept by the worker's writer).
            // A producer that never pauses still gets its output out, in chunks of this size.
            for message in batch {
                if let Err(error) = message.encode_into(&mut buffer) {
                    tracing::error!("cannot encode a message: {error}");
                }
                if buffer.len() >= WRITE_CHUNK_BYTES {
                    let written = self.write(&buffer);
                    buffer.clear();
                    if written.is_err() {
                        self.close();
                        self.lock().writing = false;
                        return;
                    }
                }
            }
            state = self.lock();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Write` that hands its bytes to a channel (what a reader would see, frame by frame).
    struct Pipe(Sender<Vec<u8>>);

    impl Write for Pipe {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0
                .send(bytes.to_vec())
                .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Every message arrives once, in the order sent, whichever thread wrote it.
    #[test]
    fn replies_keep_their_place_behind_queued_messages() {
        let (bytes, received) = std::sync::mpsc::channel();
        let (ended, end) = std::sync::mpsc::channel();
        let (outbox, writer) = Outbox::<Vec<u8>>::start("test-out", Pipe(bytes), move || {
            let _ = ended.send(());
        })
        .unwrap();
        let mut sent = Vec::new();
        for round in 0..200u32 {
            for n in 0..round % 7 {
                let message = format!("event {round}.{n};").into_bytes();
                sent.extend_from_slice(&message);
                outbox.send(message).unwrap();
            }
            let reply = format!("reply {round};").into_bytes();
            sent.extend_from_slice(&reply);
            outbox.reply(reply).unwrap();
        }
        outbox.close();
        writer.join().unwrap();
        end.recv().unwrap();
        assert!(
            outbox.send(b"late".to_vec()).is_err(),
            "a closed outbox takes nothing"
        );
        let got: Vec<u8> = received.try_iter().flatten().collect();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(sent).unwrap()
        );
    }

    /// A producer that outruns the writer waits for room (the queue is bounded) and loses nothing.
    #[test]
    fn a_full_queue_makes_the_sender_wait_and_loses_nothing() {
        let (bytes, received) = std::sync::mpsc::channel();
        let (outbox, writer) = Outbox::<Vec<u8>>::start("test-out", Pipe(bytes), || {}).unwrap();
        let producer = {
            let outbox = outbox.clone();
            std::thread::spawn(move || {
                for n in 0..MAX_QUEUED * 5 {
                    outbox.send(format!("{n};").into_bytes()).unwrap();
                }
            })
        };
        producer.join().unwrap();
        outbox.close();
        writer.join().unwrap();
        let got = String::from_utf8(received.try_iter().flatten().collect()).unwrap();
        let want: String = (0..MAX_QUEUED * 5).map(|n| format!("{n};")).collect();
        assert_eq!(got, want);
    }
}
