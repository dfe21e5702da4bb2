//! The connection file Jupyter writes for a kernel: transport, IP, the five ports and the signing key.

use std::path::Path;

use serde::Deserialize;

/// Why a connection file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    #[error("cannot read connection file {path}: {message}")]
    Read { path: String, message: String },
    #[error("connection file {path} is not valid: {message}")]
    Invalid { path: String, message: String },
    #[error("unsupported signature scheme `{0}` (vmjs supports hmac-sha256)")]
    SignatureScheme(String),
    #[error("unsupported transport `{0}` (tcp or ipc)")]
    Transport(String),
}

/// The parsed connection file.
#[derive(Debug, Clone, Deserialize)]
pub struct ConnectionInfo {
    #[serde(default = "default_transport")]
    pub transport: String,
    pub ip: String,
    pub shell_port: u16,
    pub iopub_port: u16,
    pub stdin_port: u16,
    pub control_port: u16,
    pub hb_port: u16,
    #[serde(default)]
    pub key: String,
    #[serde(default = "default_scheme")]
    pub signature_scheme: String,
}

fn default_transport() -> String {
    "tcp".into()
}

fn default_scheme() -> String {
    "hmac-sha256".into()
}

impl ConnectionInfo {
    /// Reads and validates a connection file.
    pub fn read(path: &Path) -> Result<Self, ConnectionError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConnectionError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let info: ConnectionInfo =
            serde_json::from_str(&text).map_err(|e| ConnectionError::Invalid {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        if !info.key.is_empty() && info.signature_scheme != "hmac-sha256" {
            return Err(ConnectionError::SignatureScheme(info.signature_scheme));
        }
        if info.transport != "tcp" && info.transport != "ipc" {
            return Err(ConnectionError::Transport(info.transport));
        }
        Ok(info)
    }

    /// The ZeroMQ endpoint of one channel (`tcp://127.0.0.1:5555`, or `ipc://path-5555` for IPC).
    pub fn endpoint(&self, port: u16) -> String {
        if self.transport == "ipc" {
            format!("ipc://{}-{port}", self.ip)
        } else {
            format!("tcp://{}:{port}", self.ip)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_jupyter_connection_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(
            &path,
            r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
                "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256",
                "kernel_name": "vmjs"}"#,
        )
        .unwrap();
        let info = ConnectionInfo::read(&path).unwrap();
        assert_eq!(info.endpoint(info.hb_port), "tcp://127.0.0.1:5");
    }

    #[test]
    fn bad_files_get_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = ConnectionInfo::read(&dir.path().join("none.json")).unwrap_err();
        assert!(missing.to_string().contains("cannot read"));
        let path = dir.path().join("c.json");
        std::fs::write(&path, "{").unwrap();
        assert!(
            ConnectionInfo::read(&path)
                .unwrap_err()
                .to_string()
                .contains("not valid")
        );
        std::fs::write(
            &path,
            r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
                "ip": "127.0.0.1", "key": "k", "signature_scheme": "hmac-md5"}"#,
        )
        .unwrap();
        assert!(matches!(
            ConnectionInfo::read(&path),
            Err(ConnectionError::SignatureScheme(_))
        ));
    }
}
