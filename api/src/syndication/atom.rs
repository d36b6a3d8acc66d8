//! The Atom feed (RFC 4287): the feed's id is its own URL, each entry's id its permalink; the
//! body goes in `content` as escaped HTML, the lead in `summary`.

use chrono::SecondsFormat;
use quick_xml::Writer;

use super::{Feed, text_element, xml_document};

/// Where the Atom elements live.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The feed as an Atom document.
pub fn render(feed: &Feed) -> std::io::Result<Vec<u8>> {
    let mut w = xml_document();
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM))
        .write_inner_content(|w| {
            text_element(w, "id", &feed.self_url)?;
            text_element(w, "title", &feed.title)?;
            text_element(w, "updated", &instant(feed.updated()))?;
            link(w, "self", "application/atom+xml", &feed.self_url)?;
            link(w, "alternate", "text/html", &feed.page_url)?;
            w.create_element("author")
                .write_inner_content(|w| text_element(w, "name", &feed.site))?;
            text_element(w, "generator", "Chancery")?;
            for item in &feed.items {
                w.create_element("entry")
                    .with_attribute(("xml:lang", item.lang.as_str()))
                    .write_inner_content(|w| {
                        text_element(w, "id", &item.url)?;
                        text_element(w, "title", &item.title)?;
                        link(w, "alternate", "text/html", &item.url)?;
                        text_element(w, "published", &instant(item.published))?;
                        text_element(w, "updated", &instant(item.updated))?;
                        for tag in &item.tags {
                            w.create_element("category")
                                .with_attribute(("term", tag.as_str()))
                                .write_empty()?;
                        }
                        if !item.lead.is_empty() {
                            text_element(w, "summary", &item.lead)?;
                        }
                        w.create_element("content")
                            .with_attribute(("type", "html"))
                            .write_text_content(quick_xml::events::BytesText::new(&item.html))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> std::io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", href))
        .write_empty()
        .map(drop)
}

/// An RFC 3339 instant in UTC, to the second.
pub fn instant(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
