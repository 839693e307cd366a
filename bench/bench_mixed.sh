#!/usr/bin/env bash
# Mixed load under wrk: 80% GET /api/v1/tasks (the county ledger with a few
# filters, sorts and pages), 10% GET /api/v1/me, 10% POST
# /api/v1/tasks/{id}/reports as a unit liaison (cookie, CSRF header, JSON body),
# against a fresh server with the 2022 work plan imported.
#   bench/bench_mixed.sh [path/to/weibao] [seconds] [connections] [wrk threads]
# Defaults: build/weibao, 60 s, 256 connections, 2 threads (wrk --timeout 10s).
# Prints wrk's report, then req/s, latency percentiles, answers by status,
# socket errors and timeouts ("mixed:" lines, bench/mixed.lua), the server's
# resident memory (VmRSS of /proc/PID/status) before the load, every 5 s
# during it and at its end, and checks afterwards that the server still
# answers and `weibao audit verify` passes.  The admin signs in with its
# password alone (`totp_required_permissions =` in the bench's weibao.conf).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/weibao} secs=${2:-60} conns=${3:-256} threads=${4:-2}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "bench_mixed: no weibao binary at $bin" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || WEIBAO_BENCH_DEPS=1 bash "$here/../scripts/install-deps.sh"

tmp=$(mktemp -d /tmp/weibao-mixed.XXXXXX)
wpid= kpid= spid=
cleanup() {
  for p in $spid $kpid $wpid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
pw="Crash-test-Tongxiang-2022"
export WEIBAO_ADMIN_PASSWORD=$pw
"$bin" init --data "$tmp/data" >/dev/null
# by default administrators must set up two-factor sign-in before anything else
printf 'totp_required_permissions =\n' >>"$tmp/data/weibao.conf"
"$bin" plan import "$here/../data/tongxiang-2022-workplan.txt" --data "$tmp/data" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$bin" serve --data "$tmp/data" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
wpid=$!
for _ in $(seq 200); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fs "$url/healthz" >/dev/null || { echo "bench_mixed: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }

python3 "$here/bench_crash.py" --setup-only --url "$url" --password "$pw" >"$tmp/setup.json"
get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))' "$tmp/setup.json" "$1"; }
export WB_ADMIN_COOKIE WB_LIAISON_COOKIE WB_LIAISON_CSRF WB_TASKS WB_UNIT
WB_ADMIN_COOKIE=$(get 'admin["cookie"]')
WB_LIAISON_COOKIE=$(get 'liaison["cookie"]')
WB_LIAISON_CSRF=$(get 'liaison["csrf"]')
WB_UNIT=$(get 'liaison["unit_id"]')
WB_TASKS=$(get '",".join(map(str, task_ids))')

echo "weibao $("$bin" --version | cut -d' ' -f2), $(nproc) cores; wrk -t$threads -c$conns -d${secs}s --timeout 10s;" \
  "80% ledger / 10% me / 10% reports on tasks $WB_TASKS of unit $WB_UNIT"
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$wpid/status" 2>/dev/null; }
rss_start=$(rss)
(while sleep 5; do rss; done) >"$tmp/rss" 2>/dev/null &
spid=$!
# in the background so that a signal to this script ends the run at once
wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$here/mixed.lua" "$url" >"$tmp/wrk.out" 2>&1 &
kpid=$!
wait "$kpid" || { cat "$tmp/wrk.out"; echo "mixed: wrk failed" >&2; exit 1; }
kpid=
rss_end=$(rss)
kill "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true
spid=
cat "$tmp/wrk.out"
peak=$( (cat "$tmp/rss"; echo "${rss_end:-0}") | sort -n | tail -n 1)
echo "mixed: server RSS ${rss_start:-?} KiB before the load, ${rss_end:-?} KiB at its end," \
  "peak ${peak:-?} KiB; every 5 s: $(tr '\n' ' ' <"$tmp/rss")"

status=0
if ! kill -0 "$wpid" 2>/dev/null || ! curl -fs "$url/healthz" >/dev/null; then
  echo "mixed: the server died or stopped answering under load" >&2
  tail -n 20 "$tmp/serve.log" >&2
  status=1
fi
kill "$wpid" 2>/dev/null || true
wait "$wpid" 2>/dev/null || true
wpid=
if "$bin" audit verify --data "$tmp/data" >"$tmp/verify.out" 2>&1; then
  echo "mixed: audit chain verified after the run ($(head -n 1 "$tmp/verify.out"))"
else
  echo "mixed: audit verify FAILED: $(cat "$tmp/verify.out")" >&2
  status=1
fi
grep -q '^mixed: requests' "$tmp/wrk.out" || { echo "mixed: wrk printed no summary" >&2; status=1; }
exit $status
