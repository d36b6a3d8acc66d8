//! The role-by-endpoint permission matrix: every staff-relevant request, asked by everyone who
//! might ask it, must get the answer its row says. Each cell gets fresh fixtures (its own
//! drafts, publication or token, and the current `If-Match`), so cells do not depend on each
//! other; every cell that disagrees is reported by name. Adding an endpoint is one row.

use chancery_shared::staff::{Role, SessionInfo};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp};

/// Who asks, in the matrix's column order.
const WHO: [&str; 7] = [
    "anonymous",
    "contributor",
    "editor",
    "admin",
    "revoked token",
    "bad token",
    "admin cookie without CSRF",
];

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Any 2xx: the request was allowed and done.
    Allowed,
    /// Exactly this status.
    Status(u16),
}

const OK: Expect = Expect::Allowed;
/// No usable credentials.
const U: Expect = Expect::Status(401);
/// Credentials too weak, or a cookie write without its CSRF token.
const F: Expect = Expect::Status(403);
/// Hidden from the public.
const N: Expect = Expect::Status(404);

/// A request body. Placeholders as in paths.
#[derive(Debug, Clone, Copy)]
enum Body {
    None,
    Json(&'static str),
    /// An RFC 7396 merge patch.
    Merge(&'static str),
    /// The resource as an admin reads it now, changed by this merge patch (a whole-document
    /// PUT such as the settings).
    CurrentWith(&'static str),
}
use Body::{CurrentWith, Json, Merge};

struct Row {
    method: &'static str,
    /// `{own}`: a draft by the contributor; `{others}`: a draft by the editor; `{published}`:
    /// a live publication; `{token}`: a live contributor token; `{user}`: an editor who is
    /// signed in; `{session}`: that user's session; `{n}`: the cell's number.
    path: &'static str,
    body: Body,
    expect: [Expect; 7],
}

const fn row(method: &'static str, path: &'static str, body: Body, expect: [Expect; 7]) -> Row {
    Row {
        method,
        path,
        body,
        expect,
    }
}

const DRAFT: &str =
    r#"{"kind": "statement", "title": "Draft {n}", "published_at": "2020-07-16T09:00:00Z"}"#;
const PUBLISHED: &str = r#"{"kind": "statement", "title": "Published {n}", "published_at": "2020-07-16T09:00:00Z", "status": "published"}"#;
const REPLACEMENT: &str =
    r#"{"kind": "statement", "title": "Replaced {n}", "published_at": "2020-07-16T09:00:00Z"}"#;
const MY_PASSWORD: &str = r#"{"current_password": "a long enough passphrase", "new_password": "a new long passphrase {n}"}"#;
const CONTACTS: &str = r#"{"contacts": [{"label": "Press {n}", "phone": "+44 20 7000 0000"}]}"#;
const CLOCKS: &str = r#"{"clocks": [{"label": "Paris {n}", "time_zone": "Europe/Paris"}]}"#;
const COUNTERS: &str = r#"{"counters": [{"slug": "counter-{n}", "label": "the matrix {n}", "event_date": "2018-03-04", "time_zone": "Europe/Moscow"}]}"#;
const NEW_USER: &str =
    r#"{"name": "user-{n}", "role": "contributor", "password": "a long enough passphrase"}"#;
const SIGN_IN: &str = r#"{"name": "matrix-user", "password": "a long enough passphrase"}"#;

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //   method    path                                          body                                                   anon contr edit admin revkd bad cookie
    row("GET",    "/api/v1/publications",                        Body::None,                                            [OK, OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications?status=draft",           Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{published}",            Body::None,                                            [OK, OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications?status=scheduled",       Body::None,                                            [U,  F,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications?status=withdrawn",       Body::None,                                            [U,  F,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{own}",                  Body::None,                                            [N,  OK, OK, OK, U, U, OK]),
    // Contributors see published pieces and their own drafts only.
    row("GET",    "/api/v1/publications/{others}",               Body::None,                                            [N,  N,  OK, OK, U, U, OK]),
    // Translations: public, and as each caller may read the piece itself.
    row("GET",    "/api/v1/publications/{published}/translations", Body::None,                                          [OK, OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{own}/translations",     Body::None,                                            [N,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{others}/translations",  Body::None,                                            [N,  N,  OK, OK, U, U, OK]),
    // Public, but credentials decide whether a future `at` previews, so bad ones are refused.
    row("GET",    "/api/v1/home",                                Body::None,                                            [OK, OK, OK, OK, U, U, OK]),
    row("POST",   "/api/v1/publications",                        Json(DRAFT),                                           [U,  OK, OK, OK, U, U, F]),
    row("POST",   "/api/v1/publications",                        Json(PUBLISHED),                                       [U,  F,  OK, OK, U, U, F]),
    row("PUT",    "/api/v1/publications/{own}",                  Json(REPLACEMENT),                                     [U,  OK, OK, OK, U, U, F]),
    row("PUT",    "/api/v1/publications/{others}",               Json(REPLACEMENT),                                     [U,  F,  OK, OK, U, U, F]),
    row("PUT",    "/api/v1/publications/{published}",            Json(REPLACEMENT),                                     [U,  F,  OK, OK, U, U, F]),
    row("PATCH",  "/api/v1/publications/{own}",                  Merge(r#"{"title": "Amended {n}"}"#),                  [U,  OK, OK, OK, U, U, F]),
    row("PATCH",  "/api/v1/publications/{own}",                  Merge(r#"{"status": "published"}"#),                   [U,  F,  OK, OK, U, U, F]),
    row("PATCH",  "/api/v1/publications/{others}",               Merge(r#"{"title": "Amended {n}"}"#),                  [U,  F,  OK, OK, U, U, F]),
    row("PATCH",  "/api/v1/publications/{published}",            Merge(r#"{"title": "Amended {n}"}"#),                  [U,  F,  OK, OK, U, U, F]),
    row("DELETE", "/api/v1/publications/{own}",                  Body::None,                                            [U,  OK, OK, OK, U, U, F]),
    row("DELETE", "/api/v1/publications/{others}",               Body::None,                                            [U,  F,  OK, OK, U, U, F]),
    row("DELETE", "/api/v1/publications/{published}",            Body::None,                                            [U,  F,  OK, OK, U, U, F]),
    row("GET",    "/api/v1/publications/{own}/revisions",        Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{own}/revisions/1",      Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{own}/diff?from=1&to=1", Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{others}/revisions",     Body::None,                                            [U,  N,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{published}/revisions",  Body::None,                                            [U,  F,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{published}/revisions/1",Body::None,                                            [U,  F,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/publications/{published}/diff?from=1&to=1", Body::None,                                      [U,  F,  OK, OK, U, U, OK]),
    row("GET",    "/api/v1/settings",                            Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("PUT",    "/api/v1/settings",                            CurrentWith(CONTACTS),                                 [U,  F,  OK, OK, U, U, F]),
    row("PUT",    "/api/v1/settings",                            CurrentWith(CLOCKS),                                   [U,  F,  OK, OK, U, U, F]),
    row("PUT",    "/api/v1/settings",                            CurrentWith(COUNTERS),                                 [U,  F,  OK, OK, U, U, F]),
    row("PUT",    "/api/v1/settings",                            CurrentWith(r#"{"name": "Embassy {n}"}"#),             [U,  F,  F,  OK, U, U, F]),
    row("PUT",    "/api/v1/settings",                            CurrentWith(r#"{"home_time_zone": "Europe/London"}"#), [U,  F,  F,  OK, U, U, F]),
    row("GET",    "/api/v1/audit",                               Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("GET",    "/api/v1/me",                                  Body::None,                                            [U,  OK, OK, OK, U, U, OK]),
    row("GET",    "/api/v1/tokens",                              Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("POST",   "/api/v1/tokens",                              Json(r#"{"name": "made-{n}", "role": "editor"}"#),     [U,  F,  F,  OK, U, U, F]),
    row("GET",    "/api/v1/tokens/{token}",                      Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("DELETE", "/api/v1/tokens/{token}",                      Body::None,                                            [U,  F,  F,  OK, U, U, F]),
    row("GET",    "/api/v1/users",                               Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("POST",   "/api/v1/users",                               Json(NEW_USER),                                        [U,  F,  F,  OK, U, U, F]),
    row("GET",    "/api/v1/users/matrix-user",                   Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("PATCH",  "/api/v1/users/{user}",                        Merge(r#"{"role": "contributor"}"#),                   [U,  F,  F,  OK, U, U, F]),
    row("PATCH",  "/api/v1/users/{user}",                        Merge(r#"{"disabled": true}"#),                        [U,  F,  F,  OK, U, U, F]),
    row("DELETE", "/api/v1/users/{user}",                        Body::None,                                            [U,  F,  F,  OK, U, U, F]),
    row("PUT",    "/api/v1/users/{user}/password",               Json(r#"{"password": "another long passphrase"}"#),    [U,  F,  F,  OK, U, U, F]),
    // Sessions: admins manage anyone's, users (and their tokens) their own.
    row("GET",    "/api/v1/users/{user}/sessions",               Body::None,                                            [U,  F,  F,  OK, U, U, OK]),
    row("GET",    "/api/v1/users/matrix-contributor/sessions",   Body::None,                                            [U,  OK, F,  OK, U, U, OK]),
    row("DELETE", "/api/v1/users/{user}/sessions",               Body::None,                                            [U,  F,  F,  OK, U, U, F]),
    row("DELETE", "/api/v1/users/matrix-editor/sessions",        Body::None,                                            [U,  F,  OK, OK, U, U, F]),
    row("DELETE", "/api/v1/users/{user}/sessions/{session}",     Body::None,                                            [U,  F,  F,  OK, U, U, F]),
    // Everyone changes their own password (each column's user once, so the current one holds).
    row("PUT",    "/api/v1/me/password",                         Json(MY_PASSWORD),                                     [U,  OK, OK, OK, U, U, F]),
    // Signing in needs no credentials; signing out needs a session (a token is not one).
    row("POST",   "/api/v1/session",                             Json(SIGN_IN),                                         [OK, OK, OK, OK, OK, OK, OK]),
    row("DELETE", "/api/v1/session",                             Body::None,                                            [U,  U,  U,  U,  U, U, F]),
];

/// The app, who asks in each column, and the staff whose fixtures the cells use.
struct Matrix<'a> {
    app: &'a TestApp,
    who: Vec<Identity<'a>>,
    contributor: Identity<'a>,
    editor: Identity<'a>,
    admin: Identity<'a>,
}

impl<'a> Matrix<'a> {
    async fn new(app: &'a TestApp) -> Self {
        let contributor = app
            .as_named_token("matrix-contributor", Role::Contributor)
            .await;
        let editor = app.as_named_token("matrix-editor", Role::Editor).await;
        let admin = app.as_named_token("matrix-admin", Role::Admin).await;
        let revoked = app.as_named_token("matrix-revoked", Role::Admin).await;
        let response = admin.delete("/api/v1/tokens/matrix-revoked", None).await;
        assert_eq!(response.status(), 204);
        let cookie = app.as_session("matrix-user", Role::Admin).await;
        let who = vec![
            app.anonymous(),
            contributor.clone(),
            editor.clone(),
            admin.clone(),
            revoked,
            app.with_token(&format!("chy_{}", "0".repeat(64))),
            cookie.without_csrf(),
        ];
        Matrix {
            app,
            who,
            contributor,
            editor,
            admin,
        }
    }

    /// Adds a publication for the cell as `author`; returns its slug.
    async fn publication(&self, author: &Identity<'_>, slug: &str, body: &str) -> String {
        let mut record: Value = serde_json::from_str(body).expect("fixture JSON");
        record["slug"] = json!(slug);
        author.create_publication(&record).await.summary.slug
    }

    /// The row's path with the cell's fixtures made and filled in.
    async fn fixtures(&self, template: &str, n: usize) -> String {
        let mut path = template.replace("{n}", &n.to_string());
        if path.contains("{own}") {
            let slug = self
                .publication(&self.contributor, &format!("own-{n}"), DRAFT)
                .await;
            path = path.replace("{own}", &slug);
        }
        if path.contains("{others}") {
            let slug = self
                .publication(&self.editor, &format!("others-{n}"), DRAFT)
                .await;
            path = path.replace("{others}", &slug);
        }
        if path.contains("{published}") {
            let slug = self
                .publication(&self.editor, &format!("published-{n}"), PUBLISHED)
                .await;
            path = path.replace("{published}", &slug);
        }
        if path.contains("{user}") {
            let name = format!("person-{n}");
            self.app.as_session(&name, Role::Editor).await;
            if path.contains("{session}") {
                let sessions: Vec<SessionInfo> = self
                    .admin
                    .get_json(&format!("/api/v1/users/{name}/sessions"))
                    .await;
                path = path.replace("{session}", &sessions[0].id.to_string());
            }
            path = path.replace("{user}", &name);
        }
        if path.contains("{token}") {
            let name = format!("victim-{n}");
            self.app.as_named_token(&name, Role::Contributor).await;
            path = path.replace("{token}", &name);
        }
        path
    }

    /// What an admin reads at `path` now, if it can be read: its ETag, if any, and its JSON.
    /// Any resource may be asked for, so it stays JSON: rows patch it generically.
    async fn current(&self, path: &str) -> (Option<String>, Value) {
        let response = self.admin.get(path).await;
        if response.status() != 200 {
            return (None, Value::Null);
        }
        let etag = response.headers().get("etag").map(|_| response.etag());
        let document = serde_json::from_slice(response.bytes()).unwrap_or(Value::Null);
        (etag, document)
    }

    /// Asks one cell; returns the status and the start of the answer.
    async fn ask(&self, row: &Row, column: usize, n: usize) -> (u16, String) {
        let path = self.fixtures(row.path, n).await;
        let fill = |text: &str| text.replace("{n}", &n.to_string());
        let method = Method::from_bytes(row.method.as_bytes()).expect("method");
        let mut request = self.who[column].request(method, &path);
        if matches!(row.method, "PUT" | "PATCH" | "DELETE") {
            // Writes are sent with the current version, so only permissions decide.
            let (etag, current) = self.current(&path).await;
            request = request.if_match(etag.as_deref());
            if let CurrentWith(patch) = row.body {
                let mut document = current;
                let patch: Value = serde_json::from_str(&fill(patch)).expect("patch JSON");
                chancery_api::body::merge_patch(&mut document, &patch);
                request = request.json(&document);
            }
        }
        request = match row.body {
            Json(body) => request.body("application/json", fill(body)),
            Merge(body) => request.body("application/merge-patch+json", fill(body)),
            Body::None | CurrentWith(_) => request,
        };
        let response = request.send().await;
        let status = response.status().as_u16();
        let text = String::from_utf8_lossy(response.bytes()).into_owned();
        (status, text.chars().take(200).collect())
    }
}

#[tokio::test]
async fn every_role_gets_what_its_row_says_from_every_staff_endpoint() {
    let app = TestApp::builder().writes_per_minute(100_000).spawn().await;
    let matrix = Matrix::new(&app).await;
    let mut failures = Vec::new();
    let mut n = 0;
    for row in MATRIX {
        for (column, expected) in row.expect.iter().enumerate() {
            n += 1;
            let (status, answer) = matrix.ask(row, column, n).await;
            let fits = match expected {
                Expect::Allowed => (200..300).contains(&status),
                Expect::Status(wanted) => status == *wanted,
            };
            if !fits {
                let wanted = match expected {
                    Expect::Allowed => "2xx".to_owned(),
                    Expect::Status(s) => s.to_string(),
                };
                failures.push(format!(
                    "{} {} as {}: expected {wanted}, got {status}: {answer}",
                    row.method, row.path, WHO[column]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cells disagree with the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_matrix_covers_every_staff_route_the_api_documents() {
    let document = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    let mut uncovered = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let method = method.to_uppercase();
            let staff = operation["security"].is_array() || method != "GET";
            let covered = MATRIX.iter().any(|row| {
                let row_path = row.path.split('?').next().unwrap_or(row.path);
                row.method == method && same_route(row_path, path)
            });
            if staff && !covered {
                uncovered.push(format!("{method} {path}"));
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "add a row for each of:\n{}",
        uncovered.join("\n")
    );
}

/// Whether a matrix path (`/publications/{own}`) is an instance of a documented route
/// (`/publications/{slug}`): the same segments, any placeholder matching any parameter.
fn same_route(row_path: &str, route: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (row_path.split('/').collect(), route.split('/').collect());
    let param = |s: &str| s.starts_with('{');
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (param(y) && (param(x) || !x.is_empty())))
}
