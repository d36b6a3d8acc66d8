//! Syndication for readers and crawlers outside the API: the Atom, RSS and JSON feeds of the
//! latest public publications, the sitemap and `robots.txt`. This module holds what they
//! share: absolute URLs, the feed's items with their bodies as escaped HTML, and the XML
//! writer; each format lives in its own submodule.

pub mod atom;
pub mod json;
pub mod rss;
pub mod sitemap;

use std::fmt::Write as _;

use chancery_shared::publication::{Block, Publication};
use chrono::{DateTime, Utc};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// Settings for the sitemap (absolute links come from [`crate::origin::Origin`]).
#[derive(Debug, Clone)]
pub struct Syndication {
    /// URLs per sitemap file; past this `/sitemap.xml` becomes an index.
    pub sitemap_page_size: usize,
}

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_PAGE_SIZE: usize = 50_000;

impl Default for Syndication {
    fn default() -> Self {
        Syndication {
            sitemap_page_size: SITEMAP_PAGE_SIZE,
        }
    }
}

/// A feed: the site's name, its links and the latest items, newest first.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The site's name, which every format names as the author.
    pub site: String,
    /// The feed's title: the site's name and any filters.
    pub title: String,
    /// Where the feed itself is (with its filters).
    pub self_url: String,
    /// The reader's page listing the same publications.
    pub page_url: String,
    pub items: Vec<Item>,
}

impl Feed {
    /// When anything in the feed last changed; the epoch for an empty feed, so that its
    /// validator stays put.
    pub fn updated(&self) -> DateTime<Utc> {
        self.items
            .iter()
            .map(|i| i.updated)
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH)
    }
}

/// One publication in a feed.
#[derive(Debug, Clone)]
pub struct Item {
    /// The reader's permalink, also the item's id.
    pub url: String,
    pub title: String,
    pub lead: String,
    /// The body as HTML, every text escaped.
    pub html: String,
    pub lang: String,
    pub published: DateTime<Utc>,
    /// The later of `updated_at` and `published_at` (a scheduled piece is saved before).
    pub updated: DateTime<Utc>,
    pub tags: Vec<String>,
}

impl Item {
    /// The item for a public publication.
    pub fn of(publication: &Publication, base: &str) -> Item {
        let s = &publication.summary;
        Item {
            url: permalink(base, &s.slug),
            title: xml_text(&s.title),
            lead: xml_text(&s.lead),
            html: body_html(&publication.body),
            lang: s.lang.clone(),
            published: s.published_at,
            updated: s.updated_at.max(s.published_at),
            tags: s.tags.clone(),
        }
    }
}

/// The reader's URL of a publication.
pub fn permalink(base: &str, slug: &str) -> String {
    format!("{base}/publications/{slug}")
}

/// A body as HTML the way the reader sets it: paragraphs, and question/answer turns with the
/// speaker named first. Every piece of text is escaped.
pub fn body_html(blocks: &[Block]) -> String {
    let mut html = String::new();
    let para = |html: &mut String, text: &str| {
        let _ = write!(html, "<p>{}</p>", partial_escape(xml_text(text)));
    };
    for block in blocks {
        match block {
            Block::Paragraph { text } => para(&mut html, text),
            Block::Question {
                speaker,
                paragraphs,
            }
            | Block::Answer {
                speaker,
                paragraphs,
            } => {
                let class = match block {
                    Block::Question { .. } => "turn question",
                    _ => "turn answer",
                };
                let _ = write!(
                    html,
                    "<div class=\"{class}\"><p><strong class=\"speaker\">{}</strong></p>",
                    partial_escape(xml_text(speaker))
                );
                for text in paragraphs {
                    para(&mut html, text);
                }
                html.push_str("</div>");
            }
        }
    }
    html
}

/// Text with the characters XML 1.0 cannot carry (most control characters) left out.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

/// A new XML document, indented, with its declaration written.
pub fn xml_document() -> Writer<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    writer
}

/// Writes `<name>text</name>`, escaped.
pub fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(&xml_text(text)))
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_escaped_html() {
        let blocks = vec![
            Block::Paragraph {
                text: "Fish & <chips>".to_owned(),
            },
            Block::Question {
                speaker: "Q&A".to_owned(),
                paragraphs: vec!["Why?".to_owned()],
            },
            Block::Answer {
                speaker: "Minister".to_owned(),
                paragraphs: vec!["Because.\u{7}".to_owned(), "Also.".to_owned()],
            },
        ];
        assert_eq!(
            body_html(&blocks),
            "<p>Fish &amp; &lt;chips&gt;</p>\
             <div class=\"turn question\"><p><strong class=\"speaker\">Q&amp;A</strong></p><p>Why?</p></div>\
             <div class=\"turn answer\"><p><strong class=\"speaker\">Minister</strong></p><p>Because.</p><p>Also.</p></div>"
        );
    }
}
