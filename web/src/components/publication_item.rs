//! One publication in a list (home page and archive): `14.07.2020 - Title` and its lead.

use chancery_shared::publication::PublicationSummary;
use chancery_shared::time::list_date;
use leptos::prelude::*;

/// A list item; the title links to the publication's page.
#[component]
pub fn PublicationItem(publication: PublicationSummary) -> impl IntoView {
    let href = format!("/publications/{}", publication.slug);
    view! {
        <li lang=publication.lang>
            <time class="date" datetime=publication.published_on.to_string()>
                {list_date(publication.published_on)}
            </time>
            <span class="sep" aria-hidden="true">
                " - "
            </span>
            <a class="title" href=href>
                {publication.title}
            </a>
            <p class="lead">{publication.lead}</p>
        </li>
    }
}
