//! The `chancery` command: serve the site, migrate, import and export publications, print the
//! OpenAPI document, and seed synthetic data.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use chancery_api::clock::Clock;
use chancery_api::config::{Settings, database};
use chancery_api::staff_cli::{self, TokenCommand, UserCommand};
use chancery_api::startup::{build, prepare_database};
use chancery_api::{import, openapi, synthetic};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "chancery",
    version,
    about = "Chancery: the publishing platform behind a mission's website"
)]
struct Cli {
    /// Directory for the SQLite database.
    #[arg(
        long,
        global = true,
        env = "CHANCERY_DATA_DIR",
        default_value = "./data"
    )]
    data_dir: PathBuf,
    /// A postgres:// URL; when set, PostgreSQL is used instead of SQLite.
    #[arg(long, global = true, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, the OpenAPI document, Swagger UI and the reader.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "CHANCERY_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// The built reader app.
        #[arg(long, env = "CHANCERY_WEB_DIR", default_value = "web/dist")]
        web_dir: PathBuf,
        /// Start a new database empty instead of with the seed page's content.
        #[arg(long, env = "CHANCERY_EMPTY")]
        empty: bool,
        /// HTTP worker threads (default: one per core).
        #[arg(long, env = "CHANCERY_WORKERS")]
        workers: Option<usize>,
        /// Writes a minute allowed from one client address.
        #[arg(long, env = "CHANCERY_WRITES_PER_MINUTE", default_value_t = 60)]
        writes_per_minute: u32,
        /// The site's public URL (`https://host`): the only source of absolute links (feeds,
        /// sitemap) and, when https, of the cookie's Secure flag and HSTS. Without it, links
        /// use the bound address (a warning says so).
        #[arg(long, env = "CHANCERY_PUBLIC_URL")]
        public_url: Option<String>,
        /// A proxy (address or CIDR network) whose X-Forwarded-For names the client, for the
        /// rate limits and logs; repeat or comma-separate. Without one, only the socket counts.
        #[arg(long, env = "CHANCERY_TRUSTED_PROXY", value_delimiter = ',', value_parser = chancery_api::origin::parse_trusted_proxy)]
        trusted_proxy: Vec<ipnet::IpNet>,
        /// Seconds requests in flight may take to finish after SIGINT or SIGTERM.
        #[arg(long, env = "CHANCERY_SHUTDOWN_TIMEOUT", default_value_t = 30)]
        shutdown_timeout: u64,
        /// Searches that may scan their matches at once (default: a quarter of the database
        /// connections, at least one); more wait for a slot.
        #[arg(long, env = "CHANCERY_SEARCH_SLOTS")]
        search_slots: Option<usize>,
        /// Milliseconds one search may run in the database before it is stopped (a 503).
        #[arg(long, env = "CHANCERY_SEARCH_TIMEOUT_MS", default_value_t = 3000)]
        search_timeout_ms: u64,
    },
    /// Create or update the database schema, then exit.
    Migrate {
        /// Leave a new database empty instead of loading the seed page's content.
        #[arg(long, env = "CHANCERY_EMPTY")]
        empty: bool,
    },
    /// Add publications from a JSON array or NDJSON file (`-` for stdin); all or nothing.
    /// They come in as unfeatured drafts unless --publish.
    Import {
        file: PathBuf,
        /// Keep each record's status (published when absent) and `featured`.
        #[arg(long)]
        publish: bool,
        /// Check everything, the database included, and say what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write every publication as NDJSON (or a JSON array) that `import` reads.
    Export {
        /// Output file; standard output when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Write one JSON array instead of NDJSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the OpenAPI document as YAML (what `openapi.yaml` holds).
    Openapi,
    /// Manage staff users: add, list, change roles, disable, remove, reset passwords, sessions.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for machine clients.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Add synthetic publications for benchmarks.
    Seed {
        /// How many publications to add.
        #[arg(long)]
        synthetic: usize,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Openapi) {
        tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "info,actix_server=warn".into()),
            )
            .with_writer(std::io::stderr)
            .init();
    }
    let db = database(cli.database_url, &cli.data_dir)?;
    match cli.command {
        Command::Serve {
            bind,
            web_dir,
            empty,
            workers,
            writes_per_minute,
            public_url,
            trusted_proxy,
            shutdown_timeout,
            search_slots,
            search_timeout_ms,
        } => {
            let public_url = public_url
                .filter(|url| !url.is_empty())
                .map(|url| chancery_api::origin::parse_public_url(&url))
                .transpose()
                .context("--public-url")?;
            let settings = Settings {
                bind,
                database: db,
                web_dir,
                demo_content: !empty,
                workers,
                clock: Clock::system(),
                writes_per_minute,
                public_url,
                trusted_proxies: trusted_proxy,
                syndication: Default::default(),
                shutdown_timeout: std::time::Duration::from_secs(shutdown_timeout),
                search: chancery_api::search_gate::SearchLimits {
                    slots: search_slots,
                    time_budget: std::time::Duration::from_millis(search_timeout_ms),
                    ..Default::default()
                },
            };
            actix_web::rt::System::new().block_on(async {
                let app = build(settings)?;
                tracing::info!("serving on http://{}", app_address(&app));
                app.run_until_signalled().await?;
                tracing::info!("stopped");
                anyhow::Ok(())
            })
        }
        Command::Migrate { empty } => {
            prepare_database(&db, !empty, 1, &Clock::system())?;
            Ok(())
        }
        Command::Import {
            file,
            publish,
            dry_run,
        } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?
            };
            let records = import::parse(&text)?;
            let pool = prepare_database(&db, false, 1, &Clock::system())?;
            let options = import::Options { publish, dry_run };
            let report = import::import(&mut *pool.get()?, &records, options, &Clock::system())?;
            if dry_run {
                print!("{}", report.plan());
            }
            eprint!("{}", report.summary());
            Ok(())
        }
        Command::Export { output, json } => {
            let pool = prepare_database(&db, false, 1, &Clock::system())?;
            let mut out: Box<dyn std::io::Write> = match &output {
                Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let n = import::export(&mut *pool.get()?, &mut out, json)?;
            out.flush()?;
            eprintln!("exported {n} publications");
            Ok(())
        }
        Command::Openapi => {
            print!("{}", openapi::yaml()?);
            Ok(())
        }
        Command::User(command) => {
            let pool = prepare_database(&db, false, 1, &Clock::system())?;
            staff_cli::user(&mut *pool.get()?, command, &Clock::system())
        }
        Command::Token(command) => {
            let pool = prepare_database(&db, false, 1, &Clock::system())?;
            staff_cli::token(&mut *pool.get()?, command, &Clock::system())
        }
        Command::Seed { synthetic: count } => {
            let pool = prepare_database(&db, false, 1, &Clock::system())?;
            synthetic::seed(&mut *pool.get()?, count, &Clock::system())?;
            eprintln!("added {count} synthetic publications");
            Ok(())
        }
    }
}

fn app_address(app: &chancery_api::startup::Application) -> String {
    format!("127.0.0.1:{}", app.port())
}
