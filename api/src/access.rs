//! Who is asking, and what they may see: the embargo's one home. The public reads what
//! stands published now (or at an earlier `at`): never a draft, a scheduled piece or a
//! withdrawn text. Contributors see the same plus their own drafts. Editors and admins see
//! everything and may preview any instant. Every read surface asks a [`Viewer`] instead of
//! testing roles; a [`Staff`] member's role says what else they may do. Who a request comes
//! from is for `auth.rs` to find out.

use chancery_shared::publication::Status;
use chancery_shared::staff::{Actor, ActorKind, Role};
use chrono::{DateTime, Utc};

use crate::db::publications::FullRow;
use crate::db::status::StoredStatus;
use crate::error::ApiError;
use crate::selection::Visibility;

/// A request made by staff, with who they are.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The token's name, or the signed-in user's.
    pub name: String,
    /// What the request may do: for a token, the lower of its role and its owner's.
    pub role: Role,
    pub via: Via,
    /// The user the credentials act for: the signed-in user or the token's owner (`None` for
    /// a token made before tokens had owners).
    pub user: Option<String>,
    /// The session the request came with, if it came with one.
    pub session_id: Option<i64>,
}

/// What a staff request proved itself with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// An API token (`Authorization: Bearer …`).
    Token,
    /// A browser's session cookie.
    Session,
}

impl Via {
    /// As `/me` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Token => "token",
            Via::Session => "session",
        }
    }
}

impl Staff {
    /// Who the audit log names for what this request does.
    pub fn actor(&self) -> Actor {
        let kind = match self.via {
            Via::Session => ActorKind::User,
            Via::Token => ActorKind::Token,
        };
        Actor {
            kind,
            name: self.name.clone(),
        }
    }

    /// Whether the request acts for `user` (their own session, or a token they own).
    pub fn acts_for(&self, user: &str) -> bool {
        self.user.as_deref() == Some(user)
    }

    /// Refused unless this staff member's role allows what `needed` may do.
    pub fn require(&self, needed: Role) -> Result<(), TooWeak> {
        if self.role.allows(needed) {
            Ok(())
        } else {
            Err(TooWeak {
                name: self.name.clone(),
                role: self.role,
                needed,
            })
        }
    }

    /// Editors and admins see every publication as stored, at any instant.
    pub fn sees_everything(&self) -> bool {
        self.role.allows(Role::Editor)
    }

    /// Whether they read `row` as stored (a draft, scheduled or withdrawn, as it is) rather
    /// than as the public sees it: editors and admins every row, contributors their own drafts.
    pub fn reads_as_stored(&self, row: &FullRow) -> bool {
        self.sees_everything()
            || (row.summary.status == StoredStatus::Draft
                && row.author.as_deref() == Some(self.name.as_str()))
    }
}

/// A staff member's role is too weak for what they asked.
#[derive(Debug, thiserror::Error)]
#[error("this needs the {needed} role; `{name}` is a {role}")]
pub struct TooWeak {
    name: String,
    role: Role,
    needed: Role,
}

/// A 403, naming the role needed and theirs.
impl From<TooWeak> for ApiError {
    fn from(refusal: TooWeak) -> Self {
        ApiError::Forbidden(refusal.to_string())
    }
}

/// The reader behind a request: anyone, or staff with their role.
#[derive(Debug, Clone)]
pub struct Viewer(Option<Staff>);

impl Viewer {
    /// A request without credentials.
    pub fn public() -> Self {
        Viewer(None)
    }

    /// The staff member, if the request carries credentials.
    pub fn staff(&self) -> Option<&Staff> {
        self.0.as_ref()
    }

    /// Editors and admins see every status and may read publications at a future instant.
    pub fn previews(&self) -> bool {
        self.0.as_ref().is_some_and(Staff::sees_everything)
    }

    /// The instant publications are read at for a page computed at `at`: `at` itself for
    /// editors, otherwise never later than `now`, so a future `at` cannot lift an embargo.
    pub fn publications_at(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.previews() { at } else { at.min(now) }
    }

    /// What a list shows this viewer for the `status` asked for, or why it may not ask: any
    /// `status`, for the public (401); `scheduled` and `withdrawn`, for contributors (403),
    /// whose drafts are their own.
    pub fn visibility(&self, status: Option<Status>) -> Result<Visibility, ApiError> {
        let Some(staff) = &self.0 else {
            return match status {
                None => Ok(Visibility::Public),
                Some(_) => Err(ApiError::Unauthorized(
                    "`status` is for staff: send `Authorization: Bearer <token>`".to_owned(),
                )),
            };
        };
        match status {
            None | Some(Status::Published) => Ok(Visibility::Public),
            Some(Status::Draft) if self.previews() => Ok(Visibility::Drafts),
            Some(Status::Draft) => Ok(Visibility::DraftsBy(staff.name.clone())),
            Some(Status::Scheduled) if self.previews() => Ok(Visibility::Scheduled),
            Some(Status::Withdrawn) if self.previews() => Ok(Visibility::Withdrawn),
            Some(other) => Err(ApiError::Forbidden(format!(
                "`status={}` needs the editor role; contributors see published pieces and their own drafts",
                other.as_str()
            ))),
        }
    }

    /// Whether this viewer reads `row` as staff do (draft, scheduled or withdrawn as stored),
    /// rather than as the public sees it.
    pub fn reads_as_staff(&self, row: &FullRow) -> bool {
        self.0
            .as_ref()
            .is_some_and(|staff| staff.reads_as_stored(row))
    }

    /// A row this viewer may read; otherwise 404 for what does not exist to them (drafts and
    /// scheduled pieces) and 410 for withdrawn ones.
    pub fn read(&self, row: FullRow, now: DateTime<Utc>) -> Result<FullRow, ApiError> {
        if self.reads_as_staff(&row) {
            return Ok(row);
        }
        match row.summary.status_at(now.naive_utc()) {
            Status::Published => Ok(row),
            Status::Withdrawn => Err(ApiError::Gone(format!(
                "`{}` has been withdrawn and is no longer published",
                row.summary.slug
            ))),
            Status::Draft | Status::Scheduled => Err(not_found(&row.summary.slug)),
        }
    }

    /// Revisions keep every saved state, unpublished ones included: editors read any piece's,
    /// contributors only their own drafts'.
    pub fn read_history(&self, row: &FullRow, now: DateTime<Utc>) -> Result<(), ApiError> {
        if self.0.is_none() {
            return Err(ApiError::Unauthorized(
                "send `Authorization: Bearer <token>`, or sign in".to_owned(),
            ));
        }
        if self.reads_as_staff(row) {
            return Ok(());
        }
        // Drafts and scheduled pieces do not exist for a contributor who did not write them;
        // what the public knows of (published or withdrawn) is refused.
        match self.read(row.clone(), now) {
            Err(missing @ ApiError::NotFound(_)) => Err(missing),
            _ => Err(ApiError::Forbidden(format!(
                "the revisions of `{}` are for editors; contributors read their own drafts' revisions",
                row.summary.slug
            ))),
        }
    }
}

/// The 404 for a slug the viewer may not know about.
pub fn not_found(slug: impl std::fmt::Display) -> ApiError {
    ApiError::NotFound(format!("no publication has the slug `{slug}`"))
}

impl From<Option<Staff>> for Viewer {
    fn from(staff: Option<Staff>) -> Self {
        Viewer(staff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Option<Role>) -> Viewer {
        Viewer(role.map(|role| Staff {
            name: "maria".to_owned(),
            role,
            via: Via::Token,
            user: Some("maria".to_owned()),
            session_id: None,
        }))
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    #[test]
    fn require_refuses_weaker_roles_with_403() {
        let contributor = viewer(Some(Role::Contributor));
        let contributor = contributor.staff().expect("staff");
        assert!(contributor.require(Role::Contributor).is_ok());
        let refused = ApiError::from(contributor.require(Role::Editor).expect_err("too weak"));
        assert!(matches!(refused, ApiError::Forbidden(_)));
    }

    #[test]
    fn only_editors_read_publications_at_a_future_instant() {
        let (now, future) = (at("2026-12-02T09:00:00Z"), at("2031-01-01T00:00:00Z"));
        let past = at("2020-07-15T18:08:00Z");
        for role in [None, Some(Role::Contributor)] {
            assert_eq!(viewer(role).publications_at(future, now), now);
            assert_eq!(viewer(role).publications_at(past, now), past);
        }
        for role in [Role::Editor, Role::Admin] {
            assert_eq!(viewer(Some(role)).publications_at(future, now), future);
        }
    }

    #[test]
    fn contributors_list_published_pieces_and_their_own_drafts() {
        assert!(matches!(
            viewer(None).visibility(Some(Status::Draft)),
            Err(ApiError::Unauthorized(_))
        ));
        assert_eq!(viewer(None).visibility(None).ok(), Some(Visibility::Public));
        let contributor = viewer(Some(Role::Contributor));
        for hidden in [Status::Scheduled, Status::Withdrawn] {
            assert!(matches!(
                contributor.visibility(Some(hidden)),
                Err(ApiError::Forbidden(_))
            ));
        }
        assert_eq!(
            contributor.visibility(Some(Status::Draft)).ok(),
            Some(Visibility::DraftsBy("maria".to_owned()))
        );
        assert_eq!(
            contributor.visibility(Some(Status::Published)).ok(),
            Some(Visibility::Public)
        );
        let editor = viewer(Some(Role::Editor));
        assert_eq!(
            editor.visibility(Some(Status::Draft)).ok(),
            Some(Visibility::Drafts)
        );
        assert_eq!(
            editor.visibility(Some(Status::Scheduled)).ok(),
            Some(Visibility::Scheduled)
        );
    }
}
