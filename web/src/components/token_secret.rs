//! A new API token's secret, shown once after it is made: a warning that it will not be shown
//! again, the secret in a read-only field, and a copy button (which selects the text when the
//! clipboard cannot be used, e.g. on a plain-HTTP origin).

use chancery_shared::page::FieldError;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::text_field::TextField;

/// The panel, shown while `secret` is not empty (until the page is left or another is made).
#[component]
pub fn TokenSecret(secret: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let copied = RwSignal::new("");
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let done = copy_text(&secret.get_untracked()).await;
            if !done {
                select("token-secret");
            }
            copied.set(if done {
                "Copied."
            } else {
                "Could not copy; the token is selected, so press Ctrl+C (⌘C on a Mac)."
            });
        });
    };
    view! {
        <div class="notice secret" hidden=move || secret.with(String::is_empty)>
            <p class="error-what">
                "Copy this token now: it will not be shown again (only a hash of it is kept). \
                 Programs send it as Authorization: Bearer …"
            </p>
            <TextField id="token-secret" name="token" label="The new token" value=secret errors
                readonly=true />
            <button type="button" class="copy" on:click=copy>"Copy"</button>
            " "
            <span role="status">{move || copied.get()}</span>
        </div>
    }
}

/// `navigator.clipboard.writeText(text)`, reached through `js_sys` (the build enables no
/// web-sys clipboard bindings); whether it worked.
async fn copy_text(text: &str) -> bool {
    let call = || -> Option<js_sys::Promise> {
        let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
        let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
        let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
            .ok()?
            .dyn_into()
            .ok()?;
        write
            .call1(&clipboard, &JsValue::from_str(text))
            .ok()?
            .dyn_into()
            .ok()
    };
    match call() {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        None => false,
    }
}

fn select(id: &str) {
    if let Some(input) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
        let _ = input.focus();
    }
}
