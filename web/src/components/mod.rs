//! The pieces pages are built from, one component per module.

pub mod admin_bar;
pub mod body;
pub mod clocks;
pub mod contacts;
pub mod counters;
pub mod date_line;
pub mod editor;
pub mod error_panel;
pub mod facets;
pub mod featured;
pub mod field_errors;
pub mod filters;
pub mod layout;
pub mod pager;
pub mod publication_item;
pub mod skeleton;
pub mod text_field;
