//! What a page says about itself in its `<head>` besides its title (which
//! [`crate::site_context::use_title`] gives): its description, and for a publication what link
//! previews and search engines read (dates, tags, speakers). Pages fill it in on the server as
//! their data arrives, and the server writes the `<head>` from it once the body has rendered;
//! in the browser nothing reads it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

/// A publication's facts for OpenGraph and JSON-LD.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub published: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub tags: Vec<String>,
    pub speakers: Vec<String>,
    /// The kind, as a section name ("Interview").
    pub section: String,
    /// The language of its text (`en`).
    pub lang: String,
}

/// The head of the page being rendered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
    /// The site's name, as the header shows it.
    pub site_name: Option<String>,
    /// One or two sentences for search results and link previews.
    pub description: Option<String>,
    pub article: Option<Article>,
    /// Pages a search engine should not index (search results).
    pub noindex: bool,
    /// The page's other language versions, as (language tag, path).
    pub translations: Vec<(String, String)>,
}

/// The head being filled in, provided by the server for each render.
#[derive(Debug, Clone, Default)]
pub struct HeadContext(Arc<Mutex<Head>>);

impl HeadContext {
    /// The head as the page left it.
    pub fn head(&self) -> Head {
        self.0.lock().map(|head| head.clone()).unwrap_or_default()
    }
}

/// Changes the head of the page being rendered on the server; in the browser, nothing.
pub fn update(change: impl FnOnce(&mut Head)) {
    #[cfg(feature = "ssr")]
    if let Some(context) = leptos::prelude::use_context::<HeadContext>()
        && let Ok(mut head) = context.0.lock()
    {
        change(&mut head);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = change;
}
