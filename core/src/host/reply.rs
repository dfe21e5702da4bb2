//! [`Reply`]: an answer a session owes its caller, which a thread waits for ([`Reply::wait`]) and async code
//! awaits (`reply.await`) — one channel underneath (flume's, which serves both), so the blocking faces (CLI,
//! `vmjs test`) need no runtime and the async ones (kernel, language server, daemon) no `spawn_blocking`.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Instant;

/// An answer on its way. If the answering side goes away without answering, or the deadline passes, the reply
/// is the fallback it was made with (an empty list, `None`, a "session closed" error).
#[must_use = "a reply does nothing unless it is waited for or awaited"]
pub struct Reply<T> {
    answer: flume::Receiver<T>,
    deadline: Option<Instant>,
    fallback: fn() -> T,
}

/// Where a [`Reply`]'s answer is sent from.
pub(crate) type Answer<T> = flume::Sender<T>;

impl<T: Send + 'static> Reply<T> {
    /// A reply and the sender that answers it (at most one answer counts).
    pub(crate) fn channel(deadline: Option<Instant>, fallback: fn() -> T) -> (Answer<T>, Self) {
        let (sender, answer) = flume::bounded(1);
        let reply = Self {
            answer,
            deadline,
            fallback,
        };
        (sender, reply)
    }

    /// A reply that is already answered.
    pub(crate) fn ready(value: T, fallback: fn() -> T) -> Self {
        let (sender, reply) = Self::channel(None, fallback);
        let _ = sender.send(value);
        reply
    }

    /// Blocks this thread until the answer (or the fallback) is there. Fine inside an async runtime only on a
    /// thread that may block.
    pub fn wait(self) -> T {
        let answer = match self.deadline {
            Some(deadline) => self.answer.recv_deadline(deadline).ok(),
            None => self.answer.recv().ok(),
        };
        answer.unwrap_or_else(self.fallback)
    }
}

impl<T: Send + 'static> IntoFuture for Reply<T> {
    type Output = T;
    type IntoFuture = Pin<Box<dyn Future<Output = T> + Send>>;

    /// Awaiting a reply with a deadline needs a Tokio runtime with its timer enabled (every vmjs face has one).
    fn into_future(self) -> Self::IntoFuture {
        let Self {
            answer,
            deadline,
            fallback,
        } = self;
        Box::pin(async move {
            let received = answer.into_recv_async();
            let answer = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline.into(), received)
                    .await
                    .ok()
                    .and_then(Result::ok),
                None => received.await.ok(),
            };
            answer.unwrap_or_else(fallback)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_thread_gets_the_answer_or_the_fallback() {
        let (answer, reply) = Reply::channel(None, || 0);
        std::thread::spawn(move || answer.send(7));
        assert_eq!(reply.wait(), 7);

        let (answer, reply) = Reply::<u8>::channel(None, || 9);
        drop(answer);
        assert_eq!(reply.wait(), 9, "nobody will answer");

        let deadline = Instant::now() + Duration::from_millis(20);
        let (_answer, reply) = Reply::<u8>::channel(Some(deadline), || 5);
        assert_eq!(reply.wait(), 5, "the deadline passed");
        assert!(Instant::now() >= deadline);

        assert_eq!(Reply::ready(3, || 0).wait(), 3);
    }

    #[test]
    fn async_code_awaits_the_same_reply() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (answer, reply) = Reply::channel(None, || 0);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(5));
                answer.send(7)
            });
            assert_eq!(reply.await, 7);

            let deadline = Instant::now() + Duration::from_millis(20);
            let (_answer, reply) = Reply::<u8>::channel(Some(deadline), || 5);
            assert_eq!(reply.await, 5, "the deadline passed");
        });
    }
}
