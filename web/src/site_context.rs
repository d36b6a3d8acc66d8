//! The site's details as every page shares them: its name (for the header and each page's
//! title, read once by the app and again after staff change the settings) and, in the staff
//! bundle, the `/site` answer itself; and the helper that keeps `document.title` in step.

use leptos::prelude::*;

/// The site's name once `/site` has answered; `None` while loading or if it failed.
#[derive(Clone, Copy)]
pub struct SiteName(pub Signal<Option<String>>);

/// The `/site` answer itself, so the settings page can have it read again after a save.
#[cfg(feature = "staff")]
#[derive(Clone, Copy)]
pub struct SiteInfo(
    pub LocalResource<Result<chancery_shared::site::Site, crate::api::ClientError>>,
);

/// Keeps `document.title` as "`page` — site name" (just the site name when `page` gives
/// `None`), following both the page's state and the site name's arrival.
pub fn use_title(page: impl Fn() -> Option<String> + 'static) {
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
