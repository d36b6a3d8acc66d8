//! The real `chancery` binary on a fresh database of this run's backend: its commands, and
//! `chancery serve` with its log collected.

use chancery_api::db::Database;

use super::{DbGuard, Server, fresh_database};

/// A fresh database, on this run's backend, for the `chancery` binary to work on; it goes away
/// when dropped.
pub struct CliDatabase {
    database: Database,
    data_dir: std::path::PathBuf,
    _scratch: Option<tempfile::TempDir>,
    _db: DbGuard,
}

impl CliDatabase {
    pub fn new() -> CliDatabase {
        let (database, guard) = fresh_database();
        let (data_dir, scratch) = match &database {
            Database::Sqlite(file) => (file.parent().expect("a directory").to_owned(), None),
            // The binary still wants a data directory, though it keeps nothing there.
            Database::Postgres(_) => {
                let dir = tempfile::tempdir().expect("temp dir");
                (dir.path().to_owned(), Some(dir))
            }
        };
        CliDatabase {
            database,
            data_dir,
            _scratch: scratch,
            _db: guard,
        }
    }

    /// Which backend the commands work on: `sqlite` or `postgres`.
    pub fn kind(&self) -> &'static str {
        self.database.kind()
    }

    /// The data directory the commands are given.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// `chancery` with this database chosen (`--data-dir`, and `DATABASE_URL` on PostgreSQL).
    pub fn command(&self) -> std::process::Command {
        use secrecy::ExposeSecret;
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_chancery"));
        command.arg("--data-dir").arg(&self.data_dir);
        match &self.database {
            Database::Sqlite(_) => command.env_remove("DATABASE_URL"),
            Database::Postgres(url) => command.env("DATABASE_URL", url.expose_secret()),
        };
        command
    }

    /// Runs `chancery ARGS` to its end.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.command().args(args).output().expect("chancery runs")
    }

    /// Runs `chancery ARGS` to its end with `stdin` as its standard input.
    pub fn run_with_input(&self, args: &[&str], stdin: &str) -> std::process::Output {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chancery runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("output")
    }

    /// Runs `chancery ARGS` with `stdin`, which must succeed; returns its standard output.
    pub fn succeeds(&self, args: &[&str], stdin: &str) -> String {
        let output = self.run_with_input(args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Runs `chancery ARGS` with `stdin`, which must fail; returns its standard error.
    pub fn fails(&self, args: &[&str], stdin: &str) -> String {
        let output = self.run_with_input(args, stdin);
        assert!(!output.status.success(), "{args:?} should fail");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    /// A connection, to look at what a command wrote.
    pub fn connect(&self) -> diesel::r2d2::PooledConnection<chancery_api::db::Manager> {
        chancery_api::db::pool(&self.database, 1)
            .expect("pool")
            .get()
            .expect("connection")
    }
}

/// Starts the real binary (`serve --bind 127.0.0.1:0`, plus `args`) on `db` with
/// `RUST_LOG=log_filter`; returns it, the [`Server`] to ask it through, and a thread
/// collecting its log until it exits.
pub fn serve_binary(
    db: &CliDatabase,
    args: &[&str],
    log_filter: &str,
) -> (std::process::Child, Server, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader};
    let mut child = db
        .command()
        .args(["serve", "--bind", "127.0.0.1:0", "--workers", "1"])
        .args(["--web-dir", "/nonexistent"])
        .args(args)
        .env_remove("CHANCERY_PUBLIC_URL")
        .env("RUST_LOG", log_filter)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chancery serves");
    let mut log = BufReader::new(child.stderr.take().expect("stderr"));
    let (tx, rx) = std::sync::mpsc::channel();
    // Drained on a thread, so a chatty log never fills the pipe and stalls the server.
    let collected = std::thread::spawn(move || {
        let mut text = String::new();
        let mut line = String::new();
        while log.read_line(&mut line).unwrap_or(0) > 0 {
            text.push_str(&line);
            if let Some((_, rest)) = line.split_once("serving on ") {
                let _ = tx.send((rest.trim().to_owned(), text.clone()));
            }
            line.clear();
        }
        text
    });
    let (address, _) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server says where it listens");
    (child, Server::at(address), collected)
}
