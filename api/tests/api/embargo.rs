//! The embargo on every surface, present and future: the test reads the live OpenAPI document
//! and calls every GET operation in it, with a scheduled piece, another editor's draft and a
//! withdrawn piece in the database, a future `at` wherever `at` is taken and the markers' own
//! tag, speaker and words as filters. Anonymous readers and contributors never see any of
//! them; an editor sees the first two, which proves the walk could find them.

use std::collections::BTreeSet;

use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use chancery_shared::site::Home;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, instant};

/// A publication the public must never read, with the strings that would betray it.
struct Marker {
    slug: &'static str,
    /// A withdrawn piece's slug stays public (its page answers 410, the change feed keeps a
    /// tombstone); its text does not.
    slug_is_public: bool,
    title: &'static str,
    body_word: &'static str,
    tag: &'static str,
    speaker: &'static str,
}

const SCHEDULED: Marker = Marker {
    slug: "quokka-accord-signed",
    slug_is_public: false,
    title: "Quokka accord signed",
    body_word: "zanzibarite",
    tag: "quokka-accord",
    speaker: "Ambassador Quokkason",
};

const DRAFT: Marker = Marker {
    slug: "wombat-memorandum-drafted",
    slug_is_public: false,
    title: "Wombat memorandum drafted",
    body_word: "wombatite",
    tag: "wombat-memorandum",
    speaker: "Counsellor Wombatov",
};

const WITHDRAWN: Marker = Marker {
    slug: "numbat-retraction",
    slug_is_public: true,
    title: "Numbat retraction",
    body_word: "numbatite",
    tag: "numbat-affair",
    speaker: "Attaché Numbatova",
};

/// The public slug the walk also asks about (its neighbours, revisions and so on).
const PUBLIC_SLUG: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

/// The instant every `at` is given: long after the scheduled piece's.
const FUTURE: &str = "2031-01-01T00:00:00Z";

/// The translation group the markers share with the public piece, so that its translations
/// are walked too.
const GROUP: &str = "walk-translations";

fn record(marker: &Marker, status: &str, published_at: &str, featured: bool) -> Value {
    json!({
        "lang": "ru",
        "translation_group": GROUP,
        "kind": "statement",
        "title": marker.title,
        "lead": format!("{} lead.", marker.title),
        "published_at": published_at,
        "status": status,
        "featured": featured,
        "tags": [marker.tag],
        "speakers": [marker.speaker],
        "body": [{"type": "paragraph", "text": format!("The {} clause stays secret.", marker.body_word)}]
    })
}

/// Withdraws `slug` as `editor`, with the ETag it reads first.
async fn withdraw(editor: &Identity<'_>, slug: &str) {
    let path = format!("/api/v1/publications/{slug}");
    let etag = editor.get(&path).await.etag();
    let response = editor.delete(&path, Some(&etag)).await;
    assert_eq!(response.status(), 200, "withdrawing {slug}");
}

/// The values the walk tries for a parameter, by name and schema; `None` for a parameter it
/// leaves out (opaque cursors). A parameter it does not know fails the test, so that a new
/// one gets a deliberate value here.
fn values_for(path: &str, name: &str, schema: &Value) -> Option<Vec<String>> {
    let integer = schema["type"] == "integer";
    let strings = |values: &[&str]| Some(values.iter().map(|v| (*v).to_owned()).collect());
    match name {
        "at" => strings(&[FUTURE, "2031-01-01"]),
        "q" => strings(&[SCHEDULED.body_word, DRAFT.body_word, WITHDRAWN.body_word]),
        "tag" => strings(&[SCHEDULED.tag, DRAFT.tag, WITHDRAWN.tag]),
        "speaker" => strings(&[SCHEDULED.speaker, DRAFT.speaker, WITHDRAWN.speaker]),
        "kind" => strings(&["statement"]),
        "lang" => strings(&["ru", "en"]),
        "from" if integer => strings(&["1"]),
        "to" if integer => strings(&["1", "2"]),
        "from" => strings(&["2029-12-01"]),
        "to" => strings(&["2031-12-31"]),
        "status" => strings(&["draft", "scheduled", "published", "withdrawn"]),
        "featured" | "include_total" => strings(&["true"]),
        "sort" => strings(&["newest", "relevance"]),
        "page" | "number" | "n" => strings(&["1"]),
        "per_page" => strings(&["100"]),
        "limit" => strings(&["50"]),
        "slug" => strings(&[SCHEDULED.slug, DRAFT.slug, WITHDRAWN.slug, PUBLIC_SLUG]),
        "name" => strings(&["walker"]),
        "cursor" | "since" => None,
        other => panic!("the embargo walk does not know what to give `{other}` on {path}"),
    }
}

/// Every request the walk makes for one GET operation: each combination of path values, with
/// no query, each query parameter alone (every value), and all of them together.
fn requests(path: &str, operation: &Value) -> Vec<(String, Vec<(String, String)>)> {
    let parameters = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut paths = vec![path.to_owned()];
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for parameter in &parameters {
        let name = parameter["name"].as_str().expect("name");
        let Some(values) = values_for(path, name, &parameter["schema"]) else {
            assert_ne!(parameter["required"], true, "{path} requires {name}");
            continue;
        };
        if parameter["in"] == "path" {
            let hole = format!("{{{name}}}");
            paths = paths
                .iter()
                .flat_map(|p| {
                    values
                        .iter()
                        .map(|v| p.replace(&hole, v))
                        .collect::<Vec<_>>()
                })
                .collect();
        } else if parameter["required"] == true {
            required.push((name.to_owned(), values[0].clone()));
        } else {
            optional.push((name.to_owned(), values));
        }
    }
    let mut queries = vec![required.clone()];
    for (name, values) in &optional {
        for value in values {
            let mut query = required.clone();
            query.push((name.clone(), value.clone()));
            queries.push(query);
        }
    }
    for i in 0..optional.iter().map(|(_, v)| v.len()).max().unwrap_or(0) {
        let mut all = required.clone();
        all.extend(
            optional
                .iter()
                .map(|(name, values)| (name.clone(), values[i.min(values.len() - 1)].clone())),
        );
        queries.push(all);
    }
    paths
        .iter()
        .flat_map(|p| queries.iter().map(move |q| (p.clone(), q.clone())))
        .collect()
}

/// What betrays a marker in a response to a request that said `asked` (its path and query
/// values): its title and body word always, and its slug, tag and speaker unless the request
/// itself named them (an error or a feed title may echo its input).
fn leaks(asked: &str, text: &str, markers: &[&Marker]) -> Vec<String> {
    let asked = asked.to_lowercase();
    let text = text.to_lowercase();
    let mut found = Vec::new();
    for marker in markers {
        let mut secrets = vec![marker.title.to_lowercase(), marker.body_word.to_owned()];
        let slug = (!marker.slug_is_public).then_some(marker.slug);
        for echoable in slug.into_iter().chain([marker.tag, marker.speaker]) {
            let echoable = echoable.to_lowercase();
            if !asked.contains(&echoable) {
                secrets.push(echoable);
            }
        }
        found.extend(secrets.into_iter().filter(|s| text.contains(s.as_str())));
    }
    found
}

/// `path` with `query` encoded.
fn with_query(path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    encoded.extend_pairs(query);
    format!("{path}?{}", encoded.finish())
}

/// The path and query values of `url`, decoded.
fn asked(url: &reqwest::Url) -> String {
    let values: Vec<String> = url.query_pairs().map(|(_, v)| v.into_owned()).collect();
    format!("{} {}", url.path(), values.join(" "))
}

#[tokio::test]
async fn no_get_operation_shows_an_embargoed_draft_or_withdrawn_piece_to_the_public_or_contributors()
 {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    editor
        .create_publication(&record(
            &SCHEDULED,
            "published",
            "2030-01-01T00:00:00Z",
            true,
        ))
        .await;
    editor
        .create_publication(&record(&DRAFT, "draft", "2030-01-01T00:00:00Z", false))
        .await;
    editor
        .create_publication(&record(
            &WITHDRAWN,
            "published",
            "2020-07-14T09:00:00Z",
            false,
        ))
        .await;
    withdraw(&editor, WITHDRAWN.slug).await;
    // The public piece is their original: each marker is one of its translations.
    editor
        .amend_publication(PUBLIC_SLUG, &json!({"translation_group": GROUP}))
        .await;
    // The contributor has a draft of their own, so their staff views are not empty.
    let contributor = app.as_named_token("walker", Role::Contributor).await;
    contributor
        .create_publication(&json!({"kind": "article", "title": "Walker's own draft", "published_at": "2020-07-10T09:00:00Z"}))
        .await;
    let by_cookie = app
        .as_session("walker-by-cookie", Role::Contributor)
        .await
        .without_csrf();

    // The document itself is what the walk is about: kept as JSON.
    let document: Value = app.get_json("/api-docs/openapi.json").await;
    let mut walked = BTreeSet::new();
    let mut calls = 0;
    let identities = [app.anonymous(), contributor.clone(), by_cookie];
    for (path, item) in document["paths"].as_object().expect("paths") {
        let Some(operation) = item.get("get") else {
            continue;
        };
        walked.insert(path.clone());
        for (concrete, query) in requests(path, operation) {
            let path = with_query(&concrete, &query);
            let url = reqwest::Url::parse(&app.url(&path)).expect("URL");
            let asked = asked(&url);
            for identity in &identities {
                let response = identity.get(&path).await;
                let status = response.status();
                let text = response.text();
                assert!(status.as_u16() < 500, "GET {url}: {status} {text}");
                let found = leaks(&asked, &text, &[&SCHEDULED, &DRAFT, &WITHDRAWN]);
                assert!(
                    found.is_empty(),
                    "GET {url} ({status}) shows {found:?}:\n{text}"
                );
                calls += 1;
            }
        }
    }
    // The pages rendered on the server read as the public, whoever asks: an editor too.
    let mut pages = vec![
        "/".to_owned(),
        format!("/?at={FUTURE}"),
        "/publications".to_owned(),
        "/publications?kind=statement".to_owned(),
        format!("/publications?from=2029-01-01&to=2031-01-01"),
        "/search?q=clause".to_owned(),
        "/search?q=secret&kind=statement".to_owned(),
        format!("/publications/{PUBLIC_SLUG}"),
    ];
    for marker in [&SCHEDULED, &DRAFT, &WITHDRAWN] {
        pages.push(format!("/publications/{}", marker.slug));
        pages.push(format!("/publications?tag={}", marker.tag));
        pages.push(format!("/publications?speaker={}", marker.speaker));
    }
    let with_editor = [app.anonymous(), contributor.clone(), editor.clone()];
    for path in &pages {
        let url = reqwest::Url::parse(&app.url(path)).expect("URL");
        let asked = asked(&url);
        for identity in &with_editor {
            let response = identity.get(path).await;
            let (status, text) = (response.status(), response.text());
            assert!(status.as_u16() < 500, "GET {url}: {status} {text}");
            assert!(text.contains("<main"), "GET {url} is a page: {text}");
            let found = leaks(&asked, &text, &[&SCHEDULED, &DRAFT, &WITHDRAWN]);
            assert!(
                found.is_empty(),
                "GET {url} ({status}) shows {found:?}:\n{text}"
            );
        }
    }
    // The walk reads what is public: the public piece's page shows its title.
    let public = app
        .get(&format!("/publications/{PUBLIC_SLUG}"))
        .await
        .text();
    assert!(public.contains("fifth anniversary"), "{public}");

    for must in [
        "/api/v1/home",
        "/api/v1/publications",
        "/api/v1/publications/{slug}/revisions",
        "/api/v1/publications/{slug}/diff",
        "/api/v1/publications/{slug}/translations",
        "/api/v1/changes",
        "/api/v1/tags",
        "/feed.atom",
        "/sitemap.xml",
    ] {
        assert!(walked.contains(must), "the document lost {must}");
    }
    assert!(calls > 500, "only {calls} requests were made");

    // The same walk would see them with an editor's rights: the markers are there to find.
    let preview: Home = editor.get_json(&format!("/api/v1/home?at={FUTURE}")).await;
    assert_eq!(featured_slug(&preview), Some(SCHEDULED.slug));
    let drafts: ListPage<PublicationSummary> =
        editor.get_json("/api/v1/publications?status=draft").await;
    assert!(drafts.items.iter().any(|p| p.title == DRAFT.title));
    let translations = editor
        .get(&format!("/api/v1/publications/{PUBLIC_SLUG}/translations"))
        .await
        .text();
    for marker in [&SCHEDULED, &DRAFT] {
        assert!(translations.contains(marker.title), "{translations}");
    }
    let scheduled = editor.get("/api/v1/publications?status=scheduled").await;
    assert_eq!(scheduled.status(), 200);
    let found = leaks(
        "/api/v1/publications scheduled",
        &scheduled.text(),
        &[&SCHEDULED],
    );
    assert!(
        !found.is_empty(),
        "the editor's list shows the scheduled piece"
    );
}

/// The slug of the home page's featured piece.
fn featured_slug(home: &Home) -> Option<&str> {
    home.featured.as_ref().map(|p| p.summary.slug.as_str())
}

#[tokio::test]
async fn a_future_at_reads_the_home_page_publications_as_of_now_for_the_public() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    editor
        .create_publication(&record(
            &SCHEDULED,
            "published",
            "2030-01-01T00:00:00Z",
            true,
        ))
        .await;
    let response = app.get(&format!("/api/v1/home?at={FUTURE}")).await;
    let cache = response.header("cache-control").to_owned();
    let home: Home = response.good();
    assert_eq!(home.at, instant(FUTURE), "clocks and counters follow `at`");
    let read_at = home.publications_at;
    assert!(
        (chrono::Utc::now() - read_at).num_seconds().abs() < 60,
        "publications are read as of now, and the answer says so: {read_at}"
    );
    assert_ne!(featured_slug(&home), Some(SCHEDULED.slug));
    assert!(cache.starts_with("public"), "{cache}");

    // An editor previews the future, privately.
    let preview = editor.get(&format!("/api/v1/home?at={FUTURE}")).await;
    assert_eq!(preview.header("cache-control"), "private, no-store");
    let preview: Home = preview.good();
    assert_eq!(preview.publications_at, instant(FUTURE));
    assert_eq!(featured_slug(&preview), Some(SCHEDULED.slug));

    // A past `at` reads publications then, for everyone.
    let past: Home = app.get_json("/api/v1/home?at=2020-07-15T18:08:00Z").await;
    assert_eq!(past.publications_at, instant("2020-07-15T18:08:00Z"));
}
