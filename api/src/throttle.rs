//! Sign-in throttling, apart from the write limit: failed attempts are counted per account
//! and per client network (an IPv4 address, or an IPv6 /64, which one subscriber usually
//! holds whole), and past a few free failures each further attempt must wait twice as long
//! as the last, up to a cap. A success clears both counts; counts are forgotten after a quiet
//! hour, and the map is pruned so that guessing from many addresses cannot grow it without
//! bound. Time comes from the caller (the injectable clock).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};

/// Failures an account may have before it must wait.
pub const FREE_PER_ACCOUNT: u32 = 5;
/// Failures one network may have before it must wait (several people may share one).
pub const FREE_PER_NETWORK: u32 = 20;
/// The longest wait between attempts.
pub const MAX_WAIT_SECONDS: i64 = 15 * 60;
/// Failures older than this, with none since, are forgotten.
pub const FORGET_AFTER_SECONDS: i64 = 60 * 60;
/// Past this many remembered keys, forgotten ones are swept out.
const PRUNE_ABOVE: usize = 10_000;

/// What is counted: an account name or a client network.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Network(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
}

/// Failed sign-ins per account and per network.
#[derive(Debug, Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<Key, Failures>>,
}

impl SignInThrottle {
    /// `None` if `name` may try to sign in from `client` at `now`, else the seconds to wait.
    pub fn wait(&self, name: &str, client: Option<IpAddr>, now: DateTime<Utc>) -> Option<u64> {
        let failures = self.lock();
        keys(name, client)
            .into_iter()
            .filter_map(|(key, free)| {
                let f = failures.get(&key)?;
                let until = f.last + backoff(f.count, free);
                (until > now).then(|| (until - now).num_seconds().max(1).unsigned_abs())
            })
            .max()
    }

    /// Records a failed attempt.
    pub fn failed(&self, name: &str, client: Option<IpAddr>, now: DateTime<Utc>) {
        let mut failures = self.lock();
        if failures.len() >= PRUNE_ABOVE {
            failures.retain(|_, f| !forgotten(f, now));
        }
        for (key, _) in keys(name, client) {
            let entry = failures.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            if forgotten(entry, now) {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// Clears the counts a successful sign-in proves were honest mistakes.
    pub fn succeeded(&self, name: &str, client: Option<IpAddr>) {
        let mut failures = self.lock();
        for (key, _) in keys(name, client) {
            failures.remove(&key);
        }
    }

    /// How many keys are remembered (for tests of the pruning).
    pub fn remembered(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Failures>> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The keys an attempt counts under, each with its free failures.
fn keys(name: &str, client: Option<IpAddr>) -> Vec<(Key, u32)> {
    let mut keys = vec![(Key::Account(account(name)), FREE_PER_ACCOUNT)];
    if let Some(ip) = client {
        keys.push((Key::Network(network(ip)), FREE_PER_NETWORK));
    }
    keys
}

/// Names are compared as people would type them.
fn account(name: &str) -> String {
    name.trim().to_lowercase()
}

/// An IPv4 address as it is; an IPv6 address cut to its /64.
pub fn network(ip: IpAddr) -> IpAddr {
    match crate::origin::canonical(ip) {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// The wait after `count` failures when `free` are free: none, then 1 s, 2 s, 4 s … capped.
fn backoff(count: u32, free: u32) -> Duration {
    match count.checked_sub(free) {
        None => Duration::zero(),
        Some(over) => {
            let seconds = 1_i64.checked_shl(over.min(30)).unwrap_or(MAX_WAIT_SECONDS);
            Duration::seconds(seconds.min(MAX_WAIT_SECONDS))
        }
    }
}

fn forgotten(f: &Failures, now: DateTime<Utc>) -> bool {
    now - f.last > Duration::seconds(FORGET_AFTER_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::seconds(1_700_000_000 + seconds)
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("ip"))
    }

    #[test]
    fn an_account_waits_longer_after_each_failure_past_the_free_ones() {
        let throttle = SignInThrottle::default();
        for n in 0..FREE_PER_ACCOUNT {
            assert_eq!(throttle.wait("maria", ip("192.0.2.1"), at(0)), None, "{n}");
            throttle.failed("maria", ip(&format!("192.0.2.{}", n + 1)), at(0));
        }
        assert_eq!(throttle.wait("Maria ", ip("198.51.100.9"), at(0)), Some(1));
        assert_eq!(throttle.wait("maria", None, at(1)), None);
        throttle.failed("maria", None, at(1));
        assert_eq!(throttle.wait("maria", None, at(1)), Some(2));
        throttle.failed("maria", None, at(3));
        assert_eq!(throttle.wait("maria", None, at(3)), Some(4));
        for n in 0..40 {
            throttle.failed("maria", None, at(4 + n));
        }
        assert_eq!(
            throttle.wait("maria", None, at(43)).map(|s| s as i64),
            Some(MAX_WAIT_SECONDS)
        );
        // Someone else is not held up, and a success clears the account.
        assert_eq!(throttle.wait("oleg", None, at(43)), None);
        throttle.succeeded("maria", None);
        assert_eq!(throttle.wait("maria", None, at(43)), None);
    }

    #[test]
    fn a_network_guessing_many_names_is_held_up_too() {
        let throttle = SignInThrottle::default();
        for n in 0..FREE_PER_NETWORK {
            throttle.failed(&format!("user{n}"), ip("2001:db8:1:2::10"), at(0));
        }
        // Another address in the same /64 shares the count; another /64 does not.
        assert_eq!(
            throttle.wait("fresh", ip("2001:db8:1:2:ffff::1"), at(0)),
            Some(1)
        );
        assert_eq!(throttle.wait("fresh", ip("2001:db8:1:3::1"), at(0)), None);
        assert_eq!(throttle.wait("fresh", ip("192.0.2.7"), at(0)), None);
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_hour_and_the_map_is_pruned() {
        let throttle = SignInThrottle::default();
        for n in 0..FREE_PER_ACCOUNT + 3 {
            throttle.failed("maria", None, at(i64::from(n)));
        }
        assert!(throttle.wait("maria", None, at(8)).is_some());
        assert_eq!(
            throttle.wait("maria", None, at(8 + FORGET_AFTER_SECONDS)),
            None
        );
        throttle.failed("maria", None, at(9 + FORGET_AFTER_SECONDS));
        assert_eq!(
            throttle.wait("maria", None, at(9 + FORGET_AFTER_SECONDS)),
            None,
            "counting starts again"
        );

        for n in 0..PRUNE_ABOVE {
            throttle.failed(&format!("guess{n}"), None, at(0));
        }
        assert!(throttle.remembered() >= PRUNE_ABOVE);
        throttle.failed("late", None, at(2 * FORGET_AFTER_SECONDS));
        assert!(throttle.remembered() < 10, "{}", throttle.remembered());
    }
}
