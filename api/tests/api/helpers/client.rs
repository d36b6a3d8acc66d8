//! One way to ask the server, after crates.io's `RequestHelper`: the anonymous [`TestApp`]
//! (or [`Server`]) and every [`Identity`] send the same typed requests, and each answer comes
//! back whole as a [`TestResponse`] that decodes into the shared wire types.

use chancery_shared::page::Problem;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::TestApp;

/// Where requests go: a server's address and the HTTP client that asks it. A [`TestApp`] has
/// one; so has the real binary started by [`super::serve_binary`]. Asked directly, it is the
/// anonymous caller.
pub struct Server {
    address: String,
    client: reqwest::Client,
}

impl Server {
    pub(super) fn at(address: String) -> Server {
        Server {
            address,
            client: reqwest::Client::new(),
        }
    }

    /// `http://127.0.0.1:PORT`, which absolute links use when no public URL is set.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The absolute URL of `path` (with its query) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Asks with no credentials, like the server itself; for lists of callers.
    pub fn anonymous(&self) -> Identity<'_> {
        Identity::new(self, None)
    }

    /// Asks with the bearer token `secret` (one made over HTTP or by the CLI, or a made-up one).
    pub fn with_token(&self, secret: &str) -> Identity<'_> {
        Identity::new(self, Some(Credential::Bearer(secret.to_owned())))
    }

    /// Signs an existing user in; the session, or the status of the refusal. Every session's
    /// cookie is checked to be HttpOnly and SameSite=Strict.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Identity<'_>, u16> {
        self.sign_in_from(name, password, None).await
    }

    /// Signs in from a browser that calls itself `user_agent` (reqwest's own when `None`).
    pub async fn sign_in_from(
        &self,
        name: &str,
        password: &str,
        user_agent: Option<&str>,
    ) -> Result<Identity<'_>, u16> {
        let mut request = self
            .request(Method::POST, "/api/v1/session")
            .json(&serde_json::json!({"name": name, "password": password}));
        if let Some(agent) = user_agent {
            request = request.header("User-Agent", agent);
        }
        let response = request.send().await;
        if response.status() != 200 {
            return Err(response.status().as_u16());
        }
        let set_cookie = response.header("set-cookie");
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
        let cookie = set_cookie.split(';').next().expect("name=value").to_owned();
        // The answer has no shared type (it is the API's own `SessionStarted`).
        let started: Value = response.json();
        let csrf = started["csrf_token"].as_str().expect("csrf").to_owned();
        let credential = Credential::Session {
            cookie,
            csrf: Some(csrf),
        };
        Ok(Identity::new(self, Some(credential)))
    }
}

/// How a request proves who sends it.
#[derive(Debug, Clone)]
enum Credential {
    /// `Authorization: Bearer …`.
    Bearer(String),
    /// A session cookie (`name=value`) and the CSRF token writes send with it, if any.
    Session {
        cookie: String,
        csrf: Option<String>,
    },
}

/// Someone asking the server: a token's holder, a signed-in browser, or no one in particular
/// ([`TestApp::anonymous`]). Cheap to clone; it borrows the app.
#[derive(Debug, Clone)]
pub struct Identity<'a> {
    server: &'a Server,
    credential: Option<Credential>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl<'a> Identity<'a> {
    fn new(server: &'a Server, credential: Option<Credential>) -> Self {
        Identity { server, credential }
    }

    /// The bearer token's secret.
    pub fn token(&self) -> &str {
        match &self.credential {
            Some(Credential::Bearer(secret)) => secret,
            other => panic!("not a token: {other:?}"),
        }
    }

    /// The CSRF token the session sends with its requests.
    pub fn csrf(&self) -> &str {
        match &self.credential {
            Some(Credential::Session {
                csrf: Some(csrf), ..
            }) => csrf,
            other => panic!("not a session with a CSRF token: {other:?}"),
        }
    }

    /// The session cookie, as `name=value`.
    pub fn cookie(&self) -> &str {
        match &self.credential {
            Some(Credential::Session { cookie, .. }) => cookie,
            other => panic!("not a session: {other:?}"),
        }
    }

    /// The same session sending no CSRF token (as a forged cross-site request would).
    pub fn without_csrf(&self) -> Identity<'a> {
        self.csrf_as(None)
    }

    /// The same session sending `csrf` as its CSRF token instead of its own.
    pub fn with_csrf(&self, csrf: &str) -> Identity<'a> {
        self.csrf_as(Some(csrf.to_owned()))
    }

    fn csrf_as(&self, csrf: Option<String>) -> Identity<'a> {
        let cookie = self.cookie().to_owned();
        Identity::new(self.server, Some(Credential::Session { cookie, csrf }))
    }

    /// Creates a publication from `record` (`POST /publications`, which must answer 201).
    pub async fn create_publication(
        &self,
        record: &impl Serialize,
    ) -> chancery_shared::publication::Publication {
        let response = self.post_json("/api/v1/publications", record).await;
        assert_eq!(
            response.status(),
            201,
            "{}: {}",
            serde_json::to_string(record).expect("JSON"),
            response.text()
        );
        response.json()
    }

    /// Changes publication `slug` by the merge patch `patch`, with `If-Match` from a fresh read
    /// (which must answer 200).
    pub async fn amend_publication(
        &self,
        slug: &str,
        patch: &impl Serialize,
    ) -> chancery_shared::publication::Publication {
        let path = format!("/api/v1/publications/{slug}");
        let etag = self.get(&path).await.etag();
        let response = self.patch_merge(&path, patch, Some(&etag)).await;
        assert_eq!(response.status(), 200, "{path}: {}", response.text());
        response.json()
    }

    /// The audit log's newest 100 entries, newest first, as this identity reads them.
    pub async fn audit(&self) -> Vec<chancery_shared::staff::AuditEntry> {
        let page: chancery_shared::page::Page<chancery_shared::staff::AuditEntry> =
            self.get_json("/api/v1/audit?per_page=100").await;
        page.items
    }
}

/// Sending requests as someone: implemented by the anonymous [`TestApp`] and by each
/// [`Identity`]. Paths are the path and query on the server (`/api/v1/home?at=…`).
pub trait RequestHelper {
    /// `method path` with this caller's credentials, for headers or a body before sending.
    fn request(&self, method: Method, path: &str) -> TestRequest;

    /// `GET path`.
    async fn get(&self, path: &str) -> TestResponse {
        self.request(Method::GET, path).send().await
    }

    /// `GET path`, which must answer 200, decoded as `T`.
    async fn get_json<T: DeserializeOwned + Serialize>(&self, path: &str) -> T {
        self.get(path).await.good()
    }

    /// `GET /api/v1/me`: who these credentials are, or a 401.
    async fn me(&self) -> TestResponse {
        self.get("/api/v1/me").await
    }

    /// `POST path` with `body` as JSON.
    async fn post_json(&self, path: &str, body: &impl Serialize) -> TestResponse {
        self.request(Method::POST, path).json(body).send().await
    }

    /// `PUT path` with `body` as JSON, and `If-Match` when given.
    async fn put_json(
        &self,
        path: &str,
        body: &impl Serialize,
        if_match: Option<&str>,
    ) -> TestResponse {
        self.request(Method::PUT, path)
            .if_match(if_match)
            .json(body)
            .send()
            .await
    }

    /// `PATCH path` with `patch` as an RFC 7396 merge patch, and `If-Match` when given.
    async fn patch_merge(
        &self,
        path: &str,
        patch: &impl Serialize,
        if_match: Option<&str>,
    ) -> TestResponse {
        self.request(Method::PATCH, path)
            .if_match(if_match)
            .merge_patch(patch)
            .send()
            .await
    }

    /// `DELETE path`, with `If-Match` when given.
    async fn delete(&self, path: &str, if_match: Option<&str>) -> TestResponse {
        self.request(Method::DELETE, path)
            .if_match(if_match)
            .send()
            .await
    }
}

impl RequestHelper for Server {
    fn request(&self, method: Method, path: &str) -> TestRequest {
        TestRequest::new(self, None, method, path)
    }
}

impl RequestHelper for TestApp {
    fn request(&self, method: Method, path: &str) -> TestRequest {
        self.server().request(method, path)
    }
}

impl RequestHelper for Identity<'_> {
    fn request(&self, method: Method, path: &str) -> TestRequest {
        TestRequest::new(self.server, self.credential.as_ref(), method, path)
    }
}

/// A request being put together; [`TestRequest::send`] owns everything it needs, so it may be
/// spawned.
pub struct TestRequest {
    builder: reqwest::RequestBuilder,
    what: String,
}

impl TestRequest {
    fn new(server: &Server, credential: Option<&Credential>, method: Method, path: &str) -> Self {
        let what = format!("{method} {path}");
        let builder = server.client.request(method, server.url(path));
        let builder = match credential {
            None => builder,
            Some(Credential::Bearer(secret)) => builder.bearer_auth(secret),
            Some(Credential::Session { cookie, csrf }) => {
                let builder = builder.header("Cookie", cookie);
                match csrf {
                    Some(csrf) => builder.header("X-CSRF-Token", csrf),
                    None => builder,
                }
            }
        };
        TestRequest { builder, what }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// `If-Match: tag`, when given.
    pub fn if_match(self, tag: Option<&str>) -> Self {
        match tag {
            Some(tag) => self.header("If-Match", tag),
            None => self,
        }
    }

    /// A JSON body (`Content-Type: application/json`).
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.builder = self.builder.json(body);
        self
    }

    /// An RFC 7396 merge patch (`Content-Type: application/merge-patch+json`).
    pub fn merge_patch(self, patch: &impl Serialize) -> Self {
        let text = serde_json::to_string(patch).expect("JSON");
        self.body("application/merge-patch+json", text)
    }

    /// Any body, with its content type.
    pub fn body(mut self, content_type: &str, body: impl Into<reqwest::Body>) -> Self {
        self.builder = self.builder.header("Content-Type", content_type).body(body);
        self
    }

    /// Sends it and reads the whole answer.
    pub async fn send(self) -> TestResponse {
        let response = self
            .builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", self.what));
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{}: reading the body: {e}", self.what))
            .to_vec();
        TestResponse {
            what: self.what,
            status,
            headers,
            body,
        }
    }
}

/// An answer, read whole: its status, headers and body.
#[derive(Debug)]
pub struct TestResponse {
    /// The request, as `METHOD path`, for messages.
    what: String,
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl TestResponse {
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The header `name` as text; it must be there.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("{}: no {name} header in {:?}", self.what, self.headers))
            .to_str()
            .unwrap_or_else(|_| panic!("{}: {name} is not text", self.what))
    }

    /// The `ETag` header.
    pub fn etag(&self) -> String {
        self.header("etag").to_owned()
    }

    /// The target of the `rel` link in the `Link` header, if there is one.
    pub fn link(&self, rel: &str) -> Option<String> {
        let header = self.headers.get("link")?.to_str().ok()?;
        header
            .split(", ")
            .find(|l| l.ends_with(&format!("rel=\"{rel}\"")))
            .and_then(|l| l.split('>').next())
            .map(|l| l.trim_start_matches('<').to_owned())
    }

    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone())
            .unwrap_or_else(|_| panic!("{}: the body is not UTF-8", self.what))
    }

    /// The body decoded as `T`, whatever the status. Beyond decoding, the body must be exactly
    /// what `T` serializes back to (no field missing, extra, `null` for absent or spelled
    /// otherwise), so a typed assertion checks the wire as closely as indexing the raw JSON.
    pub fn json<T: DeserializeOwned + Serialize>(&self) -> T {
        let raw: Value = serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} ({}): not JSON ({e}): {}",
                self.what,
                self.status,
                self.text()
            )
        });
        let typed: T = serde_json::from_value(raw.clone()).unwrap_or_else(|e| {
            panic!(
                "{} ({}): not a {} ({e}): {raw}",
                self.what,
                self.status,
                std::any::type_name::<T>()
            )
        });
        let again = serde_json::to_value(&typed).expect("serializes");
        if let Some(difference) = first_difference(&raw, &again, "$") {
            panic!(
                "{} ({}): the body is not exactly a {}: {difference}",
                self.what,
                self.status,
                std::any::type_name::<T>()
            );
        }
        typed
    }

    /// The body decoded as `T`; the status must be 200.
    pub fn good<T: DeserializeOwned + Serialize>(&self) -> T {
        assert_eq!(self.status, 200, "{}: {}", self.what, self.text());
        self.json()
    }

    /// The problem this answer must be: `status`, as `application/problem+json`, whose own
    /// `status` agrees.
    pub fn problem(&self, status: u16) -> Problem {
        assert_eq!(self.status, status, "{}: {}", self.what, self.text());
        assert_eq!(
            self.header("content-type"),
            "application/problem+json",
            "{}",
            self.what
        );
        let problem: Problem = self.json();
        assert_eq!(problem.status, status, "{}", self.what);
        problem
    }
}

/// Where two JSON values first differ, as `path: left ≠ right`.
fn first_difference(left: &Value, right: &Value, path: &str) -> Option<String> {
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let here = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(found) = first_difference(x, y, &here) {
                            return Some(found);
                        }
                    }
                    (x, y) => return Some(format!("{here}: {x:?} ≠ {y:?}")),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        _ if left == right => None,
        _ => Some(format!("{path}: {left} ≠ {right}")),
    }
}
