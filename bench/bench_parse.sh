#!/usr/bin/env bash
# Throughput of `weibao plan parse` (whole process: read, parse, JSON to
# /dev/null) on a ~10 MB synthetic notice, next to `grep -c 责任` on the same
# file as the floor.  Builds nothing.
#
# usage: bench/bench_parse.sh /path/to/weibao [RUNS] [MEGABYTES]
# Uses hyperfine when installed, else a loop timed with /usr/bin/time (or
# bash's clock); reports medians.
set -euo pipefail
WEIBAO=${1:?usage: bench_parse.sh /path/to/weibao [runs] [megabytes]}
RUNS=${2:-10}
MB=${3:-10}
DIR=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d /tmp/weibao-bench-parse.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
FILE=$TMP/notice.txt

python3 "$DIR/gen_notice.py" "$FILE" "$MB"
BYTES=$(stat -c %s "$FILE")
# a correctness check, and the file in the page cache
"$WEIBAO" plan parse "$FILE" >"$TMP/out.json"
ITEMS=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(len(d["items"]))' "$TMP/out.json")
printf 'file: %s bytes, %s items, %s runs each\n' "$BYTES" "$ITEMS" "$RUNS"

# median_loop CMD… — median wall time in seconds of RUNS runs, stdout discarded
median_loop() {
  local t
  for _ in $(seq "$RUNS"); do
    if [ -x /usr/bin/time ]; then
      t=$( { /usr/bin/time -f '%e' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    else
      local s e
      s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
      t=$(python3 -c "print($e - $s)")
    fi
    echo "$t"
  done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$TMP/h.json" \
    "$WEIBAO plan parse $FILE" "grep -c 责任 $FILE" >"$TMP/hyperfine.txt"
  read -r PARSE GREP < <(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"], r[1]["median"])' "$TMP/h.json")
  TOOL="hyperfine"
else
  PARSE=$(median_loop "$WEIBAO" plan parse "$FILE")
  GREP=$(median_loop grep -c 责任 "$FILE")
  TOOL="/usr/bin/time loop"
fi

python3 - "$BYTES" "$PARSE" "$GREP" "$TOOL" <<'EOF'
import sys
size, parse, grep, tool = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
mb = size / 1e6
print(f"medians ({tool}):")
print(f"  weibao plan parse  {parse * 1000:8.1f} ms  {mb / parse:8.1f} MB/s")
print(f"  grep -c 责任        {grep * 1000:8.1f} ms  {mb / grep:8.1f} MB/s")
print("target: >= 50 MB/s for weibao plan parse:", "met" if mb / parse >= 50 else "NOT met")
EOF
