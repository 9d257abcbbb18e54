#!/usr/bin/env bash
# Benchmark: durable training-agreement creates and agreement reads through the HTTP API
# under 64 concurrent connections (wrk), side by side with raw SQLite inserting the same rows
# one durable commit per row, in the same run. Prints figures and ratios.
# Usage: bench/run.sh [SECONDS]   (default 10 per measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
scripts/setup-debian.sh
[ -d build-release ] || meson setup build-release --buildtype=release >/dev/null
ninja -C build-release >/dev/null
bin=$PWD/build-release/passerelle
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export PASSERELLE_DB=$work/bench.db
export PASSERELLE_FIELD_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PASSERELLE_PASSWORD_HASH=fast
export PASSERELLE_LOG_LEVEL=${LOG_LEVEL:-info}
"$bin" migrate >/dev/null
"$bin" seed --persons 2000 --quiet >/dev/null
cp "$work/bench.db" "$work/raw.db"

"$bin" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.out" | cut -d: -f2)
url=http://127.0.0.1:$port

token() { # email -> bearer token
	curl -sf -c "$work/jar" -H 'Content-Type: application/json' \
		-d "{\"email\":\"$1\",\"password\":\"passerelle-demo-2026\"}" "$url/api/v1/session" >/dev/null
	curl -sf -b "$work/jar" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
		"$url/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
advisor=$(token advisor.province@demo.passerelle.ca)
auditor=$(token auditor@demo.passerelle.ca)
read -r persons smin smax <<<"$(sqlite3 "$work/bench.db" "SELECT (SELECT MAX(id) FROM persons), MIN(id), MAX(id) FROM organisations WHERE kind='sponsor'" | tr '|' ' ')"
cases=$(sqlite3 "$work/bench.db" "SELECT MAX(id) FROM cases")

run_wrk() { # script token label
	local out=$work/wrk-$3
	TOKEN=$2 PERSONS=$persons SPONSOR_MIN=$smin SPONSOR_MAX=$smax CASES=$cases \
		wrk -t2 -c64 -d"${secs}s" --latency -s "bench/$1" "$url" >"$out" 2>&1
	local rps non2xx p50 p99
	rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$out"); non2xx=${non2xx:-0}
	p50=$(awk '/^p50_ms/ {print $2}' "$out"); p99=$(awk '/^p99_ms/ {print $2}' "$out")
	echo "$rps $non2xx $p50 $p99"
}
before=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM cases")
read -r c_rps c_bad c_p50 c_p99 <<<"$(run_wrk create.lua "$advisor" create)"
after=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM cases")
groups=$(curl -s "$url/metrics" | awk '/^passerelle_store_write_groups_total/ {print $2}')
jobs=$(curl -s "$url/metrics" | awk '/^passerelle_store_write_jobs_total/ {print $2}')
read -r r_rps r_bad r_p50 r_p99 <<<"$(run_wrk read.lua "$auditor" read)"
rss=$(awk '/^VmHWM/ {print $2}' /proc/$server/status)
kill "$server"; wait "$server" 2>/dev/null || true; server=

read -r _ raw_rows _ raw_secs _ raw_rss <<<"$(build-release/bench/raw_sqlite "$work/raw.db" "$secs")"
raw_rps=$(python3 -c "print(f'{$raw_rows/$raw_secs:.0f}')")

python3 - "$c_rps" "$c_bad" "$c_p50" "$c_p99" "$r_rps" "$r_bad" "$r_p50" "$r_p99" "$raw_rps" \
	"$before" "$after" "$groups" "$jobs" "$secs" "$rss" "$raw_rss" <<'PY'
import sys
c_rps, c_bad, c_p50, c_p99, r_rps, r_bad, r_p50, r_p99, raw, before, after, groups, jobs, secs, rss, raw_rss = sys.argv[1:]
c_rps, r_rps, raw = float(c_rps), float(r_rps), float(raw)
created = int(after) - int(before)
print(f"passerelle bench ({secs}s each, 64 connections, wrk with 2 threads on the same 2-core machine)")
print(f"  creates  (POST /api/v1/agreements, durable): {c_rps:10.0f} /s   p50 {float(c_p50):6.2f} ms   p99 {float(c_p99):6.2f} ms   non-2xx {c_bad}   rows created {created}")
print(f"  reads    (GET /api/v1/agreements/{{id}}):       {r_rps:10.0f} /s   p50 {float(r_p50):6.2f} ms   p99 {float(r_p99):6.2f} ms   non-2xx {r_bad}")
print(f"  reference: raw SQLite, one durable commit per row (case + event): {raw:10.0f} rows/s")
g, j = float(groups or 0), float(jobs or 0)
if g:
    print(f"  group commit: {j:.0f} write jobs in {g:.0f} commits ({j/g:.1f} jobs per commit)")
print(f"  ratio creates / raw one-commit-per-row: {c_rps/raw:.2f}x")
print(f"  memory: server peak RSS {int(rss)/1024:.1f} MiB after both loads; raw SQLite program {int(raw_rss)/1024:.1f} MiB"
      f" (ratio {int(rss)/int(raw_rss):.1f}x)")
PY
