//! The archive's filter form: kind, tag, speaker (suggesting those in use), year and month,
//! and a date range. It is a plain GET form to `/publications` (or to `/search`, carrying the
//! words searched for); in the app, submitting navigates to a clean URL (empty fields left
//! out, back to page 1) so the search can be shared and the back button undoes it.

use chancery_shared::page::FieldError;
use chancery_shared::publication::Kind;
use chrono::Month;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::archive_query::{ArchiveQuery, FILTERS};

/// The form, filled from `query`; fields named in `errors` are marked invalid. The tag and
/// speaker fields suggest `tags` and `speakers` (the values in use, as HTML `<option>`s).
#[component]
pub fn Filters(
    #[prop(into)] query: Signal<ArchiveQuery>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(into)] tags: Signal<String>,
    #[prop(into)] speakers: Signal<String>,
) -> impl IntoView {
    let form_ref = NodeRef::<html::Form>::new();
    let navigate = use_navigate();
    let on_submit = move |ev: SubmitEvent| {
        let Some(form) = form_ref.get() else {
            return; // Not mounted: let the browser submit the plain form.
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        ev.prevent_default();
        let values = FILTERS
            .iter()
            .chain(std::iter::once(&"q"))
            .filter_map(|name| Some((*name, data.get(name).as_string()?)));
        let next = ArchiveQuery::from_form(values, query.get_untracked().per_page);
        navigate(&next.href(1), NavigateOptions::default());
    };
    let value = move |name: &'static str| {
        move || query.with(|q| q.filter(name).unwrap_or_default().to_owned())
    };
    let invalid = move |name: &'static str| {
        move || {
            errors
                .with(|errors| errors.iter().any(|e| e.field == name))
                .then_some("true")
        }
    };
    let described = move |name: &'static str| {
        move || {
            errors
                .with(|errors| errors.iter().any(|e| e.field == name))
                .then(|| format!("error-{name}"))
        }
    };
    // Each field's value and choice are written twice: as attributes, which the server's HTML
    // carries (so the form shows the search without scripts), and as properties, which the
    // app keeps in step as the URL changes.
    let selected = move |name: &'static str, option: String| {
        move || query.with(|q| q.filter(name).unwrap_or_default() == option)
    };

    view! {
        <form
            class="filters"
            method="get"
            action=move || query.with(|q| q.unfiltered().href(1))
            role="search"
            aria-label=move || {
                if query.with(ArchiveQuery::is_search) { "Filter the results" } else { "Filter the archive" }
            }
            node_ref=form_ref
            on:submit=on_submit
        >
            {move || {
                query
                    .with(|q| q.q.clone())
                    .map(|q| view! { <input type="hidden" name="q" value=q /> })
            }}
            <div class="field field-kind">
                <label for="f-kind">"Kind"</label>
                <select id="f-kind" name="kind" aria-invalid=invalid("kind") aria-describedby=described("kind")>
                    <option value="" selected=selected("kind", String::new()) prop:selected=selected("kind", String::new())>
                        "All kinds"
                    </option>
                    {Kind::ALL
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <option
                                    value=kind.as_str()
                                    selected=selected("kind", kind.as_str().to_owned())
                                    prop:selected=selected("kind", kind.as_str().to_owned())
                                >
                                    {kind.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field-tag">
                <label for="f-tag">"Tag"</label>
                <input id="f-tag" name="tag" type="text" autocomplete="off" spellcheck="false" list="f-tags"
                    value=value("tag") prop:value=value("tag") aria-invalid=invalid("tag") aria-describedby=described("tag") />
                <Suspense fallback=|| view! { <datalist id="f-tags"></datalist> }>
                    <datalist id="f-tags" inner_html=tags></datalist>
                </Suspense>
            </div>
            <div class="field field-speaker">
                <label for="f-speaker">"Speaker"</label>
                <input id="f-speaker" name="speaker" type="text" autocomplete="off" list="f-speakers"
                    value=value("speaker") prop:value=value("speaker") aria-invalid=invalid("speaker") aria-describedby=described("speaker") />
                <Suspense fallback=|| view! { <datalist id="f-speakers"></datalist> }>
                    <datalist id="f-speakers" inner_html=speakers></datalist>
                </Suspense>
            </div>
            <div class="field field-year">
                <label for="f-year">"Year"</label>
                <input id="f-year" name="year" type="text" inputmode="numeric"
                    placeholder="yyyy" autocomplete="off"
                    value=value("year") prop:value=value("year") aria-invalid=invalid("year") aria-describedby=described("year") />
            </div>
            <div class="field field-month">
                <label for="f-month">"Month"</label>
                <select id="f-month" name="month" aria-invalid=invalid("month") aria-describedby=described("month")>
                    <option value="" selected=selected("month", String::new()) prop:selected=selected("month", String::new())>
                        "Any month"
                    </option>
                    {(1u8..=12)
                        .filter_map(|n| Month::try_from(n).ok().map(|m| (n, m)))
                        .map(|(n, month)| {
                            view! {
                                <option value=n.to_string() selected=selected("month", n.to_string()) prop:selected=selected("month", n.to_string())>
                                    {month.name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field field-from">
                <label for="f-from">"From"</label>
                <input id="f-from" name="from" type="date"
                    value=value("from") prop:value=value("from") aria-invalid=invalid("from") aria-describedby=described("from") />
            </div>
            <div class="field field-to">
                <label for="f-to">"To"</label>
                <input id="f-to" name="to" type="date"
                    value=value("to") prop:value=value("to") aria-invalid=invalid("to") aria-describedby=described("to") />
            </div>
            <div class="actions">
                <button type="submit">"Show"</button>
                <a href=move || query.with(|q| q.unfiltered().href(1)) class="clear">
                    "Clear filters"
                </a>
            </div>
        </form>
    }
}
