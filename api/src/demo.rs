//! First start: a new database gets the seed page's content (site, clocks, the consular
//! contact, the two counters and eleven publications, imported as the command line imports
//! them, with a revision and an audit entry each) from `api/data/demo.json`, or only a bare
//! site row when started empty. The site row marks the database as set up.

use chancery_shared::publication::PublicationRecord;
use chrono::NaiveDate;
use diesel::Connection;
use serde::Deserialize;

use crate::clock::Clock;
use crate::db::Conn;
use crate::db::write::{self, NewCounter};
use crate::publishing;

/// The demo data file, compiled in so the binary needs nothing beside it.
const DEMO_JSON: &str = include_str!("../data/demo.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    site: DemoSite,
    contacts: Vec<DemoContact>,
    clocks: Vec<DemoClock>,
    counters: Vec<DemoCounter>,
    publications: Vec<PublicationRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSite {
    name: String,
    home_time_zone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoContact {
    label: String,
    phone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoClock {
    label: String,
    time_zone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCounter {
    slug: String,
    label: String,
    caption: String,
    event_date: NaiveDate,
    time_zone: String,
}

/// Sets up a new database, writing at `clock`'s "now"; does nothing to one already set up.
pub fn bootstrap(conn: &mut Conn, demo_content: bool, clock: &Clock) -> anyhow::Result<()> {
    if crate::db::site::get(conn)?.is_some() {
        return Ok(());
    }
    conn.transaction(|conn| {
        if demo_content {
            load_demo(conn, clock)
        } else {
            let site = crate::db::site::SiteRow::default();
            write::insert_site(conn, &site.name, &site.home_time_zone, clock.now())?;
            Ok(())
        }
    })
}

fn load_demo(conn: &mut Conn, clock: &Clock) -> anyhow::Result<()> {
    let demo: Demo = serde_json::from_str(DEMO_JSON)?;
    write::insert_site(
        conn,
        &demo.site.name,
        &demo.site.home_time_zone,
        clock.now(),
    )?;
    for (position, c) in (0..).zip(&demo.contacts) {
        write::insert_contact(conn, &c.label, &c.phone, position)?;
    }
    for (position, c) in (0..).zip(&demo.clocks) {
        write::insert_clock(conn, &c.label, &c.time_zone, position)?;
    }
    for (position, c) in (0..).zip(&demo.counters) {
        let counter = NewCounter {
            slug: &c.slug,
            label: &c.label,
            caption: &c.caption,
            event_date: c.event_date,
            time_zone: &c.time_zone,
            position,
        };
        write::insert_counter(conn, &counter)?;
    }
    let publications = demo
        .publications
        .into_iter()
        .map(|record| {
            let slug = record.validate().map_err(|errors| {
                anyhow::anyhow!("demo publication `{}` is invalid: {errors:?}", record.title)
            })?;
            Ok((record, slug))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    publishing::import(conn, &publications, clock, || {})?;
    tracing::info!(publications = publications.len(), "loaded the demo content");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_file_is_valid() {
        let demo: Demo = serde_json::from_str(DEMO_JSON).expect("demo.json parses");
        assert_eq!(demo.publications.len(), 11);
        assert_eq!(demo.publications.iter().filter(|p| p.featured).count(), 1);
        for p in &demo.publications {
            assert!(p.validate().is_ok(), "{}", p.title);
        }
        for zone in demo
            .clocks
            .iter()
            .map(|c| &c.time_zone)
            .chain(demo.counters.iter().map(|c| &c.time_zone))
        {
            assert!(chancery_shared::time::parse_zone(zone).is_ok(), "{zone}");
        }
    }
}
