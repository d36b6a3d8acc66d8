//! Storage, as the rest of the server sees it: the connection ([`Conn`], over SQLite or
//! PostgreSQL), an r2d2 pool that sets SQLite up for concurrent readers, embedded migrations
//! per backend, [`run`] for taking blocking queries off the async executor, and the query
//! modules. Those name one another directly and never this face, which uses some of them.

pub mod archive;
pub mod audit;
pub mod budget;
pub mod changes;
pub mod clocks;
pub mod conn;
pub mod counters;
pub mod facets;
pub mod list;
pub mod publications;
pub mod schema;
pub mod search;
pub mod secrets;
pub mod sessions;
pub mod settings;
pub mod site;
pub mod sitemap;
pub mod snippets;
pub mod staff;
pub mod status;
pub mod write;

use std::time::Duration;

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use secrecy::ExposeSecret;

pub use conn::Conn;

use crate::error::ApiError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

pub type DbPool = Pool<Manager>;
pub type PooledConn = PooledConnection<Manager>;

/// Where the data lives.
#[derive(Debug, Clone)]
pub enum Database {
    /// A SQLite file, created if missing.
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL URL (`postgres://…`).
    Postgres(secrecy::SecretString),
}

impl Database {
    /// The backend's name, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of the configured backend (never guessing it from the URL's shape).
#[derive(Debug)]
pub struct Manager(Database);

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Conn, Self::Error> {
        match &self.0 {
            Database::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.display().to_string())
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                // The busy timeout comes first so that even switching to WAL queues behind the
                // pool's other new connections instead of failing with `database is locked`.
                // WAL lets readers proceed while one writer commits.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                budget::register(&mut conn).map_err(diesel::r2d2::Error::QueryError)?;
                Ok(Conn::Sqlite(conn))
            }
            Database::Postgres(url) => PgConnection::establish(url.expose_secret())
                .map(Conn::Pg)
                .map_err(diesel::r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        std::thread::panicking() || R2D2Connection::is_broken(conn)
    }
}

/// Opens a pool of `size` connections to `db`.
pub fn pool(db: &Database, size: u32) -> anyhow::Result<DbPool> {
    let pool = Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(10))
        // No `SELECT 1` on every checkout; a connection that failed is dropped by `has_broken`.
        .test_on_check_out(false)
        .build(Manager(db.clone()))?;
    Ok(pool)
}

/// Applies any migrations the database has not seen yet.
pub fn migrate(conn: &mut Conn) -> anyhow::Result<()> {
    let applied = match conn {
        Conn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        Conn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    for version in applied {
        tracing::info!(%version, "applied migration");
    }
    if let Some(count) = search::backfill_if_pending(conn)? {
        tracing::info!(publications = count, "filled the search index");
    }
    Ok(())
}

/// Runs blocking diesel work on actix's blocking pool with a pooled connection, so no query
/// ever holds up the async executor.
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await?
}
