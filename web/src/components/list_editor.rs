//! One editable list of the settings form (contacts, clocks or counters): a fieldset of rows,
//! each its own small fieldset ("Clock 2") with a field per column and buttons to move it up or
//! down or remove it, and a button to add a row. Driven by a [`ListSpec`], so the three lists
//! are one compiled component. Fields are named as the API names them (`clocks[1].time_zone`),
//! so its messages land under the right row; a change of order drops them, as they would point
//! at the wrong rows.

use chancery_shared::page::FieldError;
use chancery_shared::settings::MAX_ITEMS;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::text_field::{TextField, belongs};
use crate::settings_fields::{ListSpec, Row};

#[derive(Clone, Copy)]
enum Change {
    Up,
    Down,
    Remove,
}

/// The list `spec` over `rows`.
#[component]
pub fn ListEditor(
    spec: &'static ListSpec,
    rows: RwSignal<Vec<Row>>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let key = spec.key;
    let change = move |i: usize, change: Change| {
        rows.update(|rows| match change {
            Change::Up => rows.swap(i - 1, i),
            Change::Down => rows.swap(i, i + 1),
            Change::Remove => drop(rows.remove(i)),
        });
        errors.update(|errors| errors.retain(|e| !belongs(&e.field, key)));
        // Focus stays with the row that moved, or goes to the row now in the removed one's place.
        let n = rows.with_untracked(Vec::len);
        focus_later(match change {
            Change::Up if i > 1 => format!("{key}-{}-up", i - 1),
            Change::Up => format!("{key}-0-down"),
            Change::Down if i + 2 < n => format!("{key}-{}-down", i + 1),
            Change::Down => format!("{key}-{}-up", i + 1),
            Change::Remove if i < n => format!("{key}-{i}-remove"),
            Change::Remove if n > 0 => format!("{key}-{}-remove", n - 1),
            Change::Remove => format!("{key}-add"),
        });
    };
    let add = move |_| {
        let row: Row = spec
            .columns
            .iter()
            .map(|_| RwSignal::new(String::new()))
            .collect();
        rows.update(|rows| rows.push(row));
        let i = rows.with_untracked(Vec::len) - 1;
        focus_later(format!("{key}-{i}-{}", spec.columns[0].key));
    };
    let full = move || rows.with(Vec::len) >= MAX_ITEMS;

    view! {
        <fieldset class="list-editor" id=key>
            <legend>{spec.legend}</legend>
            <ol class="rows">
                {move || {
                    let all = rows.get();
                    let n = all.len();
                    all.into_iter()
                        .enumerate()
                        .map(|(i, row)| {
                            let item = format!("{} {}", spec.item, i + 1);
                            let fields = spec
                                .columns
                                .iter()
                                .zip(row)
                                .map(|(column, value)| {
                                    let zone = column.input == "zone";
                                    view! {
                                        <TextField
                                            id=format!("{key}-{i}-{}", column.key)
                                            name=format!("{key}[{i}].{}", column.key)
                                            label=column.label
                                            value
                                            errors
                                            input_type=if zone { "text" } else { column.input }
                                            list=zone.then_some("zones")
                                        />
                                    }
                                })
                                .collect_view();
                            // One button view in a loop: one copy in wasm rather than three.
                            let buttons = [
                                (Change::Up, "up", "Up", i == 0),
                                (Change::Down, "down", "Down", i + 1 == n),
                                (Change::Remove, "remove", "Remove", false),
                            ]
                            .map(|(what, id, text, disabled)| {
                                let label = match what {
                                    Change::Remove => format!("Remove {item}"),
                                    _ => format!("Move {item} {id}"),
                                };
                                view! {
                                    <button type="button" class="quiet" id=format!("{key}-{i}-{id}")
                                        disabled=disabled aria-label=label
                                        on:click=move |_| change(i, what)>
                                        {text}
                                    </button>
                                }
                            });
                            view! {
                                <li>
                                    <fieldset class="row">
                                        <legend>{item.clone()}</legend>
                                        {fields}
                                        {buttons}
                                    </fieldset>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <button type="button" class="quiet add" id=format!("{key}-add") on:click=add
                disabled=full>
                {spec.add}
            </button>
        </fieldset>
    }
}

/// Moves focus to the element `id` once the view has caught up with a change.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
