//! One module per route: the home page, the archive, a publication, search, "not found", and the
//! staff area (sign-in, the list of publications, the editor).

pub mod admin_editor;
pub mod admin_list;
pub mod admin_sign_in;
pub mod archive;
pub mod home;
pub mod not_found;
pub mod publication;
pub mod search;
