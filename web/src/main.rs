//! Chancery's reader: the browser app that shows the mission's site to the public. It renders
//! in the browser (client-side), reads everything from the JSON API under `/api/v1`, and keeps
//! each page's state in its URL so links, reloads and back/forward all work. Built with the
//! `staff` feature it is also the staff area at `/admin`, a second bundle that readers never
//! download.

#[cfg(feature = "staff")]
mod account_api;
mod api;
mod app;
mod archive_query;
mod components;
#[cfg(feature = "staff")]
mod editor_fields;
#[cfg(feature = "staff")]
mod editor_time;
mod now;
mod pages;
mod paths;
#[cfg(feature = "staff")]
mod settings_fields;
mod site_context;
#[cfg(feature = "staff")]
mod staff_api;
#[cfg(feature = "staff")]
mod staff_session;

fn main() {
    log_panics_to_console();
    leptos::mount::mount_to_body(app::App);
}

/// Sends panics to the browser console instead of an opaque "unreachable" trap.
fn log_panics_to_console() {
    std::panic::set_hook(Box::new(|info| {
        leptos::logging::error!("{info}");
    }));
}
