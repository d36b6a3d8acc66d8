//! The home page (`/`): the seed page brought to life. Date line, live clocks, the consular
//! contact, the counters, the featured publication in full and the latest publications.
//! `/?at=<instant>` shows the page exactly as it stood then, with the clocks stopped; a future
//! instant shows publications as they stand now, and says so.

use chancery_shared::site::Home as HomeData;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::clocks::Clocks;
use crate::components::contacts::Contacts;
use crate::components::counters::Counters;
use crate::components::date_line::DateLine;
use crate::components::error_panel::ErrorPanel;
use crate::components::featured::Featured;
use crate::components::publication_item::PublicationItem;
use crate::components::skeleton::{LoadingNotice, Skeleton};
use crate::paths::ARCHIVE;
use crate::site_context::use_title;
use crate::status;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let params = use_query_map();
    let at = Memo::new(move |_| {
        params.with(|p| {
            p.get_str("at")
                .map(str::trim)
                .filter(|at| !at.is_empty())
                .map(str::to_owned)
        })
    });
    // Each answer carries whether it is live, so the view never pairs old data with a new `at`.
    let home = Resource::new_blocking(
        move || at.get(),
        |at| {
            let live = at.is_none();
            let answer = api::home(at);
            async move { (answer.await, live) }
        },
    );
    use_title(|| None);

    view! {
        <Transition fallback=HomeSkeleton>
            {move || Suspend::new(async move {
                match home.await {
                    (Ok(data), live) => view! { <HomeView data live /> }.into_any(),
                    (Err(error), _) => {
                        status::set(error.status());
                        view! {
                            <h1 class="visually-hidden">"Home"</h1>
                            <ErrorPanel
                                what="The home page could not be loaded."
                                error
                                retry=move || home.refetch()
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The page once its data is in; `live` (no `at`) makes the clocks tick, and the page is read
/// again when its date line or counters turn over.
#[component]
fn HomeView(data: HomeData, live: bool) -> impl IntoView {
    let HomeData {
        at,
        publications_at,
        site,
        clocks,
        counters,
        featured,
        latest,
    } = data;
    let refresh_at = counters
        .iter()
        .map(|counter| counter.next_change_at)
        .chain([site.next_change_at])
        .min();
    // The API reads publications no later than now for readers, whatever `at` asks for.
    let embargo_note = (publications_at < at).then(|| {
        view! {
            <p class="notice" role="note">
                "The date, clocks and counters are shown for a future moment; publications as they stand now, since scheduled pieces are not published before their time."
            </p>
        }
    });
    view! {
        <h1 class="visually-hidden">{site.name}</h1>
        {embargo_note}
        <section class="today" aria-label="Today">
            <DateLine today=site.today text=site.date_line />
            <Clocks readings=clocks live refresh_at />
            <Contacts contacts=site.contacts />
        </section>
        <Counters counters />
        {featured.map(|publication| view! { <Featured publication /> })}
        <section class="latest-section" aria-labelledby="latest-title">
            <h2 id="latest-title" class="section-title">
                "Latest"
            </h2>
            <ol class="latest">
                {latest
                    .into_iter()
                    .map(|publication| view! { <PublicationItem publication /> })
                    .collect_view()}
            </ol>
            <p class="more">
                <a class="all-messages" href=ARCHIVE>
                    "all messages"
                </a>
            </p>
        </section>
    }
}

/// Roughly the page's shape, so the first paint does not jump when the data lands.
#[component]
fn HomeSkeleton() -> impl IntoView {
    view! {
        <LoadingNotice text="Loading the home page…" />
        <div class="today">
            <Skeleton lines=1 class="skeleton-line" />
        </div>
        <Skeleton lines=2 class="skeleton-counters" />
        <Skeleton lines=3 class="skeleton-title" />
        <Skeleton lines=12 />
    }
}
