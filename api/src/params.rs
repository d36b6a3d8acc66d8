//! The query parameters lists share, composed as crates.io composes them: [`FilterParams`]
//! (what a list shows, parsed once into a [`Selection`]) and [`PagingParams`] (which page of
//! it, in which order). The list takes both; the facets, the archive and the feeds take a part
//! of the filters through [`Filters`], which the document lists and the server accepts alike,
//! so that a facet is never narrowed by its own dimension.

use std::marker::PhantomData;

use chancery_shared::publication::{Kind, Status};
use serde::Deserialize;
use serde_json::Value;
use utoipa::IntoParams;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};

use crate::access::Viewer;
use crate::error::ApiError;
use crate::query::{Date, KindList, Params, documented, lang_param, parse, strict_bool, tag_param};
use crate::selection::{DateRange, Search, Selection, Speaker};

/// What a list can be narrowed by. Not `deny_unknown_fields`: [`PagingParams`] shares the
/// query, so `ApiParams` refuses what neither takes.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Only publications in this language: a BCP 47 tag, which also takes the more specific
    /// tags under it (`en` lists `en` and `en-GB` pieces; `en-GB` only those), subtags
    /// compared as written.
    #[param(
        max_length = 35,
        pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        example = "en"
    )]
    pub lang: Option<String>,
    /// Only these kinds: repeat the parameter or separate with commas (`kind=speech,article`).
    #[serde(default)]
    #[param(value_type = Option<Vec<Kind>>, explode = true, example = json!(["interview"]))]
    pub kind: KindList,
    /// Only publications with this tag (a slug).
    #[param(example = "iran")]
    pub tag: Option<String>,
    /// Only publications crediting this speaker (exact name, any letter case).
    #[param(example = "Sergey Lavrov")]
    pub speaker: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-01")]
    pub from: Option<Date>,
    /// Published on or before this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-30")]
    pub to: Option<Date>,
    /// Staff only: `draft`, `scheduled`, `published` or `withdrawn` (default: what the public
    /// sees, which is `published`). Contributors may ask for `published` and `draft`, which
    /// lists their own drafts only.
    #[param(value_type = Option<Status>)]
    pub status: Option<Status>,
    /// `true` for featured publications only, `false` to leave them out.
    #[serde(default, deserialize_with = "strict_bool")]
    #[param(value_type = Option<bool>)]
    pub featured: Option<bool>,
    /// Full-text search over title, lead, speakers and body (questions and answers included),
    /// combined with every other filter. Bare words must all appear (in any form: `talk`
    /// finds `talks`); `"a phrase"` must appear as written; `-word` or `-"a phrase"` must not;
    /// `or` between two terms takes either (`iran or iraq talks`). Common words such as
    /// `the` are ignored outside phrases. 1–200 characters, with at most 12 words searched for
    /// (each word of a phrase counts, and so does each excluded one) and at most 4 `or`s;
    /// beyond is a 400 naming `q`, as is an empty `q` (refused, not ignored). Results carry a
    /// `snippet`. A search runs for at most a few seconds, and only a few at once: one that
    /// finds no room in time, or runs out of time, is a 503 with `Retry-After`.
    #[param(max_length = 200, example = "\"nuclear programme\" -sanctions")]
    pub q: Option<String>,
}

impl FilterParams {
    /// The selection these parameters make for `viewer`, each checked: a `status` the viewer
    /// may not list (401 or 403, before anything else), a malformed tag, `from` after `to` or
    /// a `q` that is no search is refused, naming the parameter.
    pub fn select(self, viewer: &Viewer) -> Result<Selection, ApiError> {
        let visibility = viewer.visibility(self.status)?;
        let tag = tag_param(self.tag.as_deref())?;
        let dates = DateRange::new(self.from.map(|d| d.0), self.to.map(|d| d.0))
            .ok_or_else(|| ApiError::invalid("from", "must not be after `to`"))?;
        let search = match self.q.as_deref() {
            Some(text) => {
                Some(Search::parse(text).map_err(|e| ApiError::invalid("q", &e.to_string()))?)
            }
            None => None,
        };
        let lang = lang_param(self.lang.as_deref())?;
        Ok(Selection {
            lang,
            kinds: self.kind.0,
            tag,
            speaker: self.speaker.as_deref().and_then(Speaker::new),
            dates,
            featured: self.featured,
            search,
            visibility,
        })
    }
}

impl Params for FilterParams {
    fn names() -> Vec<String> {
        documented::<Self>()
    }

    fn read(query: &str) -> Result<Self, ApiError> {
        parse(query)
    }
}

/// Which of the [`FilterParams`] an endpoint takes.
pub trait Takes {
    const FILTERS: &'static [&'static str];

    /// Examples the endpoint's document gives in place of the list's, where its own show more
    /// (a facet narrowed by a value that has many).
    fn examples() -> Vec<(&'static str, Value)> {
        Vec::new()
    }
}

/// The [`FilterParams`] that `T` takes: documented and accepted, while the others are unknown
/// parameters there (a 400 naming them, as any unknown parameter is). They narrow what the
/// public sees.
#[derive(Debug)]
pub struct Filters<T>(FilterParams, PhantomData<T>);

impl<T> Filters<T> {
    /// The selection of public publications these filters make.
    pub fn select(self) -> Result<Selection, ApiError> {
        self.0.select(&Viewer::public())
    }
}

impl<T: Takes> IntoParams for Filters<T> {
    fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let examples = T::examples();
        let example = |name: &str| examples.iter().find(|(n, _)| *n == name).map(|(_, e)| e);
        FilterParams::into_params(parameter_in)
            .into_iter()
            .filter(|parameter| T::FILTERS.contains(&parameter.name.as_str()))
            .map(|parameter| match example(&parameter.name) {
                Some(example) => ParameterBuilder::from(parameter)
                    .example(Some(example.clone()))
                    .build(),
                None => parameter,
            })
            .collect()
    }
}

impl<T: Takes> Params for Filters<T> {
    fn names() -> Vec<String> {
        documented::<Self>()
    }

    /// Reads every filter: `ApiParams` has already refused those `T` does not take.
    fn read(query: &str) -> Result<Self, ApiError> {
        Ok(Filters(FilterParams::read(query)?, PhantomData))
    }
}

/// Which page of a list, in which order. Not `deny_unknown_fields`, as [`FilterParams`].
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PagingParams {
    /// Page number, from 1; past the last page is an error. Search results in relevance order
    /// go as deep as the best 1000: there `page` × `per_page` may be at most 1000 (a 400
    /// beyond; narrow the search with filters, or give `sort=newest` to page through every
    /// result, by cursor too).
    #[param(minimum = 1, example = 1)]
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100, example = 20)]
    pub per_page: Option<u32>,
    /// `relevance` (the default with `q`: best matches first, newest first among equals) or
    /// `newest` (the default without `q`). `relevance` needs `q`.
    #[param(value_type = Option<Sort>, inline)]
    pub sort: Option<Sort>,
    /// Keyset paging for machines: the `next_cursor` of the page before (numbered pages carry
    /// one too, so a client can switch after page 1). The page starts just after that page's
    /// last item, so publications added meanwhile never repeat or skip an item, and a deep
    /// page costs what the first does. Send the same filters the cursor was made with (else
    /// 400); `per_page` and `include_total` may change. Not with `page`, and not in relevance
    /// order: ranks shift as publications are added, so with `q` give `sort=newest` to page
    /// by cursor (a search in relevance order pages by number only).
    #[param(
        example = "WyJwdWJsaWNhdGlvbnMiLDE1OTQyODUwODAsMCwzLCI3MWY5YzE1ZGU0ZmUyZmFjIl3jW5ffbL0J7MoBfmTHTOEa"
    )]
    pub cursor: Option<String>,
    /// `false` to skip counting: `total` and `total_pages` are `null`, and neither
    /// `X-Total-Count` nor a `last` link is sent. For clients that only follow `next_cursor`
    /// or `has_more`. Default `true`.
    #[serde(default, deserialize_with = "strict_bool")]
    #[param(value_type = Option<bool>)]
    pub include_total: Option<bool>,
}

impl PagingParams {
    /// Whether `selection` is read best match first: the default for a search, and refused
    /// without one.
    pub fn by_relevance(&self, selection: &Selection) -> Result<bool, ApiError> {
        match (self.sort, selection.search.is_some()) {
            (Some(Sort::Relevance), false) => Err(ApiError::invalid(
                "sort",
                "`relevance` orders search results: give `q` as well",
            )),
            (Some(Sort::Newest), _) | (None, false) => Ok(false),
            (_, true) => Ok(true),
        }
    }
}

impl Params for PagingParams {
    fn names() -> Vec<String> {
        documented::<Self>()
    }

    fn read(query: &str) -> Result<Self, ApiError> {
        parse(query)
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best search matches first.
    Relevance,
    /// Newest first.
    Newest,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(query: &str) -> Selection {
        FilterParams::read(query)
            .and_then(|params| params.select(&Viewer::public()))
            .expect("a selection")
    }

    #[test]
    fn neither_the_order_nor_repeats_of_kinds_matter() {
        let a = selection("kind=speech,article&kind=speech");
        let b = selection("kind=article&kind=speech");
        assert_eq!(a, b);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.params(), b.params());
        assert_ne!(a, selection("kind=article"));
    }

    #[test]
    fn blank_values_are_absent_and_spelling_is_kept() {
        assert_eq!(selection("speaker=%20&tag="), Selection::default());
        let spelled = selection("speaker=%20SERGEY%20Lavrov&q=lavrov%20");
        assert_eq!(
            spelled.params(),
            [
                ("speaker", "SERGEY Lavrov".to_owned()),
                ("q", "lavrov".to_owned())
            ]
        );
    }

    #[test]
    fn filters_take_only_what_the_endpoint_takes() {
        enum Dated {}
        impl Takes for Dated {
            const FILTERS: &'static [&'static str] = &["from", "to"];
        }
        assert_eq!(<Filters<Dated> as Params>::names(), ["from", "to"]);
        let all = <(FilterParams, PagingParams)>::names();
        assert_eq!(all.len(), 14, "{all:?}");
    }
}
