//! The pieces pages are built from, one component per module.

#[cfg(feature = "staff")]
pub mod admin_bar;
#[cfg(feature = "staff")]
pub mod block_list;
pub mod body;
pub mod clocks;
pub mod contacts;
pub mod counters;
pub mod date_line;
#[cfg(feature = "staff")]
pub mod editor;
#[cfg(feature = "staff")]
pub mod editor_actions;
#[cfg(feature = "staff")]
pub mod editor_outcome;
pub mod error_panel;
pub mod featured;
pub mod field_errors;
pub mod filters;
pub mod layout;
pub mod pager;
pub mod publication_item;
pub mod skeleton;
#[cfg(feature = "staff")]
pub mod text_field;
