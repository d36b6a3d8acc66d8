//! The RSS 2.0 feed: each item's `guid` is its permalink; the lead is the `description` and the
//! whole body, as escaped HTML, is `content:encoded`; the site is each item's `dc:creator`.

use super::{Feed, text_element, xml_document};

/// The feed as an RSS 2.0 document.
pub fn render(feed: &Feed) -> std::io::Result<Vec<u8>> {
    let mut w = xml_document();
    w.create_element("rss")
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns:atom", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xmlns:content", "http://purl.org/rss/1.0/modules/content/"))
        .with_attribute(("xmlns:dc", "http://purl.org/dc/elements/1.1/"))
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text_element(w, "title", &feed.title)?;
                text_element(w, "link", &feed.page_url)?;
                text_element(w, "description", &format!("Publications of {}", feed.site))?;
                text_element(w, "lastBuildDate", &feed.updated().to_rfc2822())?;
                text_element(w, "generator", "Chancery")?;
                w.create_element("atom:link")
                    .with_attribute(("href", feed.self_url.as_str()))
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/rss+xml"))
                    .write_empty()?;
                for item in &feed.items {
                    w.create_element("item").write_inner_content(|w| {
                        text_element(w, "title", &item.title)?;
                        text_element(w, "link", &item.url)?;
                        w.create_element("guid")
                            .with_attribute(("isPermaLink", "true"))
                            .write_text_content(quick_xml::events::BytesText::new(&item.url))?;
                        text_element(w, "pubDate", &item.published.to_rfc2822())?;
                        text_element(w, "dc:creator", &feed.site)?;
                        for tag in &item.tags {
                            text_element(w, "category", tag)?;
                        }
                        text_element(w, "description", &item.lead)?;
                        text_element(w, "content:encoded", &item.html)
                    })?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(w.into_inner())
}
