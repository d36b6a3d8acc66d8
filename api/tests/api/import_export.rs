//! Import and export through the real `chancery` binary, on SQLite and PostgreSQL: a round
//! trip with `--publish` preserves every publication; without it records come in as unfeatured
//! drafts; each imported record has its first revision and an audit entry by `cli`;
//! `--dry-run` checks everything (the database's slugs included) and writes nothing; and a bad
//! record is reported by line and leaves the database untouched.

use chancery_api::db::{Conn, audit, staff};
use serde_json::Value;

use crate::helpers::CliDatabase;

fn records(ndjson: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(ndjson)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A database made with `migrate` (and the demo content unless `empty`).
fn migrated(empty: bool) -> CliDatabase {
    let db = CliDatabase::new();
    let args: &[&str] = if empty {
        &["migrate", "--empty"]
    } else {
        &["migrate"]
    };
    db.succeeds(args, "");
    db
}

/// Writes `text` to a file in `db`'s data directory; returns its path.
fn file(db: &CliDatabase, name: &str, text: &str) -> String {
    let path = db.data_dir().join(name);
    std::fs::write(&path, text).expect("write file");
    path.to_str().expect("path").to_owned()
}

/// `import ARGS FILE`, which must succeed; returns its stdout and stderr.
fn import_ok(db: &CliDatabase, args: &[&str], path: &str) -> (String, String) {
    let output = db.run(&[&["import"], args, &[path]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr(&output),
    )
}

fn export(db: &CliDatabase) -> Vec<Value> {
    records(db.succeeds(&["export"], "").as_bytes())
}

/// Each revision of `slug` as (number, actor, change note).
fn revisions(conn: &mut Conn, slug: &str) -> Vec<(i32, String, Option<String>)> {
    use chancery_api::db::schema::publications;
    use diesel::prelude::*;
    let id: i64 = publications::table
        .filter(publications::slug.eq(slug))
        .select(publications::id)
        .first(conn)
        .expect("the publication is stored");
    staff::revisions(conn, id)
        .expect("revisions")
        .into_iter()
        .map(|r| (r.number, r.actor, r.change_note))
        .collect()
}

/// The audit log, oldest first, as (actor, action, target).
fn audit(conn: &mut Conn) -> Vec<(String, String, String)> {
    let (rows, _) = audit::page(conn, 0, 1_000).expect("audit log");
    let mut entries: Vec<_> = rows
        .into_iter()
        .map(|r| (r.actor, r.action, r.target))
        .collect();
    entries.reverse();
    entries
}

const FIRST: &str =
    r#"{"kind":"statement","title":"First","published_at":"2020-07-14T09:00:00Z","featured":true}"#;
const SECOND: &str = r#"{"kind":"statement","title":"Second","published_at":"2020-07-14T10:00:00Z","tags":["osce"]}"#;

#[test]
fn export_then_import_with_publish_round_trips() {
    let source = migrated(false);
    let exported = source.run(&["export"]);
    assert!(exported.status.success());
    let original = records(&exported.stdout);
    assert_eq!(original.len(), 11);
    assert!(original.iter().any(|r| r["featured"] == true));

    let target = migrated(true);
    let path = file(
        &target,
        "export.ndjson",
        &String::from_utf8_lossy(&exported.stdout),
    );
    let (_, said) = import_ok(&target, &["--publish"], &path);
    assert!(
        said.contains("imported 11 publications (11 published)"),
        "{said}"
    );
    assert!(!said.contains("featured"), "{said}");
    assert_eq!(export(&target), original);
}

#[test]
fn without_publish_records_come_in_as_unfeatured_drafts_with_a_revision_and_an_audit_entry() {
    let db = migrated(true);
    let path = file(&db, "two.ndjson", &format!("{SECOND}\n\n{FIRST}\n"));
    let (_, said) = import_ok(&db, &[], &path);
    assert!(
        said.contains("line 3: `featured` dropped"),
        "the featured record is named by line: {said}"
    );
    assert!(said.contains("imported 2 publications as drafts"), "{said}");
    let stored = export(&db);
    let states: Vec<(&str, &str, bool)> = stored
        .iter()
        .map(|r| {
            (
                r["slug"].as_str().expect("slug"),
                r["status"].as_str().expect("status"),
                r["featured"].as_bool().expect("featured"),
            )
        })
        .collect();
    assert_eq!(
        states,
        [("first", "draft", false), ("second", "draft", false)]
    );

    let mut conn = db.connect();
    for slug in ["first", "second"] {
        assert_eq!(
            revisions(&mut conn, slug),
            [(1, "cli".to_owned(), Some("Imported".to_owned()))],
            "{slug}"
        );
    }
    let entries = audit(&mut conn);
    let expected: Vec<(String, String, String)> = ["second", "first"]
        .into_iter()
        .map(|slug| ("cli".into(), "publication.import".into(), slug.into()))
        .collect();
    assert_eq!(entries, expected);
}

#[test]
fn with_publish_statuses_and_featured_are_kept() {
    let db = migrated(true);
    let path = file(
        &db,
        "three.json",
        &format!(
            "[\n{FIRST},\n{},\n{}\n]\n",
            r#"{"kind":"news","title":"Ahead","published_at":"2999-01-01T09:00:00Z"}"#,
            r#"{"kind":"news","title":"Gone","status":"withdrawn","published_at":"2020-07-13T09:00:00Z"}"#,
        ),
    );
    let (_, said) = import_ok(&db, &["--publish"], &path);
    assert!(
        said.contains("imported 3 publications (1 published, 1 scheduled, 1 withdrawn)"),
        "{said}"
    );
    assert!(!said.contains("dropped"), "{said}");
    let stored = export(&db);
    let first = stored.iter().find(|r| r["slug"] == "first").expect("first");
    assert_eq!(
        (&first["status"], &first["featured"]),
        (&"published".into(), &true.into())
    );
    let gone = stored.iter().find(|r| r["slug"] == "gone").expect("gone");
    assert_eq!(gone["status"], "withdrawn");
    let mut conn = db.connect();
    assert_eq!(revisions(&mut conn, "ahead").len(), 1);
    assert_eq!(audit(&mut conn).len(), 3);
}

#[test]
fn a_dry_run_says_what_it_would_write_and_writes_nothing() {
    let db = migrated(true);
    let path = file(&db, "two.ndjson", &format!("{FIRST}\n{SECOND}\n"));
    let (plan, said) = import_ok(&db, &["--dry-run"], &path);
    assert_eq!(plan, "line 1: first (draft)\nline 2: second (draft)\n");
    assert!(said.contains("line 1: `featured` dropped"), "{said}");
    assert!(
        said.contains("dry run: would import 2 publications as drafts; nothing was written"),
        "{said}"
    );
    assert!(export(&db).is_empty());
    assert!(audit(&mut db.connect()).is_empty());

    let (plan, said) = import_ok(&db, &["--dry-run", "--publish"], &path);
    assert_eq!(
        plan,
        "line 1: first (published)\nline 2: second (published)\n"
    );
    assert!(!said.contains("dropped"), "{said}");
    assert!(export(&db).is_empty());

    // The same file then imports for real: the dry run left nothing in the way.
    let (plan, said) = import_ok(&db, &[], &path);
    assert_eq!(plan, "", "only a dry run lists the records");
    assert!(said.contains("imported 2 publications as drafts"), "{said}");
    assert_eq!(export(&db).len(), 2);
}

#[test]
fn a_dry_run_checks_slugs_against_the_database() {
    let db = migrated(false);
    let path = file(
        &db,
        "clash.ndjson",
        concat!(
            r#"{"kind":"statement","title":"New one","published_at":"2020-07-16T09:00:00Z"}"#,
            "\n",
            r#"{"slug":"lavrov-interview-russia-24-maria-bondareva","kind":"interview","title":"Clash","published_at":"2020-07-16T10:00:00Z"}"#,
            "\n",
        ),
    );
    let output = db.run(&["import", "--dry-run", &path]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("line 2") && said.contains("already taken"),
        "{said}"
    );
    assert_eq!(export(&db).len(), 11);
}

#[test]
fn bad_records_are_named_by_line_and_nothing_is_imported() {
    let db = migrated(true);
    let too_many_tags = serde_json::json!({
        "kind": "statement", "title": "Tagged", "published_at": "2020-07-14T11:00:00Z",
        "tags": (0..21).map(|i| format!("tag-{i}")).collect::<Vec<_>>(),
    });
    let path = file(
        &db,
        "bad.ndjson",
        &format!(
            "{FIRST}\n{too_many_tags}\n{}\n",
            r#"{"kind":"memo","title":"Third","published_at":"2020-07-14T11:00:00Z"}"#
        ),
    );
    for flags in [&[][..], &["--dry-run"], &["--publish"]] {
        let output = db.run(&[&["import"], flags, &[path.as_str()]].concat());
        assert!(!output.status.success(), "{flags:?}");
        let said = stderr(&output);
        assert!(
            said.contains("line 2: tags: may hold at most 20 tags (it has 21)"),
            "{said}"
        );
        assert!(said.contains("line 3") && said.contains("memo"), "{said}");
    }
    assert!(export(&db).is_empty());
    assert!(audit(&mut db.connect()).is_empty());
}

#[test]
fn a_slug_already_in_the_database_rolls_back_the_whole_import() {
    let db = migrated(false);
    let path = file(
        &db,
        "clash.ndjson",
        concat!(
            r#"{"kind":"statement","title":"New one","published_at":"2020-07-16T09:00:00Z"}"#,
            "\n",
            r#"{"slug":"lavrov-interview-russia-24-maria-bondareva","kind":"interview","title":"Clash","published_at":"2020-07-16T10:00:00Z"}"#,
            "\n",
        ),
    );
    let output = db.run(&["import", "--publish", &path]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(
        said.contains("line 2") && said.contains("already taken"),
        "{said}"
    );
    assert_eq!(export(&db).len(), 11);
    let mut conn = db.connect();
    assert_eq!(
        audit(&mut conn).len(),
        11,
        "the demo content's imports only: the audit entries rolled back too"
    );
    let revisions: i64 = {
        use diesel::prelude::*;
        chancery_api::db::schema::revisions::table
            .count()
            .get_result(&mut conn)
            .expect("count")
    };
    assert_eq!(
        revisions, 11,
        "the demo content's only: the first record's revision rolled back too"
    );
}
