//! `fetch` over https end to end, against TLS servers on loopback whose certificates a private authority made
//! for this test: trusted only when `VMJS_EXTRA_CA_CERTS` names the authority, and even then only for the
//! names and dates the certificate is good for. A server that is not trusted never receives the request.
//!
//! Each test sets the variable for its own process (nextest runs every test in a process of its own) before
//! its first worker starts; workers inherit it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use super::Env;
use super::fetch::{Server, failure, granting};

/// A certificate authority of this test's own.
struct Authority {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Authority {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Self { issuer }
    }

    /// Writes the authority's certificate as a PEM file.
    fn write_pem(&self, path: &Path) {
        std::fs::write(path, self.issuer.pem()).unwrap();
    }

    /// A server certificate for `names`, good until `not_after` (a year), and its key.
    fn certify(
        &self,
        names: &[&str],
        not_after: (i32, u8, u8),
    ) -> (CertificateDer<'static>, KeyPair) {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let key = KeyPair::generate().unwrap();
        let certificate = params.signed_by(&key, &self.issuer).unwrap();
        (certificate.der().clone(), key)
    }
}

/// An HTTPS server on an ephemeral loopback port answering every request `200 hello`, counting the requests
/// it read (a connection whose handshake fails sends none).
struct TlsServer {
    port: u16,
    requests: Arc<AtomicUsize>,
}

impl TlsServer {
    fn start(certificate: CertificateDer<'static>, key: &KeyPair) -> Self {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certificate], key)
        .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        std::thread::spawn(move || {
            for tcp in listener.incoming().flatten() {
                let (config, counted) = (Arc::clone(&config), Arc::clone(&counted));
                std::thread::spawn(move || {
                    let Ok(connection) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(connection, tcp);
                    let mut reader = BufReader::new(&mut tls);
                    let mut line = String::new();
                    // The request's head, up to its blank line (an error here is a refused handshake).
                    let mut lines = 0;
                    while reader.read_line(&mut line).is_ok_and(|read| read > 0) {
                        lines += 1;
                        if line == "\r\n" {
                            break;
                        }
                        line.clear();
                    }
                    if line != "\r\n" || lines < 2 {
                        return;
                    }
                    counted.fetch_add(1, Ordering::SeqCst);
                    let _ = tls.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello",
                    );
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        });
        Self { port, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Sets `VMJS_EXTRA_CA_CERTS` (or removes it) for this test's process and the workers it starts.
fn extra_ca_certs(value: Option<&Path>) {
    // SAFETY: nextest runs each test in its own process; this runs before any thread of the test starts.
    unsafe {
        match value {
            Some(path) => std::env::set_var("VMJS_EXTRA_CA_CERTS", path),
            None => std::env::remove_var("VMJS_EXTRA_CA_CERTS"),
        }
    }
}

/// Far enough ahead for a test certificate.
const GOOD_UNTIL: (i32, u8, u8) = (2100, 1, 1);

#[test]
fn an_authority_named_in_vmjs_extra_ca_certs_is_trusted_for_what_it_certified_only() {
    let files = tempfile::tempdir().unwrap();
    let authority = Authority::new("vmjs test authority");
    authority.write_pem(&files.path().join("ca.pem"));
    extra_ca_certs(Some(&files.path().join("ca.pem")));

    let (certificate, key) = authority.certify(&["localhost", "127.0.0.1"], GOOD_UNTIL);
    let good = TlsServer::start(certificate, &key);
    // Certified by the trusted authority, but for another name.
    let (certificate, key) = authority.certify(&["elsewhere.example"], GOOD_UNTIL);
    let misnamed = TlsServer::start(certificate, &key);
    // Certified for this name, but expired.
    let (certificate, key) = authority.certify(&["127.0.0.1"], (2021, 1, 1));
    let expired = TlsServer::start(certificate, &key);
    // Certified for this name by an authority nobody trusts.
    let (certificate, key) = Authority::new("unknown").certify(&["127.0.0.1"], GOOD_UNTIL);
    let stranger = TlsServer::start(certificate, &key);

    let env = Env::new();
    let ports = [good.port, misnamed.port, expired.port, stranger.port];
    let grants: Vec<String> = ports
        .iter()
        .map(|port| format!("127.0.0.1:{port}"))
        .collect();
    let session = env.session(granting(&grants));
    assert_eq!(
        super::value(
            &session,
            &format!(
                "const r = await fetch('https://127.0.0.1:{}/hi'); [r.status, r.url, await r.text()]",
                good.port
            )
        ),
        format!("[ 200, 'https://127.0.0.1:{}/hi', 'hello' ]", good.port)
    );
    assert_eq!(good.requests(), 1);

    for (server, reason, hint) in [
        (
            &misnamed,
            "certificate not valid for name \"127.0.0.1\"",
            false,
        ),
        (&expired, "expired", false),
        (&stranger, "UnknownIssuer", true),
    ] {
        let (name, message) = failure(
            &session,
            &format!("await fetch('https://127.0.0.1:{}/hi')", server.port),
        );
        assert_eq!(name, "TypeError", "{message}");
        assert!(message.contains(reason), "{reason}: {message}");
        assert_eq!(message.contains("VMJS_EXTRA_CA_CERTS"), hint, "{message}");
        assert_eq!(
            server.requests(),
            0,
            "{reason}: the request reached the server"
        );
    }
}

#[test]
fn without_the_variable_a_private_authority_is_refused_with_how_to_trust_it() {
    extra_ca_certs(None);
    let authority = Authority::new("vmjs test authority");
    let (certificate, key) = authority.certify(&["127.0.0.1"], GOOD_UNTIL);
    let server = TlsServer::start(certificate, &key);
    let env = Env::new();
    let session = env.session(granting(&[format!("127.0.0.1:{}", server.port)]));
    let (name, message) = failure(
        &session,
        &format!(
            "await fetch('https://127.0.0.1:{}/hi', {{method: 'POST', body: 'secret'}})",
            server.port
        ),
    );
    assert_eq!(name, "TypeError", "{message}");
    assert!(
        message.starts_with(&format!(
            "fetch failed: POST https://127.0.0.1:{}/hi: ",
            server.port
        )),
        "{message}"
    );
    assert!(message.contains("UnknownIssuer"), "{message}");
    assert!(
        message.contains("is trusted with VMJS_EXTRA_CA_CERTS=FILE.pem"),
        "{message}"
    );
    assert_eq!(
        server.requests(),
        0,
        "the request reached an untrusted server"
    );
}

#[test]
fn a_variable_naming_a_missing_file_fails_https_naming_it_and_leaves_http_alone() {
    let files = tempfile::tempdir().unwrap();
    refused_setting(&files.path().join("missing.pem"), "cannot be read");
}

#[test]
fn a_variable_naming_a_file_without_certificates_fails_https_naming_it() {
    let files = tempfile::tempdir().unwrap();
    let not_pem = files.path().join("notes.txt");
    std::fs::write(&not_pem, "not a certificate\n").unwrap();
    refused_setting(&not_pem, "holds no certificate");
}

/// With `VMJS_EXTRA_CA_CERTS` set to `file`, which cannot serve, an https request fails naming the setting
/// and `reason`, no server receives it, and plain http goes on working.
fn refused_setting(file: &Path, reason: &str) {
    extra_ca_certs(Some(file));
    let authority = Authority::new("vmjs test authority");
    let (certificate, key) = authority.certify(&["127.0.0.1"], GOOD_UNTIL);
    let server = TlsServer::start(certificate, &key);
    let plain = Server::start();
    let env = Env::new();
    let session = env.session(granting(&[
        format!("127.0.0.1:{}", server.port),
        format!("127.0.0.1:{}", plain.port),
    ]));
    let (name, message) = failure(
        &session,
        &format!("await fetch('https://127.0.0.1:{}/hi')", server.port),
    );
    assert_eq!(name, "TypeError", "{message}");
    assert!(
        message.contains(&format!("VMJS_EXTRA_CA_CERTS={}: {reason}", file.display())),
        "{message}"
    );
    assert_eq!(server.requests(), 0);
    assert_eq!(
        super::value(
            &session,
            &format!("await (await fetch('{}')).text()", plain.url("/text"))
        ),
        "'hello'"
    );
}
