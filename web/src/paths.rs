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
    format!("{ADMIN}/users/{}", encode_component(name))
}

/// `text` as one URL component, as JavaScript's `encodeURIComponent` writes it (the same on
/// the server and in the browser, so links render alike on both).
pub fn encode_component(text: &str) -> String {
    const KEEP: &[u8] = b"-_.!~*'()";
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || KEEP.contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::encode_component;

    #[test]
    fn components_are_encoded_as_the_browser_encodes_them() {
        assert_eq!(encode_component("Sergey Lavrov"), "Sergey%20Lavrov");
        assert_eq!(encode_component("a&b=c/d?"), "a%26b%3Dc%2Fd%3F");
        assert_eq!(encode_component("(it's)~*!"), "(it's)~*!");
        assert_eq!(
            encode_component("Лавров"),
            "%D0%9B%D0%B0%D0%B2%D1%80%D0%BE%D0%B2"
        );
    }
}
