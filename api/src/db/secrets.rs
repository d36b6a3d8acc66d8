//! Secrets kept in the database so that every node sharing it agrees on them: made once, by
//! whichever node starts first, and read by the rest.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::secrets;
use crate::cursor::CursorKey;

const CURSOR_KEY: &str = "cursor_key";

/// Makes and stores the key that signs cursors at `now`, unless one is stored already; called
/// whenever a database is opened, so every node finds it.
pub fn ensure_cursor_key(conn: &mut Conn, now: DateTime<Utc>) -> anyhow::Result<()> {
    if stored_key(conn)?.is_some() {
        return Ok(());
    }
    let fresh = CursorKey::random();
    let hex: String = fresh.bytes().iter().map(|b| format!("{b:02x}")).collect();
    let inserted = diesel::insert_into(secrets::table)
        .values((
            secrets::name.eq(CURSOR_KEY),
            secrets::value.eq(hex),
            secrets::created_at.eq(now.naive_utc()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(()),
        // Another node stored one first (a unique violation); theirs is the key.
        Err(e) if stored_key(conn)?.is_some() => {
            tracing::debug!(error = %e, "another node made the cursor key first");
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// The key that signs cursors, as [`ensure_cursor_key`] stored it.
pub fn cursor_key(conn: &mut Conn) -> anyhow::Result<CursorKey> {
    stored_key(conn)?.ok_or_else(|| anyhow::anyhow!("no cursor key is stored yet"))
}

fn stored_key(conn: &mut Conn) -> anyhow::Result<Option<CursorKey>> {
    let hex: Option<String> = secrets::table
        .filter(secrets::name.eq(CURSOR_KEY))
        .select(secrets::value)
        .first(conn)
        .optional()?;
    hex.map(|hex| parse_key(&hex)).transpose()
}

fn parse_key(hex: &str) -> anyhow::Result<CursorKey> {
    let mut bytes = [0_u8; 32];
    anyhow::ensure!(
        hex.len() == 64,
        "the stored cursor key is not 32 bytes of hex"
    );
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or_default(), 16)
            .map_err(|_| anyhow::anyhow!("the stored cursor key is not hex"))?;
    }
    Ok(CursorKey::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_keys_parse_back() {
        let key = CursorKey::from_bytes([0xab; 32]);
        let hex: String = key.bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(parse_key(&hex).expect("hex").bytes(), key.bytes());
        assert!(parse_key("zz").is_err());
        assert!(parse_key(&"g".repeat(64)).is_err());
    }
}
