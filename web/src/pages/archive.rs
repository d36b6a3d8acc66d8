//! The archive (`/publications`): every publication, newest first, filtered by kind, tag,
//! speaker, year/month and date range, and paged with a numbered pager; a sidebar counts what
//! each year, month, kind and tag would show. The whole search lives in the URL
//! (`?page=3&kind=interview`), so it can be shared, reloaded and gone back through.

use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ClientError, invalid};
use crate::archive_query::ArchiveQuery;
use crate::components::error_panel::ErrorPanel;
use crate::components::facets::{self, FacetSidebar};
use crate::components::field_errors::FieldErrors;
use crate::components::filters::Filters;
use crate::components::pager::Pager;
use crate::components::publication_item::PublicationItem;
use crate::components::skeleton::{LoadingNotice, Skeleton};
use crate::paths::ARCHIVE;
use crate::site_context::use_title;
use crate::status;

/// The archive page.
#[component]
pub fn Archive() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(ArchiveQuery::from_params));
    // Each answer keeps the search it answers, so links built from it match what is shown.
    let results = Resource::new_blocking(
        move || query.get(),
        |query| {
            // Checked here (year/month are not API parameters), shown like the API's own.
            let answer = query.to_api().map(api::publications).map_err(invalid);
            async move {
                let answer = match answer {
                    Ok(answer) => answer.await,
                    Err(error) => Err(error),
                };
                (answer, query)
            }
        },
    );
    let errors = Signal::derive(move || {
        results.with(|answer| match answer {
            Some((Err(error), _)) => error.field_errors().to_vec(),
            _ => Vec::new(),
        })
    });
    let (pending, set_pending) = signal(false);
    let facets = facets::load(query);
    let tags = facets::options(facets, |f| &f.tags);
    let speakers = facets::options(facets, |f| &f.speakers);
    use_title(move || {
        let page = query.with(ArchiveQuery::page_number);
        Some(if page > 1 {
            format!("All messages — page {page}")
        } else {
            "All messages".to_owned()
        })
    });

    view! {
        <div class="archive">
            <h1>"All messages"</h1>
            <Filters query errors tags speakers />
            <FacetSidebar query facets />
            <div class="results" aria-busy=move || pending.get().to_string()>
                <Transition fallback=ResultsSkeleton set_pending>
                    {move || Suspend::new(async move {
                        match results.await {
                            (Ok(page), query) => view! { <Results page query /> }.into_any(),
                            (Err(ClientError::Rejected { status, detail, errors }), query) => {
                                status::set(status);
                                view! { <FieldErrors detail errors query /> }.into_any()
                            }
                            (Err(error), _) => {
                                status::set(error.status());
                                view! {
                                    <ErrorPanel
                                        what="The archive could not be loaded."
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

/// One page of results with its count and pager, or the empty state.
#[component]
fn Results(page: ListPage<PublicationSummary>, query: ArchiveQuery) -> impl IntoView {
    // The reader pages by number and always asks for totals.
    let (current, total, total_pages) = page.numbering();
    let items = page.items;
    if items.is_empty() {
        return view! { <Empty query /> }.into_any();
    }
    let noun = if total == 1 {
        "publication"
    } else {
        "publications"
    };
    view! {
        <p class="summary">
            {format!("{total} {noun}")}
            {query.is_filtered().then(|| format!(" matching {}", query.describe()))}
            {format!(" · page {current} of {total_pages}")}
        </p>
        <ol class="publications">
            {items
                .into_iter()
                .map(|publication| view! { <PublicationItem publication /> })
                .collect_view()}
        </ol>
        <Pager query current total_pages />
    }
    .into_any()
}

/// Nothing matched: say what was searched for and how to widen it.
#[component]
fn Empty(query: ArchiveQuery) -> impl IntoView {
    let searched = query.is_filtered().then(|| query.describe());
    view! {
        <div class="empty">
            {match searched {
                Some(searched) => {
                    view! {
                        <p>"No publications match " <span class="searched">{searched}</span> "."</p>
                        <p>
                            "Try fewer filters, or "
                            <a href=ARCHIVE>"show all messages"</a>
                            "."
                        </p>
                    }
                        .into_any()
                }
                None => view! { <p>"No publications have been published yet."</p> }.into_any(),
            }}
        </div>
    }
}

/// A page's worth of list items while the first results load.
#[component]
fn ResultsSkeleton() -> impl IntoView {
    view! {
        <LoadingNotice text="Loading publications…" />
        <Skeleton lines=1 class="skeleton-line" />
        {(0..6).map(|_| view! { <Skeleton lines=3 class="skeleton-item" /> }).collect_view()}
    }
}
