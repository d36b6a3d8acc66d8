//! Chancery's reader: the browser app that shows the mission's site to the public. For now it
//! is a first page that says what Chancery is and shows the site's name and today's date line
//! from the API; the full reader comes later.

mod api;

use chancery_shared::site::Site;
use leptos::prelude::*;

use crate::api::ClientError;

fn main() {
    log_panics_to_console();
    leptos::mount::mount_to_body(App);
}

/// Sends panics to the browser console instead of an opaque "unreachable" trap.
fn log_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
    }));
}

/// The whole page.
#[component]
fn App() -> impl IntoView {
    let site = LocalResource::new(api::site);

    view! {
        <main>
            <h1>"Chancery"</h1>
            <p>
                "This is the reader for the mission's website. "
                "The full reader is coming; for now this page checks that it can reach the API."
            </p>
            <Suspense fallback=|| view! { <p class="muted">"Loading the site…"</p> }>
                {move || Suspend::new(async move {
                    let site = site.await;
                    view! { <SiteLine site /> }
                })}
            </Suspense>
            <ul>
                <li><a href="/swagger-ui/">"API documentation (Swagger UI)"</a></li>
                <li><a href="/api/v1/home">"The home page's data (JSON)"</a></li>
            </ul>
        </main>
    }
}

/// The site's name and date line, or why they could not be loaded.
#[component]
fn SiteLine(site: Result<Site, ClientError>) -> impl IntoView {
    match site {
        Ok(site) => view! {
            <section>
                <h2>{site.name}</h2>
                <p>{site.date_line}</p>
            </section>
        }
        .into_any(),
        Err(error) => view! {
            <p class="error" role="alert">
                "The site's details could not be loaded: " {error.to_string()} "."
            </p>
        }
        .into_any(),
    }
}
