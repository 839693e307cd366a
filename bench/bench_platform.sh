#!/usr/bin/env bash
# Figures of the platform foundation: clean build time, `weibao init` time,
# binary size, and `weibao serve` start-up time to the first answered request.
#   bench/bench_platform.sh [runs]
set -euo pipefail
runs=${1:-5}
cd "$(dirname "$0")/.."
WEIBAO_BENCH_DEPS=1 bash scripts/install-deps.sh
tmp=$(mktemp -d /tmp/weibao-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: > "$tmp/build"
for i in $(seq "$runs"); do
  rm -rf "$tmp/b"
  s=$(date +%s.%N)
  cmake -S . -B "$tmp/b" -DCMAKE_BUILD_TYPE=Release -DWEIBAO_TESTS=OFF >/dev/null
  cmake --build "$tmp/b" -j "$(nproc)" >/dev/null
  e=$(date +%s.%N)
  echo "$e - $s" | bc >> "$tmp/build"
done
echo "clean build (configure + compile, Release, -j$(nproc)): median $(median < "$tmp/build") s over $runs runs"
bin=$tmp/b/weibao
echo "binary size: $(stat -c %s "$bin") bytes ($(size "$bin" | awk 'NR==2 {print $1}') bytes of text)"

: > "$tmp/init"
for i in $(seq "$runs"); do
  rm -rf "$tmp/d"
  s=$(date +%s.%N)
  WEIBAO_ADMIN_PASSWORD=Bench-Tongxiang-2022 "$bin" init --data "$tmp/d" >/dev/null
  e=$(date +%s.%N)
  echo "($e - $s) * 1000" | bc >> "$tmp/init"
done
echo "weibao init (new SQLite database, defaults, admin): median $(median < "$tmp/init") ms over $runs runs"
python3 bench/startup.py "$bin" "$tmp/d" "$((runs * 2))" | tail -1
