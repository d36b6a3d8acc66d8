//! Staff roles, ordered by what they may do: a contributor writes drafts, an editor also
//! publishes and manages counters, clocks and contacts, an admin also manages settings, users
//! and tokens. Also who a signed-in request acts as.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A staff role; a later variant may do everything an earlier one may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Contributor,
    Editor,
    Admin,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 3] = [Role::Contributor, Role::Editor, Role::Admin];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may do what `needed` may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not contributor, editor or admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`; expected contributor, editor or admin")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Who a request acts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "press-office-feed", "role": "editor", "via": "token"})))]
pub struct Me {
    /// The user's or token's name.
    pub name: String,
    pub role: Role,
    /// How the request proved it: `token` (Authorization: Bearer).
    pub via: String,
}

/// One entry of the audit log: who did what to what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "at": "2020-07-15T09:00:00Z", "actor": "press-office",
    "action": "publication.update", "target": "foreign-ministry-statement-fifth-anniversary-jcpoa"
})))]
pub struct AuditEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    /// The staff name (or `cli` for the command line).
    pub actor: String,
    /// What was done, e.g. `publication.create`, `token.revoke`.
    pub action: String,
    /// What it was done to.
    pub target: String,
}

/// An API token as admins see it: never its secret, which is shown once when it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office-feed", "role": "editor",
    "created_at": "2020-07-15T09:00:00Z", "revoked_at": null
})))]
pub struct TokenInfo {
    /// Unique; also how the token is revoked.
    pub name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it stopped working; `null` while it is live.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What an admin sends to make a token, or a user without the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "press-office-feed", "role": "editor"})))]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// 1–100 printable characters, unique among tokens.
    pub name: String,
    pub role: Role,
}

/// A token just made: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: TokenInfo,
    /// The secret to send as `Authorization: Bearer …`; it is stored only as a hash.
    pub token: String,
}

/// A staff user as admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office", "role": "editor", "created_at": "2020-07-15T09:00:00Z"
})))]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// What an admin sends to add a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office", "role": "editor", "password": "correct horse battery"
})))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// 1–100 printable characters, unique among users.
    pub name: String,
    pub role: Role,
    /// At least 12 characters; stored only as an argon2id hash.
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stronger_roles_allow_what_weaker_ones_may() {
        assert!(Role::Admin.allows(Role::Editor));
        assert!(Role::Editor.allows(Role::Editor));
        assert!(!Role::Contributor.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Admin));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
