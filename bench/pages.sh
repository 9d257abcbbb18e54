#!/usr/bin/env bash
# Benchmark: server-rendered pages against nginx serving the very same bytes from a file, in
# the same run. What it measures is the cost of rendering (catalogue lookups, the context-
# tracking HTML writer, the message catalogue, a signed-in page's session and user reads)
# over simply sending a page.
#   - /en/trades               the whole trade catalogue as a table (public, no database read)
#   - /en/trades?q=electricien an accent-insensitive search
#   - /fr/queue                an advisor's work queue (session cookie, database reads), also
#                              next to the JSON API's answer to the same query
# Each is fetched once with curl and written to a file nginx serves; then wrk loads the
# server and nginx in turn with the same connections and duration.
# Usage: bench/pages.sh [SECONDS]   (default 10 per measurement; needs nginx-light, installed
# here on demand because only this benchmark uses it)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
scripts/setup-debian.sh
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
[ -d build-release ] || meson setup build-release --buildtype=release >/dev/null
ninja -C build-release >/dev/null
bin=$PWD/build-release/passerelle
work=$(mktemp -d)
chmod 755 "$work"   # nginx's worker (nobody) must read the files it serves
server= ngx=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	[ -n "$ngx" ] && kill "$ngx" 2>/dev/null && wait "$ngx" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

export PASSERELLE_DB=$work/bench.db
export PASSERELLE_FIELD_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export PASSERELLE_PASSWORD_HASH=fast
export PASSERELLE_LOG_LEVEL=warn
"$bin" migrate >/dev/null
"$bin" seed --persons 2000 --quiet >/dev/null
"$bin" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 50); do grep -q listening "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.out" | cut -d: -f2)
url=http://127.0.0.1:$port

# The advisor's session cookie, from the API sign-in.
curl -sf -c "$work/jar" -H 'Content-Type: application/json' \
	-d '{"email":"advisor.province@demo.passerelle.ca","password":"passerelle-demo-2026"}' \
	"$url/api/v1/session" >/dev/null
cookie="psid=$(awk '$6 == "psid" {print $7}' "$work/jar")"

# nginx on a free port, serving copies of the pages.
mkdir -p "$work/www" "$work/ngx"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/ngx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $work/ngx/nginx.pid;
error_log $work/ngx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	server { listen 127.0.0.1:$nport; root $work/www; }
}
EOF
nginx -c "$work/ngx/nginx.conf" -p "$work/ngx" &
ngx=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done

rps() { # url [cookie]
	local out=$work/wrk.out
	if [ -n "${2:-}" ]; then
		wrk -t2 -c32 -d"${secs}s" -H "Cookie: $2" "$1" >"$out" 2>&1
	else
		wrk -t2 -c32 -d"${secs}s" "$1" >"$out" 2>&1
	fi
	local bad
	bad=$(awk '/Non-2xx/ {print $5}' "$out")
	echo "$(awk '/^Requests\/sec/ {print $2}' "$out") ${bad:-0}"
}

echo "passerelle pages bench (${secs}s each, 32 connections, wrk with 2 threads on the same 2-core machine)"
i=0
for spec in "/en/trades|" "/en/trades?q=electricien|" "/fr/queue|$cookie"; do
	path=${spec%%|*}; ck=${spec#*|}
	i=$((i + 1))
	if [ -n "$ck" ]; then curl -sf -H "Cookie: $ck" "$url$path" >"$work/www/p$i.html"
	else curl -sf "$url$path" >"$work/www/p$i.html"; fi
	size=$(wc -c <"$work/www/p$i.html")
	read -r s_rps s_bad <<<"$(rps "$url$path" "$ck")"
	read -r n_rps n_bad <<<"$(rps "http://127.0.0.1:$nport/p$i.html")"
	python3 -c "
s, n = float('$s_rps'), float('$n_rps')
print(f'  {\"$path\":28s} {int(\"$size\"):7d} bytes   passerelle {s:9.0f} /s (non-2xx $s_bad)   nginx same file {n:9.0f} /s   ratio {s/n:.2f}x')"
done
# The work queue's page next to the JSON API answering the same query: what the page adds
# to the domain's own work.
read -r a_rps _ <<<"$(rps "$url/api/v1/queue?limit=25" "$cookie")"
read -r q_rps _ <<<"$(rps "$url/fr/queue" "$cookie")"
python3 -c "print(f'  /fr/queue page {float(\"$q_rps\"):9.0f} /s   GET /api/v1/queue?limit=25 (same rows, JSON) {float(\"$a_rps\"):9.0f} /s   ratio {float(\"$q_rps\")/float(\"$a_rps\"):.2f}x')"
rss=$(awk '/^VmHWM/ {print $2}' /proc/$server/status)
echo "  memory: server peak RSS $((rss / 1024)) MiB after the loads"
