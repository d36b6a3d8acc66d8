//! Import and export through the real `chancery` binary: a round trip preserves every
//! publication, and a bad record is reported by line and leaves the database untouched.

use std::process::Command;

use serde_json::Value;

use crate::helpers::backend_is_postgres;

fn chancery(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chancery"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("chancery runs")
}

fn records(ndjson: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(ndjson)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect()
}

#[test]
fn export_then_import_round_trips() {
    if backend_is_postgres() {
        return; // The CLI is exercised on SQLite; PostgreSQL shares the same code path.
    }
    let source = tempfile::tempdir().expect("dir");
    assert!(chancery(source.path(), &["migrate"]).status.success());
    let exported = chancery(source.path(), &["export"]);
    assert!(exported.status.success());
    let original = records(&exported.stdout);
    assert_eq!(original.len(), 11);

    let file = source.path().join("export.ndjson");
    std::fs::write(&file, &exported.stdout).expect("write export");
    let target = tempfile::tempdir().expect("dir");
    assert!(
        chancery(target.path(), &["migrate", "--empty"])
            .status
            .success()
    );
    let imported = chancery(target.path(), &["import", file.to_str().expect("path")]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let again = records(&chancery(target.path(), &["export"]).stdout);
    assert_eq!(again, original);
}

#[test]
fn a_bad_record_names_its_line_and_nothing_is_imported() {
    if backend_is_postgres() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    assert!(
        chancery(dir.path(), &["migrate", "--empty"])
            .status
            .success()
    );
    let file = dir.path().join("bad.ndjson");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"statement","title":"First","published_at":"2020-07-14T09:00:00Z"}"#,
            "\n",
            r#"{"kind":"statement","title":"Second","published_at":"2020-07-14T10:00:00Z"}"#,
            "\n",
            r#"{"kind":"memo","title":"Third","published_at":"2020-07-14T11:00:00Z"}"#,
            "\n",
        ),
    )
    .expect("write file");
    let output = chancery(dir.path(), &["import", file.to_str().expect("path")]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(records(&chancery(dir.path(), &["export"]).stdout).is_empty());
}

#[test]
fn a_slug_already_in_the_database_rolls_back_the_whole_import() {
    if backend_is_postgres() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    assert!(chancery(dir.path(), &["migrate"]).status.success());
    let file = dir.path().join("clash.ndjson");
    std::fs::write(
        &file,
        concat!(
            r#"{"kind":"statement","title":"New one","published_at":"2020-07-16T09:00:00Z"}"#, "\n",
            r#"{"slug":"lavrov-interview-russia-24-maria-bondareva","kind":"interview","title":"Clash","published_at":"2020-07-16T10:00:00Z"}"#, "\n",
        ),
    )
    .expect("write file");
    let output = chancery(dir.path(), &["import", file.to_str().expect("path")]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("already taken"),
        "{stderr}"
    );
    assert_eq!(records(&chancery(dir.path(), &["export"]).stdout).len(), 11);
}
