//! Where each page lives, so that links are written once: the router in `app.rs` matches these
//! paths (its `path!` patterns must be literals, so they repeat them), and pages and components
//! link through these names, never through one another.

/// The archive.
pub const ARCHIVE: &str = "/publications";
/// The search page.
pub const SEARCH: &str = "/search";

/// One publication's page.
pub fn publication(slug: &str) -> String {
    format!("{ARCHIVE}/{slug}")
}

/// Where the staff area starts: the list of publications.
#[cfg(feature = "staff")]
pub const ADMIN: &str = "/admin";
/// The sign-in page, where the staff area sends anyone it does not know.
#[cfg(feature = "staff")]
pub const SIGN_IN: &str = "/admin/sign-in";
/// The editor for a new publication.
#[cfg(feature = "staff")]
pub const NEW: &str = "/admin/new";
/// The settings page.
#[cfg(feature = "staff")]
pub const SETTINGS: &str = "/admin/settings";
/// The tokens and users page.
#[cfg(feature = "staff")]
pub const TOKENS: &str = "/admin/tokens";
/// The signed-in user's own account.
#[cfg(feature = "staff")]
pub const ACCOUNT: &str = "/admin/account";

/// The editor for an existing publication.
#[cfg(feature = "staff")]
pub fn edit(slug: &str) -> String {
    format!("{ADMIN}/publications/{slug}")
}

/// The staff list of publications with one status.
#[cfg(feature = "staff")]
pub fn admin_tab(status: &str) -> String {
    format!("{ADMIN}?status={status}")
}

/// One user's page (`name` in any script, encoded as one segment).
#[cfg(feature = "staff")]
pub fn user(name: &str) -> String {
    format!("{ADMIN}/users/{}", js_sys::encode_uri_component(name))
}
