//! The OpenAPI contract: `openapi.yaml` is exactly what the code generates, the server serves
//! the same document, and Swagger UI comes from the binary itself.

use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{RequestHelper, TestApp};

/// What to run when `openapi.yaml` and the code disagree.
const REGENERATE: &str =
    "just openapi  (or: cargo run -q -p chancery-api -- openapi > openapi.yaml)";

/// Lines of context around each difference in [`drift`]'s diff.
const CONTEXT: usize = 3;

/// Most lines of diff [`drift`] shows; the first differences are the ones to read.
const MAX_DIFF_LINES: usize = 80;

/// `None` when the checked-in document is the generated one; otherwise a message with a
/// unified diff of the first differing lines and the command that regenerates the file.
fn drift(checked_in: &str, generated: &str) -> Option<String> {
    if checked_in == generated {
        return None;
    }
    let diff = similar::TextDiff::from_lines(checked_in, generated)
        .unified_diff()
        .context_radius(CONTEXT)
        .header("openapi.yaml (checked in)", "openapi.yaml (generated)")
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    let mut shown = lines[..lines.len().min(MAX_DIFF_LINES)].join("\n");
    if lines.len() > MAX_DIFF_LINES {
        let more = lines.len() - MAX_DIFF_LINES;
        shown.push_str(&format!("\n… {more} more lines of diff"));
    }
    Some(format!(
        "openapi.yaml is stale; regenerate it and commit the result:\n    {REGENERATE}\n\n{shown}"
    ))
}

#[test]
fn openapi_yaml_matches_the_code() {
    let generated = chancery_api::openapi::yaml().expect("document renders");
    let checked_in = include_str!("../../../openapi.yaml");
    if let Some(message) = drift(checked_in, &generated) {
        panic!("{message}");
    }
}

#[test]
fn a_drifted_openapi_yaml_is_shown_as_a_diff_with_the_command_to_regenerate() {
    let generated = chancery_api::openapi::yaml().expect("document renders");
    assert_eq!(drift(&generated, &generated), None);
    // A copy edited by hand: one description changed, one line added at the end.
    let edited = generated.replacen("description:", "description: (edited)", 1) + "x-stale: true\n";
    let message = drift(&edited, &generated).expect("a drift");
    assert!(message.contains(REGENERATE), "{message}");
    assert!(
        message.contains("--- openapi.yaml (checked in)")
            && message.contains("+++ openapi.yaml (generated)"),
        "{message}"
    );
    assert!(
        message
            .lines()
            .any(|l| l.starts_with('-') && l.contains("description: (edited)")),
        "the edited line is shown as removed: {message}"
    );
    assert!(message.lines().any(|l| l == "-x-stale: true"), "{message}");
    assert!(
        message.contains("@@ -"),
        "hunks have their line numbers: {message}"
    );
}

#[tokio::test]
async fn served_document_is_the_generated_one_and_lists_every_route() {
    let app = TestApp::builder().spawn().await;
    let served: Value = app.get_json("/api-docs/openapi.json").await;
    let generated = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    assert_eq!(served, generated);
    let paths = served["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/publications",
        "/api/v1/publications/{slug}",
        "/api/v1/counters",
        "/api/v1/counters/{slug}",
        "/api/v1/clocks",
        "/api/v1/site",
        "/api/v1/home",
        "/api/v1/healthz",
        "/api/v1/tokens",
        "/api/v1/tokens/{name}",
        "/api/v1/users",
        "/api/v1/users/{name}",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let list_params: Vec<&str> = paths["/api/v1/publications"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        list_params,
        [
            // FilterParams
            "lang",
            "kind",
            "tag",
            "speaker",
            "from",
            "to",
            "status",
            "featured",
            "q",
            // PagingParams
            "page",
            "per_page",
            "sort",
            "cursor",
            "include_total"
        ]
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = TestApp::builder().spawn().await;
    let page = app.get("/swagger-ui/").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().contains("swagger"));
}

/// Every documented operation, as (method, path template, operation).
fn operations(document: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            found.push((method.to_uppercase(), path.clone(), operation.clone()));
        }
    }
    found
}

#[test]
fn every_staff_operation_documents_its_refusals() {
    let document = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    let mut missing = Vec::new();
    for (method, path, operation) in operations(&document) {
        let responses = operation["responses"].as_object().expect("responses");
        let secured = operation["security"]
            .as_array()
            .is_some_and(|schemes| schemes.iter().any(|s| s.get("bearer").is_some()));
        let public_too = operation["security"].as_array().is_some_and(|schemes| {
            schemes
                .iter()
                .any(|s| s.as_object().is_some_and(|o| o.is_empty()))
        });
        let writes = method != "GET";
        let mut needed = Vec::new();
        if secured && !public_too {
            needed.push("401");
        }
        if secured && writes {
            needed.push("403"); // a weak role, or a cookie write without its CSRF token
        }
        if writes {
            needed.push("429");
        }
        if operation.get("requestBody").is_some() {
            needed.extend(["400", "413", "415"]);
        }
        for status in needed {
            if !responses.contains_key(status) {
                missing.push(format!("{method} {path} does not document {status}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[tokio::test]
async fn every_operation_with_a_body_answers_an_oversized_one_with_413() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    let document = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    let huge = format!(r#"{{"name": "{}"}}"#, "x".repeat(3 << 20));
    let mut checked = Vec::new();
    for (method, path, operation) in operations(&document) {
        if operation.get("requestBody").is_none() {
            continue;
        }
        let url = path
            .replace("{slug}", "lavrov-interview-russia-24-maria-bondareva")
            .replace("{name}", "head");
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let response = admin
            .request(method.clone(), &url)
            .header("If-Match", "*")
            .body("application/json", huge.clone())
            .send()
            .await;
        let problem = response.problem(413);
        assert_eq!(problem.code, "payload_too_large", "{method} {path}");
        checked.push(format!("{method} {path}"));
    }
    assert!(checked.len() >= 7, "{checked:?}");
}

#[tokio::test]
async fn the_allow_header_lists_exactly_the_documented_methods() {
    let app = TestApp::builder().spawn().await;
    let document = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    for (path, item) in document["paths"].as_object().expect("paths") {
        let mut documented: Vec<String> = item
            .as_object()
            .expect("path item")
            .keys()
            .map(|m| m.to_uppercase())
            .collect();
        if documented.iter().any(|m| m == "GET") {
            documented.push("HEAD".to_owned());
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
        documented.sort_by_key(|m| order.iter().position(|o| o == m));
        let Some(unused) = ["PATCH", "POST", "PUT", "DELETE"]
            .into_iter()
            .find(|m| !documented.iter().any(|d| d == m))
        else {
            continue;
        };
        let url: String = path
            .split('/')
            .map(|s| if s.starts_with('{') { "x" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let method = Method::from_bytes(unused.as_bytes()).expect("method");
        let response = app.request(method, &url).send().await;
        assert_eq!(response.status(), 405, "{unused} {path}");
        assert_eq!(
            response.header("allow"),
            documented.join(", "),
            "{path}: keep `no_such_route` in routes/mod.rs in step"
        );
    }
}
