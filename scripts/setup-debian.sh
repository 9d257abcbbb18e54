#!/usr/bin/env bash
# Installs the Debian packages listed in debian-packages.txt that are missing.
# Runs as root on Debian 12; does nothing when everything is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
while read -r pkg; do
	case "$pkg" in ''|'#'*) continue ;; esac
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < debian-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The web pages' front-end packages (web/package.json, pinned by web/package-lock.json) go to
# web/node_modules, where the build takes the files it embeds. Debian's node only when there is
# no node at all (a newer one from elsewhere is fine); npm ci again when the lock file is newer
# than the last install (npm writes node_modules/.package-lock.json when it completes).
if ! command -v node >/dev/null 2>&1; then
	echo "setup: installing nodejs npm"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
	echo "setup: npm ci in web/"
	# Only files are needed from these packages: no install scripts run.
	(cd web && npm ci --no-audit --no-fund --ignore-scripts)
fi
# The browser tests' packages (tests/browser/package.json, pinned by its package-lock.json:
# playwright-core, which downloads no browser, and axe-core) go to tests/browser/node_modules
# the same way; the browser itself is Debian's chromium (debian-packages.txt).
if [ ! -d tests/browser/node_modules ] ||
    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
	echo "setup: npm ci in tests/browser/"
	(cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts)
fi
# The interoperability test's verifier (tests/interop/package.json, pinned by its package-lock.json:
# Digital Bazaar's vc, data-integrity, eddsa-jcs-2022, Bitstring Status List) the same way; the
# API suite runs it offline on credentials the server issued (tests/api/test_interop.py).
if [ ! -d tests/interop/node_modules ] ||
    [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
	echo "setup: npm ci in tests/interop/"
	(cd tests/interop && npm ci --no-audit --no-fund --ignore-scripts)
fi
