//! Placeholders shown while a page's first data loads. They take roughly the room the content
//! will, so nothing jumps when it arrives, and announce the wait to screen readers.

use leptos::prelude::*;

/// `lines` grey bars, the last one shorter, like a paragraph.
#[component]
pub fn Skeleton(lines: usize, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! {
        <div class=format!("skeleton {class}") aria-hidden="true">
            {(0..lines)
                .map(|i| {
                    let last = if i + 1 == lines { "bar short" } else { "bar" };
                    view! { <span class=last></span> }
                })
                .collect_view()}
        </div>
    }
}

/// The polite "Loading…" that screen readers announce while skeletons show.
#[component]
pub fn LoadingNotice(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <p class="visually-hidden" role="status">
            {text}
        </p>
    }
}
