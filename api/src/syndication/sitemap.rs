//! The sitemap protocol's two documents: a `urlset` of page URLs with their last changes, and
//! the `sitemapindex` that points to several when there are too many for one.

use chrono::{DateTime, Utc};

use super::atom::instant;
use super::{text_element, xml_document};

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A `urlset` of (URL, last change if known).
pub fn urlset(urls: &[(String, Option<DateTime<Utc>>)]) -> std::io::Result<Vec<u8>> {
    let mut w = xml_document();
    w.create_element("urlset")
        .with_attribute(("xmlns", SITEMAP))
        .write_inner_content(|w| {
            for (loc, lastmod) in urls {
                w.create_element("url").write_inner_content(|w| {
                    text_element(w, "loc", loc)?;
                    if let Some(at) = lastmod {
                        text_element(w, "lastmod", &instant(*at))?;
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
