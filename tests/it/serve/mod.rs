//! `vmjs serve` end to end: a real server process on loopback (port 0), real HTTP (ureq), real SSE streams,
//! the real CLI as its client, real signals.

mod api;
mod connections;
mod lifecycle;
mod streams;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::vmjs_bin;

/// A running `vmjs serve` with its own database and session root.
pub struct Server {
    pub child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
    pub token: Option<String>,
    agent: ureq::Agent,
    /// The server's first stdout lines (address, token).
    pub banner: Vec<String>,
}

/// An answer: status, JSON body, headers we look at.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub request_id: Option<String>,
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        Self::start_in(tempfile::tempdir().unwrap(), extra)
    }

    /// Starts a server on the database of `dir` (a restart reuses the directory).
    pub fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        let mut args: Vec<String> = vec![
            "--db".into(),
            dir.path().join("vmjs.db").display().to_string(),
            "serve".into(),
        ];
        if !extra.contains(&"--listen") {
            args.extend(["--listen".into(), "127.0.0.1:0".into()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut child = Command::new(vmjs_bin())
            .args(&args)
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("the server printed nothing").unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_owned();
        let mut banner = vec![first];
        let token = if args.iter().any(|a| a.starts_with("0.0.0.0")) {
            let line = lines.next().unwrap().unwrap();
            let token = line.rsplit(' ').next().unwrap().to_owned();
            banner.push(line);
            Some(token)
        } else {
            None
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child,
            url,
            dir,
            token,
            agent,
            banner,
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("vmjs.db")
    }

    fn auth(&self) -> Option<String> {
        self.token.as_ref().map(|t| format!("Bearer {t}"))
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        auth: Option<&str>,
    ) -> Answer {
        let url = format!("{}{path}", self.url);
        let builder = ureq::http::Request::builder().method(method).uri(&url);
        let builder = match auth.map(str::to_owned).or_else(|| self.auth()) {
            Some(auth) => builder.header("Authorization", auth),
            None => builder,
        };
        let response = match body {
            Some(body) => self.agent.run(
                builder
                    .header("Content-Type", "application/json")
                    .body(body.to_owned())
                    .unwrap(),
            ),
            None => self.agent.run(builder.body(()).unwrap()),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"))
        };
        Answer {
            status,
            body,
            request_id,
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", &format!("/api/v1{path}"), None, None)
    }

    pub fn post(&self, path: &str, body: Value) -> Answer {
        self.request(
            "POST",
            &format!("/api/v1{path}"),
            Some(&body.to_string()),
            None,
        )
    }

    pub fn delete(&self, path: &str) -> Answer {
        self.request("DELETE", &format!("/api/v1{path}"), None, None)
    }

    /// A session of `template` (name) rooted at the server's directory; its id.
    pub fn session(&self, template: &str) -> String {
        let answer = self.post(
            "/sessions",
            json!({ "template": template, "worktree_path": self.root() }),
        );
        assert_eq!(answer.status, 201, "{answer:?}");
        answer.body["id"].as_str().unwrap().to_owned()
    }

    /// Runs REPL input and waits for the outcome (the default); the execution.
    pub fn repl(&self, session: &str, input: &str) -> Value {
        let answer = self.post(
            "/executions/repl",
            json!({ "session_id": session, "input": input }),
        );
        assert_eq!(answer.status, 201, "{answer:?}");
        answer.body
    }

    /// Submits REPL input without waiting; the execution id.
    pub fn submit(&self, session: &str, input: &str) -> String {
        let answer = self.post(
            "/executions/repl?wait=false",
            json!({ "session_id": session, "input": input }),
        );
        assert_eq!(answer.status, 201, "{answer:?}");
        answer.body["id"].as_str().unwrap().to_owned()
    }

    /// Waits until execution `id` has a final status; the execution.
    pub fn wait_end(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = self.get(&format!("/executions/{id}"));
            let status = answer.body["status"].as_str().unwrap_or("").to_owned();
            if !matches!(status.as_str(), "running" | "queued") {
                return answer.body;
            }
            assert!(Instant::now() < deadline, "execution {id} never ended");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Runs the CLI as this server's client.
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut command = Command::new(vmjs_bin());
        command.arg("--server").arg(&self.url).args(args);
        command.current_dir(self.root());
        command
            .env_remove("VMJS_SERVER")
            .env_remove("VMJS_TOKEN_FILE");
        match &self.token {
            Some(token) => command.env("VMJS_TOKEN", token),
            None => command.env_remove("VMJS_TOKEN"),
        };
        command.output().unwrap()
    }

    /// Sends `signal` and waits (bounded) for the server to exit; its exit status.
    pub fn stop(&mut self, signal: i32) -> std::process::ExitStatus {
        // SAFETY: signalling our own child by pid.
        unsafe {
            libc::kill(self.child.id() as i32, signal);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The code of an error answer.
pub fn code(answer: &Answer) -> &str {
    answer.body["error"]["code"].as_str().unwrap_or("")
}

/// Asserts an error answer's status and code, and that it has the envelope's three fields.
#[track_caller]
pub fn assert_error(answer: &Answer, status: u16, expected: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(code(answer), expected, "{answer:?}");
    let error = answer.body["error"].as_object().unwrap();
    assert!(
        error.contains_key("message") && error.contains_key("details"),
        "{answer:?}"
    );
    assert!(!error["message"].as_str().unwrap().is_empty());
}

/// Processes (workers) whose parent is `pid`.
pub fn children_of(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) {
            // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
            let after = &stat[stat.rfind(')').unwrap() + 2..];
            let ppid: u32 = after.split(' ').nth(1).unwrap().parse().unwrap();
            if ppid == pid && !after.starts_with('Z') {
                found.push(child);
            }
        }
    }
    found
}
