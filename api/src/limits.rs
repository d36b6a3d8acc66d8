//! Rate limits on writes: each client address (an IPv6 /64) may make a burst of writes, then a
//! steady number a minute; past that it gets 429 with `Retry-After`, so a runaway script or a guessing
//! attack cannot flood the database. Reads are never limited here (caches and CDNs absorb
//! them).

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use actix_web::ResponseError;

use crate::error::ApiError;
use crate::origin::Origin;

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
    fn check(&self, address: IpAddr) -> Option<u64> {
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

/// Answers 429 to writes over the limit; everything else passes straight through.
pub async fn limit_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Signing in has its own throttle (`throttle`), so guessing cannot spend the address's
    // write budget and lock its honest users out of writing.
    let signing_in = req.method() == Method::POST && req.path() == "/api/v1/session";
    let is_write =
        !signing_in && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let limiter = req.app_data::<web::Data<WriteLimiter>>().cloned();
    // The socket's address, or what a trusted proxy says of it; never a header any client
    // can write.
    let client = req
        .app_data::<web::Data<Origin>>()
        .and_then(|origin| origin.client_ip(req.peer_addr(), req.headers()));
    if let (true, Some(limiter), Some(client)) = (is_write, limiter, client)
        && let Some(seconds) = limiter.check(client)
    {
        let response = ApiError::TooManyRequests(seconds).error_response();
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
