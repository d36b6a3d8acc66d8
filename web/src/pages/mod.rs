//! One module per route: the home page, the archive, a publication, search, "not found", and
//! the staff area (sign-in, the list of publications, the editor, settings, tokens and users, one user, and your own account).

#[cfg(feature = "staff")]
pub mod admin_account;
#[cfg(feature = "staff")]
pub mod admin_editor;
#[cfg(feature = "staff")]
pub mod admin_list;
#[cfg(feature = "staff")]
pub mod admin_settings;
#[cfg(feature = "staff")]
pub mod admin_sign_in;
#[cfg(feature = "staff")]
pub mod admin_tokens;
#[cfg(feature = "staff")]
pub mod admin_user;
pub mod archive;
pub mod home;
pub mod not_found;
pub mod publication;
pub mod search;
