//! A publication's body: running paragraphs, and question/answer turns set apart with their
//! speakers named, as interviews and news conferences are printed.

use chancery_shared::publication::Block;
use leptos::prelude::*;

/// The blocks in order.
#[component]
pub fn Body(blocks: Vec<Block>) -> impl IntoView {
    view! {
        <div class="body">
            {blocks
                .into_iter()
                .map(|block| match block {
                    Block::Paragraph { text } => view! { <p>{text}</p> }.into_any(),
                    Block::Question { speaker, paragraphs } => {
                        view! { <Turn class="turn question" speaker paragraphs /> }.into_any()
                    }
                    Block::Answer { speaker, paragraphs } => {
                        view! { <Turn class="turn answer" speaker paragraphs /> }.into_any()
                    }
                })
                .collect_view()}
        </div>
    }
}

/// One turn: who speaks, then one `<p>` per paragraph (the speaker is not a paragraph, so
/// paragraphs count the same as in the data).
#[component]
fn Turn(class: &'static str, speaker: String, paragraphs: Vec<String>) -> impl IntoView {
    view! {
        <div class=class>
            <strong class="speaker">{speaker}</strong>
            {paragraphs.into_iter().map(|text| view! { <p>{text}</p> }).collect_view()}
        </div>
    }
}
