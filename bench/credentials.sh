#!/usr/bin/env bash
# Benchmark: public verification with COUNT certificates in the database, against nginx
# serving the very same bytes from files, in the same run:
#   - GET /api/v1/credentials/{public id}  the signed credential (application/vc), as a
#                                          verifier's software fetches it
#   - GET /en/v/{public id}                the verification page a printed QR code opens
# bench/cert_load fills a fresh database with COUNT public certificates (through the domain:
# persons, issued and signed certificates, the holders' choice to publish); NIDS public ids
# are picked at random and wrk asks for random ids of that set (verify.lua), so every request
# is a real look-up by public id in the big table, not one hot row. Each id's answer is
# fetched once and written under nginx's root at the same path, so nginx too serves NIDS
# different files. Both get the same connections, duration and request sequence.
# Reports requests/s, p50 and p99 per endpoint and server, the ratios, the database size and
# the server's peak resident memory.
# Usage: bench/credentials.sh [SECONDS] [COUNT]   (defaults 10 s per measurement, 1,000,000)
#   CONNS (64) connections, NIDS (10000) ids, BUILD (build-release) the release build dir,
#   KEEP=DIR keeps the loaded database in DIR and reuses it when it holds COUNT certificates
#   (loading a million takes a quarter of an hour on two cores).
# nginx-light is installed on demand (only the benchmarks use it).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
count=${2:-1000000}
conns=${CONNS:-64}
nids=${NIDS:-10000}
build=${BUILD:-build-release}
scripts/setup-debian.sh
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
[ -d "$build" ] || meson setup "$build" --buildtype=release >/dev/null
ninja -C "$build" >/dev/null
bin=$(cd "$build" && pwd)/passerelle
load=$(cd "$build" && pwd)/bench/cert_load
work=$(mktemp -d)
server= ngx=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	[ -n "$ngx" ] && kill "$ngx" 2>/dev/null && wait "$ngx" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# The database: fresh in the work dir, or kept in KEEP with its field key (the signing key is
# sealed with it) and reused when it already holds COUNT certificates.
data=${KEEP:-$work}
mkdir -p "$data"
if [ -n "${KEEP:-}" ] && [ -f "$data/bench.db" ] && [ "$(cat "$data/count" 2>/dev/null)" = "$count" ]; then
	echo "reusing $data/bench.db ($count certificates)"
else
	rm -f "$data/bench.db" "$data/bench.db-wal" "$data/bench.db-shm" "$data/count"
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$data/field_key"
fi
export PASSERELLE_DB=$data/bench.db
export PASSERELLE_FIELD_KEY=$(cat "$data/field_key")
export PASSERELLE_PASSWORD_HASH=fast
export PASSERELLE_LOG_LEVEL=warn
# (a kept database gets the migrations added since it was loaded)
"$bin" migrate >/dev/null
if [ ! -f "$data/count" ]; then
	"$load" --count "$count"
	echo "$count" >"$data/count"
fi
dbsize=$(du -cb "$data"/bench.db* | awk 'END {print $1}')

cores=$(nproc)
"$bin" serve --port 0 --threads "$cores" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 600); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.out" | cut -d: -f2 || true)
[ -n "$port" ] || { echo "the server did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
url=http://127.0.0.1:$port

# NIDS public ids at random, and each one's two answers saved where nginx will find them.
sqlite3 "$PASSERELLE_DB" "SELECT public_id FROM certificates WHERE public = 1 ORDER BY random() LIMIT $nids" >"$work/ids"
mkdir -p "$work/www/api/v1/credentials" "$work/www/en/v" "$work/ngx"
# nginx's workers run as nobody: they must be able to read the files (mktemp -d is 0700).
chmod 755 "$work"
python3 - "$port" "$work/ids" "$work/www" <<'EOF'
import http.client, sys
port, ids, root = int(sys.argv[1]), open(sys.argv[2]).read().split(), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
for prefix in ("/api/v1/credentials/", "/en/v/"):
    for i in ids:
        conn.request("GET", prefix + i)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"GET {prefix}{i}: {r.status}")
        with open(root + prefix + i, "wb") as f:
            f.write(body)
EOF

nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/ngx/nginx.conf" <<EOF
worker_processes $cores;
daemon off;
pid $work/ngx/nginx.pid;
error_log $work/ngx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nport;
		root $work/www;
		location /api/ { default_type application/vc; }
		location /en/ { default_type text/html; }
	}
}
EOF
nginx -c "$work/ngx/nginx.conf" -p "$work/ngx" &
ngx=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done

run_wrk() { # base-url prefix -> "rps non2xx p50 p99"
	local out=$work/wrk.out
	IDS=$work/ids PREFIX=$2 wrk -t2 -c"$conns" -d"${secs}s" -s bench/verify.lua "$1" >"$out" 2>&1
	local bad
	bad=$(awk '/Non-2xx/ {print $5}' "$out")
	echo "$(awk '/^Requests\/sec/ {print $2}' "$out") ${bad:-0} $(awk '/^p50_ms/ {print $2}' "$out") $(awk '/^p99_ms/ {print $2}' "$out")"
}

echo "passerelle public verification bench: $count certificates, $nids random public ids,"
echo "  ${secs}s each, wrk -t2 -c$conns on the same $cores-core machine, server --threads $cores, nginx $cores workers"
for prefix in /api/v1/credentials/ /en/v/; do
	size=$(cat "$work/www$prefix"* | wc -c)
	read -r s_rps s_bad s_p50 s_p99 <<<"$(run_wrk "$url" "$prefix")"
	read -r n_rps n_bad n_p50 n_p99 <<<"$(run_wrk "http://127.0.0.1:$nport" "$prefix")"
	python3 -c "
s, n = float('$s_rps'), float('$n_rps')
print(f'  GET {\"$prefix\"}{{id}}  (mean {int(\"$size\") / $nids:.0f} bytes)')
print(f'    passerelle {s:8.0f} /s  p50 {float(\"$s_p50\"):6.2f} ms  p99 {float(\"$s_p99\"):6.2f} ms  (non-2xx $s_bad)')
print(f'    nginx      {n:8.0f} /s  p50 {float(\"$n_p50\"):6.2f} ms  p99 {float(\"$n_p99\"):6.2f} ms  (non-2xx $n_bad)')
print(f'    ratio      {s / n:.2f}x requests/s, p99 {float(\"$s_p99\") / float(\"$n_p99\"):.1f}x nginx')"
	[ "$n_bad" = 0 ] || { echo "nginx answered $n_bad requests with an error: see $work/ngx/error.log" >&2; exit 1; }
done
rss=$(awk '/^VmHWM/ {print $2}' /proc/$server/status)
echo "  database $((dbsize / 1048576)) MiB (with WAL); server peak RSS $((rss / 1024)) MiB after the loads"
