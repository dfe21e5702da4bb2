//! The HTTP side of the CLI client: requests to a `vmjs serve` with its token, answers as JSON, the API's
//! error envelope turned into a readable error, and Server-Sent Events read line by line.

use std::io::{BufRead, BufReader, Read};

use anyhow::{Context as _, bail};
use serde_json::Value;
use ureq::Agent;

/// A server to talk to.
pub struct Client {
    agent: Agent,
    base: String,
    token: Option<String>,
}

impl Client {
    /// `server` is the server's URL (`http://127.0.0.1:3210`); `token` is sent as a bearer token.
    pub fn new(server: &str, token: Option<String>) -> anyhow::Result<Self> {
        let base = server.trim_end_matches('/');
        if !base.starts_with("http://") {
            bail!("--server must be an http:// URL (got `{server}`)");
        }
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Self {
            agent,
            base: base.to_owned(),
            token,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    fn authorization(&self) -> Option<String> {
        self.token.as_ref().map(|t| format!("Bearer {t}"))
    }

    /// `GET path`, answered with JSON.
    pub fn get(&self, path: &str) -> anyhow::Result<Value> {
        let mut request = self.agent.get(&self.url(path));
        if let Some(auth) = self.authorization() {
            request = request.header("Authorization", &auth);
        }
        let response = request
            .call()
            .with_context(|| format!("GET {}", self.url(path)))?;
        json_answer(response)
    }

    /// `POST path` with a JSON body, answered with JSON.
    pub fn post(&self, path: &str, body: &Value) -> anyhow::Result<Value> {
        let mut request = self.agent.post(&self.url(path));
        if let Some(auth) = self.authorization() {
            request = request.header("Authorization", &auth);
        }
        let response = request
            .send_json(body)
            .with_context(|| format!("POST {}", self.url(path)))?;
        json_answer(response)
    }

    /// `GET path` as a stream of Server-Sent Events; `on_event` sees each (event name, id, data) and says
    /// whether to go on.
    pub fn events(
        &self,
        path: &str,
        last_event_id: Option<u64>,
        mut on_event: impl FnMut(&SseEvent) -> bool,
    ) -> anyhow::Result<()> {
        let mut request = self
            .agent
            .get(&self.url(path))
            .header("Accept", "text/event-stream");
        if let Some(auth) = self.authorization() {
            request = request.header("Authorization", &auth);
        }
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", &id.to_string());
        }
        let response = request
            .call()
            .with_context(|| format!("GET {}", self.url(path)))?;
        if !response.status().is_success() {
            return json_answer(response).map(|_| ());
        }
        let reader = BufReader::new(response.into_body().into_reader());
        read_events(reader, &mut on_event)
    }
}

/// One Server-Sent Event.
#[derive(Debug, Default, PartialEq)]
pub struct SseEvent {
    /// `message` unless the server named it (`end`, `error`).
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

/// Reads events until the stream ends or `on_event` says stop (the SSE format: `field: value` lines, a blank
/// line ends an event, `:` lines are comments).
pub fn read_events(
    reader: impl BufRead,
    on_event: &mut impl FnMut(&SseEvent) -> bool,
) -> anyhow::Result<()> {
    let mut event = SseEvent::default();
    let mut data: Vec<String> = Vec::new();
    for line in reader.lines() {
        let line = line.context("reading the event stream")?;
        if line.is_empty() {
            if !data.is_empty() {
                event.data = data.join("\n");
                if event.event.is_empty() {
                    event.event = "message".into();
                }
                if !on_event(&event) {
                    return Ok(());
                }
            }
            event = SseEvent::default();
            data.clear();
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((&line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event.event = value.to_owned(),
            "id" => event.id = Some(value.to_owned()),
            "data" => data.push(value.to_owned()),
            _ => {}
        }
    }
    Ok(())
}

/// The JSON of a 2xx answer; an error envelope otherwise, as `CODE: message`.
fn json_answer(mut response: ureq::http::Response<ureq::Body>) -> anyhow::Result<Value> {
    let status = response.status();
    let mut text = String::new();
    response
        .body_mut()
        .as_reader()
        .read_to_string(&mut text)
        .context("reading the answer")?;
    let value: Value = serde_json::from_str(&text)
        .with_context(|| format!("the server answered {status} with something other than JSON"))?;
    if status.is_success() {
        return Ok(value);
    }
    let error = &value["error"];
    match (error["code"].as_str(), error["message"].as_str()) {
        (Some(code), Some(message)) => bail!("{code}: {message} (HTTP {})", status.as_u16()),
        _ => bail!("the server answered {status}: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_split_on_blank_lines_with_names_ids_and_multiline_data() {
        let text = ": keep-alive\n\nid: 1\ndata: {\"seq\":1}\n\nid: 2\ndata: a\ndata: b\n\nevent: end\ndata: {}\n\n";
        let mut seen = Vec::new();
        read_events(text.as_bytes(), &mut |e: &SseEvent| {
            seen.push((e.event.clone(), e.id.clone(), e.data.clone()));
            true
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                ("message".into(), Some("1".into()), "{\"seq\":1}".into()),
                ("message".into(), Some("2".into()), "a\nb".into()),
                ("end".into(), None, "{}".into()),
            ]
        );
    }
}
