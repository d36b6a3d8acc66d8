//! The frame around every page: a skip link, the header with the site's name, sections and
//! search box, the `<main>` landmark the page renders into, and the footer.

use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::archive_query::with_query;
use crate::paths::{ARCHIVE, SEARCH};
use crate::site_context::Site;

/// Header, main and footer around `children`.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // The name waits for `/site` (on the server too, so the page arrives with it).
    let site = use_context::<Site>();
    let name = move || async move {
        match site {
            Some(Site(site)) => {
                let name = site.await.ok().map(|site| site.name);
                crate::head::update(|head| head.site_name.clone_from(&name));
                name
            }
            None => None,
        }
    };
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
                    <Transition fallback=|| "\u{a0}">
                        {move || Suspend::new(async move {
                            name().await.unwrap_or_else(|| "\u{a0}".to_owned())
                        })}
                    </Transition>
                </a>
                <nav class="sections" aria-label="Sections">
                    <a href="/">"Home"</a>
                    <a href=ARCHIVE>"All messages"</a>
                </nav>
                <SearchBox />
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1" node_ref=main_ref>
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            name().await.map(|name| view! { <span>{name}</span>" · " })
                        })}
                    </Transition>
                    <a href=ARCHIVE>"All messages"</a>
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

/// The header's search form: a plain GET form to `/search`, which the app turns into a
/// navigation; on the search page it shows the words searched for.
#[component]
fn SearchBox() -> impl IntoView {
    let location = use_location();
    let params = use_query_map();
    let current = move || {
        if location.pathname.get() == SEARCH {
            params.with(|p| p.get("q")).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let input = NodeRef::<html::Input>::new();
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(input) = input.get() else {
            return; // Not mounted: let the browser submit the plain form.
        };
        ev.prevent_default();
        let words = input.value();
        let words = Some(words.trim()).filter(|w| !w.is_empty());
        navigate(
            &with_query(SEARCH, [("q", words)]),
            NavigateOptions::default(),
        );
    };
    view! {
        <form class="site-search" role="search" method="get" action=SEARCH on:submit=on_submit>
            <label for="site-search-q" class="visually-hidden">
                "Search publications"
            </label>
            <input id="site-search-q" name="q" type="search" maxlength="200" autocomplete="off"
                placeholder="Search" node_ref=input value=current prop:value=current />
            <button type="submit">"Search"</button>
        </form>
    }
}
