//! The date line at the top of the home page: the site's date in its home time zone, as the
//! page prints it (`15 July 2020`).

use chrono::NaiveDate;
use leptos::prelude::*;

/// `text` is the API's wording; `today` is the same date, machine-readable.
#[component]
pub fn DateLine(today: NaiveDate, text: String) -> impl IntoView {
    view! {
        <p class="date-line">
            <time datetime=today.to_string()>{text}</time>
        </p>
    }
}
