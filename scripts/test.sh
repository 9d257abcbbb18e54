#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with all warnings as errors, runs the
# unit tests (C), the API tests (a real server on a free port) and the browser tests (headless
# Chromium, plain build only), checks that the release build compiles, then builds again with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit and API tests once more.
# Ends with "N passed, N failed" (test cases) and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

# Adds the "N passed, N failed" counts printed by a test program to the totals; a program
# that failed without printing its counts counts as one failure.
count() {
	local name=$1 status=$2 out=$3 line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*, }; f=${f%% failed*}
	else
		p=0; f=0
	fi
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-28s %s passed, %s failed\n' "$name" "$p" "$f"
	if [ "$f" -ne 0 ]; then sed -n '1,80p' "$out" | grep -v '^ok ' | tail -n 40; fi
}

build() { # dir, extra meson args...
	local dir=$1; shift
	if [ ! -d "$dir" ]; then meson setup "$dir" --werror "$@" >"$log/setup-$dir" 2>&1 || { cat "$log/setup-$dir"; return 1; }; fi
	ninja -C "$dir" >"$log/build-$dir" 2>&1 || { tail -n 60 "$log/build-$dir"; return 1; }
}

suite() { # build dir, label
	local dir=$1 label=$2 t
	for t in "$dir"/tests/unit/test_* "$dir"/tests/fuzz/*_replay; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		timeout 300 "$t" >"$log/out" 2>&1; count "$label $(basename "$t")" $? "$log/out"
	done
	timeout 900 python3 tests/api/run.py --binary "$dir/passerelle" >"$log/out" 2>&1
	count "$label api" $? "$log/out"
}

# The pages in headless Chromium (tests/browser/README.md), against the plain build only.
# Without /usr/bin/chromium it is skipped, unless CI=true, where that is a failure.
browser() { # binary
	if [ ! -x /usr/bin/chromium ]; then
		if [ "${CI:-}" = "true" ]; then
			echo "plain browser: /usr/bin/chromium is missing (CI=true)"; failed=$((failed + 1))
		else
			printf '%-28s %s\n' "plain browser" "skipped, /usr/bin/chromium is not installed: 0 passed, 0 failed"
		fi
		return
	fi
	timeout 900 node tests/browser/run.mjs --binary "$1" --artifacts build/browser-artifacts >"$log/out" 2>&1
	count "plain browser" $? "$log/out"
	# count shows the start of a failed program's output; this one lists its failures at the end
	if [ "$(wc -l <"$log/out")" -gt 80 ] && grep -q '^failures (' "$log/out"; then
		sed -n '/^failures (/,$p' "$log/out" | head -n 45
	fi
}

if build build -Dbuildtype=debugoptimized; then
	suite build "plain"
	browser build/passerelle
else
	echo "build failed"; failed=$((failed + 1))
fi
# The demo and the benchmarks run the release build: it must compile as well (-O3 warns
# about things -O2 does not).
if build build-release --buildtype=release; then
	printf '%-28s %s\n' "release build" "1 passed, 0 failed"; passed=$((passed + 1))
else
	echo "release build failed"; failed=$((failed + 1))
fi
if build build-asan -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	suite build-asan "asan+ubsan"
else
	echo "sanitizer build failed"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
