//! Versions of what the API serves: a strong entity tag over the exact bytes of a
//! representation, and the `If-Match` precondition every change is checked against, so that
//! no one overwrites a colleague's edit unseen. `http.rs` reads the header and sends the tags;
//! the services check the precondition inside their transactions.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// A strong validator: the first 128 bits of the body's SHA-256, quoted.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The tag of `value` as the API serialises it. Its types are plain data, which always
/// serialises.
pub fn etag_of_json<T: Serialize>(value: &T) -> String {
    etag_of(&serde_json::to_vec(value).unwrap_or_default())
}

/// The versions a change says it was based on (never empty).
#[derive(Debug, Clone)]
pub struct IfMatch(Vec<String>);

impl IfMatch {
    /// The tags a request listed; `None` when it listed none.
    pub fn new(tags: Vec<String>) -> Option<Self> {
        (!tags.is_empty()).then_some(IfMatch(tags))
    }

    /// Whether `current` (called `what` in the refusal) is still one of the versions asked
    /// for, or any version (`*`) was.
    pub fn check<T: Serialize>(&self, current: &T, what: &str) -> Result<(), Stale> {
        let etag = etag_of_json(current);
        if self.0.iter().any(|tag| tag == "*" || *tag == etag) {
            Ok(())
        } else {
            Err(Stale(format!(
                "{what} changed since that version was read; its ETag is now {etag}"
            )))
        }
    }
}

/// Someone saved first: the change was based on a version that is no longer current.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Stale(String);

/// Nothing was written; the client must read again (412).
impl From<Stale> for ApiError {
    fn from(stale: Stale) -> Self {
        ApiError::PreconditionFailed(stale.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_changes_with_the_body() {
        assert_ne!(etag_of(b"a"), etag_of(b"b"));
        assert_eq!(etag_of(b"a"), etag_of(b"a"));
        assert!(etag_of(b"a").starts_with('"'));
    }

    #[test]
    fn a_change_holds_only_against_the_version_it_was_based_on() {
        let current = serde_json::json!({"title": "Now"});
        let seen = IfMatch::new(vec![etag_of_json(&current)]).expect("tags");
        assert!(seen.check(&current, "it").is_ok());
        let old = IfMatch::new(vec![etag_of_json(&"Then")]).expect("tags");
        assert!(old.check(&current, "it").is_err());
        let any = IfMatch::new(vec!["*".to_owned()]).expect("tags");
        assert!(any.check(&current, "it").is_ok());
        assert!(IfMatch::new(Vec::new()).is_none());
    }
}
