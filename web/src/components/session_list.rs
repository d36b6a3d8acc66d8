//! A user's signed-in sessions, for their own account page and for an admin managing them:
//! when each started and was last seen, and the browser it came from, with a button to end
//! each one (not the one this tab uses: signing out does that) and one to end all the others.

use chancery_shared::page::FieldError;
use chancery_shared::staff::SessionInfo;
use chancery_shared::time::list_date;
use chrono::{DateTime, Timelike, Utc};
use leptos::prelude::*;

use crate::account_api;
use crate::api::ClientError;
use crate::components::save_result::{Outcome, SaveResult, not_loaded};

/// A date and time in UTC, without chrono's formatter (which would cost wasm).
pub fn when(at: DateTime<Utc>) -> String {
    format!(
        "{} {:02}:{:02} UTC",
        list_date(at.date_naive()),
        at.hour(),
        at.minute()
    )
}

/// A browser's own long description in words people recognise ("Chrome on Linux"); the full
/// text stays in the row's tooltip. Order matters: Edge and Chrome also claim to be Safari.
pub fn browser_in_words(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map_or("A browser", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| format!(" on {name}"));
    match system {
        Some(system) => format!("{browser}{system}"),
        None if browser == "A browser" => agent.chars().take(60).collect(),
        None => browser.to_owned(),
    }
}

/// `user`'s sessions; `own` when they are the signed-in user's own. Reloads when `refresh`
/// changes.
#[component]
pub fn SessionList(
    user: String,
    csrf: StoredValue<String>,
    own: bool,
    refresh: ReadSignal<u32>,
) -> impl IntoView {
    let user = StoredValue::new(user);
    let list = RwSignal::new(None::<Result<Vec<SessionInfo>, ClientError>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            list.set(Some(account_api::sessions(&user.get_value()).await));
        })
    };
    Effect::new(move || {
        refresh.track();
        load();
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let end = move |id: Option<i64>| {
        leptos::task::spawn_local(async move {
            let answer = account_api::end_sessions(&user.get_value(), id, &csrf.get_value()).await;
            outcome.set(Some(match answer {
                Ok(()) if id.is_some() => Outcome::Done("That session has ended.".to_owned()),
                Ok(()) if own => Outcome::Done("Every other session has ended.".to_owned()),
                Ok(()) => Outcome::Done("Every session has ended.".to_owned()),
                Err(error) => Outcome::refused(error, errors),
            }));
            load();
        });
    };
    let rows = move || {
        let Some(Ok(all)) = list.get() else {
            return Vec::new();
        };
        all.into_iter()
            .map(|s| {
                let seen = s
                    .last_seen_at
                    .map(|at| format!(" · last seen {}", when(at)));
                let full = s.user_agent.clone().unwrap_or_default();
                let agent = if full.is_empty() {
                    "An unknown browser".to_owned()
                } else {
                    browser_in_words(&full)
                };
                let this = s.current.then_some(" · this browser");
                view! {
                    <li class="session" data-id=s.id data-current=s.current.to_string()>
                        <span class="title" title=full>{agent}</span>
                        {format!(" · since {}", when(s.created_at))}
                        {seen}
                        {this}
                        " "
                        <button type="button" class="quiet end-session" hidden=s.current
                            on:click=move |_| end(Some(s.id))>
                            "End"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let others = move || {
        list.with(|l| match l {
            Some(Ok(all)) => all.iter().any(|s| !s.current),
            _ => false,
        })
    };
    view! {
        <section class="staff-section sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Signed-in sessions"</h2>
            {move || match list.get() {
                Some(Ok(_)) => None,
                other => Some(not_loaded(other.and_then(Result::err), "the sessions", load.into())),
            }}
            <p hidden=others>"No other sessions."</p>
            <ul class="staff-publications">{rows}</ul>
            <div class="actions">
                <button type="button" class="end-all-sessions" hidden=move || !others()
                    on:click=move |_| end(None)>
                    {if own { "Sign out everywhere else" } else { "End all sessions" }}
                </button>
            </div>
            <SaveResult outcome errors label=|field| field.to_owned() />
        </section>
    }
}
