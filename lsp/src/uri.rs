//! `file://` URIs ↔ paths (percent-encoding of the path part only; other schemes have no path).

use std::path::{Path, PathBuf};

use gen_lsp_types::Uri;

/// The local path of a `file://` URI.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_ref().strip_prefix("file://")?;
    // `file://host/path` is not local; `file:///path` has an empty host.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(path)?;
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

/// The `file://` URI of an absolute path.
pub fn from_path(path: &Path) -> Uri {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from(out)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_spaces_and_unicode() {
        let path = Path::new("/tmp/a b/é.js");
        let uri = from_path(path);
        assert_eq!(uri.as_ref(), "file:///tmp/a%20b/%C3%A9.js");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        assert_eq!(to_path(&Uri::from("untitled:Untitled-1")), None);
        assert_eq!(to_path(&Uri::from("file:///bad%zz")), None);
    }
}
