//! The document around a rendered page: its `<head>` (title, description, canonical URL,
//! feed alternates, a publication's language versions, OpenGraph and Twitter card for link
//! previews, JSON-LD for search engines, `noindex` where results are not for indexes), the
//! reader's stylesheet and script, and the `<body>` the reader rendered. Every link is absolute from the public URL, never from the
//! request's headers.

use chancery_web::render::Page;
use serde_json::{Value, json};

use crate::state::AppState;

/// The whole HTML document for `page`, rendered at `path` (`target` with its query).
pub fn document(state: &AppState, path: &str, target: &str, page: &Page) -> String {
    let origin = state.origin.url().trim_end_matches('/');
    let site = page.head.site_name.as_deref().unwrap_or("Chancery");
    let title = match &page.title {
        Some(title) => format!("{title} — {site}"),
        None => site.to_owned(),
    };
    // Lists are canonical with their filters; every other page is its path.
    let listed = path == "/publications" || path == "/search";
    let canonical = format!("{origin}{}", if listed { target } else { path });
    let description = page
        .head
        .description
        .clone()
        .unwrap_or_else(|| format!("Statements, speeches, interviews and news from {site}."));
    let mut head = String::with_capacity(4096);
    head.push_str("<meta charset=\"utf-8\">");
    head.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    head.push_str("<meta name=\"color-scheme\" content=\"light dark\">");
    head.push_str("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
    head.push_str(&format!("<title>{}</title>", esc(&title)));
    meta(&mut head, "name", "description", &description);
    if page.head.noindex || page.status != 200 {
        meta(&mut head, "name", "robots", "noindex");
    }
    head.push_str(&format!(
        "<link rel=\"canonical\" href=\"{}\">",
        esc(&canonical)
    ));
    for (kind, name, file) in [
        ("application/atom+xml", "Atom", "feed.atom"),
        ("application/rss+xml", "RSS", "feed.rss"),
        ("application/feed+json", "JSON Feed", "feed.json"),
    ] {
        head.push_str(&format!(
            "<link rel=\"alternate\" type=\"{kind}\" title=\"Latest publications ({name})\" href=\"{}/{file}\">",
            esc(origin)
        ));
    }
    // Each language version of the text names all of them, itself included, as search
    // engines require.
    if let Some(article) = &page.head.article
        && !page.head.translations.is_empty()
    {
        let mut versions = vec![(article.lang.clone(), canonical.clone())];
        versions.extend(
            page.head
                .translations
                .iter()
                .map(|(lang, path)| (lang.clone(), format!("{origin}{path}"))),
        );
        for (lang, href) in versions {
            head.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
                esc(&lang),
                esc(&href)
            ));
        }
    }
    let og_type = if page.head.article.is_some() {
        "article"
    } else {
        "website"
    };
    meta(&mut head, "property", "og:type", og_type);
    meta(
        &mut head,
        "property",
        "og:title",
        page.title.as_deref().unwrap_or(site),
    );
    meta(&mut head, "property", "og:description", &description);
    meta(&mut head, "property", "og:url", &canonical);
    meta(&mut head, "property", "og:site_name", site);
    meta(&mut head, "name", "twitter:card", "summary");
    meta(
        &mut head,
        "name",
        "twitter:title",
        page.title.as_deref().unwrap_or(site),
    );
    meta(&mut head, "name", "twitter:description", &description);
    if let Some(article) = &page.head.article {
        meta(
            &mut head,
            "property",
            "article:published_time",
            &article.published.to_rfc3339(),
        );
        meta(
            &mut head,
            "property",
            "article:modified_time",
            &article.modified.to_rfc3339(),
        );
        meta(&mut head, "property", "article:section", &article.section);
        for tag in &article.tags {
            meta(&mut head, "property", "article:tag", tag);
        }
    }
    if page.status == 200 {
        for data in linked_data(origin, path, site, &canonical, page) {
            // `<` escaped, so no value can close the script element.
            let data = data.to_string().replace('<', "\\u003c");
            head.push_str(&format!(
                "<script type=\"application/ld+json\">{data}</script>"
            ));
        }
    }
    if let Some(assets) = &state.reader_assets {
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"{assets}/style.css\">"
        ));
        head.push_str(&format!(
            "<script type=\"module\" src=\"{assets}/boot.js\"></script>"
        ));
    }
    format!(
        "<!doctype html><html lang=\"en\"><head>{head}</head><body>{}</body></html>",
        page.body
    )
}

/// `<meta {attribute}="{name}" content="{content}">`.
fn meta(head: &mut String, attribute: &str, name: &str, content: &str) {
    head.push_str(&format!(
        "<meta {attribute}=\"{name}\" content=\"{}\">",
        esc(content)
    ));
}

/// Structured data: the site and its search on the home page; a publication as a
/// `NewsArticle`; and where each page stands (`BreadcrumbList`).
fn linked_data(origin: &str, path: &str, site: &str, canonical: &str, page: &Page) -> Vec<Value> {
    let home =
        json!({"@type": "ListItem", "position": 1, "name": "Home", "item": format!("{origin}/")});
    let archive = json!({"@type": "ListItem", "position": 2, "name": "All messages",
        "item": format!("{origin}/publications")});
    if path == "/" {
        return vec![json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site,
            "url": format!("{origin}/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": format!("{origin}/search?q={{search_term_string}}"),
                "query-input": "required name=search_term_string",
            },
        })];
    }
    let Some(article) = &page.head.article else {
        return vec![json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [home, archive],
        })];
    };
    let headline = page.title.clone().unwrap_or_default();
    let authors: Vec<Value> = article
        .speakers
        .iter()
        .map(|name| json!({"@type": "Person", "name": name}))
        .collect();
    vec![
        json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "description": page.head.description,
            "datePublished": article.published.to_rfc3339(),
            "dateModified": article.modified.to_rfc3339(),
            "inLanguage": article.lang,
            "articleSection": article.section,
            "keywords": article.tags,
            "author": authors,
            "publisher": {"@type": "Organization", "name": site, "url": format!("{origin}/")},
            "mainEntityOfPage": canonical,
        }),
        json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [home, archive,
                {"@type": "ListItem", "position": 3, "name": headline, "item": canonical}],
        }),
    ]
}

/// `text` safe in HTML text and double-quoted attributes.
fn esc(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}
