//! Typed query strings: the `ApiQuery<T>` extractor parses the query into `T`, and
//! `ApiParams<(A, B)>` into several structs that share it, each answering problem+json that
//! names the field for a malformed value, a repeated value or a parameter nothing takes (so a
//! typo never silently returns unfiltered data). Also the values several endpoints take
//! alike: `at` for every computed-time endpoint, the list's kinds and tag, a slug in the path,
//! and no parameters at all.

use std::collections::BTreeSet;
use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload};
use chancery_shared::publication::Kind;
use chancery_shared::slug::Slug;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::selection::Lang;

/// A query string parsed into `T` (which should be `#[serde(deny_unknown_fields)]`).
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(ApiQuery))
    }
}

/// A query string read by several structs, each taking the parameters it documents
/// (`ApiParams<(FilterParams, PagingParams)>`, as the OpenAPI document composes them). serde's
/// `deny_unknown_fields` sees one struct only, so a parameter none of them documents is
/// refused here instead, before any is read, with the same problem.
#[derive(Debug)]
pub struct ApiParams<T>(pub T);

impl<T: Params> FromRequest for ApiParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(ApiParams::from_query(req.query_string()))
    }
}

impl<T: Params> ApiParams<T> {
    /// Reads a raw query string, refusing a parameter none of the structs takes.
    pub fn from_query(query: &str) -> Result<Self, ApiError> {
        let names = T::names();
        let unknown = pairs(query).find(|(key, _)| !names.iter().any(|name| name == key));
        match unknown {
            Some((key, _)) => Err(ApiError::invalid(&key, "is not a known parameter")),
            None => T::read(query).map(ApiParams),
        }
    }
}

/// A struct of query parameters that may share its query string with others.
pub trait Params: Sized {
    /// The parameters it takes, by name.
    fn names() -> Vec<String>;
    /// Reads the parameters it takes, leaving the rest to the others.
    fn read(query: &str) -> Result<Self, ApiError>;
}

impl<A: Params, B: Params> Params for (A, B) {
    fn names() -> Vec<String> {
        [A::names(), B::names()].concat()
    }

    fn read(query: &str) -> Result<Self, ApiError> {
        Ok((A::read(query)?, B::read(query)?))
    }
}

/// The parameters `T` documents, which are the ones it takes: the document and the server
/// cannot disagree about what is unknown.
pub fn documented<T: IntoParams>() -> Vec<String> {
    T::into_params(|| None)
        .into_iter()
        .map(|parameter| parameter.name)
        .collect()
}

/// Parameters whose empty value is an error rather than absent: an empty search, or a cursor
/// walk fed its final `null`, is more likely a client's bug than a wish for everything.
const EMPTY_IS_AN_ERROR: [&str; 2] = ["q", "cursor"];

/// Parses a raw query string into `T`, naming the offending parameter on failure. An empty
/// parameter (`tag=`, as a form with a blank field sends) counts as absent, except those in
/// [`EMPTY_IS_AN_ERROR`].
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let kept = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs(query))
        .finish();
    let de = serde_html_form::Deserializer::new(form_urlencoded::parse(kept.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let message = err.inner().to_string();
        let path = err.path().to_string();
        // serde reports an unknown key at the struct itself, naming it in backticks.
        if let Some(name) = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
        {
            return ApiError::invalid(name, "is not a known parameter");
        }
        // A repeated parameter is one field to the client, so `kind[1]` is reported as `kind`.
        let field = match path.split('[').next() {
            Some(".") | None => "query",
            Some(name) => name,
        };
        ApiError::invalid(field, &friendly(&message))
    })
}

/// The query's parameters, less those [`parse`] counts as absent.
fn pairs(
    query: &str,
) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(key, value)| !value.is_empty() || EMPTY_IS_AN_ERROR.contains(&key.as_ref()))
}

/// Rewords serde's messages for people reading an API response.
fn friendly(message: &str) -> String {
    if message.contains("invalid digit") || message.contains("empty string") {
        "must be a whole number".to_owned()
    } else if message.contains("number too large") {
        "is too large".to_owned()
    } else if message.starts_with("unknown variant") {
        message.replacen("unknown variant", "unknown value", 1)
    } else if message.contains("multiple values") || message.starts_with("duplicate field") {
        "must be given at most once".to_owned()
    } else {
        message.to_owned()
    }
}

/// An instant to compute for: an RFC 3339 timestamp, or a calendar date meaning that date
/// as the relevant time zone reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Instant(DateTime<Utc>),
    Date(NaiveDate),
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        if let Ok(instant) = DateTime::parse_from_rfc3339(&raw) {
            return Ok(At::Instant(instant.with_timezone(&Utc)));
        }
        if let Ok(date) = raw.parse::<NaiveDate>() {
            return Ok(At::Date(date));
        }
        Err(serde::de::Error::custom(
            "must be an RFC 3339 instant (2020-07-15T18:08:00Z) or a date (2020-07-15)",
        ))
    }
}

/// The instant a request is about: `at` if given (a date meaning its start in `zone`), else now.
pub fn resolve_at(at: Option<At>, zone: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    match at {
        None => now,
        Some(At::Instant(t)) => t,
        Some(At::Date(d)) => chancery_shared::time::start_of_day(zone, d),
    }
}

/// The instant to compute for, on endpoints that read the site's own calendar.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InstantQuery {
    /// An RFC 3339 instant, or a date (`YYYY-MM-DD`) meaning its start in the site's home time
    /// zone. Default: now.
    #[param(value_type = Option<String>, example = "2020-07-15T18:08:00Z")]
    pub at: Option<At>,
}

/// Endpoints that take no query parameters still reject unknown ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// Kinds given repeatedly and/or comma-separated, as a set: neither their order nor repeats
/// mean anything.
#[derive(Debug, Default)]
pub struct KindList(pub BTreeSet<Kind>);

impl<'de> Deserialize<'de> for KindList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Vec::<String>::deserialize(deserializer)?;
        raw.iter()
            .flat_map(|v| v.split(','))
            .map(|part| {
                part.trim()
                    .parse::<Kind>()
                    .map_err(serde::de::Error::custom)
            })
            .collect::<Result<_, _>>()
            .map(KindList)
    }
}

/// The `tag` filter of a list, a facet or a feed; a malformed slug is a 400 naming `tag`.
pub fn tag_param(tag: Option<&str>) -> Result<Option<Slug>, ApiError> {
    tag.map(|tag| Slug::parse(tag).map_err(|e| ApiError::invalid("tag", &e.to_string())))
        .transpose()
}

/// The `lang` filter of a list, a facet, a feed or the home page; anything but a language tag
/// is a 400 naming `lang`.
pub fn lang_param(lang: Option<&str>) -> Result<Option<Lang>, ApiError> {
    lang.map(|tag| {
        Lang::parse(tag).ok_or_else(|| {
            ApiError::invalid(
                "lang",
                "must be a language tag such as `en`, `ru` or `en-GB`, at most 35 characters",
            )
        })
    })
    .transpose()
}

/// A slug from the request path; a malformed one is a 400 naming `slug`.
pub fn path_slug(text: &str) -> Result<Slug, ApiError> {
    Slug::parse(text).map_err(|e| ApiError::invalid("slug", &e.to_string()))
}

/// A calendar date given as `YYYY-MM-DD`, with a clear message when it is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse::<NaiveDate>()
            .map(Date)
            .map_err(|_| serde::de::Error::custom("must be a date as YYYY-MM-DD"))
    }
}

/// Reads `true`/`false` strictly (no `1`, `yes`).
pub fn strict_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    match String::deserialize(deserializer)?.as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(serde::de::Error::custom("must be true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chancery_shared::page::FieldError;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Q {
        page: Option<u32>,
        #[serde(default)]
        kind: Vec<chancery_shared::publication::Kind>,
        at: Option<At>,
    }

    fn field_of(query: &str) -> Vec<FieldError> {
        match parse::<Q>(query) {
            Err(ApiError::InvalidQuery(errors)) => errors,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn parses_repeated_values_and_instants() {
        let q: Q = parse("page=2&kind=interview&kind=speech&at=2020-07-15T18:08:00Z")
            .expect("valid query");
        assert_eq!(q.page, Some(2));
        assert_eq!(q.kind.len(), 2);
        assert!(matches!(q.at, Some(At::Instant(_))));
    }

    #[test]
    fn names_the_field_that_is_wrong() {
        assert_eq!(field_of("page=abc")[0].field, "page");
        assert_eq!(field_of("page=abc")[0].message, "must be a whole number");
        assert_eq!(field_of("kind=memo")[0].field, "kind");
        assert_eq!(field_of("at=yesterday")[0].field, "at");
        assert_eq!(field_of("pgae=2")[0].field, "pgae");
        assert_eq!(field_of("page=1&page=2")[0].field, "page");
    }
}
