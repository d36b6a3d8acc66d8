//! The HTTP status a page answers with, set by the component that knows it (404 for an
//! unknown address, 410 for a withdrawn piece, 400 for an invalid filter). On the server the
//! handler reads it once the page has rendered; in the browser it means nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};

/// The status being rendered; the server provides one per request.
#[derive(Debug, Clone, Default)]
pub struct PageStatus(Arc<AtomicU16>);

impl PageStatus {
    /// What the page set, if anything (else 200).
    pub fn get(&self) -> Option<u16> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            status => Some(status),
        }
    }
}

/// Says the page answers `status`. The first page-level status set wins: a page that fails
/// does not become a success because a later part of it rendered.
pub fn set(status: u16) {
    #[cfg(feature = "ssr")]
    if let Some(page) = leptos::prelude::use_context::<PageStatus>() {
        let _ = page
            .0
            .compare_exchange(0, status, Ordering::Relaxed, Ordering::Relaxed);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
