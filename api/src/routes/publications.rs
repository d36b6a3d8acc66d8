//! `GET /publications` (the archive: paged, filtered, newest first, or searched and ranked by
//! relevance) and `GET /publications/{slug}` (one publication with its body).

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::page::{ListPage, Problem, total_pages};
use chancery_shared::publication::{Kind, Neighbours, Publication, PublicationSummary, Status};
use chancery_shared::search::{SearchQuery, deepest_relevance_page};
use chancery_shared::slug::Slug;
use chancery_shared::time::start_of_day;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::{self, Viewer};
use crate::db::list::{Filter, Matches};
use crate::db::publications as q;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_json};
use crate::listing as pages;
use crate::paging::{Nav, link_header, paging};
use crate::query::{ApiQuery, Date, KindList, NoParams, path_slug, strict_bool, tag_param};
use crate::responses::ServerErrors;
use crate::state::AppState;

/// Query parameters of the archive.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page number, from 1; past the last page is an error. Search results in relevance order
    /// go as deep as the best 1000: there `page` × `per_page` may be at most 1000 (a 400
    /// beyond; narrow the search with filters, or give `sort=newest` to page through every
    /// result, by cursor too).
    #[param(minimum = 1, example = 1)]
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100, example = 20)]
    pub per_page: Option<u32>,
    /// Only these kinds: repeat the parameter or separate with commas (`kind=speech,article`).
    #[serde(default)]
    #[param(value_type = Option<Vec<Kind>>, explode = true, example = json!(["interview"]))]
    pub kind: KindList,
    /// Only publications with this tag (a slug).
    #[param(example = "iran")]
    pub tag: Option<String>,
    /// Only publications crediting this speaker (exact name, any letter case).
    #[param(example = "Sergey Lavrov")]
    pub speaker: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-01")]
    pub from: Option<Date>,
    /// Published on or before this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-30")]
    pub to: Option<Date>,
    /// Staff only: `draft`, `scheduled`, `published` or `withdrawn` (default: what the public
    /// sees, which is `published`). Contributors may ask for `published` and `draft`, which
    /// lists their own drafts only.
    #[param(value_type = Option<Status>)]
    pub status: Option<Status>,
    /// `true` for featured publications only, `false` to leave them out.
    #[serde(default, deserialize_with = "strict_bool")]
    #[param(value_type = Option<bool>)]
    pub featured: Option<bool>,
    /// Full-text search over title, lead, speakers and body (questions and answers included),
    /// combined with every other filter. Bare words must all appear (in any form: `talk`
    /// finds `talks`); `"a phrase"` must appear as written; `-word` or `-"a phrase"` must not;
    /// `or` between two terms takes either (`iran or iraq talks`). Common words such as
    /// `the` are ignored outside phrases. 1–200 characters, with at most 12 words searched for
    /// (each word of a phrase counts, and so does each excluded one) and at most 4 `or`s;
    /// beyond is a 400 naming `q`, as is an empty `q` (refused, not ignored). Results carry a
    /// `snippet`. A search runs for at most a few seconds, and only a few at once: one that
    /// finds no room in time, or runs out of time, is a 503 with `Retry-After`.
    #[param(max_length = 200, example = "\"nuclear programme\" -sanctions")]
    pub q: Option<String>,
    /// `relevance` (the default with `q`: best matches first, newest first among equals) or
    /// `newest` (the default without `q`). `relevance` needs `q`.
    #[param(value_type = Option<Sort>, inline)]
    pub sort: Option<Sort>,
    /// Keyset paging for machines: the `next_cursor` of the page before (numbered pages carry
    /// one too, so a client can switch after page 1). The page starts just after that page's
    /// last item, so publications added meanwhile never repeat or skip an item, and a deep
    /// page costs what the first does. Send the same filters the cursor was made with (else
    /// 400); `per_page` and `include_total` may change. Not with `page`, and not in relevance
    /// order: ranks shift as publications are added, so with `q` give `sort=newest` to page
    /// by cursor (a search in relevance order pages by number only).
    #[param(
        example = "WyJwdWJsaWNhdGlvbnMiLDE1OTQyODUwODAsMCwzLCI3MWY5YzE1ZGU0ZmUyZmFjIl3jW5ffbL0J7MoBfmTHTOEa"
    )]
    pub cursor: Option<String>,
    /// `false` to skip counting: `total` and `total_pages` are `null`, and neither
    /// `X-Total-Count` nor a `last` link is sent. For clients that only follow `next_cursor`
    /// or `has_more`. Default `true`.
    #[serde(default, deserialize_with = "strict_bool")]
    #[param(value_type = Option<bool>)]
    pub include_total: Option<bool>,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best search matches first.
    Relevance,
    /// Newest first.
    Newest,
}

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
    params(ListQuery),
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
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    // Refuse a status this viewer may not see before any work is done.
    viewer.may_list(query.status)?;
    let staff_view = query.status.is_some();
    let (page, per_page) = paging(query.page, query.per_page)?;
    let tag = tag_param(query.tag.as_deref())?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from.0 > to.0
    {
        return Err(ApiError::invalid("from", "must not be after `to`"));
    }
    let search = match query.q.as_deref() {
        Some(text) => {
            Some(SearchQuery::parse(text).map_err(|e| ApiError::invalid("q", &e.to_string()))?)
        }
        None => None,
    };
    let by_relevance = match (query.sort, &search) {
        (Some(Sort::Relevance), None) => {
            return Err(ApiError::invalid(
                "sort",
                "`relevance` orders search results: give `q` as well",
            ));
        }
        (Some(Sort::Newest), _) | (None, None) => false,
        (_, Some(_)) => true,
    };
    if by_relevance {
        pages::check_depth(page, per_page)?;
    }
    let start = pages::start(
        &state.cursor_key,
        query.cursor.as_deref(),
        query.page.is_some(),
        by_relevance,
    )?;
    let include_total = query.include_total != Some(false);
    // Read the version before the data, so a memo is never labelled newer than its data.
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let zone = site.zone()?;
    let filter = Filter {
        kinds: query.kind.0,
        tag: tag.map(|t| t.to_string()),
        speaker_key: query.speaker.as_deref().map(crate::db::write::speaker_key),
        published_from: query.from.map(|d| start_of_day(zone, d.0).naive_utc()),
        published_before: query
            .to
            .and_then(|d| d.0.succ_opt())
            .map(|d| start_of_day(zone, d).naive_utc()),
        featured: query.featured,
        search: search.as_ref().map(Matches::new),
        ..Filter::default()
    };
    let filter = viewer.narrow(filter, query.status, now.naive_utc())?;
    let memo = (site.publications_version, now.naive_utc());
    let ask = pages::Ask {
        start: start.as_ref(),
        page,
        per_page,
        include_total,
    };
    let listed = if by_relevance {
        pages::ranked(&state, &filter, ask, memo).await?
    } else {
        pages::newest(&state, &filter, ask, memo).await?
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
    // Links never lead past the deepest page relevance order serves.
    let deepest = by_relevance.then(|| deepest_relevance_page(per_page));
    let links = link_header(
        req.path(),
        req.query_string(),
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
    let now = state.clock.now();
    let for_staff = viewer.staff().is_some();
    let publication = db::run(&state.pool, move |conn| {
        let zone = site::current(conn)?.zone()?;
        let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| access::not_found(&slug))?;
        Ok(viewer.read(row, now)?.into_publication(zone, now)?)
    })
    .await?;
    Ok(cached_json(
        &req,
        &publication,
        Freshness(CONTENT_MAX_AGE),
        |r| {
            // What staff see (drafts included) must not land in a shared cache.
            if for_staff {
                r.insert_header(("Cache-Control", "private, no-store"));
            }
        },
    ))
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
    let slug = path_slug(&slug)?;
    let now = state.clock.now();
    let neighbours = db::run(&state.pool, move |conn| {
        let zone = site::current(conn)?.zone()?;
        let row = public_row(conn, &slug, now)?;
        let (newer, older) = q::neighbours(conn, &row.summary, now.naive_utc())?;
        Ok(Neighbours {
            newer: newer.map(|n| n.into_neighbour(zone)),
            older: older.map(|n| n.into_neighbour(zone)),
        })
    })
    .await?;
    Ok(cached_json(
        &req,
        &neighbours,
        Freshness(CONTENT_MAX_AGE),
        |_| {},
    ))
}
