//! The archive's numbered pager, as the source site prints it (`Pages: 1 … 15`), with first,
//! previous, next and last links. Every link keeps the current filters.

use leptos::prelude::*;

use crate::archive_query::ArchiveQuery;

/// Pages either side of the current one that get their own number.
const AROUND: u32 = 1;

/// Links to the pages of `query`'s results; `current` is marked `aria-current="page"`.
#[component]
pub fn Pager(query: ArchiveQuery, current: u32, total_pages: u32) -> impl IntoView {
    let last = total_pages.max(1);
    // The arrow is decoration; narrow screens hide the word visually but keep it for screen
    // readers, so the pager fits one or two lines at 360 px.
    let edge = |rel: &'static str, arrow: &'static str, word: &'static str, page: Option<u32>| {
        let arrow = view! { <span aria-hidden="true">{arrow}</span> };
        let word = view! { <span class="pager-word">{word}</span> };
        let content = if matches!(rel, "next" | "last") {
            view! { {word} {arrow} }.into_any()
        } else {
            view! { {arrow} {word} }.into_any()
        };
        match page {
            Some(page) => view! {
                <a class=format!("pager-edge pager-{rel}") rel=rel href=query.href(page)>
                    {content}
                </a>
            }
            .into_any(),
            // Kept in place, unlinked, so the pager does not shift between pages.
            None => view! {
                <span class=format!("pager-edge pager-off pager-{rel}") aria-hidden="true">
                    {content}
                </span>
            }
            .into_any(),
        }
    };
    let before = current > 1;
    let after = current < last;

    view! {
        <nav class="pager" aria-label="Pages">
            <span class="pager-label">"Pages:"</span>
            {edge("first", "«", "First", before.then_some(1))}
            {edge("prev", "‹", "Previous", before.then(|| current - 1))}
            <ol class="pager-pages">
                {numbers(current, last)
                    .into_iter()
                    .map(|slot| match slot {
                        Some(page) => {
                            let here = (page == current).then_some("page");
                            view! {
                                <li>
                                    <a
                                        href=query.href(page)
                                        aria-current=here
                                        aria-label=format!("Page {page}")
                                    >
                                        {page}
                                    </a>
                                </li>
                            }
                                .into_any()
                        }
                        None => view! { <li class="pager-gap" aria-hidden="true">"…"</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
            {edge("next", "›", "Next", after.then(|| current + 1))}
            {edge("last", "»", "Last", after.then_some(last))}
        </nav>
    }
}

/// The page numbers to show: the first, the last, and those near `current`; `None` marks a gap.
fn numbers(current: u32, last: u32) -> Vec<Option<u32>> {
    let mut slots = Vec::new();
    let mut previous = 0;
    for page in 1..=last {
        let near = page.abs_diff(current) <= AROUND;
        if page == 1 || page == last || near {
            if page > previous + 1 {
                slots.push(None);
            }
            slots.push(Some(page));
            previous = page;
        }
    }
    slots
}
