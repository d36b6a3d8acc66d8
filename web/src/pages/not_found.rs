//! "Page not found", for addresses no route matches and publications the API does not know.

use leptos::prelude::*;

use crate::paths::ARCHIVE;
use crate::site_context::use_title;
use crate::status;

/// The not-found page, with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    use_title(|| Some("Page not found".to_owned()));
    status::set(404);
    view! {
        <div class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. The link may be mistyped, or the page may have moved."</p>
            <p>
                <a href="/">"Go to the home page"</a>
                " or "
                <a href=ARCHIVE>"browse all messages"</a>
                "."
            </p>
        </div>
    }
}
