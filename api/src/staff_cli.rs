//! `chancery user …` and `chancery token …`: the command line's way into the same account
//! services admins use over HTTP, recorded in the audit log as `cli`. It runs on the server
//! with the database's own rights, so it is also how the first admin is made, and how a site
//! whose every admin is locked out gets one back.

use anyhow::Context;
use chancery_shared::staff::{Actor, NewToken, NewUser, Role, UserChange};
use clap::Subcommand;

use crate::admin::{StaffError, sessions, tokens, users};
use crate::clock::Clock;
use crate::db::Conn;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; asks for the password (twice) unless --password-stdin.
    Add {
        name: String,
        /// contributor, editor or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users, newest first, with their role and whether they are disabled.
    List,
    /// Give a user another role (their tokens never do more than it allows).
    Role {
        name: String,
        /// contributor, editor or admin.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Disable a user: their sessions end and their tokens stop at once.
    Disable { name: String },
    /// Enable a disabled user again.
    Enable { name: String },
    /// Remove a user for good: sessions end, tokens are revoked, the name stays taken.
    Remove {
        name: String,
        /// Confirm: removal cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// Set a user's password (ending their sessions); asks for it unless --password-stdin.
    ResetPassword {
        name: String,
        /// Read the password from the first line of standard input (for scripts).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List a user's signed-in sessions.
    Sessions { name: String },
    /// End a user's sessions: all of them, or one with --id.
    EndSessions {
        name: String,
        /// The session to end, from `chancery user sessions`.
        #[arg(long)]
        id: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        #[arg(long)]
        name: String,
        /// The user the token acts for; it never does more than they may.
        #[arg(long)]
        owner: String,
        /// contributor, editor or admin, at most the owner's (default: the owner's role).
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        /// How long it works, e.g. `90d`, `12h`, `2w` or `30m` (default: until revoked).
        #[arg(long)]
        expires_in: Option<String>,
    },
    /// Revoke a token at once.
    Revoke { name: String },
    /// List tokens, newest first (never their secrets).
    List,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

/// A password: one line of stdin, or typed twice at a prompt that does not echo.
pub fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ")?;
    let again = rpassword::prompt_password("Again: ")?;
    anyhow::ensure!(first == again, "the passwords differ");
    Ok(first)
}

/// The API names fields (`expires_in`); the command line names its flags (`--expires-in`).
fn as_flags(error: StaffError) -> StaffError {
    match error {
        StaffError::Invalid(errors) => StaffError::Invalid(
            errors
                .into_iter()
                .map(|mut e| {
                    e.field = format!("--{}", e.field.replace('_', "-"));
                    e
                })
                .collect(),
        ),
        other => other,
    }
}

fn when(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map_or_else(|| "-".to_owned(), |at| at.to_rfc3339())
}

/// Runs a `chancery user` command; what it did goes to standard error.
pub fn user(conn: &mut Conn, command: UserCommand, clock: &Clock) -> anyhow::Result<()> {
    let cli = Actor::cli();
    let now = clock.now();
    match command {
        UserCommand::Add {
            name,
            role,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let new = NewUser {
                name,
                role,
                password,
            };
            let added = users::add(conn, &cli, &new, now)?;
            eprintln!("added {role} `{}`", added.name);
        }
        UserCommand::List => {
            for u in users::list(conn)? {
                let state = u.disabled_at.map_or_else(
                    || "active".to_owned(),
                    |at| format!("disabled {}", at.to_rfc3339()),
                );
                println!(
                    "{}\t{}\tcreated {}\t{state}",
                    u.name,
                    u.role,
                    u.created_at.to_rfc3339()
                );
            }
        }
        UserCommand::Role { name, role } => {
            let change = UserChange {
                role: Some(role),
                disabled: None,
            };
            let user = users::change(conn, &cli, &name, &change, now, |_| Ok(()))?;
            eprintln!("`{}` is now {}", user.name, user.role);
        }
        UserCommand::Disable { name } => {
            let change = UserChange {
                role: None,
                disabled: Some(true),
            };
            let user = users::change(conn, &cli, &name, &change, now, |_| Ok(()))?;
            eprintln!(
                "disabled `{}`: their sessions ended and their tokens stopped",
                user.name
            );
        }
        UserCommand::Enable { name } => {
            let change = UserChange {
                role: None,
                disabled: Some(false),
            };
            let user = users::change(conn, &cli, &name, &change, now, |_| Ok(()))?;
            eprintln!("enabled `{}`", user.name);
        }
        UserCommand::Remove { name, yes } => {
            anyhow::ensure!(
                yes,
                "removing `{name}` cannot be undone; add --yes to confirm"
            );
            users::remove(conn, &cli, &name, now, |_| Ok(()))?;
            eprintln!("removed `{name}`: their sessions ended and their tokens were revoked");
        }
        UserCommand::ResetPassword {
            name,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            let ended = users::reset_password(conn, &cli, &name, &password, None, now)?;
            eprintln!("set the password of `{name}`; {ended} session(s) ended");
        }
        UserCommand::Sessions { name } => {
            for s in sessions::list(conn, &name, None, now)? {
                let agent = s.user_agent.as_deref().unwrap_or("-");
                println!(
                    "{}\tstarted {}\tlast seen {}\texpires {}\t{agent}",
                    s.id,
                    s.created_at.to_rfc3339(),
                    when(s.last_seen_at),
                    s.expires_at.to_rfc3339()
                );
            }
        }
        UserCommand::EndSessions { name, id: Some(id) } => {
            sessions::end(conn, &cli, &name, id, now)?;
            eprintln!("ended session {id} of `{name}`");
        }
        UserCommand::EndSessions { name, id: None } => {
            let ended = sessions::end_all(conn, &cli, &name, None, now)?;
            eprintln!("ended {ended} session(s) of `{name}`");
        }
    }
    Ok(())
}

/// Runs a `chancery token` command; a new token's secret alone goes to standard output.
pub fn token(conn: &mut Conn, command: TokenCommand, clock: &Clock) -> anyhow::Result<()> {
    let cli = Actor::cli();
    let now = clock.now();
    match command {
        TokenCommand::Create {
            name,
            owner,
            role,
            expires_in,
        } => {
            let new = NewToken {
                name,
                role,
                owner: Some(owner),
                expires_in,
                expires_at: None,
            };
            let created = tokens::create(conn, &cli, None, &new, now).map_err(as_flags)?;
            let info = created.info;
            let expiry = info
                .expires_at
                .map_or_else(String::new, |at| format!(", until {}", at.to_rfc3339()));
            eprintln!(
                "created {} token `{}` for `{}`{expiry}; it is shown only now:",
                info.role,
                info.name,
                info.owner.as_deref().unwrap_or("-")
            );
            println!("{}", created.token);
        }
        TokenCommand::Revoke { name } => {
            if tokens::revoke(conn, &cli, &name, now)? {
                eprintln!("revoked `{name}`");
            } else {
                eprintln!("`{name}` was already revoked");
            }
        }
        TokenCommand::List => {
            for t in tokens::list(conn, now).context("listing tokens")? {
                let state = match (t.revoked_at, t.status) {
                    (Some(at), _) => format!("revoked {}", at.to_rfc3339()),
                    (None, status) => serde_json::to_value(status)?
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                };
                println!(
                    "{}\t{}\towner {}\tcreated {}\texpires {}\tlast used {}\t{state}",
                    t.name,
                    t.role,
                    t.owner.as_deref().unwrap_or("-"),
                    t.created_at.to_rfc3339(),
                    when(t.expires_at),
                    when(t.last_used_at),
                );
            }
        }
    }
    Ok(())
}
