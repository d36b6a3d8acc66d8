//! Changing publications: `If-Match` is required (428) and must be current (412), so no edit
//! overwrites a colleague's; merge patches change only what they name; every save is kept as
//! a revision; contributors touch only their own drafts.

use chancery_api::clock::Clock;
use chancery_shared::page::ListPage;
use chancery_shared::publication::{
    Kind, Publication, PublicationRecord, PublicationSummary, Revision, RevisionDiff, Status,
};
use chancery_shared::staff::Role;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::helpers::{Identity, RequestHelper, TestApp, fields, instant};

/// One revision as `GET …/revisions/{number}` answers: its number and the record as saved,
/// in the shared shape `import` reads (the answer itself has no shared type).
#[derive(Debug, Serialize, Deserialize)]
struct Saved {
    number: i32,
    record: PublicationRecord,
}

const SLUG: &str = "statement-on-the-helsinki-final-act";
const PATH: &str = "/api/v1/publications/statement-on-the-helsinki-final-act";

/// Creates the test publication as `author`; returns its ETag.
async fn create(author: &Identity<'_>, status: &str) -> String {
    let response = author
        .post_json(
            "/api/v1/publications",
            &json!({
                "slug": SLUG,
                "kind": "statement",
                "title": "Statement on the Helsinki Final Act",
                "lead": "Forty-five years ago the Final Act was signed.",
                "place": "Moscow",
                "published_at": "2020-07-16T09:00:00Z",
                "status": status,
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.etag()
}

#[tokio::test]
async fn an_edit_needs_a_current_if_match() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let first = create(&editor, "published").await;

    let missing = editor
        .patch_merge(PATH, &json!({"title": "No precondition"}), None)
        .await;
    assert_eq!(missing.status(), 428);

    let saved = editor
        .patch_merge(PATH, &json!({"title": "First edit"}), Some(&first))
        .await;
    assert_eq!(saved.status(), 200);
    let second = saved.etag();
    assert_ne!(second, first);

    // A colleague still holding the first version is refused, and nothing is written.
    let stale = editor
        .patch_merge(PATH, &json!({"title": "Lost update"}), Some(&first))
        .await;
    assert_eq!(stale.problem(412).code, "precondition_failed");
    let now: Publication = editor.get_json(PATH).await;
    assert_eq!(now.summary.title, "First edit");

    // The ETag a GET gives is the one a write takes.
    assert_eq!(editor.get(PATH).await.etag(), second);
}

#[tokio::test]
async fn a_merge_patch_changes_only_what_it_names_and_every_save_is_a_revision() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_named_token("press-office", Role::Editor).await;
    let etag = create(&editor, "published").await;
    let saved = editor
        .patch_merge(
            PATH,
            &json!({"title": "Corrected title", "place": null, "change_note": "Title corrected"}),
            Some(&etag),
        )
        .await;
    let publication: Publication = saved.good();
    assert_eq!(publication.summary.title, "Corrected title");
    assert_eq!(
        publication.summary.lead,
        "Forty-five years ago the Final Act was signed."
    );
    assert!(publication.summary.place.is_none());
    assert_eq!(publication.change_note.as_deref(), Some("Title corrected"));

    let revisions: Vec<Revision> = editor.get_json(&format!("{PATH}/revisions")).await;
    let numbers: Vec<i32> = revisions.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [2, 1]);
    assert_eq!(revisions[0].change_note.as_deref(), Some("Title corrected"));
    assert_eq!(revisions[0].actor, "press-office");

    let first: Saved = editor.get_json(&format!("{PATH}/revisions/1")).await;
    assert_eq!(first.number, 1);
    assert_eq!(first.record.title, "Statement on the Helsinki Final Act");
    assert_eq!(first.record.place.as_deref(), Some("Moscow"));
    let diff: RevisionDiff = editor.get_json(&format!("{PATH}/diff?from=1&to=2")).await;
    let changed: Vec<&str> = diff.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(changed, ["place", "title"]);
    assert_eq!(
        diff.changes[1].before,
        "Statement on the Helsinki Final Act"
    );
    assert_eq!(diff.changes[1].after, "Corrected title");
    editor
        .get(&format!("{PATH}/revisions/9"))
        .await
        .problem(404);
    let problem = editor
        .get(&format!("{PATH}/revisions/two"))
        .await
        .problem(400);
    assert_eq!(problem.errors[0].field, "path");
}

#[tokio::test]
async fn contributors_edit_only_their_own_drafts_and_cannot_publish() {
    let app = TestApp::builder().spawn().await;
    let author = app.as_token(Role::Contributor).await;
    let other = app.as_token(Role::Contributor).await;
    let etag = create(&author, "draft").await;

    let theirs = other
        .patch_merge(PATH, &json!({"title": "Not mine"}), Some(&etag))
        .await;
    assert_eq!(theirs.status(), 403);
    let publish = author
        .patch_merge(PATH, &json!({"status": "published"}), Some(&etag))
        .await;
    assert_eq!(publish.status(), 403);
    let mine = author
        .patch_merge(PATH, &json!({"title": "My better title"}), Some(&etag))
        .await;
    assert_eq!(mine.status(), 200);
}

#[tokio::test]
async fn staff_see_drafts_that_the_public_does_not() {
    let app = TestApp::builder().spawn().await;
    let author = app.as_token(Role::Contributor).await;
    create(&author, "draft").await;
    let staff = author.get(PATH).await;
    assert_eq!(staff.status(), 200);
    assert_eq!(staff.header("cache-control"), "private, no-store");
    app.get(PATH).await.problem(404);
    let bad = app.with_token("chy_not-a-token").get(PATH).await;
    assert_eq!(bad.status(), 401, "bad credentials are never public");
}

#[tokio::test]
async fn renaming_to_a_taken_slug_is_409_and_changes_nothing() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let etag = create(&editor, "published").await;
    let clash = editor
        .patch_merge(
            PATH,
            &json!({"slug": "lavrov-interview-russia-24-maria-bondareva", "title": "Renamed"}),
            Some(&etag),
        )
        .await;
    assert_eq!(clash.status(), 409);
    let still: Publication = editor.get_json(PATH).await;
    assert_eq!(still.summary.title, "Statement on the Helsinki Final Act");
}

#[tokio::test]
async fn put_replaces_the_record_and_validation_lists_every_field() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let etag = create(&editor, "published").await;
    let invalid = editor
        .put_json(
            PATH,
            &json!({"kind": "statement", "title": "", "lang": "English", "published_at": "2020-07-16T09:00:00Z"}),
            Some(&etag),
        )
        .await;
    assert_eq!(fields(&invalid.problem(422)), ["title", "lang"]);
    let replaced = editor
        .put_json(
            PATH,
            &json!({"kind": "comment", "title": "Comment on the Final Act", "published_at": "2020-07-16T09:00:00Z"}),
            Some(&etag),
        )
        .await;
    let publication: Publication = replaced.good();
    assert_eq!(publication.summary.kind, Kind::Comment);
    assert_eq!(
        publication.summary.lead, "",
        "PUT replaces: what is not given is reset"
    );
    assert_eq!(publication.summary.slug, SLUG, "an absent slug is kept");
    assert_eq!(
        publication.summary.status,
        Status::Published,
        "an absent status is kept"
    );
}

#[tokio::test]
async fn a_contributor_removes_only_their_own_draft() {
    let app = TestApp::builder().spawn().await;
    let author = app.as_token(Role::Contributor).await;
    let other = app.as_token(Role::Contributor).await;
    let etag = create(&author, "draft").await;
    assert_eq!(other.delete(PATH, Some(&etag)).await.status(), 403);
    assert_eq!(author.delete(PATH, Some("\"stale\"")).await.status(), 412);
    assert_eq!(author.delete(PATH, Some(&etag)).await.status(), 204);
    assert_eq!(author.get(PATH).await.status(), 404);
}

#[tokio::test]
async fn deleting_a_published_piece_withdraws_it_for_editors_only() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let contributor = app.as_token(Role::Contributor).await;
    let etag = create(&editor, "published").await;
    assert_eq!(contributor.delete(PATH, Some(&etag)).await.status(), 403);
    let withdrawn: Publication = editor.delete(PATH, Some(&etag)).await.good();
    assert_eq!(withdrawn.summary.status, Status::Withdrawn);
    app.get(PATH).await.problem(410);
    let page: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
    assert_eq!(
        page.total,
        Some(11),
        "withdrawn pieces leave the public list"
    );
}

#[tokio::test]
async fn staff_list_publications_by_status() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    create(&editor, "draft").await;
    let list = async |status: &str| {
        editor
            .get(&format!("/api/v1/publications?status={status}"))
            .await
    };
    let drafts = list("draft").await;
    assert_eq!(drafts.header("cache-control"), "private, no-store");
    let drafts: ListPage<PublicationSummary> = drafts.json();
    assert_eq!(drafts.total, Some(1));
    assert_eq!(drafts.items[0].status, Status::Draft);
    // The draft's published_at (16 July) is still ahead: publishing it schedules it.
    let etag = editor.get(PATH).await.etag();
    assert_eq!(
        editor
            .patch_merge(PATH, &json!({"status": "published"}), Some(&etag))
            .await
            .status(),
        200
    );
    let public_total = async || {
        let page: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
        page.total
    };
    let scheduled: ListPage<PublicationSummary> = list("scheduled").await.json();
    assert_eq!(scheduled.total, Some(1));
    assert_eq!(scheduled.items[0].status, Status::Scheduled);
    assert_eq!(public_total().await, Some(11));
    clock.set(instant("2020-07-16T09:00:00Z"));
    let scheduled: ListPage<PublicationSummary> = list("scheduled").await.json();
    assert_eq!(scheduled.total, Some(0), "its time has come");
    assert_eq!(public_total().await, Some(12));
    // The public may not ask for statuses.
    let anonymous = app.get("/api/v1/publications?status=draft").await;
    assert_eq!(anonymous.status(), 401);
}
