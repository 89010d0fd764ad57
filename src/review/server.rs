//! The HTTP side of `litextract review`: tiny_http on 127.0.0.1, one
//! request at a time, and every security check in one place.
//!
//! Why tiny_http: a small synchronous server (four small dependencies, no
//! async runtime), which keeps the 2-core CI build short; a local app for
//! one or two people needs no more. Requests are handled one at a time on
//! one thread, which makes that thread the journal's single writer: two
//! tabs or two reviewers posting at once are serialized, nothing is lost.
//!
//! Checks, in order: the `Host` header must name this server (DNS
//! rebinding), the API wants the session token in a header (compared in
//! constant time; a header, not a cookie, so another site's page cannot
//! send it), a POST must be JSON from our own origin, and bodies are
//! capped. Every response carries a strict Content-Security-Policy.

use super::api;
use super::state::Review;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tiny_http::{Header, Method, Request, Response};

/// Largest request body accepted (a decision with a long note is ~2 KB).
pub const MAX_BODY: usize = 64 * 1024;
/// tiny_http drains an unread body on drop into one buffer the size the
/// client declared, so a forged `Content-Length` of terabytes would abort
/// the process. Bodies declared larger than this are never answered or
/// dropped: the connection is leaked instead (a local attacker's problem).
const NEVER_DRAIN: usize = 64 * 1024 * 1024;
/// The header that carries the session token.
pub const TOKEN_HEADER: &str = "X-Review-Token";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot read the output folder {dir}: {reason}")]
    Unreadable { dir: String, reason: std::io::Error },
    #[error("{dir} holds no records (litextract.record/1 JSON files); run `litextract extract --out {dir}` first")]
    NoRecords { dir: String },
    #[error("cannot listen on 127.0.0.1:{port}: {why}")]
    Bind { port: u16, why: String },
}

/// A bound review server, ready to [`run`](Server::run).
pub struct Server {
    http: Arc<tiny_http::Server>,
    port: u16,
    token: String,
    pub review: Review,
    pub default_reviewer: String,
}

/// Stops a running server from another thread.
#[derive(Clone)]
pub struct StopHandle(Arc<tiny_http::Server>);

impl StopHandle {
    pub fn stop(&self) {
        self.0.unblock();
    }
}

impl Server {
    /// Loads the folder and binds 127.0.0.1:`port` (0: any free port).
    pub fn bind(out: &std::path::Path, reviewer: &str, port: u16) -> Result<Server, StartError> {
        let dir = out.display().to_string();
        let review = Review::open(out).map_err(|reason| StartError::Unreadable {
            dir: dir.clone(),
            reason,
        })?;
        if review.corpus.is_empty() {
            return Err(StartError::NoRecords { dir });
        }
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let http = tiny_http::Server::http(addr).map_err(|e| StartError::Bind {
            port,
            why: e.to_string(),
        })?;
        let port = http.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Server {
            http: Arc::new(http),
            port,
            token: super::journal::random_hex(24),
            review,
            default_reviewer: reviewer.to_string(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The URL to open: the token rides in the fragment, which browsers
    /// never send to a server or put in a `Referer`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/#token={}", self.port, self.token)
    }

    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.http.clone())
    }

    /// Serves until [`StopHandle::stop`]; one request at a time.
    pub fn run(mut self) {
        let http = self.http.clone();
        for request in http.incoming_requests() {
            self.handle(request);
        }
    }

    fn handle(&mut self, mut req: Request) {
        if let Some(n) = req.body_length() {
            if n > NEVER_DRAIN {
                std::mem::forget(req);
                return;
            }
        }
        let reply = match self.check(&req) {
            Err(reply) => reply,
            Ok(()) => self.route(&mut req),
        };
        let _ = req.respond(reply.into_response());
    }

    fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
        req.headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// Host, token, origin and content type, before any work.
    fn check(&self, req: &Request) -> Result<(), Reply> {
        let host = Self::header(req, "Host").unwrap_or("");
        let ours = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !ours.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return Err(Reply::error(
                421,
                "this server answers only to 127.0.0.1 and localhost",
            ));
        }
        if !req.url().starts_with("/api/") {
            return Ok(());
        }
        let token = Self::header(req, TOKEN_HEADER).unwrap_or("");
        if !bool::from(token.as_bytes().ct_eq(self.token.as_bytes())) {
            return Err(Reply::error(
                401,
                "missing or wrong session token: open the URL litextract review printed",
            ));
        }
        if *req.method() == Method::Post {
            if let Some(origin) = Self::header(req, "Origin") {
                if !ours
                    .iter()
                    .any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")))
                {
                    return Err(Reply::error(403, "requests from other sites are refused"));
                }
            }
            let json = Self::header(req, "Content-Type")
                .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"));
            if !json {
                return Err(Reply::error(415, "the API takes application/json"));
            }
        }
        Ok(())
    }

    fn route(&mut self, req: &mut Request) -> Reply {
        let url = req.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        match (req.method(), path) {
            (Method::Get, "/") | (Method::Get, "/index.html") => {
                Reply::asset(INDEX_HTML, "text/html; charset=utf-8")
            }
            (Method::Get, "/app.js") => Reply::asset(APP_JS, "text/javascript; charset=utf-8"),
            (Method::Get, "/app.css") => Reply::asset(APP_CSS, "text/css; charset=utf-8"),
            (Method::Get, "/api/session") => api::session(self),
            (Method::Get, "/api/overview") => api::overview(self),
            (Method::Get, "/api/doc") => match query_param(query, "key") {
                Some(key) => api::doc(self, &key),
                None => Reply::error(400, "which document? (?key=…)"),
            },
            (Method::Post, "/api/decide") => match read_body(req) {
                Ok(body) => api::decide(self, &body),
                Err(reply) => reply,
            },
            (Method::Get, _) | (Method::Post, _) => Reply::error(404, "no such page"),
            _ => Reply::error(405, "only GET and POST"),
        }
    }
}

fn read_body(req: &mut Request) -> Result<Vec<u8>, Reply> {
    let too_big = || Reply::error(413, &format!("request body over {} KB", MAX_BODY / 1024));
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| Reply::error(400, "cannot read the request body"))?;
    if body.len() > MAX_BODY {
        return Err(too_big());
    }
    Ok(body)
}

/// One `name=value` of a query string, percent-decoded.
fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// A response before it is turned into tiny_http's type.
pub struct Reply {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    cache: bool,
}

impl Reply {
    pub fn json(status: u16, v: &impl serde::Serialize) -> Reply {
        Reply {
            status,
            body: serde_json::to_vec(v).unwrap_or_else(|_| b"{}".to_vec()),
            content_type: "application/json; charset=utf-8",
            cache: false,
        }
    }

    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &serde_json::json!({ "error": message }))
    }

    fn asset(text: &'static str, content_type: &'static str) -> Reply {
        Reply {
            status: 200,
            body: text.as_bytes().to_vec(),
            content_type,
            cache: true,
        }
    }

    fn into_response(self) -> Response<std::io::Cursor<Vec<u8>>> {
        let h = |k: &str, v: &str| {
            Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("ASCII header")
        };
        Response::from_data(self.body)
            .with_status_code(self.status)
            .with_header(h("Content-Type", self.content_type))
            .with_header(h("Content-Security-Policy", CSP))
            .with_header(h("X-Content-Type-Options", "nosniff"))
            .with_header(h("Referrer-Policy", "no-referrer"))
            .with_header(h("X-Frame-Options", "DENY"))
            .with_header(h("Cross-Origin-Resource-Policy", "same-origin"))
            .with_header(h(
                "Cache-Control",
                if self.cache { "no-cache" } else { "no-store" },
            ))
    }
}
