//! Chancery's wire types and the pure rules both the API and the browser app rely on: counting
//! days in a time zone, reading a clock, wording the date line, making slugs. Nothing here does
//! I/O, so it builds for wasm32 and every rule is unit-tested in this crate.

pub mod changes;
pub mod clock;
pub mod counter;
pub mod facet;
pub mod page;
pub mod publication;
pub mod record_rules;
pub mod search;
pub mod settings;
pub mod site;
pub mod slug;
pub mod snippet;
pub mod staff;
pub mod time;
