//! The body's editor: the publication's blocks (paragraphs, questions and answers) in reading
//! order, each named by its position and type, with its speaker for a turn, its text, and
//! buttons to move it up or down or remove it. Focus follows a moved block, and a polite live
//! region says what each button did, so the list works from the keyboard and with a screen
//! reader.

use chancery_shared::page::FieldError;
use chancery_shared::publication::Block;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::text_field::TextField;
use crate::editor_fields::{BlockRow, BlockType, Fields, list};

/// Every block of `fields`' body, and buttons to add more; the API's complaints about the body
/// as a whole (`body`: too many blocks, or too large) show beneath its hint.
#[component]
pub fn BlockList(fields: Fields, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let blocks = fields.blocks;
    let whole = move || {
        errors.with(|errors| {
            errors
                .iter()
                .filter(|e| e.field == "body")
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
        })
    };
    let described = move || {
        if whole().is_empty() {
            "blocks-hint"
        } else {
            "blocks-hint blocks-error"
        }
    };
    let said = RwSignal::new(String::new());
    let add = move |kind: BlockType| {
        let speaker = untrack(|| default_speaker(&fields, kind));
        let text = String::new();
        let block = match kind {
            BlockType::Paragraph => Block::Paragraph { text },
            BlockType::Question => Block::Question {
                speaker,
                paragraphs: Vec::new(),
            },
            BlockType::Answer => Block::Answer {
                speaker,
                paragraphs: Vec::new(),
            },
        };
        let row = fields.row_of(&block);
        blocks.update(|rows| rows.push(row));
        let count = blocks.with_untracked(Vec::len);
        said.set(format!("{} added as block {count}.", kind.label()));
        focus_later(format!("block-{}-text", row.id));
    };
    view! {
        <fieldset class="blocks" aria-describedby=described>
            <legend>"Body"</legend>
            <p class="hint" id="blocks-hint">
                "Paragraphs and question and answer turns, in reading order. In a block's text, a
                blank line starts a new paragraph."
            </p>
            {move || {
                let messages = whole();
                (!messages.is_empty()).then(|| view! {
                    <p class="field-error" id="blocks-error">{messages.join("; ")}</p>
                })
            }}
            <ol class="block-list">
                // Redrawn whole when a block is added, moved or removed (a keyed list costs more
                // bundle than it saves here): the text lives in each row's signals, and focus is
                // put back by id.
                {move || blocks
                    .get()
                    .into_iter()
                    .map(|row| view! { <BlockEditor fields row said /> })
                    .collect_view()}
            </ol>
            <div class="add-blocks" role="group" aria-label="Add a block">
                {BlockType::ALL
                    .map(|kind| {
                        let id = format!("add-{}", kind.as_str());
                        view! {
                            <button type="button" class="secondary add-block" id=id
                                on:click=move |_| add(kind)>
                                {format!("Add {}", kind.label().to_lowercase())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="visually-hidden" role="status">{said}</p>
        </fieldset>
    }
}

/// One block's controls.
#[component]
fn BlockEditor(fields: Fields, row: BlockRow, said: RwSignal<String>) -> impl IntoView {
    let blocks = fields.blocks;
    let id = row.id;
    let position = move || blocks.with(|rows| rows.iter().position(|r| r.id == id));
    let number = move || position().map_or(0, |at| at + 1);
    let count = move || blocks.with(Vec::len);
    let shift = move |down: bool| {
        let (Some(from), count) = untrack(|| (position(), count())) else {
            return;
        };
        let to = if down { from + 1 } else { from.wrapping_sub(1) };
        if to >= count {
            return;
        }
        blocks.update(|rows| rows.swap(from, to));
        said.set(format!("Block moved to position {} of {count}.", to + 1));
        // The list moves the block's nodes, which takes focus from the button pressed.
        focus_later(format!("block-{id}-{}", if down { "down" } else { "up" }));
    };
    let remove = move || {
        let Some(at) = untrack(position) else {
            return;
        };
        blocks.update(|rows| {
            rows.remove(at);
        });
        said.set(format!("Block {} removed.", at + 1));
        // Focus goes to the block that took its place, else the one before, else "add".
        let next = blocks.with_untracked(|rows| {
            rows.get(at)
                .or_else(|| rows.get(at.checked_sub(1)?))
                .map(|r| format!("block-{}-text", r.id))
        });
        focus_later(next.unwrap_or_else(|| "add-paragraph".to_owned()));
    };
    let kind = row.kind;
    let legend = move || format!("Block {} of {}: {}", number(), count(), kind.label());
    let at_edge = move |tool: &str| {
        let edge = match tool {
            "up" => number() == 1,
            "down" => number() == count(),
            _ => false,
        };
        edge.to_string()
    };

    view! {
        <li class="block" data-type=kind.as_str()>
            <fieldset>
                <legend>{legend}</legend>
                <div hidden=kind == BlockType::Paragraph>
                    <TextField id=format!("block-{id}-speaker") name="speaker" label="Speaker"
                        value=row.speaker errors=row.errors />
                </div>
                <TextField id=format!("block-{id}-text") name="text" label="Text" rows=Some(4)
                    value=row.text errors=row.errors />
                <div class="block-tools">
                    {[("up", "Move up"), ("down", "Move down"), ("remove", "Remove")]
                        .map(|(tool, label)| view! {
                            <button type="button" class=format!("secondary tool-{tool}")
                                id=format!("block-{id}-{tool}")
                                aria-disabled=move || at_edge(tool)
                                on:click=move |_| match tool {
                                    "up" => shift(false),
                                    "down" => shift(true),
                                    _ => remove(),
                                }>
                                {label}
                            </button>
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </li>
    }
}

/// Who a new turn is from: the last speaker of its kind (an interview alternates between two),
/// else the page's convention for questions, else the publication's first speaker.
fn default_speaker(fields: &Fields, kind: BlockType) -> String {
    let last = fields.blocks.with(|rows| {
        rows.iter()
            .rev()
            .find(|row| row.kind == kind)
            .map(|row| row.speaker.get())
    });
    match (last, kind) {
        (Some(speaker), _) => speaker,
        (None, BlockType::Question) => "Question".to_owned(),
        (None, _) => list(&fields.speakers.get())
            .into_iter()
            .next()
            .unwrap_or_default(),
    }
}

/// Moves focus to the element `id` once the list has redrawn.
pub(crate) fn focus_later(id: String) {
    set_timeout(
        move || {
            if let Some(element) = document().get_element_by_id(&id) {
                let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::ZERO,
    );
}
