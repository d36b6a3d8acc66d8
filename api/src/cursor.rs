//! Opaque signed cursors: a position in some ordered listing, serialised as compact JSON,
//! followed by a truncated HMAC-SHA256 tag and written as unpadded base64url. Clients cannot
//! read meaning into them or forge one; every node that shares the database shares the key
//! (see [`crate::db::secrets`]), so a cursor from one node works on all of them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;

use crate::error::ApiError;

/// Bytes of the HMAC-SHA256 tag kept: 128 bits, as RFC 2104 allows (at least half the hash).
const TAG_LEN: usize = 16;

/// The secret that signs cursors: 32 random bytes, never shown.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl CursorKey {
    /// A key from stored bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CursorKey(bytes)
    }

    /// A new random key.
    pub fn random() -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        CursorKey(bytes)
    }

    /// The raw bytes, for storing.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self, payload: &[u8]) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(payload);
        mac
    }
}

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

/// Why a cursor was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not base64url, or too short to hold a tag.
    #[error("is not a cursor")]
    Malformed,
    /// The tag does not match: altered, or signed with another key.
    #[error("is not a cursor this server issued")]
    Forged,
    /// Genuine, but for another listing.
    #[error("is a cursor for another listing")]
    WrongKind,
}

impl CursorError {
    /// The 400 for a cursor given as query parameter `param`.
    pub fn for_param(&self, param: &str) -> ApiError {
        ApiError::invalid(param, &self.to_string())
    }
}

/// Signs `value` into an opaque cursor.
pub fn encode<T: Serialize>(key: &CursorKey, value: &T) -> String {
    // Plain data types always serialise; an empty payload would simply not decode.
    let mut bytes = serde_json::to_vec(value).unwrap_or_default();
    let tag = key.mac(&bytes).finalize().into_bytes();
    bytes.extend_from_slice(&tag[..TAG_LEN]);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Checks a cursor's tag and reads the value back.
pub fn decode<T: DeserializeOwned>(key: &CursorKey, text: &str) -> Result<T, CursorError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .map_err(|_| CursorError::Malformed)?;
    if bytes.len() <= TAG_LEN {
        return Err(CursorError::Malformed);
    }
    let (payload, tag) = bytes.split_at(bytes.len() - TAG_LEN);
    key.mac(payload)
        .verify_truncated_left(tag)
        .map_err(|_| CursorError::Forged)?;
    serde_json::from_slice(payload).map_err(|_| CursorError::WrongKind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Position(String, i64, i64);

    fn position() -> Position {
        Position("ch".to_owned(), 1_594_836_480_000_000, 42)
    }

    #[test]
    fn round_trips_and_stays_url_safe() {
        let key = CursorKey::random();
        let cursor = encode(&key, &position());
        assert!(
            cursor
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{cursor}"
        );
        assert_eq!(decode::<Position>(&key, &cursor), Ok(position()));
    }

    #[test]
    fn a_flipped_byte_anywhere_is_rejected() {
        let key = CursorKey::random();
        let raw = URL_SAFE_NO_PAD
            .decode(encode(&key, &position()))
            .expect("base64");
        for i in 0..raw.len() {
            let mut tampered = raw.clone();
            tampered[i] ^= 0x01;
            let text = URL_SAFE_NO_PAD.encode(&tampered);
            assert_eq!(
                decode::<Position>(&key, &text),
                Err(CursorError::Forged),
                "byte {i}"
            );
        }
    }

    #[test]
    fn another_key_is_rejected() {
        let cursor = encode(&CursorKey::from_bytes([7; 32]), &position());
        assert_eq!(
            decode::<Position>(&CursorKey::from_bytes([8; 32]), &cursor),
            Err(CursorError::Forged)
        );
    }

    #[test]
    fn garbage_is_rejected() {
        let key = CursorKey::random();
        for text in ["", "not a cursor!", "AAAA", "%%%", "abc.def"] {
            assert_eq!(
                decode::<Position>(&key, text),
                Err(CursorError::Malformed),
                "{text:?}"
            );
        }
        // A genuine cursor for another shape of position is refused, not misread.
        let other = encode(&key, &("page", 3));
        assert_eq!(
            decode::<Position>(&key, &other),
            Err(CursorError::WrongKind)
        );
    }
}
