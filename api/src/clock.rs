//! The server's idea of "now". Production reads the system clock; tests set and move a fixed
//! instant, so scheduled publications and rollovers are tested by driving time, not sleeping.

use std::sync::{Arc, PoisonError, RwLock};

use chrono::{DateTime, Utc};

/// The system clock, or a fixed instant that tests can move. There is no default: whoever
/// starts the server or runs a command says which.
#[derive(Debug, Clone)]
pub struct Clock(Option<Arc<RwLock<DateTime<Utc>>>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock stopped at `at` until [`Clock::set`] moves it.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock(Some(Arc::new(RwLock::new(at))))
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.read().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Moves a fixed clock to `at`; the system clock cannot be moved and ignores this.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(cell) = &self.0 {
            *cell.write().unwrap_or_else(PoisonError::into_inner) = at;
        }
    }
}
