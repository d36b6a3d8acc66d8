//! Browser defences on every response: the API, problems, feeds, Swagger UI, unknown paths and
//! preflights all carry the Content-Security-Policy and its companions; HSTS only when the
//! public URL is https.

use reqwest::Method;

use crate::helpers::{RequestHelper, TestApp};

const PATHS: [&str; 7] = [
    "/api/v1/home",
    "/api/v1/publications?per_page=500",
    "/api/v1/no-such-route",
    "/feed.atom",
    "/swagger-ui/",
    "/api-docs/openapi.json",
    "/some/reader/route",
];

#[tokio::test]
async fn every_response_carries_the_browser_defences() {
    let app = TestApp::builder().spawn().await;
    for path in PATHS {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = response.header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{path}"
        );
        assert!(response.header("permissions-policy").contains("camera=()"));
        assert!(
            !headers.contains_key("strict-transport-security"),
            "{path}: no HSTS over plain http"
        );
    }
    let preflight = app
        .request(Method::OPTIONS, "/api/v1/home")
        .header("Origin", "https://elsewhere.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await;
    assert!(preflight.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn an_https_public_url_adds_hsts() {
    let app = TestApp::builder()
        .public_url("https://mission.example")
        .spawn()
        .await;
    for path in PATHS {
        let response = app.get(path).await;
        assert_eq!(
            response.header("strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
}
