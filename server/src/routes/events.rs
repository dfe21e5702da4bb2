//! `GET /api/v1/executions/{id}/events`: the events after `after_seq` as a JSON array, or with `?follow=true`
//! as Server-Sent Events — one SSE event per vmjs event (`id:` its `seq`, data `{seq, type, payload}`), then
//! an `end` event with the execution. A client that reconnects with `Last-Event-ID` gets exactly the events
//! after it: from this server's memory while the execution is queued or runs here (every event is kept there
//! until the outcome is in the store), else from the store.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::Value;
use vmjs_core::model::{Event, ExecutionStatus};

use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, StrictQuery};
use crate::live::{LiveExecution, Read, Waiter};
use crate::state::AppState;
use crate::views;

/// How often a stream of an execution run by another process looks at the store.
const STORE_POLL: Duration = Duration::from_millis(100);
/// Keep-alive comments on quiet streams (proxies close silent connections).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    #[serde(default)]
    after_seq: Option<u64>,
    #[serde(default)]
    follow: Option<bool>,
}

pub async fn events(
    State(state): State<Arc<AppState>>,
    PathId(id): PathId,
    StrictQuery(query): StrictQuery<EventsQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let last_event_id = match headers.get("last-event-id") {
        None => None,
        Some(raw) => Some(
            raw.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<u64>().ok())
                .ok_or_else(|| ApiError::validation("Last-Event-ID must be an event's seq"))?,
        ),
    };
    let after = last_event_id.or(query.after_seq).unwrap_or(0);
    let source = match state.execution(&id) {
        Some(execution) => {
            let waiter = execution.waiter();
            Source::Live(execution, waiter)
        }
        None => {
            // 404 for an execution that does not exist (vm-system answered `null`).
            let lookup = id.clone();
            state
                .store(move |store| store.get_execution(&lookup, false).map(|_| ()))
                .await?;
            Source::Store
        }
    };
    let mut follow = Follow {
        state: Arc::clone(&state),
        id,
        after,
        source,
        pending: VecDeque::new(),
    };
    if query.follow.unwrap_or(false) {
        let stream = futures_util::stream::unfold(follow, |mut follow| async move {
            follow
                .next()
                .await
                .map(|event| (Ok::<_, Infallible>(event), follow))
        });
        Ok(sse(stream).into_response())
    } else {
        Ok(Json(Value::Array(follow.now().await?)).into_response())
    }
}

fn sse(
    stream: impl Stream<Item = Result<SseEvent, Infallible>> + Send + 'static,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>> + Send + 'static> {
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

enum Source {
    /// Queued or running in this server.
    Live(Arc<LiveExecution>, Waiter),
    /// Only in the store (ended, or run by another process).
    Store,
    /// The `end` event was sent.
    Done,
}

struct Follow {
    state: Arc<AppState>,
    id: String,
    /// The last `seq` handed out.
    after: u64,
    source: Source,
    pending: VecDeque<SseEvent>,
}

impl Follow {
    /// The events after `after` that exist now, as JSON.
    async fn now(&mut self) -> ApiResult<Vec<Value>> {
        let events: Vec<Value> = match &mut self.source {
            // Memory holds every event of a live execution: nothing there is nothing anywhere.
            Source::Live(execution, waiter) => match execution.read_after(self.after, waiter) {
                Read::Events(events) => events.iter().map(|e| event_json(e)).collect(),
                Read::End(_) | Read::Pending => Vec::new(),
            },
            Source::Store | Source::Done => self.stored().await?.iter().map(event_json).collect(),
        };
        Ok(events)
    }

    async fn stored(&self) -> ApiResult<Vec<Event>> {
        let (id, after) = (self.id.clone(), self.after);
        self.state
            .store(move |store| store.events_after(&id, after))
            .await
    }

    /// The next SSE event, waiting for it; `None` after the `end` event (or at shutdown).
    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            match &mut self.source {
                Source::Done => return None,
                Source::Live(execution, waiter) => match execution.read_after(self.after, waiter) {
                    Read::Events(events) => {
                        for event in events {
                            self.emit(&event);
                        }
                    }
                    Read::End(record) => {
                        self.end(views::execution(&record, false));
                    }
                    // At shutdown the session closes, so the execution ends too: no other wake-up needed.
                    Read::Pending => waiter.changed().await,
                },
                Source::Store => {
                    let events = match self.stored().await {
                        Ok(events) => events,
                        Err(error) => {
                            self.fail(&error);
                            continue;
                        }
                    };
                    let fresh = !events.is_empty();
                    for event in &events {
                        self.emit(event);
                    }
                    if fresh {
                        continue;
                    }
                    let id = self.id.clone();
                    match self
                        .state
                        .store(move |store| store.get_execution(&id, false))
                        .await
                    {
                        Ok(record) if record.status != ExecutionStatus::Running => {
                            // Events committed with the outcome may have landed after the read above.
                            match self.stored().await {
                                Ok(last) if !last.is_empty() => {
                                    for event in &last {
                                        self.emit(event);
                                    }
                                }
                                Ok(_) => self.end(views::execution(&record, false)),
                                Err(error) => self.fail(&error),
                            }
                        }
                        Ok(_) if *self.state.shutdown.borrow() => self.source = Source::Done,
                        Ok(_) => tokio::time::sleep(STORE_POLL).await,
                        Err(error) => self.fail(&error),
                    }
                }
            }
        }
    }

    fn emit(&mut self, event: &Event) {
        if event.seq <= self.after {
            return;
        }
        self.after = event.seq;
        self.pending.push_back(
            SseEvent::default()
                .id(event.seq.to_string())
                .data(event_json(event).to_string()),
        );
    }

    fn end(&mut self, execution: Value) {
        self.pending
            .push_back(SseEvent::default().event("end").data(execution.to_string()));
        self.source = Source::Done;
    }

    fn fail(&mut self, error: &ApiError) {
        let body = serde_json::json!({ "code": error.code, "message": error.message });
        self.pending
            .push_back(SseEvent::default().event("error").data(body.to_string()));
        self.source = Source::Done;
    }
}

fn event_json(event: &Event) -> Value {
    serde_json::to_value(event).unwrap_or(Value::Null)
}
