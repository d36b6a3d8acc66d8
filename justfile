# Chancery's development loop. `just run` serves the whole site; `just test` runs every test.
# Both install what they need (wasm32 target, Chromium later, PostgreSQL) when it is missing.

set shell := ["bash", "-euo", "pipefail", "-c"]

import 'web/web.just'
import 'api/bench.just'

# Where PostgreSQL for tests lives when none is reachable (outside the clone; reused).
pg_dir := env_var_or_default("CHANCERY_PG_DIR", "/var/tmp/chancery-pg")
pg_port := env_var_or_default("CHANCERY_PG_PORT", "54329")

# List the recipes
default:
    @just --list

# Build the reader and serve the whole site on http://127.0.0.1:8080 (SQLite under ./data, demo content on first run)
run: _native-deps web
    cargo build --release -q -p chancery-api
    "${CARGO_TARGET_DIR:-target}/release/chancery" serve

# Development loop: serve on :8080 and rebuild the reader whenever web/ or shared/ changes; reload the page to see it
dev: web
    #!/usr/bin/env bash
    set -euo pipefail
    command -v inotifywait > /dev/null || apt-get install -y -qq inotify-tools > /dev/null
    cargo build -q -p chancery-api
    "${CARGO_TARGET_DIR:-target}/debug/chancery" serve &
    server=$!
    trap 'kill $server' EXIT
    while inotifywait -qq -r -e modify,create,delete,move web/src web/admin.html web/style.css web/boot.js web/staff.js shared/src; do
        just web || true
    done

# Every test: formatting, lints, unit and integration tests on SQLite and PostgreSQL, the OpenAPI drift check, the reader in Chromium
test: lint
    #!/usr/bin/env bash
    set -euo pipefail
    cargo test --workspace --exclude chancery-web --exclude chancery-bindgen -q
    # The reader's own unit tests, natively, as the server compiles it.
    cargo test -q -p chancery-web --features ssr --lib
    export CHANCERY_TEST_PG_URL="${CHANCERY_TEST_PG_URL:-$(just _pg-url)}"
    CHANCERY_TEST_DATABASE=postgres cargo test -q -p chancery-api --test api
    just web > /dev/null
    cargo build -q -p chancery-api
    web/e2e/run.sh

# rustfmt, clippy (native crates, the wasm reader and its staff bundle) with warnings as errors, and the check that no source files import each other in a circle
lint: _native-deps _web-wasm32-target
    cargo fmt --all --check
    cargo test -q -p chancery-api --test modules
    cargo clippy -q --all-targets -- -D warnings
    cargo clippy -q -p chancery-web --target wasm32-unknown-unknown --features hydrate -- -D warnings
    cargo clippy -q -p chancery-web --target wasm32-unknown-unknown --features staff -- -D warnings

# Regenerate openapi.yaml from the code
openapi:
    cargo run -q -p chancery-api -- openapi > openapi.yaml

# Install the C library the server links (libpq, for PostgreSQL) unless it is there already
_native-deps:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! command -v dpkg > /dev/null || dpkg -s libpq-dev > /dev/null 2>&1; then exit 0; fi
    as_root=()
    if [ "$(id -u)" != 0 ]; then as_root=(sudo); fi
    echo "installing libpq-dev…" >&2
    "${as_root[@]}" apt-get install -y -qq libpq-dev > /dev/null 2>&1 \
        || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq libpq-dev > /dev/null; }

# Print a PostgreSQL URL for tests, starting a private server under {{pg_dir}} when none answers
_pg-url:
    #!/usr/bin/env bash
    set -euo pipefail
    url="postgres://postgres@127.0.0.1:{{pg_port}}/postgres"
    if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
        echo "installing PostgreSQL…" >&2
        (apt-get install -y -qq postgresql > /dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql; }) >&2
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if "$bin/pg_isready" -q -h 127.0.0.1 -p {{pg_port}}; then echo "$url"; exit 0; fi
    # PostgreSQL refuses to run as root; run it as the `postgres` user the package creates.
    as_owner=()
    if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi
    mkdir -p "{{pg_dir}}"
    [ "$(id -u)" = 0 ] && chown postgres "{{pg_dir}}"
    if [ ! -f "{{pg_dir}}/PG_VERSION" ]; then
        "${as_owner[@]}" "$bin/initdb" -D "{{pg_dir}}" -U postgres --auth=trust -E UTF8 > /dev/null
    fi
    "${as_owner[@]}" "$bin/pg_ctl" -D "{{pg_dir}}" -l "{{pg_dir}}/server.log" -w -o \
        "-p {{pg_port}} -k {{pg_dir}} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
        start > /dev/null
    echo "$url"

# Stop the private PostgreSQL server, if it runs
pg-stop:
    #!/usr/bin/env bash
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "{{pg_dir}}" stop; else "$bin/pg_ctl" -D "{{pg_dir}}" stop; fi
