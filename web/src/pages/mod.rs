//! One module per route: the home page, the archive, a publication, and "not found".

pub mod archive;
pub mod home;
pub mod not_found;
pub mod publication;
