//! Rendering a page on the server: the app for one URL, run to completion (every resource
//! awaited, in order) into the HTML of the page's `<body>`, followed by the data its islands
//! need to come to life without asking again, with what the page said of itself: its status
//! and its head.

use std::sync::Arc;

use futures::StreamExt;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use reactive_graph::owner::Sandboxed;

use crate::app::App;
use crate::head::{Head, HeadContext};
use crate::site_context::Titles;
use crate::source::{Source, SourceContext};
use crate::status::PageStatus;

/// A page as rendered.
#[derive(Debug, Clone)]
pub struct Page {
    /// 200 unless the page said otherwise.
    pub status: u16,
    /// The page's own title (none on the home page), before the site's name.
    pub title: Option<String>,
    pub head: Head,
    /// The `<body>`'s content: the app, then its islands' data as `<script>`s.
    pub body: String,
    /// The text of each of those scripts, for the Content-Security-Policy to allow by hash.
    pub scripts: Vec<String>,
}

/// Renders the app at `path_and_query` (`/publications?page=2`) from `source`.
pub async fn page(path_and_query: &str, source: Arc<dyn Source>) -> Page {
    // Resources run their futures on the executor; the first render sets it up.
    let _ = any_spawner::Executor::init_tokio();
    let shared: Arc<dyn SharedContext + Send + Sync> = Arc::new(SsrSharedContext::new());
    // Islands: only an `#[island]` is brought to life in the browser, so only it is marked
    // for hydration and only its resources' data is sent.
    shared.set_is_hydrating(false);
    let owner = Owner::new_root(Some(Arc::clone(&shared)));
    let url = format!("http://chancery{path_and_query}");
    let status = PageStatus::default();
    let head = HeadContext::default();
    let rendered = Sandboxed::new({
        let owner = owner.clone();
        let (status, head) = (status.clone(), head.clone());
        async move {
            let (html, titles) = owner.with(|| {
                provide_context(RequestUrl::new(&url));
                provide_context(SourceContext(source));
                provide_context(status);
                provide_context(head);
                let titles = Titles(StoredValue::new(None));
                provide_context(titles);
                (view! { <App /> }.to_html_stream_in_order(), titles)
            });
            let html = html.collect::<String>().await;
            while let Some(pending) = shared.await_deferred() {
                pending.await;
            }
            let scripts = match shared.pending_data() {
                Some(data) => data.collect::<Vec<String>>().await,
                None => Vec::new(),
            };
            let title = owner.with(|| titles.read());
            (html, scripts, title)
        }
    })
    .await;
    let (mut body, mut scripts, title) = rendered;
    owner.unset();
    // The data is read only by islands coming to life; a page without one needs none of it.
    if !body.contains("<leptos-island") {
        scripts.clear();
    }
    for script in &scripts {
        body.push_str("<script>");
        body.push_str(script);
        body.push_str("</script>");
    }
    Page {
        status: status.get().unwrap_or(200),
        title,
        head: head.head(),
        body,
        scripts,
    }
}
