#!/usr/bin/env bash
# Crash safety, the short version of bench/bench_crash.py: SIGKILL a loaded
# server (progress reports and divisions from several threads) and restart it;
# every write it acknowledged must be there and the audit chain must verify.
# 3 trials with `weibao user list`, `weibao audit verify` and `sqlite3 .backup`
# running on the same data meanwhile (they must not delete the server's WAL),
# 2 without; about 4 s of load each.
source "$(dirname "$0")/lib.sh"
src=${WEIBAO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN

crash() {
  local name=$1; shift
  expect_exit 0 "$name" python3 "$src/bench/bench_crash.py" --bin "$WEIBAO" --tmp "$TMP" --seconds 4 "$@"
  # the per-trial lines and the totals, as comments
  grep -E '^(trial |  |trials |concurrent )' "$OUT" | grep -v -E '^(trial  kill|-----)' | sed 's/^/  # /'
}

crash "3 trials with concurrent CLI: nothing acknowledged lost" --trials 3 --concurrent-cli on
assert "the server never held a deleted WAL" contains "$OUT" "deleted database file: 0;"
assert "the summary counts no lost write" contains "$OUT" "LOST 0;"
crash "2 trials without CLI: nothing acknowledged lost" --trials 2 --concurrent-cli off
assert "the audit chain verified after each restart" contains "$OUT" "audit chain verified in 2 of 2"

finish
