//! Staff roles, ordered by what they may do: a contributor writes drafts, an editor also
//! publishes and manages counters, clocks and contacts, an admin also manages settings, users
//! and tokens. Also who a signed-in request acts as, and the shapes admins and users exchange to
//! manage accounts, tokens and sessions.

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
    /// How the request proved it: `token` (Authorization: Bearer) or `session` (a cookie).
    pub via: String,
    /// The user the credentials act for: the signed-in user, or the token's owner (`null` for
    /// a token made before tokens had owners). Their own sessions and password are theirs to
    /// manage.
    #[serde(default)]
    pub user: Option<String>,
}

/// What kind of actor an audit entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A signed-in user (a browser session).
    User,
    /// An API token, named by the token's name.
    Token,
    /// The `chancery` command line, run on the server.
    Cli,
    /// Someone not signed in (a refused sign-in), named by the name they tried.
    Anonymous,
}

impl ActorKind {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "user",
            ActorKind::Token => "token",
            ActorKind::Cli => "cli",
            ActorKind::Anonymous => "anonymous",
        }
    }
}

impl FromStr for ActorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            ActorKind::User,
            ActorKind::Token,
            ActorKind::Cli,
            ActorKind::Anonymous,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| format!("unknown actor kind `{s}`"))
    }
}

/// Who did something: a kind and a name (`cli` for the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub name: String,
}

impl Actor {
    /// The command line, which the audit log names `cli`.
    pub fn cli() -> Self {
        Actor {
            kind: ActorKind::Cli,
            name: "cli".to_owned(),
        }
    }
}

/// One entry of the audit log: who did what to what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "at": "2020-07-15T09:00:00Z", "actor_kind": "user", "actor": "maria",
    "action": "user.role", "target": "anna",
    "detail": {"role": {"from": "editor", "to": "contributor"}}
})))]
pub struct AuditEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    /// Whether `actor` names a user, a token or the command line.
    pub actor_kind: ActorKind,
    /// The user's or token's name, or `cli` for the command line.
    pub actor: String,
    /// What was done, e.g. `publication.create`, `user.role`, `token.revoke`.
    pub action: String,
    /// What it was done to.
    pub target: String,
    /// What changed, where the action records it: for each changed field, `{"from", "to"}`
    /// (role changes, settings), or counts (`sessions_ended`); `null` otherwise. Never a
    /// password or secret.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub detail: Option<serde_json::Value>,
}

/// Whether a token works now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    /// It works.
    Live,
    /// Revoked; it never works again.
    Revoked,
    /// Its `expires_at` has passed.
    Expired,
    /// Its owner is disabled or removed; it works again if the owner is enabled.
    Suspended,
}

/// An API token as admins see it: never its secret, which is shown once when it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office-feed", "role": "editor", "effective_role": "editor",
    "owner": "maria", "status": "live", "created_at": "2020-07-15T09:00:00Z",
    "expires_at": "2020-10-13T09:00:00Z", "last_used_at": "2020-07-15T10:02:00Z",
    "revoked_at": null
})))]
pub struct TokenInfo {
    /// Unique; also how the token is revoked.
    pub name: String,
    /// The role it was made with.
    pub role: Role,
    /// What it may do now: the lower of `role` and its owner's role, so demoting the owner
    /// demotes their tokens.
    pub effective_role: Role,
    /// The user it acts for; `null` only for tokens made before tokens had owners.
    pub owner: Option<String>,
    /// Whether it works now.
    pub status: TokenStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it stops working by itself; `null` for never.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it last proved a request, to the minute; `null` if never.
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was revoked; `null` unless revoked.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What an admin sends to make a token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office-feed", "role": "editor", "owner": "maria", "expires_in": "90d"
})))]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// 1–100 characters, unique among tokens, stored in Unicode NFC; no control or formatting
    /// characters, and not a reserved name (`cli`, `admin`, `root`, `system`, `anonymous`…).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// At most the owner's role; default: the owner's role.
    #[serde(default)]
    pub role: Option<Role>,
    /// The active user the token acts for; default: the user making the request.
    #[serde(default)]
    pub owner: Option<String>,
    /// How long it works: a whole number and a unit, `m` (minutes), `h`, `d` or `w`, e.g.
    /// `90d` or `12h`; from 1 minute to 3650 days. Not with `expires_at`; neither means never.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "90d", pattern = "^[0-9]+[mhdw]$")
    )]
    pub expires_in: Option<String>,
    /// When it stops working; in the future, at most 3650 days ahead. Not with `expires_in`.
    #[serde(default)]
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
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
    "name": "press-office", "role": "editor", "created_at": "2020-07-15T09:00:00Z",
    "disabled_at": null, "password_changed_at": "2020-07-15T09:00:00Z"
})))]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When they were disabled: they cannot sign in and their tokens do not work; `null` while
    /// active.
    pub disabled_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When their password was last set.
    pub password_changed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A change an admin makes to a user (a JSON merge patch): absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"role": "contributor", "disabled": false})))]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    /// The new role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `true` disables the user (ending their sessions and stopping their tokens at once);
    /// `false` enables them again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// An admin's reset of someone's password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"password": "a new long passphrase"})))]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// 12–1024 characters; stored only as an argon2id hash.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 1024))]
    pub password: String,
}

/// A user's change of their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "current_password": "the old passphrase", "new_password": "a new long passphrase"
})))]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password they sign in with now.
    pub current_password: String,
    /// 12–1024 characters, not the current one.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 1024))]
    pub new_password: String,
}

/// A signed-in browser session, as its user or an admin sees it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "id": 7, "created_at": "2020-07-15T09:00:00Z", "expires_at": "2020-07-15T21:00:00Z",
    "last_seen_at": "2020-07-15T10:02:00Z", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)…",
    "current": true
})))]
pub struct SessionInfo {
    /// Names the session in `DELETE /users/{name}/sessions/{id}`.
    pub id: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// When it last made a request, to the minute.
    pub last_seen_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The browser that signed in, as it described itself (at most 200 characters).
    pub user_agent: Option<String>,
    /// Whether this is the session the request was made with.
    pub current: bool,
}

/// What an admin sends to add a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "press-office", "role": "editor", "password": "correct horse battery"
})))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// 1–100 characters, unique among users (removed ones included), stored in Unicode NFC; no
    /// control or formatting characters, and not a reserved name (`cli`, `admin`, `root`,
    /// `system`, `anonymous`…).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    pub role: Role,
    /// 12–1024 characters; stored only as an argon2id hash.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 1024))]
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
