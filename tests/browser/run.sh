#!/usr/bin/env bash
# Browser tests of the web UI against a real weibao server.
#
#   tests/browser/run.sh WEIBAO_BINARY
# WEIBAO_BROWSER_TESTS="answers plan" runs only those files (by name, no suffix).
#
# Needs /usr/bin/chromium (apt-get install -y chromium; fonts-noto-cjk for
# readable screenshots) and a built UI in web/dist (cd web && npm ci &&
# npm run build). Starts `WEIBAO_BINARY serve` on a free loopback port with a
# temporary data directory, runs the tests with node's test runner, stops the
# server and exits with the test runner's status. Screenshots go to
# tests/browser/screenshots/ (SCREENSHOT_DIR overrides).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if [ $# -ne 1 ]; then
	echo "usage: $0 WEIBAO_BINARY" >&2
	exit 2
fi
bin=$(realpath "$1") || exit 2
if [ ! -x "$bin" ]; then
	echo "run.sh: $1 is not an executable" >&2
	exit 2
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "run.sh: no ${CHROMIUM:-/usr/bin/chromium}: apt-get install -y chromium" >&2
	exit 2
fi
if [ ! -f "$repo/web/dist/index.html" ]; then
	echo "run.sh: no web/dist/index.html: cd web && npm ci && npm run build" >&2
	exit 2
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && npm ci --no-audit --no-fund) || exit 2
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/weibao-browser.XXXXXX")
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# a strong password for this run only (not containing "admin")
password="Tb-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
url="http://127.0.0.1:$port"
server_pid=

cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# admin signs in with its password alone in every test file: nobody must use
# two-factor sign-in on this server (totp.test.mjs starts one of its own that
# requires it of administrators, on the same database)
printf '# written by tests/browser/run.sh\ntotp_required_permissions =\n' >"$data/weibao.conf"
WEIBAO_ADMIN_PASSWORD="$password" "$bin" serve --data "$data" --listen "127.0.0.1:$port" \
	--web "$repo/web/dist" >"$data/server.log" 2>&1 &
server_pid=$!

# wait (at most 30 s) for GET /healthz
ready=0
for _ in $(seq 1 150); do
	if ! kill -0 "$server_pid" 2>/dev/null; then
		break
	fi
	if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url/healthz" 2>/dev/null; then
		ready=1
		break
	fi
	sleep 0.2
done
if [ "$ready" != 1 ]; then
	echo "run.sh: weibao did not answer $url/healthz; its output:" >&2
	cat "$data/server.log" >&2
	exit 1
fi
echo "run.sh: weibao serving $url (data in $data)"

cd "$here"
WEIBAO_URL="$url" WEIBAO_ADMIN_PASSWORD="$password" WEIBAO_BIN="$bin" WEIBAO_DATA="$data" \
	SCREENSHOT_DIR="${SCREENSHOT_DIR:-$here/screenshots}" \
	node --test --test-concurrency=1 $(if [ -n "${WEIBAO_BROWSER_TESTS:-}" ]; then
		for f in $WEIBAO_BROWSER_TESTS; do echo "./$f.test.mjs"; done
	else echo ./*.test.mjs; fi)
status=$?

if [ "$status" != 0 ]; then
	echo "run.sh: tests failed; last lines of the server's output:" >&2
	tail -n 40 "$data/server.log" >&2
fi
exit "$status"
