//! The home page's featured publication, shown in full under the counters.

use chancery_shared::publication::Publication;
use leptos::prelude::*;

use crate::components::body::Body;

use crate::paths;

/// The whole publication, its title linking to its own page.
#[component]
pub fn Featured(publication: Publication) -> impl IntoView {
    let summary = publication.summary;
    let href = paths::publication(&summary.slug);
    view! {
        <article class="featured" lang=summary.lang aria-labelledby="featured-title">
            <p class="eyebrow">{summary.kind.label()}</p>
            <h2 id="featured-title">
                <a href=href>{summary.title}</a>
            </h2>
            <Body blocks=publication.body />
        </article>
    }
}
