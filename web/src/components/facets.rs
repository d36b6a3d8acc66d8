//! The archive's sidebar: how many publications each year and month, kind and tag has under
//! the rest of the search, as links that narrow it (the current choice marked). Beside the
//! results on wide screens, a collapsible section on narrow ones. Also loads the values the
//! filter form suggests.
//!
//! The lists are written as escaped HTML text rather than a view per link: it keeps the
//! reader's bundle several KiB smaller, and the router follows these links like any other.

use std::fmt::Write;

use chrono::Month;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, ClientError, Facet};
use crate::archive_query::ArchiveQuery;

/// Tags listed (most used first); the form's tag field suggests the rest.
const TOP_TAGS: usize = 20;

/// One count from any facet endpoint: a tag, kind or speaker (`FacetValue` on the wire:
/// `value`, `label`), or a year with its months (`ArchiveYear`: `year`, `months`) or a month
/// (`month`). One type for all keeps the reader's bundle small; absent fields stay empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Count {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub year: i32,
    pub month: u32,
    pub months: Vec<Count>,
}

/// Every facet's counts under the current search.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Facets {
    pub years: Vec<Count>,
    pub kinds: Vec<Count>,
    pub tags: Vec<Count>,
    pub speakers: Vec<Count>,
}

/// Facets once loaded (`None` before the first answer).
pub type LoadedFacets = Resource<Result<Facets, ClientError>>;

/// Loads the facets for `query`, again whenever a filter changes (not when the page does).
pub fn load(query: Memo<ArchiveQuery>) -> LoadedFacets {
    let narrowing = Memo::new(move |_| {
        query.with(|q| ["year", "kind", "tag", "speaker"].map(|f| q.facet_api(f)))
    });
    Resource::new(
        move || narrowing.get(),
        |wanted| {
            // Every call is made here, where the page's data source is at hand.
            let facets = [Facet::Archive, Facet::Kinds, Facet::Tags, Facet::Speakers];
            let calls: Vec<_> = facets
                .into_iter()
                .zip(wanted)
                .map(|(facet, filters)| filters.map(|filters| api::counts::<Count>(facet, filters)))
                .collect();
            async move {
                let mut loaded = Vec::with_capacity(calls.len());
                for call in calls {
                    loaded.push(match call {
                        Some(call) => call.await?.items,
                        None => Vec::new(),
                    });
                }
                let mut loaded = loaded.into_iter();
                let mut next = || loaded.next().unwrap_or_default();
                Ok(Facets {
                    years: next(),
                    kinds: next(),
                    tags: next(),
                    speakers: next(),
                })
            }
        },
    )
}

/// One facet's values as `<option>`s, for a form field's suggestions (none until loaded).
pub fn options(facets: LoadedFacets, pick: fn(&Facets) -> &[Count]) -> Signal<String> {
    Signal::derive(move || {
        let mut html = String::new();
        facets.with(|loaded| {
            if let Some(Ok(loaded)) = loaded {
                for v in pick(loaded) {
                    let _ = write!(html, "<option value=\"{}\"></option>", escape(&v.value));
                }
            }
        });
        html
    })
}

/// Width from which the counts stand beside the results, open (as `style.css` lays out).
const WIDE: f64 = 1200.0;

/// The sidebar: open beside the results on a wide screen, closed above them on a narrow one.
#[component]
pub fn FacetSidebar(query: Memo<ArchiveQuery>, facets: LoadedFacets) -> impl IntoView {
    // The server cannot know the screen: it sends the lists closed (a summary to open, with
    // or without scripts), and a wide screen opens them beside the results: `boot.js` on a
    // page from the server, this effect in the staff bundle, which renders in the browser.
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move || {
        let wide = window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w >= WIDE);
        if wide && let Some(details) = details.get() {
            details.set_open(true);
        }
    });
    let lists = move || {
        facets.with(|loaded| match loaded {
            None => String::new(),
            Some(Err(_)) => "<p class=\"facet-note\">Counts could not be loaded.</p>".to_owned(),
            Some(Ok(f)) => query.with(|q| lists_html(q, f)),
        })
    };
    view! {
        <aside class="facets" aria-label="Browse the archive">
            <details node_ref=details>
                <summary>"Browse by date, kind and tag"</summary>
                <Suspense fallback=|| view! { <div class="facets-body"></div> }>
                    <div class="facets-body" inner_html=lists></div>
                </Suspense>
            </details>
        </aside>
    }
}

fn lists_html(query: &ArchiveQuery, f: &Facets) -> String {
    let mut html = String::new();
    for (class, title, links) in [
        ("facet-dates", "By date", dates(query, &f.years)),
        (
            "facet-kinds",
            "Kinds",
            values(query, "kind", &f.kinds, "All kinds"),
        ),
        (
            "facet-tags",
            "Tags",
            values(query, "tag", &f.tags, "All tags"),
        ),
    ] {
        let _ = write!(
            html,
            "<section class=\"facet {class}\"><h2 class=\"section-title\">{title}</h2><ul class=\"facet-list\">"
        );
        for link in links {
            link.write(&mut html);
        }
        html.push_str("</ul></section>");
    }
    html
}

/// `text` safe inside HTML text and quoted attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One line of a facet: a link to the search narrowed by it, with its count.
struct Link {
    class: &'static str,
    href: String,
    current: bool,
    name: String,
    /// What is counted, in words (`July 2020`), for the accessible name.
    what: String,
    count: Option<u64>,
}

impl Link {
    fn write(&self, html: &mut String) {
        let current = if self.current {
            " aria-current=\"true\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<li class=\"{}\"><a href=\"{}\"{current}",
            self.class,
            escape(&self.href)
        );
        match self.count {
            Some(n) => {
                let noun = if n == 1 {
                    "publication"
                } else {
                    "publications"
                };
                // The accessible name begins with the visible words ("July 3"), then says
                // what they mean, so speech input and screen readers agree with the eye.
                let context = if self.what == self.name {
                    String::new()
                } else {
                    format!(", {}", escape(&self.what))
                };
                let _ = write!(
                    html,
                    ">{} <span class=\"count\">{n}</span><span class=\"visually-hidden\"> {noun}{context}</span></a></li>",
                    escape(&self.name)
                );
            }
            None => {
                let _ = write!(html, ">{}</a></li>", escape(&self.name));
            }
        }
    }
}

/// "All dates", the years, and the months of the chosen year (or of the newest).
fn dates(query: &ArchiveQuery, years: &[Count]) -> Vec<Link> {
    let chosen_year = query.filter("year").and_then(|y| y.parse::<i32>().ok());
    let chosen_month = query.filter("month").and_then(|m| m.parse::<u32>().ok());
    let date_filters = ["year", "month", "from", "to"];
    let all = date_filters
        .into_iter()
        .fold(query.clone(), |q, name| q.with(name, None));
    let open_year = chosen_year.or(years.first().map(|y| y.year));
    let mut links = vec![Link {
        class: "facet-all",
        href: all.href(1),
        current: date_filters.iter().all(|f| query.filter(f).is_none()),
        name: "All dates".to_owned(),
        what: "All dates".to_owned(),
        count: Some(years.iter().map(|y| y.count).sum()),
    }];
    for year in years {
        let y = year.year;
        links.push(Link {
            class: "facet-year",
            href: query.clone().on(y, None).href(1),
            current: chosen_year == Some(y) && chosen_month.is_none(),
            name: y.to_string(),
            what: y.to_string(),
            count: Some(year.count),
        });
        if open_year != Some(y) {
            continue;
        }
        for month in &year.months {
            let m = month.month;
            let name = u8::try_from(m)
                .ok()
                .and_then(|m| Month::try_from(m).ok())
                .map_or_else(|| m.to_string(), |m| m.name().to_owned());
            links.push(Link {
                class: "facet-month",
                href: query.clone().on(y, Some(m)).href(1),
                current: chosen_year == Some(y) && chosen_month == Some(m),
                what: format!("{name} {y}"),
                name,
                count: Some(month.count),
            });
        }
    }
    links
}

/// The link that clears `filter`, then its values. "All kinds" counts them all (every
/// publication has one kind); "All tags" cannot, as a publication has any number.
fn values(query: &ArchiveQuery, filter: &str, values: &[Count], all: &'static str) -> Vec<Link> {
    let chosen = query.filter(filter);
    let mut links = vec![Link {
        class: "facet-all",
        href: query.clone().with(filter, None).href(1),
        current: chosen.is_none(),
        name: all.to_owned(),
        what: all.to_owned(),
        count: (filter == "kind").then(|| values.iter().map(|v| v.count).sum()),
    }];
    // The chosen value stays in view however far down the list it is.
    let shown = values
        .iter()
        .enumerate()
        .filter(|(i, v)| *i < TOP_TAGS || chosen == Some(v.value.as_str()));
    for (_, v) in shown {
        links.push(Link {
            class: "facet-value",
            href: query.clone().with(filter, Some(&v.value)).href(1),
            current: chosen == Some(v.value.as_str()),
            what: format!("{filter} {}", v.label),
            name: v.label.clone(),
            count: Some(v.count),
        });
    }
    links
}
