//! The frame around every page: a skip link, the header with the site's name and sections, the
//! `<main>` landmark the page renders into, and the footer.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::SiteName;

/// Header, main and footer around `children`.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let site = use_context::<SiteName>();
    let name = move || site.and_then(|site| site.0.get());
    let main_ref = NodeRef::<html::Main>::new();
    // The router would treat `#main` as a navigation; moving focus by hand also takes keyboard
    // users past the header, which scrolling alone does not.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main_ref.get() {
            let _ = main.focus();
        }
    };

    // A new page (not a new query on the same one, which would pull focus out of the filter
    // form) takes focus to its content, so screen readers start there rather than on a link
    // that has just vanished.
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|previous| previous != path)
            && let Some(main) = main_ref.get_untracked()
        {
            let _ = main.focus();
        }
        path
    });

    view! {
        <a class="skip-link" href="#main" on:click=skip>
            "Skip to content"
        </a>
        <header class="site-header">
            <div class="wrap">
                // Until `/site` answers, a no-break space holds the line's height.
                <a class="site-name" href="/">
                    {move || name().unwrap_or_else(|| "\u{a0}".to_owned())}
                </a>
                <nav class="sections" aria-label="Sections">
                    <a href="/">"Home"</a>
                    <a href="/publications">"All messages"</a>
                </nav>
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1" node_ref=main_ref>
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    {move || name().map(|name| view! { <span>{name}</span>" · " })}
                    <a href="/publications">"All messages"</a>
                    " · "
                    // Served by the API binary, not a route of this app.
                    <a href="/swagger-ui/" rel="external">
                        "Open data API"
                    </a>
                    " · "
                    <a href="/feed.atom" rel="external" type="application/atom+xml">
                        "Feeds"
                    </a>
                </p>
            </div>
        </footer>
    }
}
