//! The archive's state as it lives in the URL (`/publications?page=3&kind=interview`, or
//! `/search?q=…&kind=interview` for a search): read from the query string, turned back into
//! links for the pager and tags, into the API's filters (year and month become `from`/`to`
//! dates), and into words for the empty state.

use chancery_shared::page::FieldError;
use chancery_shared::publication::Kind;
use chancery_shared::time::date_line;
use chrono::{Month, NaiveDate};
use leptos_router::params::ParamsMap;

use crate::api::ListQuery;
use crate::paths::{ARCHIVE, SEARCH};

/// The filter fields, in the order the form shows them and URLs list them.
pub const FILTERS: [&str; 7] = ["kind", "tag", "speaker", "year", "month", "from", "to"];

/// What the URL asks the archive for. Values are kept as typed (trimmed, empty ones dropped)
/// so that a bad one can be shown back to the reader with the API's reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArchiveQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// The words searched for, on the search page.
    pub q: Option<String>,
    /// Whether this is the search page (`/search`) rather than the archive.
    search: bool,
    /// One value per name in [`FILTERS`], same order.
    filters: [Option<String>; 7],
}

impl ArchiveQuery {
    /// Reads the query string.
    pub fn from_params(params: &ParamsMap) -> Self {
        let get = |name: &str| {
            params
                .get_str(name)
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let mut query = ArchiveQuery {
            page: get("page"),
            per_page: get("per_page"),
            filters: FILTERS.map(get),
            ..ArchiveQuery::default()
        };
        // `month=07` and `month=7` are the same month; the form's options use the latter.
        if let Some(i) = FILTERS.iter().position(|f| *f == "month")
            && let Some(month) = query.filters[i]
                .as_deref()
                .and_then(|m| m.parse::<u8>().ok())
        {
            query.filters[i] = Some(month.to_string());
        }
        query
    }

    /// Reads the search page's query string: the archive's filters and `q`.
    pub fn search_from_params(params: &ParamsMap) -> Self {
        let q = params
            .get_str("q")
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned);
        ArchiveQuery {
            q,
            search: true,
            ..ArchiveQuery::from_params(params)
        }
    }

    /// Whether this is the search page rather than the archive.
    pub fn is_search(&self) -> bool {
        self.search
    }

    /// The same search without its filters (on the archive: everything).
    pub fn unfiltered(&self) -> Self {
        ArchiveQuery {
            q: self.q.clone(),
            search: self.search,
            ..ArchiveQuery::default()
        }
    }

    /// Builds a query from a submitted filter form's `(name, value)` pairs (a `q` among them
    /// makes it a search): a new search starts on page 1, and keeps the reader's page size.
    pub fn from_form<'a>(
        values: impl IntoIterator<Item = (&'a str, String)>,
        per_page: Option<String>,
    ) -> Self {
        let mut query = ArchiveQuery {
            per_page,
            ..ArchiveQuery::default()
        };
        for (name, value) in values {
            let value = value.trim();
            let value = (!value.is_empty()).then(|| value.to_owned());
            if name == "q" {
                query.search = true;
                query.q = value;
            } else if let Some(i) = FILTERS.iter().position(|f| *f == name) {
                query.filters[i] = value;
            }
        }
        query
    }

    /// The value of filter `name` (one of [`FILTERS`]).
    pub fn filter(&self, name: &str) -> Option<&str> {
        let i = FILTERS.iter().position(|f| *f == name)?;
        self.filters[i].as_deref()
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        self.filters.iter().any(Option::is_some)
    }

    /// The page asked for, for display; a malformed `page` reads as 1 here (the API names it).
    pub fn page_number(&self) -> u32 {
        self.page
            .as_deref()
            .and_then(|page| page.parse().ok())
            .unwrap_or(1)
    }

    /// A link to page `page` of these results (`page` left out for page 1).
    pub fn href(&self, page: u32) -> String {
        let page = (page > 1).then(|| page.to_string());
        let pairs = std::iter::once(("q", self.q.as_deref()))
            .chain(std::iter::once(("page", page.as_deref())))
            .chain(
                FILTERS
                    .iter()
                    .copied()
                    .zip(self.filters.iter().map(Option::as_deref)),
            )
            .chain(std::iter::once(("per_page", self.per_page.as_deref())));
        with_query(if self.search { SEARCH } else { ARCHIVE }, pairs)
    }

    /// What to ask the API for. Year and month are the reader's shorthand for a date range; a
    /// `from`/`to` given as well narrows it further.
    pub fn to_api(&self) -> Result<ListQuery, Vec<FieldError>> {
        let (mut from, mut to) = (self.owned("from"), self.owned("to"));
        if let Some((start, end)) = self.year_month_range()? {
            from = Some(narrow(from, start, NaiveDate::max));
            to = Some(narrow(to, end, NaiveDate::min));
        }
        Ok(ListQuery {
            q: self.q.clone(),
            page: self.page.clone(),
            per_page: self.per_page.clone(),
            kind: self.owned("kind"),
            tag: self.owned("tag"),
            speaker: self.owned("speaker"),
            from,
            to,
        })
    }

    /// This search with filter `name` set to `value` (or cleared when `None`), from page 1.
    pub fn with(mut self, name: &str, value: Option<&str>) -> Self {
        if let Some(i) = FILTERS.iter().position(|f| *f == name) {
            self.filters[i] = value.map(str::to_owned);
        }
        self.page = None;
        self
    }

    /// This search on `year` (and `month`) instead of any dates it had.
    pub fn on(self, year: i32, month: Option<u32>) -> Self {
        let (year, month) = (year.to_string(), month.map(|m| m.to_string()));
        self.with("from", None)
            .with("to", None)
            .with("year", Some(&year))
            .with("month", month.as_deref())
    }

    /// What a facet's counts are narrowed by: this search's filters but the facet's own (`kind`,
    /// `tag`, `speaker`, or `year` for the dates, which drops every date filter), unpaged.
    /// `None` when the remaining filters are not valid (the page shows why).
    pub fn facet_api(&self, own: &str) -> Option<ListQuery> {
        let search = if own == "year" {
            ["year", "month", "from", "to"]
                .into_iter()
                .fold(self.clone(), |q, name| q.with(name, None))
        } else {
            self.clone().with(own, None)
        };
        let api = search.to_api().ok()?;
        Some(ListQuery {
            page: None,
            per_page: None,
            ..api
        })
    }

    /// The search in words, for the empty state: `kind “Interview”, tag “iran”, July 2020`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(kind) = self.filter("kind") {
            let label = kind.parse::<Kind>().map_or(kind, |kind| kind.label());
            parts.push(format!("kind “{label}”"));
        }
        if let Some(tag) = self.filter("tag") {
            parts.push(format!("tag “{tag}”"));
        }
        if let Some(speaker) = self.filter("speaker") {
            parts.push(format!("speaker “{speaker}”"));
        }
        match (self.filter("year"), self.month_name()) {
            (Some(year), Some(month)) => parts.push(format!("published in {month} {year}")),
            (Some(year), None) => parts.push(format!("published in {year}")),
            _ => {}
        }
        for (name, words) in [("from", "published on or after"), ("to", "on or before")] {
            if let Some(value) = self.filter(name) {
                let date = value
                    .parse::<NaiveDate>()
                    .map_or_else(|_| value.to_owned(), date_line);
                parts.push(format!("{words} {date}"));
            }
        }
        parts.join(", ")
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.filter(name).map(str::to_owned)
    }

    fn month_name(&self) -> Option<&'static str> {
        let month: u8 = self.filter("month")?.parse().ok()?;
        Month::try_from(month).ok().map(|m| m.name())
    }

    /// The first and last day of the year (or of the month in it), checked.
    fn year_month_range(&self) -> Result<Option<(NaiveDate, NaiveDate)>, Vec<FieldError>> {
        let year = match self.filter("year") {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(year) if (1000..=9999).contains(&year) => Some(year),
                _ => {
                    return Err(vec![FieldError::new("year", "must be a year such as 2020")]);
                }
            },
        };
        let month = match self.filter("month") {
            None => None,
            Some(text) => match text.parse::<u32>() {
                Ok(month) if (1..=12).contains(&month) => Some(month),
                _ => {
                    return Err(vec![FieldError::new(
                        "month",
                        "must be a month from 1 to 12",
                    )]);
                }
            },
        };
        match (year, month) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err(vec![FieldError::new("month", "needs a year as well")]),
            (Some(year), month) => Ok(chancery_shared::time::calendar_span(year, month)),
        }
    }
}

/// Combines a reader's `from`/`to` with a year/month bound; text that is not a date is passed
/// on untouched so the API can say what is wrong with it.
fn narrow(
    given: Option<String>,
    bound: NaiveDate,
    pick: fn(NaiveDate, NaiveDate) -> NaiveDate,
) -> String {
    match given {
        None => bound.to_string(),
        Some(text) => match text.parse::<NaiveDate>() {
            Ok(date) => pick(date, bound).to_string(),
            Err(_) => text,
        },
    }
}

/// `path?name=value&…` with the present values percent-encoded (or just `path`).
pub fn with_query<'a>(
    path: &str,
    pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> String {
    let query: Vec<String> = pairs
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", encode(value?))))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// A link to the archive filtered by one tag.
pub fn tag_href(tag: &str) -> String {
    with_query(ARCHIVE, [("tag", Some(tag))])
}

fn encode(value: &str) -> String {
    crate::paths::encode_component(value)
}
