//! Stopping the real `chancery serve` process with a signal, on SQLite and PostgreSQL: SIGINT
//! and SIGTERM alike close the listener, let a request in flight (a POST whose body is still
//! arriving) finish with its normal answer, and then the process exits cleanly; a request that
//! outlasts `--shutdown-timeout` is cut; a second signal ends the process at once.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::helpers::CliDatabase;

/// A `chancery serve` process; killed if a test fails before it exits.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts serving `db` on a free port, once it has the demo content and a contributor
    /// token; returns the server and the token.
    fn start(db: &CliDatabase, extra: &[&str]) -> (Server, String) {
        db.succeeds(&["migrate"], "");
        let add_owner = [
            "user",
            "add",
            "signals",
            "--role",
            "contributor",
            "--password-stdin",
        ];
        db.succeeds(&add_owner, "a long enough passphrase\n");
        let created = db.succeeds(
            &[
                "token",
                "create",
                "--name",
                "signals",
                "--owner",
                "signals",
                "--role",
                "contributor",
            ],
            "",
        );
        let token = created.trim().to_owned();
        let mut child = db
            .command()
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--web-dir",
                "/nonexistent",
            ])
            .args(["--workers", "1"])
            .args(extra)
            .env("RUST_LOG", "info,actix_server=warn")
            .env("NO_COLOR", "1")
            .env_remove("CHANCERY_SHUTDOWN_TIMEOUT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chancery serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        // Drains the log, so the server never blocks on a full pipe, and finds the port.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some((_, port)) = line.split_once("serving on http://127.0.0.1:") {
                    let _ = port_tx.send(port.trim().parse::<u16>().ok());
                }
                let mut log = sink.lock().expect("log");
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        match port_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Some(port)) => server.port = port,
            _ => panic!("the server did not say where it serves:\n{}", server.log()),
        }
        (server, token)
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    /// Sends `signal` (`INT`, `TERM`) to the process.
    fn signal(&self, signal: &str) {
        let sent = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    /// The process's exit status, waiting at most `limit`.
    fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "still running after {limit:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the listener is closed, waiting up to five seconds for it to close.
    fn stops_accepting(&self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

const BODY: &str = r#"{"kind":"statement","title":"Said while the server stopped","published_at":"2020-07-16T09:00:00Z"}"#;

/// A POST of [`BODY`] with only its first half sent, so the request stays in flight.
fn begin_slow_post(server: &Server, token: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let head = format!(
        "POST /api/v1/publications HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        server.port,
        BODY.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream
        .write_all(&BODY.as_bytes()[..BODY.len() / 2])
        .expect("first half");
    stream.flush().expect("flush");
    // Time for the server to read the head and wait in the handler for the rest of the body.
    std::thread::sleep(Duration::from_millis(300));
    stream
}

/// The request in flight finishes after `signal`, then the process exits cleanly.
fn finishes_in_flight_on(signal: &str) {
    let db = CliDatabase::new();
    let (mut server, token) = Server::start(&db, &[]);
    let mut stream = begin_slow_post(&server, &token);

    server.signal(signal);
    assert!(
        server.stops_accepting(),
        "new connections are still accepted after SIGINT/SIGTERM:\n{}",
        server.log()
    );
    assert!(
        server.child.try_wait().expect("wait").is_none(),
        "the process waits for the request in flight"
    );
    // The rest of the body, a little at a time.
    for chunk in BODY.as_bytes()[BODY.len() / 2..].chunks(8) {
        stream.write_all(chunk).expect("the rest of the body");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("the answer");
    assert!(
        answer.starts_with("HTTP/1.1 201 Created"),
        "{answer}\n{}",
        server.log()
    );
    assert!(answer.contains(r#""status":"draft""#), "{answer}");

    let status = server.exit_within(Duration::from_secs(15));
    assert!(status.success(), "{status:?}\n{}", server.log());
    let log = server.log();
    assert!(log.contains(signal) && log.contains("stopping"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    // The answer was committed, not just sent.
    let exported = db.run(&["export"]);
    assert!(
        String::from_utf8_lossy(&exported.stdout).contains("said-while-the-server-stopped"),
        "the publication is stored"
    );
}

#[test]
fn sigint_finishes_requests_in_flight_then_exits_cleanly() {
    finishes_in_flight_on("SIGINT");
}

#[test]
fn sigterm_finishes_requests_in_flight_then_exits_cleanly() {
    finishes_in_flight_on("SIGTERM");
}

#[test]
fn a_request_outlasting_the_shutdown_timeout_is_cut() {
    let db = CliDatabase::new();
    let (mut server, token) = Server::start(&db, &["--shutdown-timeout", "1"]);
    let mut stream = begin_slow_post(&server, &token);
    let signalled = Instant::now();
    server.signal("TERM");
    let status = server.exit_within(Duration::from_secs(10));
    let waited = signalled.elapsed();
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(
        waited >= Duration::from_millis(900),
        "it waited for the request first ({waited:?})"
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(!answer.contains("201"), "{answer}");
}

#[test]
fn a_second_signal_stops_at_once() {
    let db = CliDatabase::new();
    let (mut server, token) = Server::start(&db, &[]);
    let _stream = begin_slow_post(&server, &token);
    server.signal("INT");
    assert!(server.stops_accepting());
    let signalled = Instant::now();
    server.signal("INT");
    let status = server.exit_within(Duration::from_secs(5));
    assert_eq!(status.code(), Some(130), "{}", server.log());
    assert!(
        signalled.elapsed() < Duration::from_secs(5),
        "not the 30 s timeout"
    );
}
