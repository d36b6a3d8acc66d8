//! Rate limits on writes: each client address (an IPv6 /64) may make a burst of writes, then a
//! steady number a minute; past that it gets 429 with `Retry-After`, so a runaway script or a guessing
//! attack cannot flood the database. Reads are never limited here (caches and CDNs absorb
//! them).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Past this many remembered addresses, those with a full budget again are dropped.
const PRUNE_ABOVE: usize = 10_000;

/// Writes allowed per client address: `per_minute` steadily, all of them at once as a burst.
pub struct WriteLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl WriteLimiter {
    /// A limiter allowing `per_minute` writes a minute per address (at least one).
    pub fn per_minute(per_minute: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        WriteLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// `None` if `address` may write now, else how many seconds until it may. An IPv6
    /// address counts by its /64, which one subscriber usually holds whole.
    pub fn check(&self, address: IpAddr) -> Option<u64> {
        // Keys whose budget has refilled carry no information; sweeping them keeps many
        // addresses from growing the map without bound.
        if self.limiter.len() > PRUNE_ABOVE {
            self.limiter.retain_recent();
        }
        let key = crate::throttle::network(address);
        self.limiter.check_key(&key).err().map(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}
