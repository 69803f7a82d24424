//! Which `Host` names are served, as a middleware in front of every route.
//!
//! A web page on any site can make the browser talk to the server: by DNS rebinding (a name
//! of the attacker's that resolves to the server's address) it could read
//! `/__dangjian/events` and, through the workbench, write records. Such a request carries
//! the attacker's name in `Host`, so only the loopback names, the address listened on, and
//! the names given with `--allow-host` (the intranet name the other computers use) are
//! served. The check also refuses what the officer's browser never sends: no `Host` or two
//! of them, a request line naming another server, header values that are not UTF-8.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::refuse;

/// The host names served, and the port they must name.
#[derive(Debug, Clone)]
pub(crate) struct HostPolicy {
    pub(crate) port: u16,
    /// The address listened on, when it is a single one (not 0.0.0.0 or ::): a browser that
    /// was given that address names it.
    pub(crate) ip: Option<IpAddr>,
    pub(crate) extra: Vec<String>,
}

impl HostPolicy {
    pub(crate) fn new(listen: SocketAddr, extra: Vec<String>) -> HostPolicy {
        let ip = listen.ip();
        HostPolicy {
            port: listen.port(),
            ip: (!ip.is_unspecified()).then_some(ip),
            extra,
        }
    }

    /// `127.0.0.1`, `localhost` and `[::1]` (any letter case), the address listened on, or
    /// a configured name; with a port only the one listened on.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            // `[::1]` alone has colons inside its brackets; a port follows the `]`.
            Some((name, port)) if !port.contains(']') => (name, Some(port)),
            _ => (host.as_str(), None),
        };
        if port.is_some_and(|p| p.parse::<u16>().ok() != Some(self.port)) {
            return false;
        }
        let literal = name
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .ok();
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
            || (literal.is_some() && literal == self.ip)
            || self.extra.iter().any(|e| e.eq_ignore_ascii_case(name))
    }
}

/// Refuses a request whose `Host` is not served, or that is malformed in a way hyper lets
/// through.
pub(crate) async fn check(
    State(policy): State<Arc<HostPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    // `GET http://evil.example/ HTTP/1.1`: the absolute form is for proxies.
    if request.uri().authority().is_some() {
        return refuse(StatusCode::BAD_REQUEST, "请求行格式不正确");
    }
    let headers = request.headers();
    if headers
        .values()
        .any(|v| std::str::from_utf8(v.as_bytes()).is_err())
    {
        return refuse(StatusCode::BAD_REQUEST, "请求头不是有效的 UTF-8");
    }
    let mut hosts = headers.get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(h), None) => {
            let name = std::str::from_utf8(h.as_bytes()).unwrap_or("");
            if !policy.allows(name) {
                return refuse(StatusCode::FORBIDDEN, "拒绝访问：主机名不是本机");
            }
        }
        // Without exactly one Host the request cannot be checked.
        _ => return refuse(StatusCode::BAD_REQUEST, "请求须含一个 Host 头"),
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(listen: &str) -> HostPolicy {
        let listen = listen.parse().unwrap_or_else(|e| panic!("{listen}: {e}"));
        HostPolicy::new(listen, vec!["dangjian.lan".into()])
    }

    #[test]
    fn loopback_and_configured_hosts_are_served_others_refused() {
        let p = policy("127.0.0.1:1111");
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "[::1]",
            "dangjian.lan:1111",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:1112",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "",
            "localhost:",
            "10.0.0.5:1111",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn the_address_listened_on_is_served_but_not_any_address() {
        let p = policy("10.0.0.5:8443");
        assert!(p.allows("10.0.0.5:8443"));
        assert!(p.allows("10.0.0.5"));
        assert!(!p.allows("10.0.0.6:8443"));
        let any = policy("0.0.0.0:8443");
        assert!(!any.allows("0.0.0.0:8443"));
        assert!(!any.allows("10.0.0.5:8443"));
        assert!(any.allows("dangjian.lan"));
        let v6 = policy("[fd00::5]:8443");
        assert!(v6.allows("[fd00::5]:8443"));
    }
}
