//! What a list shows, as one value: the [`Selection`] that every endpoint filtering
//! publications (the list, its facets and archive, the feeds) parses its parameters into,
//! checked once. It is canonical by construction (kinds a set, blank values absent, dates in
//! order), so one selection has one encoding, [`Selection::params`]: the links that repeat a
//! selection are written from it, and the key its memos are kept under and the fingerprint
//! its cursors carry are hashed from it, so no filter can reach one of them and miss another.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use chancery_shared::publication::{Kind, Status};
use chancery_shared::record_rules::{MAX_LANG, is_language_tag};
use chancery_shared::search::{SearchError, SearchQuery};
use chancery_shared::slug::Slug;
use chancery_shared::time::start_of_day;
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::db::list::{Filter, Matches};
use crate::db::status::StoredStatus;
use crate::db::write::speaker_key;

/// Where the API lists a selection: what a facet item's `href` leads to.
pub const LIST: &str = "/api/v1/publications";

/// Which publications a list shows. [`Selection::params`] names every field, so none can be
/// left out of links, memo keys or cursors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Selection {
    /// Only publications in this language (or a more specific tag under it).
    pub lang: Option<Lang>,
    /// Only these kinds; none means every kind. A set, so the order and repeats a request
    /// gave them in never tell two selections apart.
    pub kinds: BTreeSet<Kind>,
    pub tag: Option<Slug>,
    pub speaker: Option<Speaker>,
    /// Publication dates in the site's home time zone.
    pub dates: DateRange,
    /// Only featured publications (`true`), or only the others (`false`).
    pub featured: Option<bool>,
    pub search: Option<Search>,
    pub visibility: Visibility,
}

/// A language to filter by: a BCP 47 tag as publications store them (`en`, `ru`, `en-GB`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lang(String);

impl Lang {
    /// `None` unless `tag` is a language tag (the rule every publication's `lang` follows).
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        (is_language_tag(tag) && tag.len() <= MAX_LANG).then(|| Lang(tag.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A speaker's name to filter by: trimmed, never blank, matched in any letter case. Kept as
/// written, so the links that repeat it say what the request said.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Speaker(String);

impl Speaker {
    /// `None` for a blank name, which narrows nothing (as an empty parameter does).
    pub fn new(name: &str) -> Option<Speaker> {
        let name = name.trim();
        (!name.is_empty()).then(|| Speaker(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A full-text search as asked for (the text, trimmed) and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    text: String,
    query: SearchQuery,
}

impl Search {
    pub fn parse(text: &str) -> Result<Search, SearchError> {
        Ok(Search {
            query: SearchQuery::parse(text)?,
            text: text.trim().to_owned(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// By the text alone: the meaning is read from it, so equal texts are equal searches.
impl Hash for Search {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Calendar days in the site's home time zone, the first never after the last; either end
/// may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl DateRange {
    /// `None` when `first` is after `last`.
    pub fn new(first: Option<NaiveDate>, last: Option<NaiveDate>) -> Option<DateRange> {
        match (first, last) {
            (Some(first), Some(last)) if first > last => None,
            _ => Some(DateRange { first, last }),
        }
    }

    pub fn first(&self) -> Option<NaiveDate> {
        self.first
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.last
    }

    /// The UTC instants the range runs between in `zone`: from the start of its first day
    /// (inclusive) to the start of the day after its last (exclusive).
    fn bounds(&self, zone: Tz) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
        let start = |day| start_of_day(zone, day).naive_utc();
        let after = self.last.and_then(|day| day.succ_opt());
        (self.first.map(start), after.map(start))
    }
}

/// Which statuses a list shows: what [`crate::access::Viewer`] makes of the `status` asked
/// for, the viewer's name included where it matters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// What the public sees: published pieces whose `published_at` has come.
    #[default]
    Public,
    /// Published pieces whose `published_at` is still ahead.
    Scheduled,
    /// Every draft.
    Drafts,
    /// The drafts this staff member wrote (a contributor sees no others).
    DraftsBy(String),
    Withdrawn,
}

impl Visibility {
    /// The `status` parameter that asks for it; none for what the public sees.
    pub fn status(&self) -> Option<Status> {
        match self {
            Visibility::Public => None,
            Visibility::Scheduled => Some(Status::Scheduled),
            Visibility::Drafts | Visibility::DraftsBy(_) => Some(Status::Draft),
            Visibility::Withdrawn => Some(Status::Withdrawn),
        }
    }

    /// `filter` narrowed to these statuses at `now`.
    fn narrow(&self, filter: Filter, now: NaiveDateTime) -> Filter {
        match self {
            Visibility::Public => Filter {
                visible_at: Some(now),
                ..filter
            },
            Visibility::Scheduled => Filter {
                stored_status: Some(StoredStatus::Published),
                published_after: Some(now),
                ..filter
            },
            Visibility::Drafts => Filter {
                stored_status: Some(StoredStatus::Draft),
                ..filter
            },
            Visibility::DraftsBy(author) => Filter {
                stored_status: Some(StoredStatus::Draft),
                author: Some(author.clone()),
                ..filter
            },
            Visibility::Withdrawn => Filter {
                stored_status: Some(StoredStatus::Withdrawn),
                ..filter
            },
        }
    }
}

/// What query values keep unencoded: the unreserved characters, and `,`, so that kinds read
/// as a request writes them (`kind=interview,article`).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',');

impl Selection {
    /// The one canonical encoding: each field that narrows, as the query parameter that asks
    /// for it, in the list's order, each value spelled one way.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        // Every field is named, so one added to the selection must be added here too.
        let Selection {
            lang,
            kinds,
            tag,
            speaker,
            dates,
            featured,
            search,
            visibility,
        } = self;
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        [
            ("lang", lang.as_ref().map(|l| l.0.clone())),
            ("kind", (!kinds.is_empty()).then(|| kinds.join(","))),
            ("tag", tag.as_ref().map(Slug::to_string)),
            ("speaker", speaker.as_ref().map(|s| s.0.clone())),
            ("from", dates.first.map(|d| d.to_string())),
            ("to", dates.last.map(|d| d.to_string())),
            ("status", visibility.status().map(|s| s.as_str().to_owned())),
            ("featured", featured.map(|f| f.to_string())),
            ("q", search.as_ref().map(|s| s.text.clone())),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect()
    }

    /// `path` with this selection's parameters and then `more` (a page, a cursor): a facet
    /// item's `href`, a `Link`, a feed's self link.
    pub fn href(&self, path: &str, more: &[(&str, String)]) -> String {
        let params = self.params();
        let pairs = params.iter().map(|(k, v)| (*k, v.as_str()));
        match encode(pairs.chain(more.iter().map(|(k, v)| (*k, v.as_str())))) {
            query if query.is_empty() => path.to_owned(),
            query => format!("{path}?{query}"),
        }
    }

    /// The selection's parameters and, for a contributor's own drafts, whose they are: their
    /// credentials say that, not the query, so links leave it out and keys take it in. A line
    /// break cannot occur in an encoded query, so nothing else can read the same.
    fn key(&self) -> String {
        let params = self.params();
        let query = encode(params.iter().map(|(k, v)| (*k, v.as_str())));
        match &self.visibility {
            Visibility::DraftsBy(author) => format!("{query}\nby {author}"),
            _ => query,
        }
    }

    /// What memos of this selection's results, with dates read in `zone`, are kept under. The
    /// zone is part of it because staff can move it without writing to any publication.
    pub fn memo_key(&self, zone: Tz) -> String {
        format!("{}\nin {}", self.key(), zone.name())
    }

    /// A short hash of the selection, stable across restarts and nodes: what a cursor carries,
    /// so that a position taken in one selection is never replayed in another.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.key().as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The conditions of this selection at `now`, with dates read in `zone`.
    pub fn filter(&self, zone: Tz, now: NaiveDateTime) -> Filter {
        let (published_from, published_before) = self.dates.bounds(zone);
        let filter = Filter {
            lang: self.lang.as_ref().map(|l| l.0.clone()),
            kinds: self.kinds.iter().copied().collect(),
            tag: self.tag.as_ref().map(Slug::to_string),
            speaker_key: self.speaker.as_ref().map(|s| speaker_key(&s.0)),
            published_from,
            published_before,
            featured: self.featured,
            search: self.search.as_ref().map(|s| Matches::new(&s.query)),
            ..Filter::default()
        };
        self.visibility.narrow(filter, now)
    }
}

/// A query string of `pairs`, each value percent-encoded but for [`VALUE`]'s characters.
fn encode<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let pairs: Vec<String> = pairs
        .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, VALUE)))
        .collect();
    pairs.join("&")
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// A selection with every field set.
    fn everything() -> Selection {
        Selection {
            lang: Lang::parse("en"),
            kinds: [Kind::Speech, Kind::Interview].into(),
            tag: Slug::parse("victory-day").ok(),
            speaker: Speaker::new("Sergey Lavrov"),
            dates: DateRange::new(Some(day("2020-06-01")), Some(day("2020-06-30")))
                .expect("in order"),
            featured: Some(false),
            search: Search::parse("\"information space\" -sanctions").ok(),
            visibility: Visibility::Drafts,
        }
    }

    #[test]
    fn the_encoding_is_the_lists_query_in_one_order() {
        assert_eq!(
            everything().href(LIST, &[("page", "2".to_owned())]),
            "/api/v1/publications?lang=en&kind=interview,speech&tag=victory-day\
             &speaker=Sergey%20Lavrov&from=2020-06-01&to=2020-06-30&status=draft\
             &featured=false&q=%22information%20space%22%20-sanctions&page=2"
        );
        assert_eq!(Selection::default().href(LIST, &[]), LIST);
        assert!(Selection::default().params().is_empty());
    }

    #[test]
    fn every_field_tells_selections_apart() {
        let base = everything();
        let other_dates = |first, last| DateRange::new(first, last).expect("in order");
        let changes: Vec<(&str, Selection)> = vec![
            (
                "lang",
                Selection {
                    lang: Lang::parse("ru"),
                    ..base.clone()
                },
            ),
            (
                "no lang",
                Selection {
                    lang: None,
                    ..base.clone()
                },
            ),
            (
                "kinds",
                Selection {
                    kinds: [Kind::Speech].into(),
                    ..base.clone()
                },
            ),
            (
                "tag",
                Selection {
                    tag: Slug::parse("iran").ok(),
                    ..base.clone()
                },
            ),
            (
                "no tag",
                Selection {
                    tag: None,
                    ..base.clone()
                },
            ),
            (
                "speaker",
                Selection {
                    speaker: Speaker::new("Maria Zakharova"),
                    ..base.clone()
                },
            ),
            (
                "from",
                Selection {
                    dates: other_dates(Some(day("2020-06-02")), Some(day("2020-06-30"))),
                    ..base.clone()
                },
            ),
            (
                "to",
                Selection {
                    dates: other_dates(Some(day("2020-06-01")), None),
                    ..base.clone()
                },
            ),
            (
                "featured",
                Selection {
                    featured: Some(true),
                    ..base.clone()
                },
            ),
            (
                "q",
                Selection {
                    search: Search::parse("\"information space\"").ok(),
                    ..base.clone()
                },
            ),
            (
                "status",
                Selection {
                    visibility: Visibility::Withdrawn,
                    ..base.clone()
                },
            ),
            (
                "public",
                Selection {
                    visibility: Visibility::Public,
                    ..base.clone()
                },
            ),
            (
                "own drafts",
                Selection {
                    visibility: Visibility::DraftsBy("maria".into()),
                    ..base.clone()
                },
            ),
            (
                "another's drafts",
                Selection {
                    visibility: Visibility::DraftsBy("anna".into()),
                    ..base.clone()
                },
            ),
        ];
        let zone = chrono_tz::Europe::Moscow;
        let mut fingerprints = HashSet::from([base.fingerprint()]);
        let mut memo_keys = HashSet::from([base.memo_key(zone)]);
        for (field, changed) in &changes {
            assert_ne!(changed, &base, "{field}");
            assert!(
                fingerprints.insert(changed.fingerprint()),
                "{field}: fingerprint"
            );
            assert!(
                memo_keys.insert(changed.memo_key(zone)),
                "{field}: memo key"
            );
        }
        // Whose drafts a contributor lists comes with their credentials: links leave it out.
        let own = &changes[12].1;
        assert_eq!(own.href(LIST, &[]), base.href(LIST, &[]));
        // The zone dates are read in is part of the memo key only.
        assert_ne!(
            base.memo_key(zone),
            base.memo_key(chrono_tz::Europe::London)
        );
        assert_eq!(base.fingerprint().len(), 16);
    }

    #[test]
    fn equal_selections_encode_alike_however_they_were_spelled() {
        let a = Selection {
            kinds: [Kind::Speech, Kind::Article, Kind::Speech].into(),
            speaker: Speaker::new(" Sergey Lavrov "),
            search: Search::parse(" lavrov ").ok(),
            ..Selection::default()
        };
        let b = Selection {
            kinds: [Kind::Article, Kind::Speech].into(),
            speaker: Speaker::new("Sergey Lavrov"),
            search: Search::parse("lavrov").ok(),
            ..Selection::default()
        };
        assert_eq!(a, b);
        let hash = |s: &Selection| {
            let mut hasher = std::hash::DefaultHasher::new();
            s.hash(&mut hasher);
            hasher.finish()
        };
        assert_eq!(hash(&a), hash(&b));
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(
            a.href(LIST, &[]),
            "/api/v1/publications?kind=article,speech&speaker=Sergey%20Lavrov&q=lavrov"
        );
        assert_eq!(Speaker::new("  "), None);
    }

    #[test]
    fn a_language_is_a_tag_as_publications_store_them() {
        assert_eq!(Lang::parse(" ru ").map(|l| l.0), Some("ru".to_owned()));
        assert_eq!(Lang::parse("en-GB").map(|l| l.0), Some("en-GB".to_owned()));
        for bad in [
            "EN",
            "english",
            "",
            "en_GB",
            "en-",
            &format!("en-{}", "a".repeat(40)),
        ] {
            assert_eq!(Lang::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_checked_and_read_in_the_home_zone() {
        assert_eq!(
            DateRange::new(Some(day("2020-07-01")), Some(day("2020-06-30"))),
            None
        );
        let june =
            DateRange::new(Some(day("2020-06-01")), Some(day("2020-06-30"))).expect("in order");
        let (from, before) = june.bounds(chrono_tz::Europe::Moscow);
        let instant = |s: &str| s.parse::<NaiveDateTime>().expect("instant");
        assert_eq!(from, Some(instant("2020-05-31T21:00:00")));
        assert_eq!(before, Some(instant("2020-06-30T21:00:00")));
    }

    #[test]
    fn the_visibility_narrows_the_filter() {
        let now = "2020-07-15T18:08:00"
            .parse::<NaiveDateTime>()
            .expect("instant");
        let zone = chrono_tz::Europe::Moscow;
        let with = |visibility| {
            Selection {
                visibility,
                ..Selection::default()
            }
            .filter(zone, now)
        };
        assert_eq!(with(Visibility::Public).visible_at, Some(now));
        let scheduled = with(Visibility::Scheduled);
        assert_eq!(
            (scheduled.stored_status, scheduled.published_after),
            (Some(StoredStatus::Published), Some(now))
        );
        let own = with(Visibility::DraftsBy("maria".into()));
        assert_eq!(
            (own.stored_status, own.author.as_deref()),
            (Some(StoredStatus::Draft), Some("maria"))
        );
        assert_eq!(with(Visibility::Drafts).author, None);
        assert_eq!(with(Visibility::Withdrawn).visible_at, None);
    }
}
