//! The account commands of the `chancery` binary: roles, disabling and enabling, password
//! resets, sessions, removal with a confirmation, tokens with an owner and an expiry, the
//! last-admin guard; everything audited as `cli`.

use chancery_api::db::audit;

use crate::helpers::{CliDatabase, backend_is_postgres};

const PASSWORD: &str = "a long enough passphrase\n";

/// Runs the binary; returns whether it succeeded, its stdout and its stderr.
fn run(db: &CliDatabase, args: &[&str], stdin: &str) -> (bool, String, String) {
    let output = db.run_with_input(args, stdin);
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_cli_changes_roles_disables_resets_and_removes_users() {
    let db = CliDatabase::new();
    db.succeeds(
        &["user", "add", "olga", "--role", "admin", "--password-stdin"],
        PASSWORD,
    );
    db.succeeds(
        &[
            "user",
            "add",
            "maria",
            "--role",
            "editor",
            "--password-stdin",
        ],
        PASSWORD,
    );
    let bad = db.fails(
        &["user", "add", "cli", "--role", "editor", "--password-stdin"],
        PASSWORD,
    );
    assert!(bad.contains("reserved"), "{bad}");

    let listing = db.succeeds(&["user", "list"], "");
    assert!(
        listing.starts_with("maria\teditor\t") && listing.contains("olga\tadmin\t"),
        "{listing}"
    );

    db.succeeds(&["user", "role", "maria", "contributor"], "");
    assert!(
        db.succeeds(&["user", "list"], "")
            .starts_with("maria\tcontributor\t")
    );
    db.succeeds(&["user", "disable", "maria"], "");
    assert!(
        db.succeeds(&["user", "list"], "")
            .lines()
            .next()
            .expect("maria")
            .contains("disabled")
    );
    db.succeeds(&["user", "enable", "maria"], "");
    assert!(
        db.succeeds(&["user", "list"], "")
            .lines()
            .next()
            .expect("maria")
            .ends_with("active")
    );

    let short = db.fails(
        &["user", "reset-password", "maria", "--password-stdin"],
        "short\n",
    );
    assert!(short.contains("at least 12"), "{short}");
    let (_, _, reset) = run(
        &db,
        &["user", "reset-password", "maria", "--password-stdin"],
        "another long passphrase\n",
    );
    assert!(reset.contains("session(s) ended"), "{reset}");
    assert_eq!(db.succeeds(&["user", "sessions", "maria"], ""), "");
    db.succeeds(&["user", "end-sessions", "maria"], "");

    for args in [
        &["user", "disable", "olga"][..],
        &["user", "role", "olga", "editor"][..],
        &["user", "remove", "olga", "--yes"][..],
    ] {
        let error = db.fails(args, "");
        assert!(error.contains("last active admin"), "{args:?}: {error}");
    }

    let unconfirmed = db.fails(&["user", "remove", "maria"], "");
    assert!(unconfirmed.contains("--yes"), "{unconfirmed}");
    db.succeeds(
        &[
            "token",
            "create",
            "--name",
            "maria-feed",
            "--owner",
            "maria",
        ],
        "",
    );
    db.succeeds(&["user", "remove", "maria", "--yes"], "");
    assert!(!db.succeeds(&["user", "list"], "").contains("maria"));
    assert!(db.succeeds(&["token", "list"], "").contains("revoked"));
    assert!(
        db.fails(&["user", "sessions", "maria"], "")
            .contains("no user")
    );
    let again = db.fails(
        &[
            "user",
            "add",
            "maria",
            "--role",
            "editor",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert!(again.contains("already exists"), "{again}");

    // Everything above is in the audit log, as the command line.
    let (entries, _) = audit::page(&mut db.connect(), 0, 100).expect("audit");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "user.role",
        "user.disable",
        "user.enable",
        "user.password_reset",
        "session.revoke_all",
        "user.remove",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert!(
        entries
            .iter()
            .all(|e| e.actor_kind == "cli" && e.actor == "cli")
    );
    let role = entries
        .iter()
        .find(|e| e.action == "user.role")
        .expect("role change");
    assert_eq!(
        role.detail.as_deref(),
        Some(r#"{"role":{"from":"editor","to":"contributor"}}"#)
    );
}

#[test]
fn the_cli_makes_tokens_with_an_owner_and_an_expiry() {
    let db = CliDatabase::new();
    db.succeeds(
        &[
            "user",
            "add",
            "maria",
            "--role",
            "editor",
            "--password-stdin",
        ],
        PASSWORD,
    );
    let (success, secret, said) = run(
        &db,
        &[
            "token",
            "create",
            "--name",
            "feed",
            "--owner",
            "maria",
            "--expires-in",
            "90d",
        ],
        "",
    );
    assert!(success, "{said}");
    assert!(secret.trim().starts_with("chy_"));
    assert!(
        said.contains("editor token `feed` for `maria`, until"),
        "{said}"
    );
    let listing = db.succeeds(&["token", "list"], "");
    assert!(
        listing.starts_with("feed\teditor\towner maria\t"),
        "{listing}"
    );
    assert!(
        !listing.contains("expires -") && listing.contains("last used -"),
        "{listing}"
    );
    assert!(!listing.contains(&secret.trim()[4..]));

    let too_strong = db.fails(
        &[
            "token", "create", "--name", "x", "--owner", "maria", "--role", "admin",
        ],
        "",
    );
    assert!(
        too_strong.contains("--role cannot exceed the owner's role (editor)"),
        "{too_strong}"
    );
    let bad_expiry = db.fails(
        &[
            "token",
            "create",
            "--name",
            "x",
            "--owner",
            "maria",
            "--expires-in",
            "1y",
        ],
        "",
    );
    assert!(bad_expiry.contains("--expires-in"), "{bad_expiry}");
    let no_owner = db.fails(&["token", "create", "--name", "x", "--owner", "nobody"], "");
    assert!(no_owner.contains("--owner no active user"), "{no_owner}");
    let missing_owner = db.fails(&["token", "create", "--name", "x"], "");
    assert!(missing_owner.contains("--owner"), "{missing_owner}");
}

#[test]
fn the_cli_tests_run_on_the_backend_under_test() {
    let db = CliDatabase::new();
    let expected = if backend_is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(db.kind(), expected);
    // And the binary really works there: it migrates and lists what it made.
    db.succeeds(&["migrate", "--empty"], "");
    db.succeeds(
        &["user", "add", "olga", "--role", "admin", "--password-stdin"],
        PASSWORD,
    );
    assert!(
        db.succeeds(&["user", "list"], "")
            .starts_with("olga\tadmin\t")
    );
}
