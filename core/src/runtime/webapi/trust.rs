//! Which certificate authorities `fetch`'s https requests trust: Mozilla's (the webpki roots), and with them
//! those of the PEM file the environment variable [`EXTRA_CA_CERTS`] names — as Node's `NODE_EXTRA_CA_CERTS`
//! and Deno's `DENO_CERT`, for a company's own authority or a TLS-inspecting proxy.
//!
//! The file is the host's setting, not the code's: the worker reads it from the environment it inherited from
//! the host (`vmjs serve`, the kernel, the CLI), once, at its first request. A file that cannot be read, is
//! too large or holds no certificate fails every https request with a message naming the variable and the file, rather
//! than quietly trusting less than was asked (Node warns and goes on without it).

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// The environment variable naming a PEM file of authorities trusted besides Mozilla's.
pub(crate) const EXTRA_CA_CERTS: &str = "VMJS_EXTRA_CA_CERTS";
/// Most bytes read from that file (Mozilla's whole bundle is about 200 KiB): a device or a wrong file named
/// by mistake fails with a message instead of filling the worker's memory.
const MAX_PEM_BYTES: u64 = 16 * 1024 * 1024;

/// The TLS settings of every request of this worker (read once), or why https cannot be used.
pub(super) fn tls_config() -> Result<&'static TlsConfig, String> {
    static CONFIG: OnceLock<Result<TlsConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let extra = std::env::var_os(EXTRA_CA_CERTS).filter(|value| !value.is_empty());
            let root_certs = match extra {
                None => RootCerts::WebPki,
                Some(path) => with_extra_authorities(Path::new(&path))?,
            };
            Ok(TlsConfig::builder().root_certs(root_certs).build())
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Mozilla's roots and the certificates of the PEM file at `path`.
fn with_extra_authorities(path: &Path) -> Result<RootCerts, String> {
    let setting = || format!("{EXTRA_CA_CERTS}={}", path.display());
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_PEM_BYTES + 1).read_to_end(&mut pem))
        .map_err(|e| format!("{}: cannot be read: {e}", setting()))?;
    if pem.len() as u64 > MAX_PEM_BYTES {
        return Err(format!(
            "{}: larger than {} MiB, not a file of certificates",
            setting(),
            MAX_PEM_BYTES / (1024 * 1024)
        ));
    }
    let extra = authorities_in(&pem).map_err(|reason| format!("{}: {reason}", setting()))?;
    let mozilla = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()));
    Ok(RootCerts::from(mozilla.chain(extra)))
}

/// The certificates of a PEM text (keys and other items ignored); an error when it holds none or a block
/// does not parse.
fn authorities_in(pem: &[u8]) -> Result<Vec<Certificate<'static>>, String> {
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        match item.map_err(|e| format!("not a PEM file: {e}"))? {
            PemItem::Certificate(certificate) => certificates.push(certificate),
            _ => continue,
        }
    }
    if certificates.is_empty() {
        return Err(
            "holds no certificate (a PEM file of `-----BEGIN CERTIFICATE-----` blocks)".into(),
        );
    }
    Ok(certificates)
}

/// What to add to a request's error when the server's certificate was made by an authority not trusted: how
/// to trust a private one. `None` for other errors (a certificate for another name, or expired, is refused
/// whoever made it).
pub(super) fn hint(error: &ureq::Error) -> Option<String> {
    let tls_error = match error {
        ureq::Error::Rustls(tls_error) => Some(tls_error),
        // The handshake's error, as ureq passes it on from rustls's stream.
        ureq::Error::Io(io) => io.get_ref().and_then(|inner| inner.downcast_ref()),
        _ => None,
    };
    matches!(
        tls_error,
        Some(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer
        ))
    )
    .then(|| {
        format!(
            "the server's certificate is not trusted (an authority of your own is trusted with {EXTRA_CA_CERTS}=FILE.pem)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_PEM: &[u8] = b"just some text\n";

    #[test]
    fn a_file_without_certificates_is_refused_with_what_it_should_hold() {
        let message = authorities_in(NOT_PEM).unwrap_err();
        assert!(message.contains("BEGIN CERTIFICATE"), "{message}");
        let key_only = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(authorities_in(key_only).is_err());
    }

    #[test]
    fn the_extra_authorities_are_added_to_mozillas_not_put_in_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ca.pem");
        // Any certificate serves here: the first of Mozilla's, written as PEM.
        let der = webpki_root_certs::TLS_SERVER_ROOT_CERTS[0].as_ref();
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|line| std::str::from_utf8(line).unwrap())
            .collect();
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            lines.join("\n")
        );
        std::fs::write(&file, pem).unwrap();
        let RootCerts::Specific(certs) = with_extra_authorities(&file).unwrap() else {
            panic!("not a list of certificates");
        };
        assert_eq!(
            certs.len(),
            webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() + 1
        );
        assert_eq!(certs.last().unwrap().der(), der);
    }

    #[test]
    fn a_device_or_a_huge_file_is_refused_without_reading_it_all() {
        let message = with_extra_authorities(Path::new("/dev/zero"))
            .err()
            .unwrap();
        assert!(
            message.ends_with("larger than 16 MiB, not a file of certificates"),
            "{message}"
        );
        let message = with_extra_authorities(Path::new("/")).err().unwrap();
        assert!(
            message.starts_with("VMJS_EXTRA_CA_CERTS=/: cannot be read"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_file_is_named_with_the_variable() {
        let message = with_extra_authorities(Path::new("/nonexistent/ca.pem"))
            .err()
            .unwrap();
        assert!(
            message.starts_with("VMJS_EXTRA_CA_CERTS=/nonexistent/ca.pem: cannot be read"),
            "{message}"
        );
    }
}
