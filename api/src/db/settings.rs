//! Reading and replacing the site's settings document: the site row, contacts, clocks and
//! counter definitions, each list stored in its display order.

use chancery_shared::settings::{ClockSetting, ContactSetting, CounterSetting, Settings};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::{clocks, contacts, counters, site};
use super::site::SiteRow;
use super::write::{NewCounter, insert_clock, insert_contact, insert_counter, insert_site};

/// The settings as stored.
pub fn read(conn: &mut Conn) -> QueryResult<Settings> {
    let site = super::site::current(conn)?;
    with_site(conn, site)
}

/// The settings, for a caller that has already read the site row.
pub fn with_site(conn: &mut Conn, site: SiteRow) -> QueryResult<Settings> {
    let contacts = super::site::contacts(conn)?
        .into_iter()
        .map(|c| ContactSetting {
            label: c.label,
            phone: c.phone,
        })
        .collect();
    let clocks = super::clocks::all(conn)?
        .into_iter()
        .map(|c| ClockSetting {
            label: c.label,
            time_zone: c.time_zone,
        })
        .collect();
    let counters = super::counters::all(conn)?
        .into_iter()
        .map(|c| CounterSetting {
            slug: c.slug,
            label: c.label,
            caption: c.caption,
            event_date: c.event_date,
            time_zone: c.time_zone,
        })
        .collect();
    Ok(Settings {
        name: site.name,
        home_time_zone: site.home_time_zone,
        contacts,
        clocks,
        counters,
    })
}

/// Replaces every setting with `settings` (already validated) at `now`. Run inside a
/// transaction.
pub fn replace(conn: &mut Conn, settings: &Settings, now: DateTime<Utc>) -> QueryResult<()> {
    let updated = diesel::update(site::table)
        .set((
            site::name.eq(&settings.name),
            site::home_time_zone.eq(&settings.home_time_zone),
            site::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    if updated == 0 {
        insert_site(conn, &settings.name, &settings.home_time_zone, now)?;
    }
    diesel::delete(contacts::table).execute(conn)?;
    diesel::delete(clocks::table).execute(conn)?;
    diesel::delete(counters::table).execute(conn)?;
    for (position, c) in (0..).zip(&settings.contacts) {
        insert_contact(conn, c.label.trim(), c.phone.trim(), position)?;
    }
    for (position, c) in (0..).zip(&settings.clocks) {
        insert_clock(conn, c.label.trim(), &c.time_zone, position)?;
    }
    for (position, c) in (0..).zip(&settings.counters) {
        insert_counter(
            conn,
            &NewCounter {
                slug: &c.slug,
                label: c.label.trim(),
                caption: c.caption.trim(),
                event_date: c.event_date,
                time_zone: &c.time_zone,
                position,
            },
        )?;
    }
    Ok(())
}
