//! The settings page (`/admin/settings`): the site's name and home time zone (admins only;
//! editors see them read-only), then its contacts, clocks and counters as lists. Saved whole
//! with `PUT /settings` based on the ETag it was loaded at: when someone else saved first (412)
//! their version is described next to mine, still in the form, and either can be kept. After a
//! save `/site` and `/home` are read past the browser's cache, so the header and the public
//! pages show the change at once.

use chancery_shared::page::FieldError;
use chancery_shared::staff::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde_json::Value;

use crate::api::ClientError;
use crate::components::admin_bar::AdminBar;
use crate::components::list_editor::ListEditor;
use crate::components::save_result::{Outcome, SaveResult, not_loaded};
use crate::components::text_field::TextField;
use crate::paths::SIGN_IN;
use crate::settings_fields::{Form, LISTS, field_label, values};
use crate::site_context::{SiteInfo, use_title};
use crate::staff_api::{self, SettingsDoc};
use crate::staff_session::StaffSession;

/// Suggestions for zone fields; the API checks any IANA name, so no zone database ships here.
const ZONES: [&str; 12] = [
    "Europe/London",
    "Europe/Moscow",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
];

/// The settings page. The form is one static tree, filled when the settings arrive and shown
/// then; whole-view switches cost far more wasm than `hidden` attributes.
#[component]
pub fn AdminSettings() -> impl IntoView {
    use_title(|| Some("Staff: settings".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let form = Form::empty();
    let etag = StoredValue::new(String::new());
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<ClientError>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::settings().await {
                Ok(doc) => {
                    etag.set_value(doc.etag);
                    form.fill(&doc.json);
                    ready.set(true);
                }
                Err(error) => failed.set(Some(error)),
            }
        })
    };
    load();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    // 412: their version, described in the result until it is loaded or mine is kept.
    let theirs = StoredValue::new(None::<SettingsDoc>);
    let conflict = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let may_edit = session.may_publish();
    let is_admin = session.role.allows(Role::Admin);
    let csrf = StoredValue::new(session.csrf.clone());
    let site = use_context::<SiteInfo>();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let json = match form.to_json() {
            Ok(json) => json,
            Err(found) => {
                errors.set(found);
                outcome.set(Some(Outcome::Refused(
                    "Nothing was saved; some fields need attention:".to_owned(),
                )));
                return;
            }
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer =
                staff_api::save_settings(&json, &etag.get_value(), &csrf.get_value()).await;
            let next = match answer {
                Ok(saved) => {
                    errors.set(Vec::new());
                    conflict.set(false);
                    etag.set_value(saved.etag);
                    form.fill(&saved.json);
                    staff_api::refresh_public().await;
                    if let Some(site) = site {
                        site.0.refetch();
                    }
                    Outcome::Done("Saved. The public pages show the new settings.".to_owned())
                }
                Err(ClientError::Rejected { status: 412, .. }) => {
                    match staff_api::settings().await {
                        Ok(doc) => {
                            let message = format!(
                                "Someone else saved the settings after you opened them. Your \
                                 changes are still in the form. Their version:\n{}",
                                describe(&doc.json)
                            );
                            theirs.set_value(Some(doc));
                            conflict.set(true);
                            Outcome::Refused(message)
                        }
                        Err(error) => Outcome::Refused(format!(
                            "Someone else saved the settings after you opened them, and their \
                             version could not be loaded: {error}"
                        )),
                    }
                }
                Err(error) => Outcome::refused(error, errors),
            };
            busy.set(false);
            outcome.set(Some(next));
        });
    };
    let resolve = move |load: bool| {
        if let Some(doc) = theirs.get_value() {
            // Either way the next save is based on their version, so it replaces it knowingly.
            etag.set_value(doc.etag.clone());
            let message = if load {
                form.fill(&doc.json);
                errors.set(Vec::new());
                "Their version is loaded."
            } else {
                "Your version is kept. Save again to replace theirs."
            };
            conflict.set(false);
            outcome.set(Some(Outcome::Done(message.to_owned())));
        }
    };
    view! {
        <div class="admin admin-settings">
            <AdminBar session />
            <h1>"Site settings"</h1>
            {(!may_edit).then(|| view! {
                <p class="notice">"Only editors and admins change the settings."</p>
            })}
            {move || (!ready.get()).then(|| not_loaded(failed.get(), "the settings", load.into()))}
            <form class="admin-form settings" on:submit=on_submit novalidate
                hidden=move || !(ready.get() && may_edit)>
                <fieldset class="list-editor">
                    <legend>"Site"</legend>
                    <p class="hint" hidden=is_admin>
                        "Only admins change the site's name and home time zone."
                    </p>
                    <TextField id="s-site-name" name="name" label="Site name" value=form.name
                        errors readonly=!is_admin />
                    <TextField id="s-home-zone" name="home_time_zone" label="Home time zone"
                        value=form.zone errors readonly=!is_admin list=Some("zones") />
                </fieldset>
                {LISTS
                    .iter()
                    .zip(form.lists)
                    .map(|(spec, rows)| view! { <ListEditor spec rows errors /> })
                    .collect_view()}
                <datalist id="zones">
                    {ZONES.map(|zone| view! { <option value=zone></option> })}
                </datalist>
                <div class="actions">
                    <button type="submit" class="save" aria-disabled=move || busy.get().to_string()>
                        "Save settings"
                    </button>
                </div>
                <SaveResult outcome errors label=field_label />
                <div class="actions conflict" hidden=move || !conflict.get()>
                    <button type="button" class="load-theirs" on:click=move |_| resolve(true)>
                        "Load their version"
                    </button>
                    <button type="button" class="quiet keep-mine" on:click=move |_| resolve(false)>
                        "Keep mine"
                    </button>
                </div>
            </form>
        </div>
    }
    .into_any()
}

/// A settings document as text, a line per field; a list's rows apart by ";", fields by "·".
fn describe(doc: &Value) -> String {
    let text = |key: &str| doc[key].as_str().unwrap_or_default().to_owned();
    let mut lines = vec![
        format!("Site name: {}", text("name")),
        format!("Home time zone: {}", text("home_time_zone")),
    ];
    for spec in &LISTS {
        let rows: Vec<String> = values(doc, spec)
            .into_iter()
            .map(|row| {
                let row: Vec<String> = row.into_iter().filter(|v| !v.is_empty()).collect();
                row.join(" · ")
            })
            .collect();
        let rows = if rows.is_empty() {
            "none".to_owned()
        } else {
            rows.join("; ")
        };
        lines.push(format!("{}: {rows}", spec.legend));
    }
    lines.join("\n")
}
