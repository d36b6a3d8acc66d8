//! Browser defences, set once on every response: a strict Content-Security-Policy (code only
//! from the site itself, WebAssembly allowed to compile, no inline script, no framing, no
//! plugins, no `<base>`), `nosniff`, a Referrer-Policy, a Permissions-Policy, a
//! Cross-Origin-Opener-Policy, and HSTS when the public URL is https. A handler that sets one
//! of these itself keeps its own (`middleware.rs` adds them).

use actix_web::http::header::{self, HeaderName, HeaderValue};

/// The policy for the reader, the staff area, the API and Swagger UI alike: every script,
/// style, image, font and request comes from this origin; `'wasm-unsafe-eval'` lets the
/// reader compile its WebAssembly and nothing else. Inline scripts and styles are refused
/// (the pages load theirs from files), which turns an injected `<script>` or `onerror=` into
/// inert text. `data:` images serve Swagger UI's icons.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; \
img-src 'self' data:; \
font-src 'self'; \
connect-src 'self'; \
manifest-src 'self'; \
object-src 'none'; \
base-uri 'none'; \
frame-ancestors 'none'; \
form-action 'self'";

/// Swagger UI's bundle injects one fixed stylesheet at run time; this is its hash, so that
/// stylesheet and nothing else inline is allowed there (a new Swagger UI version that injects
/// another fails the browser tests).
const SWAGGER_UI_STYLE: &str = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/// Browser features the site never uses, switched off for it and anything it might embed.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/// A year, as browsers' preload lists expect; subdomains are the mission's own business.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The headers every response carries (HSTS only over https).
pub fn defaults(https: bool, swagger_ui: bool) -> Vec<(HeaderName, HeaderValue)> {
    let policy = if swagger_ui {
        let policy = CONTENT_SECURITY_POLICY.replacen(
            "style-src 'self'",
            &format!("style-src 'self' {SWAGGER_UI_STYLE}"),
            1,
        );
        HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY))
    } else {
        HeaderValue::from_static(CONTENT_SECURITY_POLICY)
    };
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Older browsers without frame-ancestors.
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ));
    }
    headers
}
