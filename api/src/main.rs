//! The `chancery` command: serve the site, migrate, import and export publications, print the
//! OpenAPI document, and seed synthetic data.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use chancery_api::config::{Settings, database};
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
    },
    /// Create or update the database schema, then exit.
    Migrate {
        /// Leave a new database empty instead of loading the seed page's content.
        #[arg(long, env = "CHANCERY_EMPTY")]
        empty: bool,
    },
    /// Add publications from a JSON array or NDJSON file (`-` for stdin); all or nothing.
    Import { file: PathBuf },
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
        } => {
            let settings = Settings {
                bind,
                database: db,
                web_dir,
                demo_content: !empty,
                workers,
            };
            actix_web::rt::System::new().block_on(async {
                let app = build(settings)?;
                tracing::info!("serving on http://{}", app_address(&app));
                app.run_until_stopped().await?;
                tracing::info!("stopped");
                anyhow::Ok(())
            })
        }
        Command::Migrate { empty } => {
            prepare_database(&db, !empty, 1)?;
            Ok(())
        }
        Command::Import { file } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?
            };
            let records = import::parse(&text)?;
            let pool = prepare_database(&db, false, 1)?;
            let n = import::import(&mut *pool.get()?, &records)?;
            eprintln!("imported {n} publications");
            Ok(())
        }
        Command::Export { output, json } => {
            let pool = prepare_database(&db, false, 1)?;
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
        Command::Seed { synthetic: count } => {
            let pool = prepare_database(&db, false, 1)?;
            synthetic::seed(&mut *pool.get()?, count)?;
            eprintln!("added {count} synthetic publications");
            Ok(())
        }
    }
}

fn app_address(app: &chancery_api::startup::Application) -> String {
    format!("127.0.0.1:{}", app.port())
}
