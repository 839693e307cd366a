#!/usr/bin/env bash
# GET /api/v1/me with a valid session under wrk -c64, side by side in the same
# run with nginx serving a static file of the same bytes from loopback.
#   bench/bench_api.sh [path/to/weibao] [runs] [seconds]
# Prints requests/s of each run, the medians and the ratio; errors must be 0.
set -euo pipefail
bin=${1:-build/weibao} runs=${2:-3} secs=${3:-10}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
WEIBAO_BENCH_DEPS=1 bash "$(dirname "$0")/../scripts/install-deps.sh"
tmp=$(mktemp -d /tmp/weibao-bench.XXXXXX)
chmod 755 "$tmp"
cleanup() { kill "$wpid" 2>/dev/null || true; [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pw="Bench-Tongxiang-2022"
WEIBAO_ADMIN_PASSWORD=$pw "$bin" init --data "$tmp/data" >/dev/null
wport=$(port)
"$bin" serve --data "$tmp/data" --listen "127.0.0.1:$wport" >"$tmp/weibao.log" 2>&1 &
wpid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$wport/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -X POST -H "Content-Type: application/json" -d "{\"username\":\"admin\",\"password\":\"$pw\"}" \
  "http://127.0.0.1:$wport/api/v1/session" | sed -n 's/^Set-Cookie: \(wb_session=[^;]*\).*/\1/p')
curl -s -H "Cookie: $cookie" "http://127.0.0.1:$wport/api/v1/me" > "$tmp/me.json"
bytes=$(wc -c < "$tmp/me.json")

mkdir -p "$tmp/www"
cp "$tmp/me.json" "$tmp/www/me.json"
chmod -R a+rX "$tmp/www"
nport=$(port)
cat > "$tmp/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/ct; proxy_temp_path $tmp/pt; fastcgi_temp_path $tmp/ft;
  uwsgi_temp_path $tmp/ut; scgi_temp_path $tmp/st;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
CONF
nginx -c "$tmp/nginx.conf"
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nport/me.json" >/dev/null && break; sleep 0.1; done

# wrk prints "Requests/sec: N" and, on errors, "Non-2xx or 3xx responses" / "Socket errors"
measure() {
  local out; out=$(wrk -t2 -c64 -d"${secs}s" "$@")
  local rps; rps=$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  local errs; errs=$(echo "$out" | grep -E "Non-2xx|Socket errors" || true)
  echo "$rps|${errs:-none}"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "weibao $("$bin" --version | cut -d' ' -f2), body $bytes bytes, wrk -t2 -c64 -d${secs}s, $runs runs each, alternating"
: > "$tmp/w" ; : > "$tmp/n"
for i in $(seq "$runs"); do
  r=$(measure -H "Cookie: $cookie" "http://127.0.0.1:$wport/api/v1/me")
  echo "run $i weibao /api/v1/me: ${r%%|*} req/s (errors: ${r#*|})"; echo "${r%%|*}" >> "$tmp/w"
  [ "${r#*|}" = none ] || { echo "weibao had errors" >&2; exit 1; }
  r=$(measure "http://127.0.0.1:$nport/me.json")
  echo "run $i nginx static:        ${r%%|*} req/s (errors: ${r#*|})"; echo "${r%%|*}" >> "$tmp/n"
done
wm=$(median < "$tmp/w"); nm=$(median < "$tmp/n")
echo "median weibao: $wm req/s; median nginx: $nm req/s; ratio: $(python3 -c "print(f'{$wm/$nm:.2f}')")"
