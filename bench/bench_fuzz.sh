#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ (built in build-fuzz with clang; built
# here when needed) for SECONDS each: first over its committed corpus
# fuzz/corpus/<name> (every seed must pass), then fuzzing a scratch copy of
# it.  Prints, per target, the executions, executions per second, coverage
# (cov: edges, ft: features), the inputs found and the crashes, and fails
# when any target crashed, leaked, hung, ran out of memory or failed its
# checks.  `make fuzz` (and so `make test`) runs it with a short time.
#
# usage: bench/bench_fuzz.sh SECONDS [--merge] [TARGET...]
#   --merge   afterwards, add to fuzz/corpus/<name> the few inputs found that
#             bring the most new edges (see below), so the corpus stays small
#   TARGET    fuzz_notice, fuzz_csv, …; default: all
# Environment: FUZZ_JOBS targets at a time (default: the number of CPUs),
# FUZZ_BUILD the build directory (default build-fuzz).
set -euo pipefail
SECONDS_EACH=${1:?usage: bench_fuzz.sh SECONDS [--merge] [TARGET...]}
shift
MERGE=0
if [ "${1:-}" = --merge ]; then MERGE=1; shift; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build-fuzz}
JOBS=${FUZZ_JOBS:-$(nproc)}
cd "$ROOT"

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang cmake -S . -B "$BUILD" -DWEIBAO_FUZZ=ON -DWEIBAO_TESTS=OFF -DWEIBAO_WERROR=ON >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)" >/dev/null

if [ $# -gt 0 ]; then
  TARGETS=("$@")
else
  TARGETS=()
  # the targets: files with a fuzzing entry point (fuzz_db.c is a helper they share)
  for c in fuzz/fuzz_*.c; do
    grep -q LLVMFuzzerTestOneInput "$c" && TARGETS+=("$(basename "$c" .c)")
  done
fi
RUN=$BUILD/fuzz-run
mkdir -p "$RUN"

# run_one TARGET: replays the corpus, then fuzzes; logs and results in $RUN/TARGET.
run_one() {
  local t=$1 dir=$RUN/$1 rc=0
  local bin=$BUILD/fuzz/$t seeds=$ROOT/fuzz/corpus/${1#fuzz_}
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  [ -x "$bin" ] || { echo "no $bin" >"$dir/log"; echo 1 >"$dir/rc"; return; }
  [ -d "$seeds" ] || { echo "no corpus $seeds" >"$dir/log"; echo 1 >"$dir/rc"; return; }
  cp "$seeds"/* "$dir/corpus/"
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # 1. every committed seed, once
  "$bin" -runs=0 -detect_leaks=1 -timeout=10 -artifact_prefix="$dir/artifacts/" \
    "$seeds" >"$dir/replay.log" 2>&1 || rc=$?
  # 2. fuzzing from them, new inputs into the scratch copy
  if [ "$rc" -eq 0 ]; then
    "$bin" -max_total_time="$SECONDS_EACH" -detect_leaks=1 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
      "$dir/corpus" >"$dir/log" 2>&1 || rc=$?
  fi
  echo "$rc" >"$dir/rc"
}
export -f run_one
export BUILD RUN ROOT SECONDS_EACH

start=$(date +%s)
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_one {}'
elapsed=$(( $(date +%s) - start ))

# final_stat LOG NAME: a figure of libFuzzer's -print_final_stats
final_stat() { { grep -E "^stat::$2:" "$1" 2>/dev/null || true; } | awk '{ print $2 }' | tail -1; }

failed=0
printf '\n%-14s %6s %11s %8s %6s %7s %6s %8s %7s\n' target seeds executions exec/s cov ft found rss_mb crashes
for t in "${TARGETS[@]}"; do
  dir=$RUN/$t
  rc=$(cat "$dir/rc" 2>/dev/null || echo 1)
  seeds=$(ls "fuzz/corpus/${t#fuzz_}" 2>/dev/null | wc -l || true)
  crashes=$(ls "$dir/artifacts" 2>/dev/null | wc -l || true)
  last=$(grep -E '^#[0-9]+' "$dir/log" 2>/dev/null | tail -1 || true)
  execs=$(final_stat "$dir/log" number_of_executed_units)
  rate=$(final_stat "$dir/log" average_exec_per_sec)
  found=$(final_stat "$dir/log" new_units_added)
  rss=$(final_stat "$dir/log" peak_rss_mb)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  printf '%-14s %6s %11s %8s %6s %7s %6s %8s %7s\n' "$t" "$seeds" "${execs:--}" "${rate:--}" \
    "${cov:--}" "${ft:--}" "${found:--}" "${rss:--}" "$crashes"
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
    failed=1
    echo "--- $t FAILED (exit $rc); the end of its log (${dir#"$ROOT"/}):" >&2
    for f in "$dir/replay.log" "$dir/log"; do if [ -f "$f" ]; then tail -n 40 "$f" >&2; fi; done
    for a in "$dir"/artifacts/*; do [ -f "$a" ] && echo "    input: ${a#"$ROOT"/}" >&2; done
  fi
done
echo "$SECONDS_EACH s per target, $JOBS at a time: ${elapsed} s in all"

# --merge: libFuzzer's set-cover merge (edges only, -use_counters=0) records
# the edges of every input found; of those, the ones adding the most edges
# the committed corpus lacks are copied into it, at most FUZZ_MERGE_MAX
# (default 25) per target, as cov-<sha1>.
if [ "$MERGE" = 1 ] && [ "$failed" = 0 ]; then
  for t in "${TARGETS[@]}"; do
    seeds=fuzz/corpus/${t#fuzz_}
    rm -rf "$RUN/$t/merge-out" "$RUN/$t/merge.ctl"
    mkdir -p "$RUN/$t/merge-out"
    cp "$seeds"/* "$RUN/$t/merge-out/"
    "$BUILD/fuzz/$t" -set_cover_merge=1 -use_counters=0 -merge_control_file="$RUN/$t/merge.ctl" \
      "$RUN/$t/merge-out" "$RUN/$t/corpus" >"$RUN/$t/merge.log" 2>&1
    python3 - "$RUN/$t/merge.ctl" "$RUN/$t/merge.log" "$seeds" "${FUZZ_MERGE_MAX:-25}" <<'PY'
import hashlib, os, re, shutil, sys
ctl, log, seeds, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
edges = int(re.search(r'\((\d+) inline 8-bit counters\)', open(log).read()).group(1))
lines = open(ctl).read().splitlines()
nfiles, nfirst = int(lines[0]), int(lines[1])
files = lines[2:2 + nfiles]
cov = {}
for line in lines[2 + nfiles:]:
    if line.startswith('FT '):
        f = line.split()
        cov[int(f[1])] = {int(x) for x in f[2:] if int(x) < edges}
have = set().union(*(cov.get(i, set()) for i in range(nfirst)))
before = len(have)
picked = []
cand = [i for i in range(nfirst, nfiles) if i in cov]
while len(picked) < limit:
    best = max(cand, key=lambda i: (len(cov[i] - have), -os.path.getsize(files[i])), default=None)
    if best is None or not cov[best] - have:
        break
    have |= cov[best]
    cand.remove(best)
    picked.append(best)
for i in picked:
    data = open(files[i], 'rb').read()
    shutil.copyfile(files[i], os.path.join(seeds, 'cov-' + hashlib.sha1(data).hexdigest()[:16]))
print(f'merge {os.path.basename(seeds)}: {len(picked)} inputs added, edges {before} -> {len(have)}')
PY
  done
fi
[ "$failed" = 0 ] || { echo "bench_fuzz: a fuzz target failed" >&2; exit 1; }
