#!/usr/bin/env bash
# The main job: install what is missing, build, create the database with its migrations and
# the demo data set if there is none, and serve on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
[ -d build-release ] || meson setup build-release --buildtype=release >/dev/null
ninja -C build-release >/dev/null
bin=build-release/passerelle
mkdir -p demo
conf=demo/passerelle.conf
if [ ! -f "$conf" ]; then
	key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	umask 077
	cat > "$conf" <<CONF
# passerelle demo configuration (created by scripts/demo.sh)
db = demo/passerelle.db
bind = 127.0.0.1
port = 8080
field_key = $key
CONF
fi
if [ ! -f demo/passerelle.db ]; then
	"$bin" --config "$conf" migrate
	"$bin" --config "$conf" seed --seed 1
else
	"$bin" --config "$conf" migrate
	"$bin" --config "$conf" seed --accounts
fi
exec "$bin" --config "$conf" serve
