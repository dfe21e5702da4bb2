//! Which hosts `fetch` may reach: a template's `net:HOST[:PORT]` grants, and the check of a URL against them.
//!
//! Hosts are compared as the WHATWG URL parser normalises them (the `url` crate, as `fetch` parses its URL):
//! lower-case, IDNA to punycode, IPv4 in any notation (`0x7f.1`, `2130706433`) to dotted decimal, IPv6
//! bracketed and compressed. So `http://granted@evil/` is a request to `evil`, and `localhost` does not grant
//! `127.0.0.1` (nor the reverse): a grant names exactly one host. A grant without a port allows every port of
//! its host (as Deno's `--allow-net=host`); with one, only that port (the scheme's default when the URL has
//! none). Only `http` and `https` URLs are fetched at all.

use url::{Host, Url};

/// A grant that does not parse as `HOST` or `HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`net:{text}` is not a host to grant: {reason} (write net:HOST or net:HOST:PORT, e.g. net:api.example.com:443)"
)]
pub struct NetGrantError {
    text: String,
    reason: String,
}

/// One parsed grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetGrant {
    host: Host<String>,
    port: Option<u16>,
}

impl NetGrant {
    /// Parses `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT` (the text after `net:`).
    pub fn parse(text: &str) -> Result<Self, NetGrantError> {
        let error = |reason: &str| NetGrantError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        if text.is_empty() {
            return Err(error("no host"));
        }
        if text.contains(['/', '@', '?', '#', '\\', '*']) || text.chars().any(char::is_whitespace) {
            return Err(error(
                "only a host and a port, no scheme, path, user or wildcard",
            ));
        }
        if text.ends_with(':') {
            return Err(error("an empty port"));
        }
        // The URL parser normalises the host as it does fetch's URL (an `http:` URL: a special scheme, whose
        // hosts are domains or IP addresses, not opaque text). It drops an explicit `:80` as the default port,
        // so whether a port was written is read from the text.
        let url = Url::parse(&format!("http://{text}/")).map_err(|e| error(&e.to_string()))?;
        let host = url.host().ok_or_else(|| error("no host"))?.to_owned();
        if matches!(&host, Host::Domain(name) if name.is_empty()) {
            return Err(error("no host"));
        }
        let after_host = match text.strip_prefix('[') {
            Some(bracketed) => bracketed.split_once(']').map_or("", |(_, rest)| rest),
            None => text,
        };
        let port = after_host
            .contains(':')
            .then(|| url.port_or_known_default())
            .flatten();
        Ok(Self { host, port })
    }

    /// The grant as stored and shown: its host normalised (`Example.COM:8080` → `example.com:8080`).
    pub fn normalized(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.to_string(),
        }
    }

    /// `true` when this grant covers `url` (an `http`/`https` URL with a host).
    fn covers(&self, url: &Url) -> bool {
        let (Some(host), Some(port)) = (url.host(), url.port_or_known_default()) else {
            return false;
        };
        host.to_owned() == self.host && self.port.is_none_or(|granted| granted == port)
    }
}

/// Why a URL may not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetDenied {
    /// Not `http:` or `https:`.
    #[error("fetch supports http: and https: URLs, not {0}")]
    Scheme(String),
    /// No grant covers the host and port.
    #[error(
        "fetch of {url} needs the `net:{host}` capability, which this session's template does not grant \
         (grant it with `vmjs template set TEMPLATE --allow net:{host}`)"
    )]
    NotGranted {
        /// The URL asked for.
        url: String,
        /// `host:port` as the grant would name it.
        host: String,
    },
}

/// Checks `url` against the template's grants (their text, as stored; one that does not parse grants
/// nothing — templates are checked when saved).
pub fn check(grants: &[String], url: &Url) -> Result<(), NetDenied> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(NetDenied::Scheme(format!("{}:", url.scheme())));
    }
    let granted = grants
        .iter()
        .filter_map(|text| NetGrant::parse(text).ok())
        .any(|grant| grant.covers(url));
    if granted {
        return Ok(());
    }
    let host = match (url.host(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        _ => String::new(),
    };
    Err(NetDenied::NotGranted {
        url: url.as_str().to_owned(),
        host,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(grants: &[&str], url: &str) -> bool {
        let grants: Vec<String> = grants.iter().map(|g| (*g).to_owned()).collect();
        check(&grants, &Url::parse(url).expect("a URL")).is_ok()
    }

    #[test]
    fn a_host_grant_allows_every_port_and_a_port_grant_one() {
        assert!(allowed(&["example.com"], "https://example.com/a"));
        assert!(allowed(&["example.com"], "http://example.com:8080/"));
        assert!(allowed(&["example.com:443"], "https://example.com/"));
        assert!(!allowed(&["example.com:443"], "http://example.com/"));
        assert!(!allowed(&["example.com:443"], "https://example.com:8443/"));
        // An explicit default port is a port grant all the same.
        assert!(allowed(&["example.com:80"], "http://example.com/"));
        assert!(!allowed(&["example.com:80"], "http://example.com:8080/"));
        assert!(!allowed(&["example.com:80"], "https://example.com/"));
        assert!(allowed(&["127.0.0.1:8080"], "http://127.0.0.1:8080/x"));
        assert!(allowed(&["[::1]:9"], "http://[0:0::1]:9/"));
    }

    #[test]
    fn what_an_attacker_writes_does_not_widen_a_grant() {
        let grant = &["good.test"];
        for url in [
            "http://good.test@evil.test/",    // userinfo: the host is evil.test
            "http://good.test:80@evil.test/", // same, with a "port"
            "http://evil.test/good.test",     // the path
            "http://evil.test/?good.test",    // the query
            "http://good.test.evil.test/",    // a suffix
            "http://evilgood.test/",          // a prefix
            "http://good.test./",             // a trailing dot is another name
            "http://xn--bcher-kva.test/",     // punycode of a name not granted
            "ftp://good.test/",               // another scheme
            "file:///etc/passwd",             // no host
            "data:text/plain,good.test",      // no host
        ] {
            assert!(!allowed(grant, url), "{url} was allowed");
        }
        // The host as the URL parser normalises it: case, IPv4 notations.
        assert!(allowed(grant, "http://GOOD.test/"));
        assert!(allowed(&["bücher.test"], "http://xn--bcher-kva.test/"));
        assert!(allowed(&["xn--bcher-kva.test"], "http://BÜCHER.test/"));
        assert!(allowed(&["127.0.0.1"], "http://2130706433/"));
        assert!(allowed(&["127.0.0.1"], "http://0x7f.1/"));
        assert!(!allowed(&["localhost"], "http://127.0.0.1/"));
        assert!(!allowed(&["127.0.0.1"], "http://localhost/"));
        assert!(!allowed(&["127.0.0.1"], "http://127.0.0.2/"));
        assert!(!allowed(&[], "http://127.0.0.1/"));
    }

    #[test]
    fn grants_that_are_not_one_host_are_refused() {
        for bad in [
            "",
            ":80",
            "example.com:",
            "example.com:99999",
            "http://example.com",
            "example.com/path",
            "user@example.com",
            "*.example.com",
            "exa mple.com",
            "[::1",
            "example.com:abc",
        ] {
            assert!(NetGrant::parse(bad).is_err(), "{bad:?} parsed");
        }
        let normalized = |text: &str| NetGrant::parse(text).map(|g| g.normalized());
        assert_eq!(
            normalized("Example.COM:8080"),
            Ok("example.com:8080".to_owned())
        );
        assert_eq!(normalized("[0:0::1]"), Ok("[::1]".to_owned()));
        assert_eq!(normalized("0x7f.1:80"), Ok("127.0.0.1:80".to_owned()));
        let message = NetGrant::parse("http://x").unwrap_err().to_string();
        assert!(message.contains("net:HOST:PORT"), "{message}");
    }

    #[test]
    fn a_denial_names_the_grant_to_add() {
        let url = Url::parse("http://API.example.com/v1").expect("a URL");
        let denied = check(&["other.example.com".to_owned()], &url).unwrap_err();
        let message = denied.to_string();
        assert!(
            message.contains("--allow net:api.example.com:80"),
            "{message}"
        );
        let denied = check(&[], &Url::parse("ftp://x/").expect("a URL")).unwrap_err();
        assert_eq!(denied, NetDenied::Scheme("ftp:".to_owned()));
    }
}
