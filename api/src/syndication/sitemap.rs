//! The sitemap protocol's two documents: a `urlset` of page URLs with their last changes and
//! language versions, and the `sitemapindex` that points to several when there are too many
//! for one.

use chrono::{DateTime, Utc};

use super::atom::instant;
use super::{text_element, xml_document};

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// One page in a `urlset`.
#[derive(Debug, Clone, Default)]
pub struct Url {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// (language tag, URL) of each language version, this one included; empty for a page
    /// in one language only.
    pub alternates: Vec<(String, String)>,
}

/// A `urlset` of `urls`, with `xhtml:link` alternates for pages in several languages (as
/// search engines read them).
pub fn urlset(urls: &[Url]) -> std::io::Result<Vec<u8>> {
    let mut w = xml_document();
    w.create_element("urlset")
        .with_attribute(("xmlns", SITEMAP))
        .with_attribute(("xmlns:xhtml", XHTML))
        .write_inner_content(|w| {
            for url in urls {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", &url.loc)?;
                    if let Some(at) = url.lastmod {
                        text_element(w, "lastmod", &instant(at))?;
                    }
                    for (lang, href) in &url.alternates {
                        w.create_element("xhtml:link")
                            .with_attribute(("rel", "alternate"))
                            .with_attribute(("hreflang", lang.as_str()))
                            .with_attribute(("href", href.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

/// A `sitemapindex` pointing to each of `sitemaps`.
pub fn index(sitemaps: &[String]) -> std::io::Result<Vec<u8>> {
    let mut w = xml_document();
    w.create_element("sitemapindex")
        .with_attribute(("xmlns", SITEMAP))
        .write_inner_content(|w| {
            for loc in sitemaps {
                w.create_element("sitemap")
                    .write_inner_content(|w| text_element(w, "loc", loc))?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}
