//! The reader's questions and the ways an answer can fail, shared by the calls in `api.rs` and
//! the server's [`crate::source::Source`]: the archive's filters as the API takes them, the
//! facets, and [`ClientError`], which keeps what the server said (its problem's `detail` and
//! field `errors`).

use chancery_shared::page::FieldError;
use serde::{Deserialize, Serialize};

/// Why a call to the API failed. Cloneable (it holds text, not the underlying error values) so
/// that it can live in a resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ClientError {
    /// The request never got a response: offline, refused, blocked.
    #[error("The server could not be reached ({0}). Check your connection.")]
    Network(String),
    /// No answer within [`TIMEOUT`].
    #[error("The server took too long to answer.")]
    Timeout,
    /// 404: nothing has this address.
    #[error("Not found: {detail}")]
    NotFound { detail: String },
    /// Another 4xx: the request was refused, usually because a parameter is invalid.
    #[error("The request was refused: {detail}")]
    Rejected {
        status: u16,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 5xx: the server failed (or was overloaded); trying again may help.
    #[error("The server had a problem (error {status}): {detail}")]
    Server { status: u16, detail: String },
    /// The server answered 2xx but the body was not the JSON expected.
    #[error("The server's answer could not be read: {0}")]
    Decode(String),
}

impl ClientError {
    /// Whether trying the same request again could give a different answer.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ClientError::Network(_)
                | ClientError::Timeout
                | ClientError::Server { .. }
                | ClientError::Decode(_)
        )
    }

    /// The error a problem document describes, as the browser would have read it.
    pub fn from_problem(status: u16, detail: String, errors: Vec<FieldError>) -> ClientError {
        match status {
            404 => ClientError::NotFound { detail },
            400..=499 => ClientError::Rejected {
                status,
                detail,
                errors,
            },
            _ => ClientError::Server { status, detail },
        }
    }

    /// The status the page showing this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            ClientError::NotFound { .. } => 404,
            ClientError::Rejected { status, .. } | ClientError::Server { status, .. } => *status,
            ClientError::Network(_) | ClientError::Timeout | ClientError::Decode(_) => 503,
        }
    }

    /// The invalid fields, for rejections that name them.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ClientError::Rejected { errors, .. } => errors,
            _ => &[],
        }
    }
}

/// The archive's filters as the API takes them. Values are passed as typed by the reader (the
/// API validates them and names the bad ones); empty values are never sent because the API
/// would reject them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Words to search for (then results come best first, with snippets).
    pub q: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub speaker: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl ListQuery {
    /// The parameters that are set, as the API takes them.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", &self.q),
            ("page", &self.page),
            ("per_page", &self.per_page),
            ("kind", &self.kind),
            ("tag", &self.tag),
            ("speaker", &self.speaker),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?.trim();
            (!value.is_empty()).then_some((name, value))
        })
        .collect()
    }
}

/// Which facet's counts (`GET /archive`, `/kinds`, `/tags` or `/speakers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Facet {
    Archive,
    Kinds,
    Tags,
    Speakers,
}

impl Facet {
    /// Its path under the API.
    pub fn path(self) -> &'static str {
        match self {
            Facet::Archive => "/archive",
            Facet::Kinds => "/kinds",
            Facet::Tags => "/tags",
            Facet::Speakers => "/speakers",
        }
    }
}
