//! The site's details as every page shares them: its name (for the header and each page's
//! title, read once by the app and again after staff change the settings) and, in the staff
//! bundle, the `/site` answer itself; and [`use_title`], which names the page: in the head the
//! server writes, and in `document.title` as the page changes in the browser.

use leptos::prelude::*;

/// The site's name once `/site` has answered; `None` while loading or if it failed.
#[derive(Clone, Copy)]
pub struct SiteName(pub Signal<Option<String>>);

/// The `/site` answer as a resource, for the parts of the page that wait for it (the header's
/// name, rendered on the server).
#[derive(Clone, Copy)]
pub struct Site(pub Resource<Result<chancery_shared::site::Site, crate::api::ClientError>>);

/// The `/site` answer itself, so the settings page can have it read again after a save.
#[cfg(feature = "staff")]
#[derive(Clone, Copy)]
pub struct SiteInfo(pub Resource<Result<chancery_shared::site::Site, crate::api::ClientError>>);

/// Keeps `document.title` as "`page` — site name" (just the site name when `page` gives
/// `None`), following both the page's state and the site name's arrival.
pub fn use_title(page: impl Fn() -> Option<String> + Send + Sync + 'static) {
    // On the server the title is read once the page's data is in, as the page ends.
    #[cfg(feature = "ssr")]
    if let Some(titles) = use_context::<Titles>() {
        titles.0.set_value(Some(std::sync::Arc::new(page)));
        return;
    }
    let site = use_context::<SiteName>();
    Effect::new(move || {
        let site = site.and_then(|site| site.0.get());
        let title = match (page(), site) {
            (Some(page), Some(site)) => format!("{page} — {site}"),
            (Some(page), None) => page,
            (None, Some(site)) => site,
            (None, None) => "Chancery".to_owned(),
        };
        document().set_title(&title);
    });
}

/// How a page's title is read: from its state as it stands.
#[cfg(feature = "ssr")]
type PageTitle = std::sync::Arc<dyn Fn() -> Option<String> + Send + Sync>;

/// The server's hold on the page's title: the last [`use_title`] of the render.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
pub struct Titles(pub StoredValue<Option<PageTitle>>);

#[cfg(feature = "ssr")]
impl Titles {
    /// The page's own title, as its data now stands.
    pub fn read(&self) -> Option<String> {
        self.0
            .with_value(|page| page.as_ref().and_then(|page| page()))
    }
}
