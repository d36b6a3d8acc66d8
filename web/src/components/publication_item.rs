//! One publication in a list (home page, archive, search results): `14.07.2020 - Title` and
//! its lead, or, for a search result, the snippet showing where the words were found, with
//! those words in `<mark>`.

use chancery_shared::publication::PublicationSummary;
use chancery_shared::snippet::{Snippet, SnippetField};
use chancery_shared::time::list_date;
use leptos::prelude::*;

use crate::paths;

/// A list item; the title links to the publication's page.
#[component]
pub fn PublicationItem(publication: PublicationSummary) -> impl IntoView {
    let href = paths::publication(&publication.slug);
    // A title match highlights the title itself; any other shows its text instead of the lead.
    let (title, below) = match publication.snippet {
        Some(snippet) if snippet.field == SnippetField::Title => {
            (marked(snippet), lead(publication.lead))
        }
        Some(snippet) => {
            let found = view! { <p class="lead snippet">{marked(snippet)}</p> };
            (publication.title.into_any(), found.into_any())
        }
        None => (publication.title.into_any(), lead(publication.lead)),
    };
    view! {
        <li lang=publication.lang>
            <time class="date" datetime=publication.published_on.to_string()>
                {list_date(publication.published_on)}
            </time>
            <span class="sep" aria-hidden="true">
                " - "
            </span>
            <a class="title" href=href>
                {title}
            </a>
            {below}
        </li>
    }
}

fn lead(text: String) -> AnyView {
    view! { <p class="lead">{text}</p> }.into_any()
}

/// The snippet's text with the matched words in `<mark>`; plain text throughout, never HTML.
fn marked(snippet: Snippet) -> AnyView {
    snippet
        .parts
        .into_iter()
        .map(|part| {
            if part.highlight {
                view! { <mark>{part.text}</mark> }.into_any()
            } else {
                part.text.into_any()
            }
        })
        .collect_view()
        .into_any()
}
