//! Settings for serving: where to listen, which database, where the built reader lives, and
//! whether a new database starts with the demo content. Read from flags or `CHANCERY_*`
//! environment variables (`DATABASE_URL` for PostgreSQL) by `main`.

use std::path::{Path, PathBuf};

use secrecy::SecretString;

use crate::db::Database;

/// Everything `build` needs to start a server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests do this).
    pub bind: String,
    pub database: Database,
    /// The built reader (`web/dist`); served at `/` when it exists.
    pub web_dir: PathBuf,
    /// Load the seed page's content into a new, empty database.
    pub demo_content: bool,
    /// HTTP worker threads; `None` means one per core.
    pub workers: Option<usize>,
    /// What "now" is: the system clock, or one tests move.
    pub clock: crate::clock::Clock,
    /// Writes a minute allowed from one client address.
    pub writes_per_minute: u32,
    /// The site's public URL (`https://host`), the only source of absolute links and of the
    /// cookie's `Secure` flag; `None` uses the bound address, with a warning.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (addresses or CIDR networks).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The sitemap's page size.
    pub syndication: crate::syndication::Syndication,
    /// How many searches may run at once, for how long, and how long one may wait to start.
    pub search: crate::search_gate::SearchLimits,
    /// How long requests in flight may take to finish once SIGINT or SIGTERM asked the server
    /// to stop; whatever is still running then is cut.
    pub shutdown_timeout: std::time::Duration,
}

/// The SQLite file inside a data directory.
pub fn sqlite_path(data_dir: &Path) -> PathBuf {
    data_dir.join("chancery.sqlite3")
}

/// Picks the database: PostgreSQL when `database_url` is a `postgres://` URL, otherwise the
/// SQLite file under `data_dir`.
pub fn database(database_url: Option<String>, data_dir: &Path) -> anyhow::Result<Database> {
    match database_url.filter(|u| !u.is_empty()) {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Database::Postgres(SecretString::from(url)))
        }
        Some(other) => {
            let scheme = other.split(':').next().unwrap_or_default();
            anyhow::bail!(
                "DATABASE_URL must be a postgres:// URL (got scheme `{scheme}`); unset it to use SQLite under the data directory"
            )
        }
        None => Ok(Database::Sqlite(sqlite_path(data_dir))),
    }
}
