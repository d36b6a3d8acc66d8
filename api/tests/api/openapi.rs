//! The OpenAPI contract: `openapi.yaml` is exactly what the code generates, the server serves
//! the same document, and Swagger UI comes from the binary itself.

use crate::helpers::spawn_app;

#[test]
fn openapi_yaml_matches_the_code() {
    let generated = chancery_api::openapi::yaml().expect("document renders");
    let checked_in = include_str!("../../../openapi.yaml");
    assert!(
        generated == checked_in,
        "openapi.yaml is stale: run `just openapi` and commit the result"
    );
}

#[tokio::test]
async fn served_document_is_the_generated_one_and_lists_every_route() {
    let app = spawn_app().await;
    let served = app.get_json("/api-docs/openapi.json").await;
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
            "page", "per_page", "kind", "tag", "speaker", "from", "to", "status", "featured", "q",
            "sort"
        ]
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = spawn_app().await;
    let page = app.get("/swagger-ui/").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("html").contains("swagger"));
}
