//! The editor's routes: `/admin/new` opens an empty form, `/admin/publications/:slug` loads the
//! publication in whatever status it is (with its ETag) and opens the form on it. Both need a
//! session in this tab, since saving needs its CSRF token.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

use crate::api::ClientError;
use crate::components::admin_bar::AdminBar;
use crate::components::editor::Editor;
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::LoadingNotice;
use crate::paths::SIGN_IN;
use crate::site_context::use_title;
use crate::staff_api;
use crate::staff_session::{self, StaffSession};

/// A new publication.
#[component]
pub fn AdminNew() -> impl IntoView {
    use_title(|| Some("New publication".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    view! {
        <div class="admin admin-editor">
            <AdminBar session=session.clone() />
            <h1>"New publication"</h1>
            <Editor session initial=None notice=None />
        </div>
    }
    .into_any()
}

/// An existing publication.
#[component]
pub fn AdminEdit() -> impl IntoView {
    use_title(|| Some("Edit publication".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug")).unwrap_or_default());
    let loaded = LocalResource::new(move || {
        let slug = slug.get();
        async move { staff_api::publication(&slug).await }
    });
    let bar_session = session.clone();
    view! {
        <div class="admin admin-editor">
            <AdminBar session=bar_session />
            <h1>"Edit publication"</h1>
            <Suspense fallback=|| view! { <LoadingNotice text="Loading the publication…" /> }>
                {move || {
                    let session = session.clone();
                    Suspend::new(async move {
                        match loaded.await {
                            Ok(initial) => {
                                // What the previous page did, e.g. the save that made this one.
                                let notice = staff_session::take_flash();
                                view! { <Editor session initial=Some(initial) notice /> }
                                    .into_any()
                            }
                            Err(ClientError::Rejected { status: 401, .. }) => {
                                StaffSession::clear();
                                view! { <Redirect path=SIGN_IN /> }.into_any()
                            }
                            Err(error) => view! {
                                <ErrorPanel
                                    what="The publication could not be loaded."
                                    error
                                    retry=move || loaded.refetch()
                                />
                            }
                                .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
    .into_any()
}
