//! Who may talk to the server: anyone on loopback by default; with a token (required for any other address),
//! only requests carrying `Authorization: Bearer <token>`, compared in constant time.

use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq as _;

use crate::error::ApiError;
use crate::{ServeConfig, ServerError};

/// The shortest token accepted from a file.
const MIN_TOKEN_CHARS: usize = 16;

/// The server's bearer token, if it has one.
#[derive(Clone)]
pub struct Token {
    secret: Option<String>,
    /// Where a generated token was written (printed once at start).
    pub generated_at: Option<PathBuf>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("required", &self.secret.is_some())
            .finish()
    }
}

impl Token {
    /// The token a server with `config` requires: read from `--token-file`; else, on an address other than
    /// loopback, a new random one written 0600 beside the database; else none.
    pub fn for_server(config: &ServeConfig) -> Result<Token, ServerError> {
        if let Some(path) = &config.token_file {
            return Ok(Token {
                secret: Some(read_token(path)?),
                generated_at: None,
            });
        }
        if config.listen.ip().is_loopback() {
            return Ok(Token {
                secret: None,
                generated_at: None,
            });
        }
        let path = config
            .db
            .parent()
            .unwrap_or(Path::new("."))
            .join("serve.token");
        let secret = generate()?;
        write_private(&path, &secret).map_err(|error| ServerError::Token {
            path: path.display().to_string(),
            message: error.to_string(),
        })?;
        Ok(Token {
            secret: Some(secret),
            generated_at: Some(path),
        })
    }

    /// The secret, to print once.
    pub fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }

    fn admits(&self, header: Option<&[u8]>) -> bool {
        let Some(secret) = &self.secret else {
            return true;
        };
        let Some(given) = header.and_then(|h| h.strip_prefix(b"Bearer ")) else {
            return false;
        };
        bool::from(given.ct_eq(secret.as_bytes()))
    }
}

fn read_token(path: &Path) -> Result<String, ServerError> {
    let failed = |message: String| ServerError::Token {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| failed(e.to_string()))?;
    let token = text.trim();
    if token.chars().count() < MIN_TOKEN_CHARS || token.chars().any(|c| c.is_whitespace()) {
        return Err(failed(format!(
            "the token must be at least {MIN_TOKEN_CHARS} characters, without spaces"
        )));
    }
    Ok(token.to_owned())
}

/// 32 random bytes as hex.
fn generate() -> Result<String, ServerError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| ServerError::Token {
        path: "(generated)".into(),
        message: error.to_string(),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes `secret` to `path`, readable by its owner only (also when the file existed with wider permissions).
fn write_private(path: &Path, secret: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(secret.as_bytes())?;
    file.write_all(b"\n")
}

/// Middleware: 401 `UNAUTHORIZED` for a request without the token.
pub async fn require(State(token): State<Arc<Token>>, request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .map(|value| value.as_bytes());
    if token.admits(header) {
        next.run(request).await
    } else {
        let mut response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
            "this server needs `Authorization: Bearer <token>`",
        )
        .into_response();
        response.headers_mut().insert(
            axum::http::header::WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(secret: &str) -> Token {
        Token {
            secret: Some(secret.into()),
            generated_at: None,
        }
    }

    #[test]
    fn only_the_exact_bearer_token_is_admitted() {
        let t = token("0123456789abcdef0123");
        assert!(t.admits(Some(b"Bearer 0123456789abcdef0123")));
        for wrong in [
            &b"Bearer 0123456789abcdef012"[..],
            b"Bearer 0123456789abcdef01234",
            b"bearer 0123456789abcdef0123",
            b"Bearer  0123456789abcdef0123",
            b"0123456789abcdef0123",
            b"Basic 0123456789abcdef0123",
            b"Bearer ",
            b"",
        ] {
            assert!(!t.admits(Some(wrong)), "{}", String::from_utf8_lossy(wrong));
        }
        assert!(!t.admits(None));
        let open = Token {
            secret: None,
            generated_at: None,
        };
        assert!(open.admits(None));
    }

    #[test]
    fn a_generated_token_is_written_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("serve.token");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let secret = generate().unwrap();
        assert_eq!(secret.len(), 64);
        write_private(&path, &secret).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), secret);
        assert_ne!(generate().unwrap(), secret);
    }

    #[test]
    fn short_or_spaced_token_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["", "short", "has a space in it somewhere"] {
            let path = dir.path().join("t");
            std::fs::write(&path, bad).unwrap();
            assert!(read_token(&path).is_err(), "{bad:?}");
        }
    }
}
