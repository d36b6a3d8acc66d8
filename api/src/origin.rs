//! The site's trusted origin. Absolute links (feeds, the sitemap, `robots.txt`) and the
//! session cookie's `Secure` flag and `__Host-` name follow the configured public URL, never a
//! request's `Host` or `X-Forwarded-*`, which any client can write. `X-Forwarded-For` names
//! the client only when the connection comes from a configured trusted proxy; that address is
//! what the rate limits and the logs use.

use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The cookie a signed-in browser carries over plain http (local development).
pub const SESSION_COOKIE: &str = "chancery_session";

/// The same over https: the `__Host-` prefix makes browsers refuse it unless it is `Secure`,
/// has `Path=/` and no `Domain`, so a sibling subdomain cannot plant or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-chancery_session";

/// Where the site lives and which peers may speak for clients.
#[derive(Debug, Clone)]
pub struct Origin {
    public_url: String,
    trusted_proxies: Vec<IpNet>,
}

impl Origin {
    /// `public_url` is a checked `http(s)://host[:port]` with no final `/`
    /// ([`parse_public_url`]).
    pub fn new(public_url: String, trusted_proxies: Vec<IpNet>) -> Self {
        Origin {
            public_url,
            trusted_proxies,
        }
    }

    /// The scheme and host every absolute link starts with.
    pub fn url(&self) -> &str {
        &self.public_url
    }

    /// Whether readers reach the site over TLS (so cookies are `Secure` and HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The session cookie's name.
    pub fn session_cookie(&self) -> &'static str {
        if self.is_https() {
            SECURE_SESSION_COOKIE
        } else {
            SESSION_COOKIE
        }
    }

    /// The client's address: the socket's peer, or, when that peer is a trusted proxy, the
    /// nearest address in `X-Forwarded-For` that is not itself a trusted proxy (entries further
    /// left were written by the client and prove nothing).
    pub fn client_ip(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = canonical(peer?.ip());
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut hops: Vec<IpAddr> = Vec::new();
        for value in headers.get_all("x-forwarded-for") {
            let Ok(text) = value.to_str() else {
                return Some(peer);
            };
            for hop in text.split(',') {
                match parse_hop(hop) {
                    Some(ip) => hops.push(ip),
                    // A garbled list cannot be trusted past this proxy.
                    None => return Some(peer),
                }
            }
        }
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`[::1]:80`, `1.2.3.4:80`).
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(canonical)
}

/// An IPv4 address mapped into IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Checks a configured public URL (`http(s)://host[:port]`, no path) and drops a final `/`.
pub fn parse_public_url(text: &str) -> anyhow::Result<String> {
    let trimmed = text.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| anyhow::anyhow!("the public URL must start with http:// or https://"))?;
    anyhow::ensure!(
        !rest.is_empty() && !rest.contains(['/', '?', '#', ' ', '@']),
        "the public URL must be a scheme and host only, such as https://example.org"
    );
    Ok(trimmed.to_owned())
}

/// Parses a `--trusted-proxy` value: an address (`10.0.0.1`) or a network (`10.0.0.0/8`).
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{text}` is not an IP address or a CIDR network such as 10.0.0.0/8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(forwarded: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in forwarded {
            map.append(
                HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_str(value).expect("header"),
            );
        }
        map
    }

    fn peer(text: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(text.parse().expect("ip"), 40_000))
    }

    fn origin(trusted: &[&str]) -> Origin {
        let nets = trusted
            .iter()
            .map(|t| parse_trusted_proxy(t).expect("net"))
            .collect();
        Origin::new("https://mission.example".to_owned(), nets)
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("ip"))
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let spoofed = headers(&["6.6.6.6"]);
        assert_eq!(
            origin(&[]).client_ip(peer("203.0.113.9"), &spoofed),
            ip("203.0.113.9")
        );
        let proxy = origin(&["10.0.0.0/8"]);
        assert_eq!(
            proxy.client_ip(peer("203.0.113.9"), &spoofed),
            ip("203.0.113.9")
        );
        assert_eq!(proxy.client_ip(peer("10.1.2.3"), &spoofed), ip("6.6.6.6"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let proxy = origin(&["10.0.0.0/8", "192.0.2.1"]);
        // The client wrote 6.6.6.6 itself; the CDN (192.0.2.1) and the balancer (10.0.0.1)
        // appended what they saw.
        let chain = headers(&["6.6.6.6, 198.51.100.7", "192.0.2.1"]);
        assert_eq!(
            proxy.client_ip(peer("10.0.0.1"), &chain),
            ip("198.51.100.7")
        );
        let garbled = headers(&["not an address"]);
        assert_eq!(proxy.client_ip(peer("10.0.0.1"), &garbled), ip("10.0.0.1"));
        let ported = headers(&["[2001:db8::1]:443"]);
        assert_eq!(
            proxy.client_ip(peer("10.0.0.1"), &ported),
            ip("2001:db8::1")
        );
        let mapped = origin(&["10.0.0.0/8"]);
        assert_eq!(
            mapped.client_ip(peer("::ffff:10.0.0.1"), &headers(&["1.2.3.4"])),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn https_public_urls_get_the_host_prefixed_cookie() {
        assert_eq!(origin(&[]).session_cookie(), SECURE_SESSION_COOKIE);
        let plain = Origin::new("http://127.0.0.1:8080".to_owned(), Vec::new());
        assert_eq!(plain.session_cookie(), SESSION_COOKIE);
        assert!(!plain.is_https());
    }

    #[test]
    fn public_urls_are_scheme_and_host_only() {
        assert_eq!(
            parse_public_url("https://example.org/").expect("valid"),
            "https://example.org"
        );
        assert!(parse_public_url("http://127.0.0.1:8080").is_ok());
        for bad in [
            "example.org",
            "ftp://x",
            "https://",
            "https://x/path",
            "https://u@x",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
        assert!(parse_trusted_proxy("10.0.0.0/8").is_ok());
        assert!(parse_trusted_proxy("::1").is_ok());
        assert!(parse_trusted_proxy("proxy.local").is_err());
    }
}
