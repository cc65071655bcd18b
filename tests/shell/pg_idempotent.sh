#!/usr/bin/env bash
# scripts/pg must be idempotent: start twice, stop, start, and survive a stale postmaster.pid after a crash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pg="$root/scripts/pg"
failures=0
check() {
    local what="$1"; shift
    if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what"; failures=$((failures + 1)); fi
}
query_ok() { PGPASSWORD="$(cat "$root/.data/pg.password")" psql "$1" -tAc "SELECT 42" 2>/dev/null | grep -qx 42; }

url1="$("$pg" start 2>/dev/null)"
url2="$("$pg" start 2>/dev/null)"
check "start twice gives the same URL" test "$url1" = "$url2"
check "the cluster answers queries" query_ok "$url1"
check "it listens on 127.0.0.1 only" grep -q 'listen_addresses=127.0.0.1' "$root/.data/pg/postmaster.opts"
"$pg" stop 2>/dev/null
set +e; "$pg" status >/dev/null 2>&1; status_code=$?; set -e
check "status after stop reports not running (exit 3)" test "$status_code" -eq 3
url3="$("$pg" start 2>/dev/null)"
check "start after stop works" query_ok "$url3"

# A crash leaves postmaster.pid behind: kill the server hard, keep the file, start again.
pid="$(head -1 "$root/.data/pg/postmaster.pid")"
kill -9 "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
# Children may linger for a moment after the postmaster dies; wait until the port is free.
sleep 1
check "a stale postmaster.pid is left behind" test -f "$root/.data/pg/postmaster.pid"
url4="$("$pg" start 2>/dev/null)"
check "start after a crash works" query_ok "$url4"

if [ "$failures" -ne 0 ]; then echo "scripts/pg: $failures check(s) failed"; exit 1; fi
echo "scripts/pg: all checks passed"
