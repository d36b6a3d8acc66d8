//! Where a page rendered on the server reads its data: the `chancery` binary implements
//! [`Source`] over its own query layer (no HTTP request to itself) and provides it as a
//! [`SourceContext`] for each render. Each method answers exactly what the JSON endpoint of
//! the same name would, as the public sees it. The browser reads the API instead, and never
//! holds a source.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Neighbours, Publication, PublicationSummary, Translations};
use chancery_shared::site::{Home, Site};

use crate::answers::{ClientError, Facet, ListQuery};

/// An answer on its way.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, ClientError>> + Send>>;

/// The reader's data, read in-process.
pub trait Source: Send + Sync {
    /// `GET /site`.
    fn site(&self) -> Pending<Site>;
    /// `GET /home?at=`.
    fn home(&self, at: Option<String>) -> Pending<Home>;
    /// `GET /publications` with the query's parameters.
    fn publications(&self, query: ListQuery) -> Pending<ListPage<PublicationSummary>>;
    /// `GET /archive`, `/kinds`, `/tags` or `/speakers`, as the JSON value of its counts.
    fn counts(&self, facet: Facet, query: ListQuery) -> Pending<serde_json::Value>;
    /// `GET /publications/{slug}`.
    fn publication(&self, slug: String) -> Pending<Publication>;
    /// `GET /publications/{slug}/neighbours`.
    fn neighbours(&self, slug: String) -> Pending<Neighbours>;
    /// `GET /publications/{slug}/translations`.
    fn translations(&self, slug: String) -> Pending<Translations>;
}

/// The source a render reads from, provided as context.
#[derive(Clone)]
pub struct SourceContext(pub Arc<dyn Source>);
