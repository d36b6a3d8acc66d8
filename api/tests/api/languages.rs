//! Publications in more than one language: the `lang` filter on every list (the archive and
//! search, the facets and the archive's months, the feeds, the home page), kept in the links
//! and cursors a selection makes, and each publication's translations as the reader may read
//! them, never an embargoed one to the public.

use chancery_shared::facet::{ArchiveYear, Counts, FacetValue};
use chancery_shared::page::ListPage;
use chancery_shared::publication::{PublicationSummary, Translations};
use chancery_shared::site::Home;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, slugs};

type Page = ListPage<PublicationSummary>;

/// The demo content's publications, all in English.
const DEMO: u64 = 11;
const STATEMENT: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";
const GROUP: &str = "jcpoa-fifth-anniversary";

fn record(slug: &str, lang: &str, title: &str, published_at: &str, status: &str) -> Value {
    json!({
        "slug": slug,
        "lang": lang,
        "translation_group": GROUP,
        "kind": "statement",
        "title": title,
        "lead": format!("{title}."),
        "published_at": published_at,
        "status": status,
        "tags": ["iran"],
        "speakers": ["Maria Zakharova"],
        "body": [{"type": "paragraph", "text": format!("{title}: the text.")}]
    })
}

/// The demo statement joins [`GROUP`], and `versions` (slug, language, status, publication
/// time) are written into it.
async fn group_statement(editor: &Identity<'_>, versions: &[(&str, &str, &str, &str)]) {
    editor
        .amend_publication(STATEMENT, &json!({"translation_group": GROUP}))
        .await;
    for (slug, lang, status, at) in versions {
        let title = format!("JCPOA ({lang})");
        editor
            .create_publication(&record(slug, lang, &title, at, status))
            .await;
    }
}

/// Two Russian statements and one in British English, all public.
async fn three_more(editor: &Identity<'_>) {
    for (slug, lang, title, at) in [
        (
            "zayavlenie-svpd",
            "ru",
            "Заявление МИД о СВПД",
            "2020-07-14T10:00:00Z",
        ),
        (
            "kommentariy-zakharovoy",
            "ru",
            "Комментарий М.В.Захаровой",
            "2020-06-02T10:00:00Z",
        ),
        (
            "uk-note",
            "en-GB",
            "A note on the colour of the flag",
            "2020-07-01T10:00:00Z",
        ),
    ] {
        editor
            .create_publication(&record(slug, lang, title, at, "published"))
            .await;
    }
}

#[tokio::test]
async fn every_list_narrows_to_a_language_and_its_regional_variants() {
    let app = TestApp::builder().spawn().await;
    three_more(&app.as_token(Role::Editor).await).await;

    let ru: Page = app.get_json("/api/v1/publications?lang=ru").await;
    assert_eq!(slugs(&ru), ["zayavlenie-svpd", "kommentariy-zakharovoy"]);
    assert!(ru.items.iter().all(|p| p.lang == "ru"));
    // `en` takes `en-GB` too; `en-GB` takes only itself.
    let en: Page = app
        .get_json("/api/v1/publications?lang=en&per_page=100")
        .await;
    assert_eq!(en.total, Some(DEMO + 1));
    assert!(slugs(&en).contains(&"uk-note".to_owned()));
    let gb: Page = app.get_json("/api/v1/publications?lang=en-GB").await;
    assert_eq!(slugs(&gb), ["uk-note"]);
    let all: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(all.total, Some(DEMO + 3));

    // Search, facets, the archive's months, the home page and the feeds alike.
    let found: Page = app
        .get_json("/api/v1/publications?lang=ru&q=Zakharova")
        .await;
    assert_eq!(found.total, Some(2));
    let kinds: Counts<FacetValue> = app.get_json("/api/v1/kinds?lang=ru").await;
    let counted: Vec<(&str, u64)> = kinds
        .items
        .iter()
        .map(|k| (k.value.as_str(), k.count))
        .collect();
    assert_eq!(counted, [("statement", 2)]);
    assert!(
        kinds.items[0].href.contains("lang=ru"),
        "{}",
        kinds.items[0].href
    );
    let tags: Counts<FacetValue> = app.get_json("/api/v1/tags?lang=en-GB").await;
    assert_eq!(tags.items.len(), 1);
    assert_eq!(
        (tags.items[0].value.as_str(), tags.items[0].count),
        ("iran", 1)
    );
    let archive: Counts<ArchiveYear> = app.get_json("/api/v1/archive?lang=ru").await;
    let months: Vec<(i32, u32, u64)> = archive
        .items
        .iter()
        .flat_map(|y| y.months.iter().map(move |m| (y.year, m.month, m.count)))
        .collect();
    assert_eq!(months, [(2020, 7, 1), (2020, 6, 1)]);
    let home: Home = app.get_json("/api/v1/home?lang=ru").await;
    assert!(home.featured.is_none(), "no Russian piece is featured");
    let latest: Vec<&str> = home.latest.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(latest, ["zayavlenie-svpd", "kommentariy-zakharovoy"]);
    let home: Home = app.get_json("/api/v1/home?lang=en").await;
    assert!(
        home.featured.is_some(),
        "the demo's featured interview is in English"
    );
    assert!(home.latest.iter().all(|p| p.lang.starts_with("en")));
    let feed = app.get("/feed.atom?lang=ru").await;
    assert_eq!(feed.status(), 200);
    let feed = feed_rs::parser::parse(feed.bytes()).expect("Atom parses");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(
        titles,
        ["Заявление МИД о СВПД", "Комментарий М.В.Захаровой"]
    );
}

#[tokio::test]
async fn the_language_is_kept_in_links_and_cursors_and_checked() {
    let app = TestApp::builder().spawn().await;
    three_more(&app.as_token(Role::Editor).await).await;
    let first = app.get("/api/v1/publications?lang=ru&per_page=1").await;
    let next = first.link("next").expect("a next link");
    assert!(next.contains("lang=ru"), "{next}");
    let page: Page = first.json();
    let cursor = page.next_cursor.expect("a cursor");
    let second: Page = app
        .get_json(&format!(
            "/api/v1/publications?lang=ru&per_page=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(slugs(&second), ["kommentariy-zakharovoy"]);
    // A cursor is for the selection it was made in.
    let problem = app
        .get(&format!(
            "/api/v1/publications?lang=en&per_page=1&cursor={cursor}"
        ))
        .await
        .problem(400);
    assert_eq!(problem.errors[0].field, "cursor");

    for path in [
        "/api/v1/publications?lang=Russian",
        "/api/v1/publications?lang=RU",
        "/api/v1/tags?lang=en_GB",
        "/api/v1/archive?lang=ru-",
        "/api/v1/home?lang=english",
        "/feed.atom?lang=r",
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(problem.errors[0].field, "lang", "{path}");
    }
    // The change feed takes no language (yet): an unknown parameter there.
    app.get("/api/v1/changes?lang=ru").await.problem(400);
}

#[tokio::test]
async fn a_publication_lists_its_translations_as_the_reader_may_read_them() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    // The demo statement joins a group, with a Russian translation, a German one scheduled,
    // a French draft and an Italian one withdrawn.
    group_statement(
        &editor,
        &[
            ("zayavlenie-svpd", "ru", "published", "2020-07-14T10:00:00Z"),
            (
                "erklaerung-jcpoa",
                "de",
                "published",
                "2030-01-01T00:00:00Z",
            ),
            ("declaration-jcpoa", "fr", "draft", "2020-07-14T10:00:00Z"),
            (
                "dichiarazione-jcpoa",
                "it",
                "published",
                "2020-07-14T10:00:00Z",
            ),
        ],
    )
    .await;
    let it = "/api/v1/publications/dichiarazione-jcpoa";
    let etag = editor.get(it).await.etag();
    assert_eq!(editor.delete(it, Some(&etag)).await.status(), 200);

    let of = |slug: &str| format!("/api/v1/publications/{slug}/translations");
    let langs = |t: &Translations| t.items.iter().map(|i| i.lang.clone()).collect::<Vec<_>>();
    let public: Translations = app.get_json(&of(STATEMENT)).await;
    assert_eq!(public.lang, "en");
    assert_eq!(langs(&public), ["ru"]);
    assert_eq!(public.items[0].slug, "zayavlenie-svpd");
    assert_eq!(public.items[0].title, "JCPOA (ru)");
    assert_eq!(public.items[0].published_on.to_string(), "2020-07-14");
    let contributor = app.as_token(Role::Contributor).await;
    let theirs: Translations = contributor.get_json(&of(STATEMENT)).await;
    assert_eq!(
        langs(&theirs),
        ["ru"],
        "another's draft is not a contributor's to see"
    );
    let response = editor.get(&of(STATEMENT)).await;
    assert_eq!(response.header("cache-control"), "private, no-store");
    let everything: Translations = response.json();
    assert_eq!(langs(&everything), ["de", "fr", "it", "ru"]);

    // Both ways; a piece in no group has none; what the public cannot read answers as the
    // piece itself would.
    let back: Translations = app.get_json(&of("zayavlenie-svpd")).await;
    assert_eq!(
        (back.lang.as_str(), langs(&back)),
        ("ru", vec!["en".to_owned()])
    );
    let alone: Translations = app
        .get_json(&of("lavrov-interview-russia-24-maria-bondareva"))
        .await;
    assert!(alone.items.is_empty());
    app.get(&of("erklaerung-jcpoa")).await.problem(404);
    app.get(&of("declaration-jcpoa")).await.problem(404);
    app.get(&of("dichiarazione-jcpoa")).await.problem(410);
    app.get(&of("no-such-piece")).await.problem(404);
    app.get(&format!("{}?lang=ru", of(STATEMENT)))
        .await
        .problem(400);
    let public_etag = app.get(&of(STATEMENT)).await.etag();
    let again = app
        .request(reqwest::Method::GET, &of(STATEMENT))
        .header("If-None-Match", &public_etag)
        .send()
        .await;
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn the_sitemap_names_each_public_language_version_of_a_page() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    group_statement(
        &editor,
        &[
            ("zayavlenie-svpd", "ru", "published", "2020-07-14T10:00:00Z"),
            (
                "erklaerung-jcpoa",
                "de",
                "published",
                "2030-01-01T00:00:00Z",
            ),
            ("declaration-jcpoa", "fr", "draft", "2020-07-14T10:00:00Z"),
        ],
    )
    .await;

    let text = app.get("/sitemap.xml").await.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";
    let alternates = |loc: &str| -> Vec<(String, String)> {
        let url = doc
            .root_element()
            .children()
            .find(|u| {
                u.children()
                    .any(|c| c.has_tag_name((NS, "loc")) && c.text() == Some(loc))
            })
            .unwrap_or_else(|| panic!("{loc} is listed"));
        url.children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                let lang = l.attribute("hreflang").expect("hreflang").to_owned();
                (lang, l.attribute("href").expect("href").to_owned())
            })
            .collect()
    };
    // Both public versions name each other and themselves; the scheduled and the draft
    // versions are nowhere.
    let both = vec![
        (
            "en".to_owned(),
            app.url(&format!("/publications/{STATEMENT}")),
        ),
        ("ru".to_owned(), app.url("/publications/zayavlenie-svpd")),
    ];
    assert_eq!(
        alternates(&app.url(&format!("/publications/{STATEMENT}"))),
        both
    );
    assert_eq!(alternates(&app.url("/publications/zayavlenie-svpd")), both);
    assert!(
        !text.contains("erklaerung") && !text.contains("declaration"),
        "{text}"
    );
    // A page in one language has no alternates.
    let single = app.url("/publications/lavrov-interview-russia-24-maria-bondareva");
    assert!(alternates(&single).is_empty());
}
