//! The API's (or the form's own) reasons for refusing a search, shown next to the filter form
//! rather than as a failure of the page. A page past the last one gets a way back to page 1.

use chancery_shared::page::FieldError;
use leptos::prelude::*;

use crate::archive_query::ArchiveQuery;

/// `detail` in words, then each invalid field; when the page number was the problem, a link
/// to page 1 of the same `query`.
#[component]
pub fn FieldErrors(detail: String, errors: Vec<FieldError>, query: ArchiveQuery) -> impl IntoView {
    let first_page = errors
        .iter()
        .any(|e| e.field == "page")
        .then(|| query.href(1));
    // The detail usually repeats the single field's message; say it once.
    let detail = errors.is_empty().then(|| view! { <p>{detail}</p> });
    view! {
        <div class="error field-errors" role="alert">
            <p class="error-what">"This search could not be run."</p>
            {detail}
            <ul>
                {errors
                    .into_iter()
                    .map(|error| {
                        let id = format!("error-{}", error.field);
                        view! {
                            <li id=id>
                                <strong>{label(&error.field)}</strong>
                                " "
                                {error.message}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {first_page.map(|href| view! {
                <p>
                    <a href=href>"Go to page 1 of these results"</a>
                </p>
            })}
        </div>
    }
}

/// The form's name for a field the API names (`per_page` has no field of its own).
fn label(field: &str) -> String {
    let label = match field {
        "q" => "Search",
        "page" => "Page",
        "per_page" => "Items per page",
        "kind" => "Kind",
        "tag" => "Tag",
        "speaker" => "Speaker",
        "year" => "Year",
        "month" => "Month",
        "from" => "From",
        "to" => "To",
        other => other,
    };
    format!("{label}:")
}
