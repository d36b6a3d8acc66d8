//! Search results (`/search?q=…`): publications best first, each with the snippet showing
//! where the words were found, the total, the archive's filters and pager. Like the archive,
//! the whole search lives in the URL; a search the API refuses shows its reason.

use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use chancery_shared::search::{RELEVANCE_DEPTH, deepest_relevance_page};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ClientError, invalid};
use crate::archive_query::ArchiveQuery;
use crate::components::error_panel::ErrorPanel;
use crate::components::field_errors::FieldErrors;
use crate::components::filters::Filters;
use crate::components::pager::Pager;
use crate::components::publication_item::PublicationItem;
use crate::components::skeleton::{LoadingNotice, Skeleton};
use crate::paths::ARCHIVE;
use crate::site_context::use_title;
use crate::status;

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(ArchiveQuery::search_from_params));
    // `None` until there is something to search for: an empty box asks the API nothing.
    let results = Resource::new_blocking(
        move || query.get(),
        |query| {
            let asked = query.q.is_some();
            let answer = query.to_api().map(api::publications).map_err(invalid);
            async move {
                if !asked {
                    return None;
                }
                let answer = match answer {
                    Ok(answer) => answer.await,
                    Err(error) => Err(error),
                };
                Some((answer, query))
            }
        },
    );
    let errors = Signal::derive(move || {
        results.with(|answer| match answer {
            Some(Some((Err(error), _))) => error.field_errors().to_vec(),
            _ => Vec::new(),
        })
    });
    let (pending, set_pending) = signal(false);
    // Result pages are for readers, not for search engines' indexes.
    crate::head::update(|head| head.noindex = true);
    use_title(move || {
        query
            .with(|q| {
                let words = q.q.as_deref()?;
                let page = q.page_number();
                Some(if page > 1 {
                    format!("Search: {words} — page {page}")
                } else {
                    format!("Search: {words}")
                })
            })
            .or_else(|| Some("Search".to_owned()))
    });

    view! {
        <div class="archive search">
            <h1>"Search"</h1>
            // No tag or speaker suggestions here: the facets count the archive, not a search.
            <Filters query errors tags=String::new() speakers=String::new() />
            <div class="results" aria-busy=move || pending.get().to_string()>
                <Transition fallback=ResultsSkeleton set_pending>
                    {move || Suspend::new(async move {
                        match results.await {
                            None => prompt(),
                            Some((Ok(page), query)) => results_view(page, &query),
                            Some((Err(ClientError::Rejected { status, detail, errors }), query)) => {
                                status::set(status);
                                view! { <FieldErrors detail errors query /> }.into_any()
                            }
                            Some((Err(error), _)) => {
                                status::set(error.status());
                                view! {
                                    <ErrorPanel
                                        what="The search could not be run."
                                        error
                                        retry=move || results.refetch()
                                    />
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

/// No words yet.
fn prompt() -> AnyView {
    view! {
        <div class="empty">
            <p>
                "Type the words you are looking for in the search box. "
                "Use \"quotes\" for a phrase, -word to leave a word out, and or for either of two words."
            </p>
        </div>
    }
    .into_any()
}

/// What was searched for, in words: `“lavrov”, kind “Article”`.
fn searched(query: &ArchiveQuery) -> String {
    let q = query.q.as_deref().unwrap_or_default();
    // A search with its own quotes reads better without more around it.
    let words = if q.contains('"') {
        q.to_owned()
    } else {
        format!("“{q}”")
    };
    if query.is_filtered() {
        format!("{words}, {}", query.describe())
    } else {
        words
    }
}

/// One page of results with its count and pager, or the empty state.
fn results_view(page: ListPage<PublicationSummary>, query: &ArchiveQuery) -> AnyView {
    // The reader pages by number and always asks for totals; results come best first, which
    // the API serves only so deep, so the pager stops there.
    let (current, total, total_pages) = page.numbering();
    let deepest = deepest_relevance_page(page.per_page);
    let total_pages = total_pages.min(deepest);
    let items = page.items;
    if items.is_empty() {
        return empty(query);
    }
    let noun = if total == 1 { "result" } else { "results" };
    let capped = (total > u64::from(deepest) * u64::from(page.per_page)).then(|| {
        view! {
            <p class="hint">
                {format!(
                    "The best {RELEVANCE_DEPTH} are shown; narrow the search with the filters to reach the others."
                )}
            </p>
        }
    });
    view! {
        <p class="summary">
            {format!("{total} {noun} for ")}
            <span class="searched">{searched(query)}</span>
            {format!(" · page {current} of {total_pages}")}
        </p>
        {capped}
        <ol class="publications">
            {items
                .into_iter()
                .map(|publication| view! { <PublicationItem publication /> })
                .collect_view()}
        </ol>
        <Pager query=query.clone() current total_pages />
    }
    .into_any()
}

/// Nothing matched: say what was searched for and how to widen it.
fn empty(query: &ArchiveQuery) -> AnyView {
    let filtered = query.is_filtered();
    let unfiltered = query.unfiltered().href(1);
    view! {
        <div class="empty">
            <p>"No publications match " <span class="searched">{searched(query)}</span> "."</p>
            <p>
                {if filtered {
                    view! { "Try other words, " <a href=unfiltered>"search without the filters"</a> ", or " }
                        .into_any()
                } else {
                    view! { "Try other or fewer words, or " }.into_any()
                }}
                <a href=ARCHIVE>"browse all messages"</a>
                "."
            </p>
        </div>
    }
    .into_any()
}

/// A page's worth of results while the first ones load.
#[component]
fn ResultsSkeleton() -> impl IntoView {
    view! {
        <LoadingNotice text="Searching…" />
        <Skeleton lines=1 class="skeleton-line" />
        {(0..6).map(|_| view! { <Skeleton lines=3 class="skeleton-item" /> }).collect_view()}
    }
}
