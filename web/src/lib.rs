//! Chancery's reader: the pages that show the mission's site to the public, one set of Leptos
//! components for both ends. On the server (`ssr`, inside the `chancery` binary) they render
//! complete HTML from data the API's own query layer gives through a [`source::Source`]; in
//! the browser (`hydrate`) only its islands (`#[island]`, the live clocks) come to life, and
//! `boot.js` keeps navigation in the page. Each page keeps its state in its URL, so links,
//! reloads and back/forward all work.
//! Built with `staff` it is also the staff area at `/admin`, a second bundle rendered in the
//! browser that readers never download.

#[cfg(feature = "staff")]
mod account_api;
pub mod answers;
pub mod api;
pub mod app;
mod archive_query;
mod components;
#[cfg(feature = "staff")]
mod editor_fields;
#[cfg(feature = "staff")]
mod editor_time;
pub mod head;
mod now;
mod pages;
mod paths;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "staff")]
mod settings_fields;
mod site_context;
pub mod source;
#[cfg(feature = "staff")]
mod staff_api;
#[cfg(feature = "staff")]
mod staff_session;
pub mod status;

#[cfg(not(any(feature = "ssr", feature = "browser")))]
compile_error!("build chancery-web with `ssr` (the server), `hydrate` (the reader) or `staff`");

/// Readies the reader's bundle for the page's islands, which `boot.js` then brings to life
/// one by one through their own exports (each `#[island]` has one).
#[cfg(all(feature = "hydrate", not(feature = "staff")))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    log_panics_to_console();
    leptos::mount::hydrate_islands();
}

/// Renders the staff area in the browser (the staff bundle).
#[cfg(feature = "staff")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    log_panics_to_console();
    leptos::mount::mount_to_body(app::App);
}

/// Sends panics to the browser console instead of an opaque "unreachable" trap.
#[cfg(feature = "browser")]
fn log_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
    }));
}
