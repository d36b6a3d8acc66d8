//! One module per route: the home page, the archive, a publication, "not found", and the
//! staff area (sign-in, the list of publications, the editor, settings, tokens and users).

pub mod admin_editor;
pub mod admin_list;
pub mod admin_settings;
pub mod admin_sign_in;
pub mod admin_tokens;
pub mod archive;
pub mod home;
pub mod not_found;
pub mod publication;
