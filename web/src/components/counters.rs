//! The "N days have passed since…" counters, worded as the page words them (the API's `text`).

use chancery_shared::counter::Counter;
use leptos::prelude::*;

/// The counters in display order.
#[component]
pub fn Counters(counters: Vec<Counter>) -> impl IntoView {
    view! {
        <ul class="counters">
            {counters
                .into_iter()
                .map(|counter| view! { <li class="counter" data-slug=counter.slug>{counter.text}</li> })
                .collect_view()}
        </ul>
    }
}
