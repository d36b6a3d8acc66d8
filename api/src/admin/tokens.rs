//! API tokens for machine clients. Each is owned by a user and acts for them: it never does
//! more than its owner may (its effective role is the lower of its own and its owner's, so
//! demoting someone demotes their tokens) and it stops while its owner is disabled. A token
//! may expire (`expires_in` such as `90d`, or `expires_at`); its last use is kept to the
//! minute. The secret is shown once, when the token is made, and stored only as a hash.

use std::collections::HashMap;

use chancery_shared::page::FieldError;
use chancery_shared::staff::{Actor, CreatedToken, NewToken, Role, TokenInfo, TokenStatus};
use chrono::{DateTime, Duration, Utc};
use diesel::Connection;
use serde_json::json;

use super::{StaffError, record, taken};
use crate::credentials::{new_token, token_hash};
use crate::db::audit::AuditAction;
use crate::db::{Conn, staff};
use crate::names;

/// The longest a token may be made to last.
pub const MAX_LIFETIME_DAYS: i64 = 3650;

/// A lifetime such as `90d`: a whole number and `m` (minutes), `h`, `d` or `w`, from one
/// minute to [`MAX_LIFETIME_DAYS`].
pub fn parse_lifetime(text: &str) -> Result<Duration, String> {
    let refuse = || {
        format!(
            "must be a whole number and a unit (m, h, d or w), e.g. `90d` or `12h`, up to {MAX_LIFETIME_DAYS}d"
        )
    };
    let text = text.trim();
    let unit = text.chars().last().ok_or_else(refuse)?;
    let count: i64 = text[..text.len() - unit.len_utf8()]
        .parse()
        .map_err(|_| refuse())?;
    let minutes = match unit {
        'm' => Some(count),
        'h' => count.checked_mul(60),
        'd' => count.checked_mul(24 * 60),
        'w' => count.checked_mul(7 * 24 * 60),
        _ => None,
    }
    .ok_or_else(refuse)?;
    if !(1..=MAX_LIFETIME_DAYS * 24 * 60).contains(&minutes) {
        return Err(refuse());
    }
    Ok(Duration::minutes(minutes))
}

/// An owner's role and whether they are active, by name; removed users are absent.
type Owners = HashMap<String, (Role, bool)>;

fn owners(conn: &mut Conn) -> Result<Owners, StaffError> {
    staff::users(conn)?
        .into_iter()
        .map(|u| {
            Ok((
                u.name.clone(),
                (
                    staff::stored_role(&u.role, &u.name)?,
                    u.disabled_at.is_none(),
                ),
            ))
        })
        .collect()
}

fn token_info(
    row: staff::TokenRow,
    owners: &Owners,
    now: DateTime<Utc>,
) -> Result<TokenInfo, StaffError> {
    let role = staff::stored_role(&row.role, &row.name)?;
    let owner = row.owner.as_ref().map(|name| owners.get(name).copied());
    let effective_role = match owner {
        Some(Some((owner_role, _))) => role.min(owner_role),
        _ => role,
    };
    let status = if row.revoked_at.is_some() {
        TokenStatus::Revoked
    } else if row.expires_at.is_some_and(|at| at.and_utc() <= now) {
        TokenStatus::Expired
    } else if matches!(owner, Some(None | Some((_, false)))) {
        TokenStatus::Suspended
    } else {
        TokenStatus::Live
    };
    Ok(TokenInfo {
        name: row.name,
        role,
        effective_role,
        owner: row.owner,
        status,
        created_at: row.created_at.and_utc(),
        expires_at: row.expires_at.map(|at| at.and_utc()),
        last_used_at: row.last_used_at.map(|at| at.and_utc()),
        revoked_at: row.revoked_at.map(|at| at.and_utc()),
    })
}

/// Every token, revoked ones included, newest first.
pub fn list(conn: &mut Conn, now: DateTime<Utc>) -> Result<Vec<TokenInfo>, StaffError> {
    let owners = owners(conn)?;
    staff::tokens(conn)?
        .into_iter()
        .map(|row| token_info(row, &owners, now))
        .collect()
}

/// The named token, live or not.
pub fn get(conn: &mut Conn, name: &str, now: DateTime<Utc>) -> Result<TokenInfo, StaffError> {
    let name = names::nfc(name);
    let row = staff::token(conn, &name)?
        .ok_or_else(|| StaffError::NotFound(format!("no token is named `{name}`")))?;
    token_info(row, &owners(conn)?, now)
}

/// When a new token expires, from `expires_in` or `expires_at` (not both).
fn expiry(new: &NewToken, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, FieldError> {
    let latest = now + Duration::days(MAX_LIFETIME_DAYS);
    match (&new.expires_in, new.expires_at) {
        (Some(_), Some(_)) => Err(FieldError::new(
            "expires_at",
            "give expires_in or expires_at, not both",
        )),
        (Some(lifetime), None) => parse_lifetime(lifetime)
            .map(|d| Some(now + d))
            .map_err(|e| FieldError::new("expires_in", &e)),
        (None, Some(at)) if at <= now => {
            Err(FieldError::new("expires_at", "must be in the future"))
        }
        (None, Some(at)) if at > latest => Err(FieldError::new(
            "expires_at",
            &format!("must be at most {MAX_LIFETIME_DAYS} days ahead"),
        )),
        (None, at) => Ok(at),
    }
}

/// Makes a token owned by `new.owner`, or by `default_owner` (the user asking) when absent;
/// the answer holds its secret, which is not stored and cannot be shown again.
pub fn create(
    conn: &mut Conn,
    actor: &Actor,
    default_owner: Option<&str>,
    new: &NewToken,
    now: DateTime<Utc>,
) -> Result<CreatedToken, StaffError> {
    let mut errors = Vec::new();
    let name = names::parse("name", &new.name)
        .map_err(|e| errors.push(e))
        .ok();
    let owner_name = new.owner.as_deref().or(default_owner).map(names::nfc);
    let owner = match &owner_name {
        None => {
            errors.push(FieldError::new(
                "owner",
                "is required: name the user the token acts for",
            ));
            None
        }
        Some(owner) => match staff::active_role(conn, owner)? {
            Some(role) => Some((owner.clone(), staff::stored_role(&role, owner)?)),
            None => {
                errors.push(FieldError::new(
                    "owner",
                    &format!("no active user is named `{owner}`"),
                ));
                None
            }
        },
    };
    let role = match (new.role, &owner) {
        (Some(role), Some((_, owner_role))) if role > *owner_role => {
            errors.push(FieldError::new(
                "role",
                &format!("cannot exceed the owner's role ({owner_role})"),
            ));
            None
        }
        (Some(role), _) => Some(role),
        (None, owner) => owner.as_ref().map(|(_, role)| *role),
    };
    let expires_at = expiry(new, now).map_err(|e| errors.push(e)).ok().flatten();
    let (Some(name), Some((owner, _)), Some(role), true) = (name, owner, role, errors.is_empty())
    else {
        return Err(StaffError::Invalid(errors));
    };
    let secret = new_token();
    let hash = token_hash(&secret);
    conn.transaction(|conn| {
        let row = staff::NewTokenRow {
            name: &name,
            role: role.as_str(),
            token_hash: &hash,
            owner: &owner,
            expires_at: expires_at.map(|at| at.naive_utc()),
        };
        staff::insert_token(conn, &row, now.naive_utc()).map_err(taken("token", &name))?;
        let detail = json!({"owner": owner, "expires_at": expires_at});
        let target = format!("{name} ({role})");
        record(
            conn,
            now,
            actor,
            AuditAction::TokenCreate,
            &target,
            Some(detail),
        )?;
        Ok(CreatedToken {
            info: get(conn, &name, now)?,
            token: secret,
        })
    })
}

/// Revokes the named token at once. Returns whether it was unrevoked; revoking a revoked
/// token changes nothing and records nothing.
pub fn revoke(
    conn: &mut Conn,
    actor: &Actor,
    name: &str,
    now: DateTime<Utc>,
) -> Result<bool, StaffError> {
    let name = names::nfc(name);
    conn.transaction(|conn| {
        if staff::revoke_token(conn, &name, now.naive_utc())? {
            record(conn, now, actor, AuditAction::TokenRevoke, &name, None)?;
            Ok(true)
        } else if staff::token(conn, &name)?.is_some() {
            Ok(false)
        } else {
            Err(StaffError::NotFound(format!("no token is named `{name}`")))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_take_a_number_and_a_unit() {
        assert_eq!(parse_lifetime("90d"), Ok(Duration::days(90)));
        assert_eq!(parse_lifetime("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_lifetime("2w"), Ok(Duration::weeks(2)));
        assert_eq!(parse_lifetime("30m"), Ok(Duration::minutes(30)));
        assert_eq!(parse_lifetime("3650d"), Ok(Duration::days(3650)));
        for bad in [
            "",
            "d",
            "90",
            "0d",
            "-1d",
            "1.5d",
            "3651d",
            "9999999999999999w",
            "90 days",
            "1y",
        ] {
            assert!(parse_lifetime(bad).is_err(), "{bad}");
        }
    }
}
