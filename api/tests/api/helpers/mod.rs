//! The test client: [`TestApp::builder`] starts the real server on port 0 with a fresh
//! database; the app itself asks anonymously, and [`TestApp::as_token`] and
//! [`TestApp::as_session`] give identities that ask as staff, all through one
//! [`RequestHelper`] whose responses decode into the shared wire types. Also what a test does
//! to the database directly, and the `chancery` binary ([`CliDatabase`]).

mod cli;
mod client;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chancery_api::clock::Clock;
use chancery_api::config::{Settings, sqlite_path};
use chancery_api::db::{Conn, Database, DbPool};
use chancery_api::search_gate::SearchGate;
use chancery_shared::page::{ListPage, Problem};
use chancery_shared::publication::PublicationSummary;
use chancery_shared::staff::{Actor, NewToken, NewUser, Role};
use diesel::{Connection, PgConnection, RunQueryDsl};
use secrecy::SecretString;
use serde_json::Value;

pub use cli::{CliDatabase, serve_binary};
pub use client::{Identity, RequestHelper, Server, TestResponse};

/// The password test users get.
pub const PASSWORD: &str = "a long enough passphrase";

/// A running server and the database behind it; both go away when it is dropped. It is also
/// the anonymous caller: `app.get(path)` asks with no credentials.
pub struct TestApp {
    server: Server,
    pub pool: DbPool,
    /// The server's search slots.
    pub search_gate: actix_web::web::Data<SearchGate>,
    /// The server's clock, which what the tests write directly follows too.
    clock: Clock,
    /// Numbers the tokens [`TestApp::as_token`] names.
    tokens_made: AtomicUsize,
    _db: DbGuard,
}

/// What a [`TestApp`] starts with; [`TestApp::builder`] gives the defaults: the seed page's
/// demo content, the system clock, 600 writes a minute and no reader.
pub struct TestAppBuilder {
    demo_content: bool,
    clock: Clock,
    writes_per_minute: u32,
    web_dir: PathBuf,
    configure: Vec<SettingsChange>,
}

/// One adjustment [`TestAppBuilder::configure`] makes to the settings.
type SettingsChange = Box<dyn FnOnce(&mut Settings)>;

impl TestAppBuilder {
    /// Starts on an empty database instead of the demo content.
    pub fn empty(mut self) -> Self {
        self.demo_content = false;
        self
    }

    /// Makes `clock` the server's "now"; the test keeps a clone to move it.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Allows only `n` writes a minute per client address.
    pub fn writes_per_minute(mut self, n: u32) -> Self {
        self.writes_per_minute = n;
        self
    }

    /// Serves the site at `url` (`--public-url`), which every absolute link is made from.
    pub fn public_url(self, url: &str) -> Self {
        let url = url.to_owned();
        self.configure(move |s| s.public_url = Some(url))
    }

    /// Serves the reader (`reader-assets`, `admin.html`, assets) from `web_dir`.
    pub fn reader(mut self, web_dir: &std::path::Path) -> Self {
        self.web_dir = web_dir.to_owned();
        self
    }

    /// Adjusts the settings last, after every other option (in the order given).
    pub fn configure(mut self, change: impl FnOnce(&mut Settings) + 'static) -> Self {
        self.configure.push(Box::new(change));
        self
    }

    /// Starts the server on a fresh database of this run's backend.
    pub async fn spawn(self) -> TestApp {
        let (database, guard) = fresh_database();
        let mut settings = Settings {
            bind: "127.0.0.1:0".to_owned(),
            database,
            web_dir: self.web_dir,
            demo_content: self.demo_content,
            workers: Some(1),
            clock: self.clock,
            writes_per_minute: self.writes_per_minute,
            public_url: None,
            trusted_proxies: Vec::new(),
            syndication: Default::default(),
            search: Default::default(),
            shutdown_timeout: std::time::Duration::from_secs(5),
        };
        for change in self.configure {
            change(&mut settings);
        }
        let clock = settings.clock.clone();
        let app = chancery_api::startup::build(settings).expect("server builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        let pool = app.pool().clone();
        let search_gate = app.search_gate();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            server: Server::at(address),
            pool,
            search_gate,
            clock,
            tokens_made: AtomicUsize::new(0),
            _db: guard,
        }
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            demo_content: true,
            clock: Clock::system(),
            writes_per_minute: 600,
            web_dir: PathBuf::from("/nonexistent"),
            configure: Vec::new(),
        }
    }

    /// Where requests to this app go.
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// `http://127.0.0.1:PORT`, which absolute links use when no public URL is set.
    pub fn address(&self) -> &str {
        self.server.address()
    }

    /// The absolute URL of `path` (with its query) on this app.
    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// Asks with no credentials, like the app itself; for lists of callers.
    pub fn anonymous(&self) -> Identity<'_> {
        self.server.anonymous()
    }

    /// Asks with the bearer token `secret` (one made over HTTP, or a made-up one).
    pub fn with_token(&self, secret: &str) -> Identity<'_> {
        self.server.with_token(secret)
    }

    /// A new token with `role`, owned by a new user of the same name and role; the name is
    /// `{role}-token-{n}`. Use [`TestApp::as_named_token`] where the name shows.
    pub async fn as_token(&self, role: Role) -> Identity<'_> {
        let n = self.tokens_made.fetch_add(1, Ordering::Relaxed) + 1;
        self.as_named_token(&format!("{role}-token-{n}"), role)
            .await
    }

    /// A token called `name` with `role`, made as `chancery token create` would, owned by the
    /// user `name` (added first with `role` and [`PASSWORD`] if there is none).
    pub async fn as_named_token(&self, name: &str, role: Role) -> Identity<'_> {
        let owner = name.to_owned();
        let exists = self
            .with_db(move |conn| chancery_api::admin::users::get(conn, &owner).is_ok())
            .await;
        if !exists {
            self.add_user(name, role).await;
        }
        let new = NewToken {
            name: name.to_owned(),
            role: Some(role),
            owner: Some(name.to_owned()),
            ..Default::default()
        };
        let secret = self
            .create_token_as_cli(new, self.clock.now())
            .await
            .expect("token created");
        self.with_token(&secret)
    }

    /// A new user `name` with `role` and [`PASSWORD`], signed in: the identity carries the
    /// session cookie and sends the CSRF token with every request.
    pub async fn as_session(&self, name: &str, role: Role) -> Identity<'_> {
        self.add_user(name, role).await;
        self.sign_in(name, PASSWORD).await.expect("signed in")
    }

    /// Signs an existing user in; the session, or the status of the refusal.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Identity<'_>, u16> {
        self.server.sign_in(name, password).await
    }

    /// Adds a staff user with [`PASSWORD`] straight in the database, as `chancery user add`
    /// would.
    pub async fn add_user(&self, name: &str, role: Role) {
        let new = NewUser {
            name: name.to_owned(),
            role,
            password: PASSWORD.to_owned(),
        };
        let now = self.clock.now();
        self.with_db(move |conn| chancery_api::admin::users::add(conn, &Actor::cli(), &new, now))
            .await
            .expect("user added");
    }

    /// Makes a token as `chancery token create` would, at `now`; returns its secret.
    pub async fn create_token_as_cli(
        &self,
        new: NewToken,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<String, chancery_api::admin::StaffError> {
        self.with_db(move |conn| {
            chancery_api::admin::tokens::create(conn, &Actor::cli(), None, &new, now)
                .map(|created| created.token)
        })
        .await
    }

    /// Adds `n` synthetic publications through the write path. The generator is seeded, so
    /// adding the same number twice repeats every `published_at`.
    pub async fn add_synthetic(&self, n: usize) {
        let clock = self.clock.clone();
        self.with_db(move |conn| chancery_api::synthetic::seed(conn, n, &clock))
            .await
            .expect("seeding succeeded");
    }

    /// Runs `work` with a connection to the test database, off the async executor.
    pub async fn with_db<R: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Conn) -> R + Send + 'static,
    ) -> R {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || work(&mut pool.get().expect("connection")))
            .await
            .expect("finished")
    }

    /// Runs SQL directly against the test database (as another node sharing it would).
    pub fn execute(&self, sql: &str) {
        let mut conn = self.pool.get().expect("connection");
        let conn: &mut Conn = &mut conn;
        diesel::sql_query(sql).execute(conn).expect("SQL runs");
    }
}

/// The `field` of each entry in a problem's `errors`, in order.
pub fn fields(problem: &Problem) -> Vec<String> {
    problem.errors.iter().map(|e| e.field.clone()).collect()
}

/// The slugs of a page's items, in order.
pub fn slugs(page: &ListPage<PublicationSummary>) -> Vec<String> {
    page.items.iter().map(|p| p.slug.clone()).collect()
}

/// An instant written in RFC 3339.
pub fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().expect("an RFC 3339 instant")
}

/// The seed page's list, as `dd.mm.yyyy - Title`, in the page's order.
pub fn seed_list() -> Vec<(String, String)> {
    let seed: Value =
        serde_json::from_str(include_str!("../../fixtures/embassy-home-2020-07-15.json"))
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

/// Which backend this run tests, from `CHANCERY_TEST_DATABASE` (`sqlite` by default).
pub fn backend_is_postgres() -> bool {
    std::env::var("CHANCERY_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

/// Drops the test database with the app or command that used it.
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
