//! The role picker of the new-token and new-user forms: each role with what it may do.

use chancery_shared::staff::Role;
use leptos::prelude::*;

/// A labelled `<select>` of roles bound to `value`.
#[component]
pub fn RoleSelect(id: &'static str, value: RwSignal<Role>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(role) = event_target_value(&ev).parse() {
            value.set(role);
        }
    };
    view! {
        <div class="field">
            <label for=id>"Role"</label>
            <select id=id name="role" on:change=on_change>
                {Role::ALL.map(|role| view! {
                    <option value=role.as_str() prop:selected=move || value.get() == role>
                        {match role {
                            Role::Contributor => "Contributor: writes drafts",
                            Role::Editor => "Editor: also publishes and edits clocks, counters, contacts",
                            Role::Admin => "Admin: also the site's name, tokens and users",
                        }}
                    </option>
                })}
            </select>
        </div>
    }
}
