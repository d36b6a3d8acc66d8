//! Starting a server on a fresh database for one test, and small request helpers.

use chancery_api::clock::Clock;
use chancery_api::config::{Settings, sqlite_path};
use chancery_api::db::{Conn, Database, DbPool};
use chancery_api::search_gate::SearchGate;
use chancery_api::startup::build;
use diesel::{Connection, PgConnection, RunQueryDsl};
use secrecy::SecretString;
use serde_json::Value;

/// A running server and the database behind it; both go away when it is dropped.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    /// The server's search slots.
    pub search_gate: actix_web::web::Data<SearchGate>,
    _db: DbGuard,
}

enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self
            && let Ok(mut conn) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn);
        }
    }
}

/// Which backend this run tests, from `CHANCERY_TEST_DATABASE` (`sqlite` by default).
pub fn backend_is_postgres() -> bool {
    std::env::var("CHANCERY_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

fn fresh_database() -> (Database, DbGuard) {
    if backend_is_postgres() {
        let admin_url = std::env::var("CHANCERY_TEST_PG_URL").expect(
            "CHANCERY_TEST_DATABASE=postgres needs CHANCERY_TEST_PG_URL (`just test` sets it)",
        );
        let name = format!("chancery_test_{}", rand::random::<u64>());
        let mut conn = PgConnection::establish(&admin_url).expect("connect to the test PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create a test database");
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("URL with a database name");
        let url = format!("{base}/{name}");
        (
            Database::Postgres(SecretString::from(url)),
            DbGuard::Postgres { admin_url, name },
        )
    } else {
        let dir = tempfile::tempdir().expect("temp dir");
        (
            Database::Sqlite(sqlite_path(dir.path())),
            DbGuard::Sqlite(dir),
        )
    }
}

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

    /// A connection, to look at what a command wrote.
    pub fn connect(&self) -> diesel::r2d2::PooledConnection<chancery_api::db::Manager> {
        chancery_api::db::pool(&self.database, 1)
            .expect("pool")
            .get()
            .expect("connection")
    }
}

/// A server with the seed page's demo content.
pub async fn spawn_app() -> TestApp {
    spawn(true).await
}

/// A server on an empty database.
pub async fn spawn_empty_app() -> TestApp {
    spawn(false).await
}

/// A server with the demo content that serves the reader from `web_dir`.
pub async fn spawn_app_with_reader(web_dir: &std::path::Path) -> TestApp {
    spawn_with(true, web_dir.to_owned()).await
}

async fn spawn(demo_content: bool) -> TestApp {
    spawn_with(demo_content, std::path::PathBuf::from("/nonexistent")).await
}

async fn spawn_with(demo_content: bool, web_dir: std::path::PathBuf) -> TestApp {
    spawn_with_clock(demo_content, web_dir, Clock::system(), 600).await
}

/// A server with the demo content that allows only `writes_per_minute` writes per address.
pub async fn spawn_app_with_write_limit(writes_per_minute: u32) -> TestApp {
    spawn_with_clock(
        true,
        std::path::PathBuf::from("/nonexistent"),
        Clock::system(),
        writes_per_minute,
    )
    .await
}

/// A server with the demo content whose "now" is `clock`, which the test moves.
pub async fn spawn_app_at(clock: Clock) -> TestApp {
    spawn_with_clock(true, std::path::PathBuf::from("/nonexistent"), clock, 600).await
}

/// A server with the demo content whose settings `configure` adjusts first.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_configured(
        true,
        std::path::PathBuf::from("/nonexistent"),
        Clock::system(),
        600,
        configure,
    )
    .await
}

async fn spawn_with_clock(
    demo_content: bool,
    web_dir: std::path::PathBuf,
    clock: Clock,
    writes_per_minute: u32,
) -> TestApp {
    spawn_configured(demo_content, web_dir, clock, writes_per_minute, |_| {}).await
}

async fn spawn_configured(
    demo_content: bool,
    web_dir: std::path::PathBuf,
    clock: Clock,
    writes_per_minute: u32,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let (database, guard) = fresh_database();
    let mut settings = Settings {
        bind: "127.0.0.1:0".to_owned(),
        database,
        web_dir,
        demo_content,
        workers: Some(1),
        clock: clock.clone(),
        writes_per_minute,
        public_url: None,
        trusted_proxies: Vec::new(),
        syndication: Default::default(),
        search: Default::default(),
        shutdown_timeout: std::time::Duration::from_secs(5),
    };
    configure(&mut settings);
    let app = build(settings).expect("server builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let search_gate = app.search_gate();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        pool,
        search_gate,
        _db: guard,
    }
}

impl TestApp {
    /// GET a path (with query) on the API.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// GET a path that must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// GET a path that must fail with `status`; returns the problem document.
    pub async fn get_problem(&self, path: &str, status: u16) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(content_type, "application/problem+json", "GET {path}");
        let problem: Value = response.json().await.expect("problem body");
        assert_eq!(problem["status"], status);
        problem
    }

    /// Runs SQL directly against the test database.
    pub fn execute(&self, sql: &str) {
        let mut conn = self.pool.get().expect("connection");
        let conn: &mut Conn = &mut conn;
        diesel::sql_query(sql).execute(conn).expect("SQL runs");
    }
}

/// The `field` of each entry in a problem's `errors`.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The slugs of a page's items, in order.
pub fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["slug"].as_str().expect("slug").to_owned())
        .collect()
}

/// The seed page's list, as `dd.mm.yyyy - Title`, in the page's order.
pub fn seed_list() -> Vec<(String, String)> {
    let seed: Value =
        serde_json::from_str(include_str!("../fixtures/embassy-home-2020-07-15.json"))
            .expect("seed JSON");
    seed["publications"]
        .as_array()
        .expect("publications")
        .iter()
        .map(|p| {
            (
                p["date"].as_str().expect("date").to_owned(),
                p["title"].as_str().expect("title").to_owned(),
            )
        })
        .collect()
}

/// Creates an API token straight in the app's database, as `chancery token create` would:
/// owned by a user of the same name and role (added first, with [`PASSWORD`], if missing).
pub async fn create_token(app: &TestApp, name: &str, role: chancery_shared::staff::Role) -> String {
    let owner = name.to_owned();
    let pool = app.pool.clone();
    let exists = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        chancery_api::admin::users::get(&mut conn, &owner).is_ok()
    })
    .await
    .expect("finished");
    if !exists {
        add_user(app, name, role).await;
    }
    let new = chancery_shared::staff::NewToken {
        name: name.to_owned(),
        role: Some(role),
        owner: Some(name.to_owned()),
        ..Default::default()
    };
    create_token_as_cli(app, new, chrono::Utc::now())
        .await
        .expect("token created")
}

/// Makes a token as `chancery token create` would, at `now`; returns its secret.
pub async fn create_token_as_cli(
    app: &TestApp,
    new: chancery_shared::staff::NewToken,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, chancery_api::admin::StaffError> {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        let cli = chancery_shared::staff::Actor::cli();
        chancery_api::admin::tokens::create(&mut conn, &cli, None, &new, now)
            .map(|created| created.token)
    })
    .await
    .expect("finished")
}

/// Adds `n` synthetic publications to the app's database through the write path. The
/// generator is seeded, so adding the same number twice repeats every `published_at`.
pub async fn add_synthetic(app: &TestApp, n: usize) {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        chancery_api::synthetic::seed(&mut conn, n, &Clock::system())
    })
    .await
    .expect("seeding finished")
    .expect("seeding succeeded");
}

/// The password test users get.
pub const PASSWORD: &str = "a long enough passphrase";

/// Adds a staff user straight in the app's database, as `chancery user add` would.
pub async fn add_user(app: &TestApp, name: &str, role: chancery_shared::staff::Role) {
    let pool = app.pool.clone();
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        let new = chancery_shared::staff::NewUser {
            name,
            role,
            password: PASSWORD.to_owned(),
        };
        let cli = chancery_shared::staff::Actor::cli();
        chancery_api::admin::users::add(&mut conn, &cli, &new, chrono::Utc::now())
    })
    .await
    .expect("finished")
    .expect("user added");
}

/// Signs in; returns the `Cookie` header value to send back and the CSRF token, or the status
/// of a refusal.
pub async fn sign_in(
    app: &TestApp,
    name: &str,
    password: &str,
) -> Result<(String, String), reqwest::StatusCode> {
    let response = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .json(&serde_json::json!({"name": name, "password": password}))
        .send()
        .await
        .expect("request");
    if response.status() != reqwest::StatusCode::OK {
        return Err(response.status());
    }
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().expect("name=value").to_owned();
    let body: Value = response.json().await.expect("JSON");
    Ok((
        cookie,
        body["csrf_token"].as_str().expect("csrf").to_owned(),
    ))
}

/// Starts the real binary (`serve --bind 127.0.0.1:0`, plus `args`) on `db` with
/// `RUST_LOG=log_filter`; returns it, its address, and a thread collecting its log until it
/// exits.
pub fn serve_binary(
    db: &CliDatabase,
    args: &[&str],
    log_filter: &str,
) -> (std::process::Child, String, std::thread::JoinHandle<String>) {
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
    (child, address, collected)
}

/// How a request proves who sends it.
#[derive(Debug, Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    /// A session cookie (`name=value`) and its CSRF token.
    Cookie(&'a str, &'a str),
}

/// Sends `method path` with `auth`, an optional JSON body and an optional `If-Match`.
pub async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    auth: Auth<'_>,
    body: Option<&Value>,
    if_match: Option<&str>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app.client.request(method, format!("{}{path}", app.address));
    request = match auth {
        Auth::None => request,
        Auth::Bearer(token) => request.bearer_auth(token),
        Auth::Cookie(cookie, csrf) => request
            .header("Cookie", cookie)
            .header("X-CSRF-Token", csrf),
    };
    if let Some(body) = body {
        request = request.json(body);
    }
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.expect("request sent")
}

/// The status `GET /api/v1/me` answers with these credentials.
pub async fn me_status(app: &TestApp, auth: Auth<'_>) -> u16 {
    call(app, "GET", "/api/v1/me", auth, None, None)
        .await
        .status()
        .as_u16()
}

/// The audit log's newest 100 entries, newest first.
pub async fn audit_entries(app: &TestApp, admin: &str) -> Vec<Value> {
    let response = call(
        app,
        "GET",
        "/api/v1/audit?per_page=100",
        Auth::Bearer(admin),
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.expect("JSON");
    page["items"].as_array().expect("items").clone()
}
