//! The app: the router with the public pages (and, in the staff bundle, the staff area) and the
//! not-found fallback, and the site's details, read once and provided to every page (see
//! `site_context.rs`). The server renders it into the page's `<body>`, and the browser takes
//! that over. The paths here are those of `paths.rs`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::components::layout::Layout;
use crate::pages::archive::Archive;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::publication::PublicationPage;
use crate::pages::search::SearchPage;
use crate::site_context::{Site, SiteName};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let site = Resource::new_blocking(|| (), |()| api::site());
    // A failed `/site` only costs the name in the header and titles; pages report their own
    // errors, so this one is logged rather than shown.
    Effect::new(move || {
        if let Some(Err(error)) = site.get() {
            leptos::logging::warn!("site details unavailable: {error}");
        }
    });
    #[cfg(feature = "staff")]
    provide_context(crate::site_context::SiteInfo(site));
    provide_context(SiteName(Signal::derive(move || {
        site.get().and_then(Result::ok).map(|site| site.name)
    })));
    provide_context(Site(site));

    view! {
        <Router>
            <Layout>{routes()}</Layout>
        </Router>
    }
}

/// The reader's pages.
#[cfg(not(feature = "staff"))]
fn routes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/publications") view=Archive />
            <Route path=path!("/publications/:slug") view=PublicationPage />
            <Route path=path!("/search") view=SearchPage />
        </Routes>
    }
}

/// The reader's pages and the staff area: links from the staff area to the public pages stay
/// in this bundle. The API decides who may do what; these only need a session in this tab.
#[cfg(feature = "staff")]
fn routes() -> impl IntoView {
    use crate::pages::admin_account::AdminAccount;
    use crate::pages::admin_editor::{AdminEdit, AdminNew};
    use crate::pages::admin_list::AdminList;
    use crate::pages::admin_settings::AdminSettings;
    use crate::pages::admin_sign_in::AdminSignIn;
    use crate::pages::admin_tokens::AdminTokens;
    use crate::pages::admin_user::AdminUser;
    view! {
        <Routes fallback=|| view! { <NotFound /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/publications") view=Archive />
            <Route path=path!("/publications/:slug") view=PublicationPage />
            <Route path=path!("/search") view=SearchPage />
            <Route path=path!("/admin") view=AdminList />
            <Route path=path!("/admin/sign-in") view=AdminSignIn />
            <Route path=path!("/admin/new") view=AdminNew />
            <Route path=path!("/admin/publications/:slug") view=AdminEdit />
            <Route path=path!("/admin/settings") view=AdminSettings />
            <Route path=path!("/admin/tokens") view=AdminTokens />
            <Route path=path!("/admin/users/:name") view=AdminUser />
            <Route path=path!("/admin/account") view=AdminAccount />
        </Routes>
    }
}
