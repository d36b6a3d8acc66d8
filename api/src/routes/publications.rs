//! `GET /publications` (the archive: paged, filtered, newest first, or searched and ranked by
//! relevance), `GET /publications/{slug}` (one publication with its body) and what links from
//! one: its neighbours in the archive and its translations.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::page::{ListPage, Problem, total_pages};
use chancery_shared::publication::{
    Neighbours, Publication, PublicationSummary, Translation, Translations,
};
use chancery_shared::search::deepest_relevance_page;
use chancery_shared::slug::Slug;
use chancery_shared::time::local_date;
use chrono::{DateTime, Utc};

use crate::access::{self, Viewer};
use crate::db::publications as q;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_json};
use crate::listing as pages;
use crate::paging::{Nav, kept, link_header, numbered};
use crate::params::{FilterParams, PagingParams};
use crate::query::{ApiParams, ApiQuery, NoParams, path_slug};
use crate::responses::ServerErrors;
use crate::selection::Selection;
use crate::state::AppState;

/// The archive: publications newest first (ties broken by newest id), paged and filtered; with
/// `q`, a full-text search whose results come best first, each with a highlighted `snippet`.
///
/// Pages by number (`page`) or, for machines, by opaque cursor (`cursor`, from the previous
/// page's `next_cursor`), which stays stable while publications are added. The body carries
/// the page; `Link` (first/prev/next/last) and `X-Total-Count` repeat the paging for clients
/// that read headers. Unknown parameters are rejected.
#[utoipa::path(
    operation_id = "list_publications",
    tag = "publications",
    // Public; staff credentials add the `status` filter.
    security((), ("bearer" = [])),
    params(FilterParams, PagingParams),
    responses(
        (status = 200, description = "One page of publications", body = ListPage<PublicationSummary>,
            headers(
                ("Link" = String, description = "RFC 8288 links: first, prev, next (by cursor when the request gave one), last (when counted)"),
                ("X-Total-Count" = u64, description = "Publications matching the filters (not sent with include_total=false)"),
                ("ETag" = String, description = "Strong validator for If-None-Match"),
            )),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter is malformed, out of range or unknown; a `q` with too many words or `or`s; a page past the best 1000 results in relevance order; a cursor that is not one this server made, was made for other filters, or comes with `page` or in relevance order",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`status` without staff credentials, or unknown or revoked ones",
            body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A contributor asked for `status=scheduled` or `status=withdrawn` (contributors see published pieces and their own drafts)",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
        // Replaces ServerErrors' 503, saying more: a search can be turned away too.
        (status = 503, description = "The database did not answer in time, or a search was turned away (code `search_unavailable`): every search slot stayed taken for too long, or the search ran past its time budget. `Retry-After` says when to try again; a search that ran out of time is better narrowed with filters or fewer words",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait before trying again (sent with `search_unavailable`)"))),
    )
)]
#[get("/publications")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiParams((filters, paging)): ApiParams<(FilterParams, PagingParams)>,
) -> Result<HttpResponse, ApiError> {
    let staff_view = filters.status.is_some();
    let listed = read_list(&state, &viewer, filters, paging).await?;
    let Listing {
        page: result,
        selection,
        by_relevance,
        per_page,
        include_total,
    } = listed;
    let page = result.page.unwrap_or(1);
    // Links never lead past the deepest page relevance order serves.
    let deepest = by_relevance.then(|| deepest_relevance_page(per_page));
    let searched_by_date = selection.search.is_some() && !by_relevance;
    let links = link_header(
        req.path(),
        &selection,
        &kept(per_page, searched_by_date, include_total),
        Nav {
            page: result.page,
            last: result
                .total_pages
                .map(|last| deepest.map_or(last, |d| last.min(d))),
            has_more: result.has_more && deepest.is_none_or(|d| page < d),
            next_cursor: result.next_cursor.as_deref(),
        },
    );
    let total = result.total;
    Ok(cached_json(
        &req,
        &result,
        Freshness(CONTENT_MAX_AGE),
        |r| {
            if let Some(total) = total {
                r.insert_header(("X-Total-Count", total.to_string()));
            }
            if !links.is_empty() {
                r.insert_header(("Link", links));
            }
            // Drafts and the like must not land in a shared cache.
            if staff_view {
                r.insert_header(("Cache-Control", "private, no-store"));
            }
        },
    ))
}

/// One publication, with its body of paragraphs and question/answer turns.
///
/// Editors and admins also see drafts, scheduled and withdrawn pieces, and contributors their
/// own drafts; the `ETag` is what `PUT` and `PATCH` take in `If-Match`.
#[utoipa::path(
    operation_id = "get_publication",
    tag = "publications",
    // Public; staff credentials also show drafts, scheduled and withdrawn pieces.
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug", example = "foreign-ministry-statement-fifth-anniversary-jcpoa")),
    responses(
        (status = 200, description = "The publication", body = Publication),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "Not a valid slug", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Credentials were sent but are unknown, revoked or expired", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No publication has this slug (drafts and scheduled pieces do not exist for the public, nor others' drafts for contributors)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The publication was withdrawn", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/publications/{slug}")]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let for_staff = viewer.staff().is_some();
    let publication = read(&state, viewer, slug).await?;
    Ok(as_read(&req, &publication, for_staff))
}

/// `value` as JSON with its ETag; what staff read (drafts included) is kept out of shared
/// caches.
fn as_read(req: &HttpRequest, value: &impl serde::Serialize, for_staff: bool) -> HttpResponse {
    cached_json(req, value, Freshness(CONTENT_MAX_AGE), |r| {
        if for_staff {
            r.insert_header(("Cache-Control", "private, no-store"));
        }
    })
}

/// The row behind a public slug: drafts and scheduled pieces do not exist for the public
/// (404); withdrawn ones say so (410).
fn public_row(conn: &mut Conn, slug: &Slug, now: DateTime<Utc>) -> Result<q::FullRow, ApiError> {
    let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| access::not_found(slug))?;
    Viewer::public().read(row, now)
}

/// The publications either side of one, for reading on.
#[utoipa::path(
    operation_id = "get_publication_neighbours",
    tag = "publications",
    params(("slug" = String, Path, description = "The publication's slug", example = "lavrov-interview-russia-24-maria-bondareva")),
    responses(
        (status = 200, description = "The next newer and next older publications", body = Neighbours),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "Not a valid slug", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No publication has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The publication was withdrawn", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/publications/{slug}/neighbours")]
pub async fn neighbours(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let neighbours = read_neighbours(&state, path_slug(&slug)?).await?;
    Ok(cached_json(
        &req,
        &neighbours,
        Freshness(CONTENT_MAX_AGE),
        |_| {},
    ))
}

/// The other language versions of one publication: those in its `translation_group`.
///
/// Each is listed as the caller may read it: the public only published ones whose time has
/// come, contributors their own drafts too, editors and admins everything.
#[utoipa::path(
    operation_id = "get_publication_translations",
    tag = "publications",
    // Public; staff credentials also list the drafts, scheduled and withdrawn pieces they may read.
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug", example = "foreign-ministry-statement-fifth-anniversary-jcpoa")),
    responses(
        (status = 200, description = "The publication's language, and the other language versions in its `translation_group` that the reader may read", body = Translations),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "Not a valid slug, or a parameter was given (this takes none)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Credentials were sent but are unknown, revoked or expired", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No publication has this slug (drafts and scheduled pieces do not exist for the public, nor others' drafts for contributors)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The publication was withdrawn", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/publications/{slug}/translations")]
pub async fn translations(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let for_staff = viewer.staff().is_some();
    let translations = read_translations(&state, viewer, slug).await?;
    Ok(as_read(&req, &translations, for_staff))
}

/// The language versions of `slug` that `viewer` may read, each as the viewer may read it:
/// the public never learns of a draft, a scheduled or a withdrawn translation.
pub async fn read_translations(
    state: &AppState,
    viewer: Viewer,
    slug: Slug,
) -> Result<Translations, ApiError> {
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        let zone = site::current(conn)?.zone()?;
        let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| access::not_found(&slug))?;
        let row = viewer.read(row, now)?.summary;
        let others = match &row.translation_group {
            Some(group) => q::translations(conn, group, row.id)?,
            None => Vec::new(),
        };
        let items = others
            .into_iter()
            .filter_map(|other| viewer.read(other, now).ok())
            .map(|other| Translation {
                published_on: local_date(zone, other.summary.published_at.and_utc()),
                slug: other.summary.slug,
                lang: other.summary.lang,
                title: other.summary.title,
            })
            .collect();
        Ok(Translations {
            lang: row.lang,
            items,
        })
    })
    .await
}

/// The publication at `slug` as `viewer` may read it: the public page renders it too.
pub async fn read(state: &AppState, viewer: Viewer, slug: Slug) -> Result<Publication, ApiError> {
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        let zone = site::current(conn)?.zone()?;
        let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| access::not_found(&slug))?;
        Ok(viewer.read(row, now)?.into_publication(zone, now)?)
    })
    .await
}

/// The public publications either side of the one at `slug`.
pub async fn read_neighbours(state: &AppState, slug: Slug) -> Result<Neighbours, ApiError> {
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        let zone = site::current(conn)?.zone()?;
        let row = public_row(conn, &slug, now)?;
        let (newer, older) = q::neighbours(conn, &row.summary, now.naive_utc())?;
        Ok(Neighbours {
            newer: newer.map(|n| n.into_neighbour(zone)),
            older: older.map(|n| n.into_neighbour(zone)),
        })
    })
    .await
}

/// One page of the list as `/publications` answers it, with what its links are made from.
pub struct Listing {
    pub page: ListPage<PublicationSummary>,
    pub selection: Selection,
    pub by_relevance: bool,
    pub per_page: u32,
    pub include_total: bool,
}

/// The page of the list that `filters` and `paging` ask `viewer` for: the archive and search
/// pages render it too.
pub async fn read_list(
    state: &AppState,
    viewer: &Viewer,
    filters: FilterParams,
    paging: PagingParams,
) -> Result<Listing, ApiError> {
    let now = state.clock.now();
    // A status this viewer may not see is refused first, before any work is done.
    let selection = filters.select(viewer)?;
    let (page, per_page) = numbered(paging.page, paging.per_page)?;
    let by_relevance = paging.by_relevance(&selection)?;
    if by_relevance {
        pages::check_depth(page, per_page)?;
    }
    let start = pages::start(
        &state.cursor_key,
        paging.cursor.as_deref(),
        paging.page.is_some(),
        by_relevance,
    )?;
    let include_total = paging.include_total != Some(false);
    // Read the version before the data, so a memo is never labelled newer than its data.
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let zone = site.zone()?;
    let memo = (site.publications_version, now.naive_utc());
    let ask = pages::Ask {
        start: start.as_ref(),
        page,
        per_page,
        include_total,
    };
    let listed = if by_relevance {
        pages::ranked(state, (&selection, zone), ask, memo).await?
    } else {
        pages::newest(state, (&selection, zone), ask, memo).await?
    };
    let mut snippets = listed.snippets;
    let items = listed
        .rows
        .into_iter()
        .map(|r| {
            let snippet = snippets.remove(&r.id);
            r.into_summary(zone, now)
                .map(|summary| PublicationSummary { snippet, ..summary })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = listed.total.filter(|_| include_total);
    let result = ListPage {
        items,
        page: start.is_none().then_some(page),
        per_page,
        total,
        total_pages: total.map(|t| total_pages(t, per_page)),
        has_more: listed.has_more,
        next_cursor: listed.next_cursor,
    };
    Ok(Listing {
        page: result,
        selection,
        by_relevance,
        per_page,
        include_total,
    })
}
