//! The staff list (`/admin`): publications by status (drafts, scheduled, published, withdrawn;
//! `?status=` in the URL so a tab can be linked and reloaded), each linking to its editor.
//! Without a session in this tab it sends the visitor to sign in. What the editor last did
//! (a withdrawal, a deletion) is said at the top.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{PublicationSummary, Status};
use chancery_shared::time::list_date;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::ClientError;
use crate::components::admin_bar::AdminBar;
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::LoadingNotice;
use crate::paths::{self, NEW, SIGN_IN};
use crate::site_context::use_title;
use crate::staff_api;
use crate::staff_session::{self, StaffSession};

/// The tabs, in the order a publication moves through them.
const TABS: [(Status, &str); 4] = [
    (Status::Draft, "Drafts"),
    (Status::Scheduled, "Scheduled"),
    (Status::Published, "Published"),
    (Status::Withdrawn, "Withdrawn"),
];

/// The list page.
#[component]
pub fn AdminList() -> impl IntoView {
    use_title(|| Some("Staff: publications".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let params = use_query_map();
    let status = Memo::new(move |_| {
        let wanted = params.with(|p| p.get("status")).unwrap_or_default();
        TABS.iter()
            .map(|(status, _)| *status)
            .find(|status| status.as_str() == wanted)
            .unwrap_or(Status::Draft)
    });
    let done = staff_session::take_flash();
    let results = LocalResource::new(move || {
        let status = status.get();
        async move { staff_api::publications(status, 1).await }
    });

    view! {
        <div class="admin admin-list">
            <AdminBar session />
            <div class="admin-heading">
                <h1>"Publications"</h1>
                <a class="button new-publication" href=NEW>"New publication"</a>
            </div>
            <div class="status-region" role="status">
                {done.map(|done| view! { <p class="notice">{done}</p> })}
            </div>
            <nav class="tabs" aria-label="Status">
                {TABS
                    .into_iter()
                    .map(|(tab, label)| {
                        let href = paths::admin_tab(tab.as_str());
                        view! {
                            <a href=href aria-current=move || (status.get() == tab).then_some("page")>
                                {label}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <Transition fallback=|| view! { <LoadingNotice text="Loading publications…" /> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(page) => view! { <StaffItems page /> }.into_any(),
                        // The cookie has expired or was never there: sign in again.
                        Err(ClientError::Rejected { status: 401, .. }) => {
                            StaffSession::clear();
                            view! { <Redirect path=SIGN_IN /> }.into_any()
                        }
                        Err(error) => view! {
                            <ErrorPanel
                                what="The publications could not be loaded."
                                error
                                retry=move || results.refetch()
                            />
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </div>
    }
    .into_any()
}

/// One status's publications, or a line saying there are none.
#[component]
fn StaffItems(page: ListPage<PublicationSummary>) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty">"Nothing here."</p> }.into_any();
    }
    view! {
        <ol class="staff-publications">
            {page
                .items
                .into_iter()
                .map(|item| {
                    let href = paths::edit(&item.slug);
                    view! {
                        <li>
                            <a class="title" href=href>{item.title}</a>
                            " "
                            <span class=format!("badge status-{}", item.status.as_str())>
                                {item.status.as_str()}
                            </span>
                            " "
                            <time class="date" datetime=item.published_on.to_string()>
                                {list_date(item.published_on)}
                            </time>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
