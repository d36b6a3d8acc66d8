//! A publication's own page (`/publications/:slug`): title, a dateline of kind, speakers, place
//! and date, the body with its question/answer turns, tags into the archive, and links to the
//! newer and older publications. Unknown slugs get "Page not found"; withdrawn ones (410) say
//! they were withdrawn.

use chancery_shared::publication::{Neighbour, Neighbours, Publication, Translations};
use chancery_shared::time::{date_line, list_date};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ClientError};
use crate::archive_query::{tag_href, with_query};
use crate::components::body::Body;
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::{LoadingNotice, Skeleton};
use crate::head::{self, Article};
use crate::pages::not_found::NotFound;
use crate::paths::{self, ARCHIVE};
use crate::site_context::use_title;
use crate::status;

/// The publication named by the URL's slug.
#[component]
pub fn PublicationPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let publication = Resource::new_blocking(move || slug.get(), api::publication);
    let neighbours = Resource::new(move || slug.get(), api::neighbours);
    let translations = Resource::new(move || slug.get(), api::translations);
    use_title(move || {
        publication.with(|answer| match answer {
            Some(Ok(publication)) => Some(publication.summary.title.clone()),
            Some(Err(error)) if is_missing(error) => Some("Page not found".to_owned()),
            Some(Err(ClientError::Rejected { status: 410, .. })) => Some("Withdrawn".to_owned()),
            _ => None,
        })
    });

    view! {
        <Transition fallback=PublicationSkeleton>
            {move || Suspend::new(async move {
                match publication.await {
                    Ok(publication) => {
                        describe(&publication);
                        view! { <PublicationView publication neighbours translations /> }.into_any()
                    }
                    Err(error) if is_missing(&error) => view! { <NotFound /> }.into_any(),
                    Err(ClientError::Rejected { status: 410, .. }) => {
                        status::set(410);
                        view! {
                        <div class="not-found withdrawn">
                            <h1>"Withdrawn"</h1>
                            <p>"This publication has been withdrawn and is no longer published."</p>
                            <p><a href=ARCHIVE>"Browse all messages"</a></p>
                        </div>
                        }
                        .into_any()
                    }
                    Err(error) => {
                        status::set(error.status());
                        view! {
                            <h1 class="visually-hidden">"Publication"</h1>
                            <ErrorPanel
                                what="This publication could not be loaded."
                                error
                                retry=move || publication.refetch()
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// What link previews and search engines read of `publication`.
fn describe(publication: &Publication) {
    let summary = &publication.summary;
    head::update(|head| {
        head.description = Some(summary.lead.clone()).filter(|lead| !lead.is_empty());
        head.article = Some(Article {
            published: summary.published_at,
            modified: summary.updated_at,
            tags: summary.tags.clone(),
            speakers: summary.speakers.clone(),
            section: summary.kind.label().to_owned(),
            lang: summary.lang.clone(),
        });
    });
}

/// A 404, or a 400 because the address is not even a valid slug: either way, no such page.
fn is_missing(error: &ClientError) -> bool {
    matches!(
        error,
        ClientError::NotFound { .. } | ClientError::Rejected { status: 400, .. }
    )
}

/// The publication itself.
#[component]
fn PublicationView(
    publication: Publication,
    neighbours: Resource<Result<Neighbours, ClientError>>,
    translations: Resource<Result<Translations, ClientError>>,
) -> impl IntoView {
    let Publication {
        summary,
        body,
        change_note,
    } = publication;
    let kind_href = with_query(ARCHIVE, [("kind", Some(summary.kind.as_str()))]);
    let occurred = summary.occurred_on.unwrap_or(summary.published_on);
    // Said on one day, published on another: say both.
    let published = (summary
        .occurred_on
        .is_some_and(|on| on != summary.published_on))
    .then_some(summary.published_on);
    let has_speakers = !summary.speakers.is_empty();
    let speakers = summary
        .speakers
        .into_iter()
        .enumerate()
        .map(|(i, speaker)| {
            let href = with_query(ARCHIVE, [("speaker", Some(speaker.as_str()))]);
            view! {
                {(i > 0).then_some(", ")}
                <a class="speaker-link" href=href>{speaker}</a>
            }
        })
        .collect_view();

    view! {
        <article class="publication" lang=summary.lang>
            <header class="publication-head">
                <h1>{summary.title}</h1>
                <p class="dateline">
                    <a class="kind" href=kind_href>{summary.kind.label()}</a>
                    {has_speakers.then(|| view! { <span class="speakers">{speakers}</span> })}
                    {summary.place.map(|place| view! { <span class="place">{place}</span> })}
                    <time datetime=occurred.to_string()>{date_line(occurred)}</time>
                    {published.map(|on| view! {
                        <span class="published">
                            "published "
                            <time datetime=on.to_string()>{list_date(on)}</time>
                        </span>
                    })}
                </p>
                {change_note.map(|note| {
                    let updated = summary.updated_at.date_naive();
                    view! {
                        <p class="correction">
                            "Updated "
                            <time datetime=updated.to_string()>{list_date(updated)}</time>
                            ": "
                            {note}
                        </p>
                    }
                })}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        // Other languages are a convenience; the page stands without them.
                        translations.await.ok().map(|t| view! { <OtherLanguages translations=t /> })
                    })}
                </Suspense>
            </header>
            <Body blocks=body />
            <footer class="publication-foot">
                {(!summary.tags.is_empty()).then(|| view! {
                    <ul class="tags" aria-label="Tags">
                        {summary.tags.into_iter().map(|tag| {
                            let href = tag_href(&tag);
                            view! { <li><a class="tag" href=href>{tag}</a></li> }
                        }).collect_view()}
                    </ul>
                })}
                <nav class="neighbours" aria-label="Newer and older publications">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match neighbours.await {
                                Ok(Neighbours { newer, older }) => view! {
                                    {newer.map(|n| view! { <NeighbourLink neighbour=n newer=true /> })}
                                    {older.map(|n| view! { <NeighbourLink neighbour=n newer=false /> })}
                                }
                                    .into_any(),
                                // Reading on is a convenience; the page stands without it.
                                Err(_) => ().into_any(),
                            }
                        })}
                    </Suspense>
                </nav>
            </footer>
        </article>
    }
}

/// The same text in other languages, each link named by its own title in its own language
/// (`lang`, `hreflang`); search engines learn of them from the head.
#[component]
fn OtherLanguages(translations: Translations) -> impl IntoView {
    let items = translations.items;
    head::update(|head| {
        head.translations = items
            .iter()
            .map(|t| (t.lang.clone(), paths::publication(&t.slug)))
            .collect();
    });
    (!items.is_empty()).then(|| {
        view! {
            <nav class="translations" aria-label="In other languages">
                <span class="translations-label">"Also in other languages:"</span>
                <ul>
                    {items
                        .into_iter()
                        .map(|t| {
                            let lang = t.lang.clone();
                            view! {
                                <li>
                                    <a href=paths::publication(&t.slug) hreflang=lang.clone() lang=lang.clone()>
                                        {t.title}
                                    </a>
                                    " "
                                    <span class="translation-lang">{format!("({lang})")}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// A link to the next newer or older publication. The archive runs newest first, so in its
/// order the newer one comes before (`rel="prev"`) and the older one after (`rel="next"`).
#[component]
fn NeighbourLink(neighbour: Neighbour, newer: bool) -> impl IntoView {
    let (class, rel, label) = if newer {
        ("newer", "prev", "← Newer")
    } else {
        ("older", "next", "Older →")
    };
    view! {
        <a class=class rel=rel href=paths::publication(&neighbour.slug)>
            <span class="neighbour-label">{label}</span>
            <span class="neighbour-title">{neighbour.title}</span>
            <time class="neighbour-date" datetime=neighbour.published_on.to_string()>
                {list_date(neighbour.published_on)}
            </time>
        </a>
    }
}

/// Title and a few paragraphs' worth of room while the publication loads.
#[component]
fn PublicationSkeleton() -> impl IntoView {
    view! {
        <LoadingNotice text="Loading the publication…" />
        <Skeleton lines=2 class="skeleton-title" />
        <Skeleton lines=1 class="skeleton-line" />
        <Skeleton lines=14 />
    }
}
