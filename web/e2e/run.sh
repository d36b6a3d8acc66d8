#!/usr/bin/env bash
# Browser tests of the reader in a real Chromium. The one entry point: run after `just web` has
# built web/dist and the api's debug binary exists. It installs what it lacks (Debian's
# Chromium, the npm packages), serves a fresh demo database on a free loopback port, runs
# web/e2e/tests/*.test.js against it and exits with the tests' exit code.
#
#   CHANCERY_BIN   the server binary (default: ${CARGO_TARGET_DIR:-target}/debug/chancery)
#   CHANCERY_WEB_DIR  the built reader (default: web/dist)
#   Screenshots land in target/screenshots/ (desktop 1280 px and phone 390 px of each page).
#   Arguments, if any, name the test files to run (e.g. tests/home.test.js); default: all.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."   # the repository root
e2e=web/e2e

as_root=()
if [ "$(id -u)" != 0 ]; then as_root=(sudo); fi

# Debian's Chromium; playwright never downloads a browser of its own here.
if [ ! -x /usr/bin/chromium ]; then
    echo "installing Chromium…" >&2
    apt_get=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    if ! "${apt_get[@]}" install -y -qq chromium > /dev/null 2>&1; then
        "${apt_get[@]}" update -qq > /dev/null
        "${apt_get[@]}" install -y -qq chromium > /dev/null
    fi
fi

# npm packages: installed from the lock file when missing or when the lock file changed.
stamp="$e2e/node_modules/.e2e-package-lock.sha256"
lock_sum=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$e2e/node_modules/playwright-core/package.json" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund)
    echo "$lock_sum" > "$stamp"
fi

bin="${CHANCERY_BIN:-${CARGO_TARGET_DIR:-target}/debug/chancery}"
web_dir="${CHANCERY_WEB_DIR:-web/dist}"
if [ ! -x "$bin" ]; then
    echo "e2e: no server binary at $bin (build it: cargo build -p chancery-api, or set CHANCERY_BIN)" >&2
    exit 1
fi
if [ ! -f "$web_dir/reader-assets" ]; then
    echo "e2e: no reader in $web_dir (build it: just web)" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/chancery-e2e.XXXXXX")
log="$tmp/server.log"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2> /dev/null; then
        kill -TERM "$server" 2> /dev/null || true
        for _ in $(seq 50); do kill -0 "$server" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$server" 2> /dev/null || true
        wait "$server" 2> /dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A fresh SQLite database under $tmp gets the demo content (the seed page) on start. Settings
# from the environment that would change that (another database, an empty start, a log filter
# that hides the "serving on" line) are cleared.
env -u DATABASE_URL -u CHANCERY_EMPTY -u CHANCERY_BIND -u CHANCERY_WORKERS -u CHANCERY_DATA_DIR \
    NO_COLOR=1 RUST_LOG="info,actix_server=warn" \
    "$bin" --data-dir "$tmp/data" serve --bind 127.0.0.1:0 --web-dir "$web_dir" \
    > "$log" 2>&1 &
server=$!

url=""
for _ in $(seq 300); do   # 30 s
    url=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | grep -o 'serving on http://[0-9.:]*' | head -1 | cut -d' ' -f3 || true)
    [ -n "$url" ] && break
    if ! kill -0 "$server" 2> /dev/null; then break; fi
    sleep 0.1
done
healthy() {
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "$url/api/v1/healthz"
}
ready=""
if [ -n "$url" ]; then
    for _ in $(seq 100); do   # 10 s
        if healthy; then ready=1; break; fi
        kill -0 "$server" 2> /dev/null || break
        sleep 0.1
    done
fi
if [ -z "$ready" ]; then
    echo "e2e: the server did not become ready (${url:-no address in its log}); its log:" >&2
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | tail -40 >&2
    exit 1
fi

rm -rf target/screenshots
mkdir -p target/screenshots

export CHANCERY_URL="$url"
# The server's data directory, so a test can add a staff user with `chancery user add`.
export CHANCERY_DATA_DIR="$tmp/data"
# Playwright colours its call logs unless told not to; keep logs and CI output plain.
if [ ! -t 1 ]; then export FORCE_COLOR=0; fi
status=0
# Arguments name test files to run instead of all of them (tests/home.test.js …).
if [ "$#" -gt 0 ]; then
    (cd "$e2e" && node --test --test-concurrency=1 "$@") || status=$?
else
    (cd "$e2e" && npm test --silent) || status=$?
fi
if [ "$status" != 0 ]; then
    # Server-side warnings and errors often explain a failing page.
    # (Only what it logged after it started serving, i.e. while the tests ran.)
    problems=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | sed -n '/serving on /,$p' \
        | grep -E ' (WARN|ERROR) ' | tail -20 || true)
    if [ -n "$problems" ]; then
        printf 'e2e: the server logged:\n%s\n' "$problems" >&2
    fi
    echo "e2e: screenshots in target/screenshots/" >&2
fi
exit "$status"
