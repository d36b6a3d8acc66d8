//! JSON request bodies: checks the media type, then parses in two steps (JSON syntax, then the
//! typed shape) so that problems name the offending JSON path (`body[2].speaker`) rather than
//! a byte offset; and RFC 7396 merge patches.

use actix_web::HttpRequest;
use actix_web::http::header;
use chancery_shared::page::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// Largest request body accepted.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// The body as a JSON value, after checking the request says it is JSON.
pub fn json_value(req: &HttpRequest, bytes: &[u8]) -> Result<Value, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || mime.ends_with("+json")
        });
    if !is_json {
        return Err(ApiError::UnsupportedMediaType);
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::InvalidBody(vec![FieldError::new("body", &format!("is not JSON: {e}"))])
    })
}

/// The typed shape of a JSON object, as a 400 naming the field that does not fit ([`shape`]).
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    shape(value).map_err(|field| ApiError::InvalidBody(vec![field]))
}

/// The typed shape of a JSON object, or the field that does not fit it.
pub fn shape<T: DeserializeOwned>(value: Value) -> Result<T, FieldError> {
    // serde would also build a struct from an array of its field values; no client means that.
    if !value.is_object() {
        return Err(FieldError::new("body", "must be a JSON object"));
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let message = err.inner().to_string();
        let path = err.path().to_string();
        // serde reports a missing field at the object holding it, naming it in backticks.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (missing, path.as_str()) {
            (Some(name), ".") => name.to_owned(),
            (Some(name), parent) => format!("{parent}.{name}"),
            (None, ".") => "body".to_owned(),
            (None, path) => path.to_owned(),
        };
        let message = if missing.is_some() {
            "is required".to_owned()
        } else {
            message
        };
        FieldError::new(&field, &message)
    })
}

/// RFC 7396: objects merge key by key, `null` removes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(fields) = target {
        for (key, change) in changes {
            if change.is_null() {
                fields.remove(key);
            } else {
                merge_patch(fields.entry(key.clone()).or_insert(Value::Null), change);
            }
        }
    }
}

/// serde quotes some values it cannot take (`invalid type: integer `123``); a password must
/// not come back that way.
pub fn without_password(error: ApiError) -> ApiError {
    match error {
        ApiError::InvalidBody(errors) => ApiError::InvalidBody(
            errors
                .into_iter()
                .map(|e| {
                    if e.field.contains("password") && e.message != "is required" {
                        FieldError::new(&e.field, "must be text")
                    } else {
                        e
                    }
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::merge_patch;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut doc =
            json!({"title": "A", "place": "Moscow", "tags": ["x"], "n": {"a": 1, "b": 2}});
        merge_patch(
            &mut doc,
            &json!({"title": "B", "place": null, "tags": ["y"], "n": {"a": null}}),
        );
        assert_eq!(doc, json!({"title": "B", "tags": ["y"], "n": {"b": 2}}));
    }
}
