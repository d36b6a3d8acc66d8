//! What requests share, made once when the server starts and registered once, as one
//! `web::Data<AppState>` that every worker holds: the database, the clock, the key that signs
//! cursors, the trusted origin, the write limit and the sign-in throttle, the search gate, the
//! memos, the sitemap's settings and where the reader's assets are. Handlers take it whole; extractors and middleware find
//! it on the request.

use std::sync::Arc;

use actix_web::{HttpRequest, web};

use crate::cache::Memos;
use crate::clock::Clock;
use crate::cursor::CursorKey;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::limits::WriteLimiter;
use crate::origin::Origin;
use crate::search_gate::SearchGate;
use crate::syndication::Syndication;
use crate::throttle::SignInThrottle;

/// Everything a request may need beyond itself.
pub struct AppState {
    pub pool: DbPool,
    /// What "now" is: the system clock, or one tests move.
    pub clock: Clock,
    pub cursor_key: CursorKey,
    /// The public URL links are made from, and the proxies that may name the client.
    pub origin: Origin,
    pub write_limiter: WriteLimiter,
    pub sign_ins: SignInThrottle,
    /// Shared with the [`crate::startup::Application`], which hands it to tests.
    pub search_gate: Arc<SearchGate>,
    pub memos: Memos,
    pub syndication: Syndication,
    /// Where the reader's built assets are (`/assets/<hash>`), when it has been built.
    pub reader_assets: Option<String>,
}

impl AppState {
    /// The state of the server `req` came to.
    pub fn of(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
        req.app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| ApiError::Internal("the server's state is not registered".to_owned()))
    }
}
