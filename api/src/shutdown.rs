//! Stopping gracefully. SIGINT (Ctrl-C) and SIGTERM (what service managers and container
//! runtimes send) both stop the server accepting connections and let requests in flight
//! finish, for up to the shutdown timeout, after which the rest are cut. actix's own handling
//! treats SIGINT as a forced stop, so the server turns it off (`disable_signals`) and listens
//! here instead. A second signal while waiting ends the process at once, for an operator who
//! will not wait.

use actix_web::dev::ServerHandle;

/// The signals that stop the server, registered as soon as this is made: a signal that came
/// before registration would kill the process outright.
#[cfg(unix)]
pub struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    /// Registers for SIGINT and SIGTERM; must run inside the runtime.
    pub fn register() -> std::io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// The name of the next signal received.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
        }
    }
}

/// Elsewhere only Ctrl-C is heard.
#[cfg(not(unix))]
pub struct Signals;

#[cfg(not(unix))]
impl Signals {
    pub fn register() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    async fn next(&mut self) -> &'static str {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

impl Signals {
    /// Waits for a signal, then stops `server` gracefully; a second signal exits at once.
    pub async fn stop_gracefully(mut self, server: ServerHandle, timeout_secs: u64) {
        let first = self.next().await;
        tracing::info!(
            signal = first,
            timeout_secs,
            "stopping: no new connections; finishing requests in flight (a second signal stops at once)"
        );
        tokio::select! {
            () = server.stop(true) => {}
            second = self.next() => {
                tracing::warn!(signal = second, "stopping at once; requests in flight are cut");
                // 128 + SIGINT, as a shell reports an interrupted command.
                std::process::exit(130);
            }
        }
    }
}
