//! One labelled text field of a staff form (a single line, or a text area when `rows` is
//! given), bound to a signal and showing the API's messages for its field beneath it. One
//! component for every field keeps the bundle small: each hand-written field would be its own
//! compiled copy of the same view.

use chancery_shared::page::FieldError;
use leptos::oco::Oco;
use leptos::prelude::*;

/// The field named `name` (as the API names it in its errors), labelled `label`.
#[component]
pub fn TextField(
    /// Unique on the page; `{id}-error` holds the field's messages.
    #[prop(into)]
    id: Oco<'static, str>,
    #[prop(into)] name: Oco<'static, str>,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    /// The input's `type` (ignored for text areas).
    #[prop(default = "text")]
    input_type: &'static str,
    /// Lines shown: a text area when given.
    #[prop(optional_no_strip)]
    rows: Option<u32>,
    #[prop(optional_no_strip)] placeholder: Option<&'static str>,
    /// Said under the label, and linked to the field for screen readers.
    #[prop(optional_no_strip)]
    hint: Option<&'static str>,
    /// Shown but not editable (a field this role may not change).
    #[prop(optional)]
    readonly: bool,
    /// The `autocomplete` hint (`new-password` keeps the browser's saved one out).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional_no_strip)]
    list: Option<&'static str>,
) -> impl IntoView {
    let field = name.clone();
    let messages = move || {
        errors.with(|errors| {
            errors
                .iter()
                .filter(|e| belongs(&e.field, &field))
                .map(|e| match entry(&e.field[field.len()..]) {
                    // One entry of a comma list (`speakers[3]`): say which.
                    Some(n) => format!("Item {n}: {}", e.message),
                    None => e.message.clone(),
                })
                .collect::<Vec<_>>()
        })
    };
    let invalid = {
        let messages = messages.clone();
        move || (!messages().is_empty()).then_some("true")
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let messages = messages.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if !messages().is_empty() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let on_input = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let label_for = id.clone();
    let control = match rows {
        Some(rows) => view! {
            <textarea id=id.clone() name=name rows=rows placeholder=placeholder readonly=readonly
                aria-invalid=invalid aria-describedby=described.clone()
                prop:value=move || value.get() on:input=on_input></textarea>
        }
        .into_any(),
        None => view! {
            <input id=id.clone() name=name type=input_type placeholder=placeholder
                readonly=readonly list=list autocomplete=autocomplete
                aria-invalid=invalid aria-describedby=described
                prop:value=move || value.get() on:input=on_input />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=label_for>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {control}
            {move || {
                let messages = messages();
                (!messages.is_empty()).then(|| {
                    view! { <p class="field-error" id=error_id.clone()>{messages.join("; ")}</p> }
                })
            }}
        </div>
    }
}

/// Whether the API's `field` (`tags[2]`, `body[0].speaker`) belongs to the form's `name`.
pub fn belongs(field: &str, name: &str) -> bool {
    field
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}

/// The 1-based entry a field path's rest names (`[3]` → 4), if it names one.
pub fn entry(rest: &str) -> Option<usize> {
    let index = rest.strip_prefix('[')?.split_once(']')?.0;
    index.parse::<usize>().ok().map(|i| i + 1)
}

/// A text field described as data: a form lists its fields and one compiled view shows them all.
#[derive(Clone, Copy)]
pub struct Spec {
    id: &'static str,
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    input_type: &'static str,
    rows: Option<u32>,
    placeholder: Option<&'static str>,
    hint: Option<&'static str>,
}

impl Spec {
    /// A one-line text input.
    pub fn new(
        id: &'static str,
        name: &'static str,
        label: &'static str,
        value: RwSignal<String>,
    ) -> Spec {
        Spec {
            id,
            name,
            label,
            value,
            input_type: "text",
            rows: None,
            placeholder: None,
            hint: None,
        }
    }

    pub fn input_type(self, input_type: &'static str) -> Spec {
        Spec { input_type, ..self }
    }

    pub fn rows(self, rows: u32) -> Spec {
        Spec {
            rows: Some(rows),
            ..self
        }
    }

    pub fn placeholder(self, placeholder: &'static str) -> Spec {
        Spec {
            placeholder: Some(placeholder),
            ..self
        }
    }

    pub fn hint(self, hint: &'static str) -> Spec {
        Spec {
            hint: Some(hint),
            ..self
        }
    }
}

/// The fields `specs`, in order, each showing the `errors` that name it.
pub fn text_fields(specs: Vec<Spec>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    specs
        .into_iter()
        .map(|s| {
            view! {
                <TextField id=s.id name=s.name label=s.label value=s.value errors
                    input_type=s.input_type rows=s.rows placeholder=s.placeholder hint=s.hint />
            }
        })
        .collect_view()
}
