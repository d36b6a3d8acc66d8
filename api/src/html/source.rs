//! The reader's data for pages rendered here: [`Server`] answers each of the reader's calls
//! through the same functions the JSON endpoints answer with, as the public sees them (a
//! page is never rendered with anyone's credentials), and with the same refusals.

use std::sync::Arc;

use actix_web::web;
use chancery_shared::facet::Counts;
use chancery_web::answers::{ClientError, Facet, ListQuery};
use chancery_web::source::{Pending, Source};
use serde::Serialize;

use crate::access::Viewer;
use crate::error::ApiError;
use crate::params::{FilterParams, Filters, PagingParams};
use crate::query::{ApiParams, parse, path_slug};
use crate::routes::{archive, facets, home, publications, site};
use crate::state::AppState;

/// Reads for one render.
pub struct Server {
    pub state: web::Data<AppState>,
}

impl Server {
    /// The source a render of `state`'s site reads from.
    pub fn source(state: web::Data<AppState>) -> Arc<dyn Source> {
        Arc::new(Server { state })
    }
}

/// An error as the browser would have read it from the problem document.
fn client(error: ApiError) -> ClientError {
    let problem = error.problem();
    ClientError::from_problem(problem.status, problem.detail, problem.errors)
}

/// A query string of the reader's list parameters, as the browser would send it.
fn query_string(query: &ListQuery) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query.pairs())
        .finish()
}

/// `answer`, boxed and with its error as the reader sees it.
fn pending<T: Send + 'static>(
    answer: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Pending<T> {
    Box::pin(async move { answer.await.map_err(client) })
}

fn json<T: Serialize>(counts: Counts<T>) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(counts).map_err(|e| ApiError::Internal(format!("counts: {e}")))
}

impl Source for Server {
    fn site(&self) -> Pending<chancery_shared::site::Site> {
        let state = self.state.clone();
        pending(async move { site::read(&state, None).await })
    }

    fn home(&self, at: Option<String>) -> Pending<chancery_shared::site::Home> {
        let state = self.state.clone();
        pending(async move {
            // Read as `/home?at=` reads it, with the same refusal of a malformed `at`.
            let raw = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(at.as_ref().map(|at| ("at", at)))
                .finish();
            let query: home::HomeQuery = parse(&raw)?;
            home::read(&state, Viewer::public(), query).await
        })
    }

    fn publications(
        &self,
        query: ListQuery,
    ) -> Pending<chancery_shared::page::ListPage<chancery_shared::publication::PublicationSummary>>
    {
        let state = self.state.clone();
        pending(async move {
            let ApiParams((filters, paging)) =
                ApiParams::<(FilterParams, PagingParams)>::from_query(&query_string(&query))?;
            let listing =
                publications::read_list(&state, &Viewer::public(), filters, paging).await?;
            Ok(listing.page)
        })
    }

    fn counts(&self, facet: Facet, query: ListQuery) -> Pending<serde_json::Value> {
        let state = self.state.clone();
        pending(async move {
            let query = query_string(&query);
            match facet {
                Facet::Archive => {
                    let ApiParams(filters) = ApiParams::<Filters<_>>::from_query(&query)?;
                    json(archive::count_months(&state, filters).await?.0)
                }
                Facet::Kinds => {
                    let ApiParams(filters) = ApiParams::<Filters<_>>::from_query(&query)?;
                    json(facets::count_kinds(&state, filters).await?.0)
                }
                Facet::Tags => {
                    let ApiParams(filters) = ApiParams::<Filters<_>>::from_query(&query)?;
                    json(facets::count_tags(&state, filters).await?.0)
                }
                Facet::Speakers => {
                    let ApiParams(filters) = ApiParams::<Filters<_>>::from_query(&query)?;
                    json(facets::count_speakers(&state, filters).await?.0)
                }
            }
        })
    }

    fn publication(&self, slug: String) -> Pending<chancery_shared::publication::Publication> {
        let state = self.state.clone();
        pending(async move {
            let slug = path_slug(&slug)?;
            publications::read(&state, Viewer::public(), slug).await
        })
    }

    fn neighbours(&self, slug: String) -> Pending<chancery_shared::publication::Neighbours> {
        let state = self.state.clone();
        pending(async move {
            let slug = path_slug(&slug)?;
            publications::read_neighbours(&state, slug).await
        })
    }

    fn translations(&self, slug: String) -> Pending<chancery_shared::publication::Translations> {
        let state = self.state.clone();
        pending(async move {
            let slug = path_slug(&slug)?;
            publications::read_translations(&state, Viewer::public(), slug).await
        })
    }
}
