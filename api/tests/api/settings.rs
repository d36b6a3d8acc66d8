//! Editing the site's settings: editors change clocks, counters and contacts, only admins the
//! name and home time zone; replacements need a current If-Match; every bad field is named;
//! and the public endpoints follow at once.

use chancery_shared::clock::ClockReading;
use chancery_shared::page::Readings;
use chancery_shared::settings::{ClockSetting, Settings};
use chancery_shared::site::Site;
use chancery_shared::staff::Role;

use crate::helpers::{Identity, RequestHelper, TestApp, fields};

const SETTINGS: &str = "/api/v1/settings";

/// The settings as `staff` reads them, and their ETag.
async fn read(staff: &Identity<'_>) -> (Settings, String) {
    let response = staff.get(SETTINGS).await;
    (response.good(), response.etag())
}

#[tokio::test]
async fn the_settings_document_holds_the_seed_setup() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let (settings, _) = read(&editor).await;
    assert_eq!(settings.home_time_zone, "Europe/Moscow");
    assert_eq!(settings.clocks[1].time_zone, "Europe/London");
    assert_eq!(settings.counters[0].event_date.to_string(), "2018-03-04");
    let anonymous = app.get(SETTINGS).await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn an_editor_adds_a_clock_and_the_public_sees_it() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let (mut settings, etag) = read(&editor).await;
    settings.clocks.push(ClockSetting {
        label: "New York".to_owned(),
        time_zone: "America/New_York".to_owned(),
    });
    assert_eq!(
        editor.put_json(SETTINGS, &settings, None).await.status(),
        428
    );
    assert_eq!(
        editor
            .put_json(SETTINGS, &settings, Some(&etag))
            .await
            .status(),
        200
    );
    let clocks: Readings<ClockReading> =
        app.get_json("/api/v1/clocks?at=2020-07-15T18:08:00Z").await;
    assert_eq!(clocks.items[2].local_time, "14:08");
    // The old ETag is now stale.
    assert_eq!(
        editor
            .put_json(SETTINGS, &settings, Some(&etag))
            .await
            .status(),
        412
    );
}

#[tokio::test]
async fn only_admins_rename_the_site_or_move_its_time_zone() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let admin = app.as_token(Role::Admin).await;
    let contributor = app.as_token(Role::Contributor).await;
    let (mut settings, etag) = read(&editor).await;
    settings.home_time_zone = "Europe/London".to_owned();
    for (who, status) in [(&contributor, 403), (&editor, 403), (&admin, 200)] {
        let response = who.put_json(SETTINGS, &settings, Some(&etag)).await;
        assert_eq!(response.status(), status);
    }
    // 21:30 UTC on 15 July is still 15 July in London.
    let site: Site = app.get_json("/api/v1/site?at=2020-07-15T21:30:00Z").await;
    assert_eq!(site.date_line, "15 July 2020");
}

#[tokio::test]
async fn bad_settings_name_every_field_and_change_nothing() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let (mut settings, etag) = read(&editor).await;
    settings.clocks[0].time_zone = "Mars/Olympus_Mons".to_owned();
    settings.counters[1].slug = "salisbury-incident".to_owned();
    let problem = editor
        .put_json(SETTINGS, &settings, Some(&etag))
        .await
        .problem(422);
    assert_eq!(
        fields(&problem),
        ["clocks[0].time_zone", "counters[1].slug"]
    );
    let (after, after_etag) = read(&editor).await;
    assert_eq!(after_etag, etag);
    assert_eq!(after.clocks[0].time_zone, "Europe/Moscow");
}
