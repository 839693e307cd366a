#!/usr/bin/env bash
# Slowloris: half-open connections trickling header lines from one address.
# The per-address connection limit keeps room for everyone else, the request
# head deadline closes them however they trickle (but not heads that arrived
# in time and wait for a busy worker), /healthz answers throughout; a trusted
# proxy is exempt from the limit.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Tongxiang-2022-Weibao"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN WEIBAO_USER_PASSWORD

LIMIT=100 TIMEOUT=3 ATTACKER=127.0.0.2
D=$TMP/data
expect_exit 0 "init" "$WEIBAO" init --data "$D"

# The attacker: keeps COUNT connections from SRC open (reopening closed ones
# once a second), each sent a partial request head and then one more header
# line every second.  Samples how many are open half a second after each
# reopening (the server has accepted or refused them by then) and prints
# key=value lines: max_open, reaped (lived TIMEOUT-0.5 s or more),
# min_reaped_ms / max_life_ms (lifetimes of those the server closed),
# overdue (still open at the end though older than TIMEOUT+2 s).
cat > "$TMP/slowloris.py" <<'EOF'
import resource, select, socket, sys, time
port, count, dur, src, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], float(sys.argv[5])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 256)), hard))
t0 = time.monotonic()
conns = {}          # fd -> [socket, opened, last line sent]
lives = []          # lifetimes (s) of connections the server closed
max_open, samples, failed_connects, n = 0, [], 0, 0

def close(fd, now):
    s, opened, _ = conns.pop(fd)
    lives.append(now - opened)
    s.close()

def open_one(now):
    global failed_connects, n
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
        s.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n")
    except OSError:
        s.close()
        failed_connects += 1
        return
    n += 1
    conns[s.fileno()] = [s, now, now]

next_refill, next_sample = t0, t0 + 0.5
while True:
    now = time.monotonic()
    if now - t0 >= dur:
        break
    if now >= next_refill:
        while len(conns) < count:
            open_one(time.monotonic())
        next_refill += 1
        next_sample = now + 0.5
    if now >= next_sample:
        samples.append(len(conns))
        max_open = max(max_open, len(conns))
        next_sample = float("inf")
    p = select.poll()
    for fd in conns:
        p.register(fd, select.POLLIN)
    for fd, ev in p.poll(50):
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
        if now - last >= 1.0:
            try:
                s.send(b"X-Trickle-%d: x\r\n" % int(now - t0))
                conns[fd][2] = now
            except BlockingIOError:
                pass
            except OSError:
                close(fd, now)

now = time.monotonic()
overdue = sum(1 for s, opened, _ in conns.values() if now - opened > timeout + 2)
reaped = [l for l in lives if l >= timeout - 0.5]
print("connections=%d" % n)
print("failed_connects=%d" % failed_connects)
print("max_open=%d" % max_open)
print("samples=%s" % ",".join(map(str, samples)))
print("reaped=%d" % len(reaped))
print("min_reaped_ms=%d" % (min(reaped) * 1000 if reaped else 0))
print("max_life_ms=%d" % (max(lives) * 1000 if lives else 0))
print("overdue=%d" % overdue)
EOF

# kv FILE KEY — the value of KEY=… in FILE.
kv() { sed -n "s/^$2=//p" "$1"; }

# start_server — (re)starts serve on a fresh port with $D/weibao.conf.
start_server() {
  port=$(free_port)
  "$WEIBAO" serve --data "$D" --listen "127.0.0.1:$port" > "$TMP/serve.out" 2>&1 &
  server=$!
  wait_http "http://127.0.0.1:$port/healthz"
}

stop_server() {
  kill -TERM "$server" 2>/dev/null
  wait "$server"
}

# probe_during SECONDS OUTFILE — /healthz every half second while the attack
# runs; one "CODE TIME" line per probe.
probe_during() {
  local end=$((SECONDS + $1))
  : > "$2"
  sleep 1
  while [ "$SECONDS" -lt "$end" ]; do
    curl -s -o /dev/null --max-time 2 -w '%{http_code} %{time_total}\n' \
      "http://127.0.0.1:$port/healthz" >> "$2" || echo "000 2" >> "$2"
    sleep 0.5
  done
}

# --- an untrusted address: limited and reaped; /healthz answers ------------------
cat > "$D/weibao.conf" <<EOF
address_connection_limit = $LIMIT
header_timeout_seconds = $TIMEOUT
connection_limit = 300
EOF
assert "server starts" start_server
python3 "$TMP/slowloris.py" "$port" 400 9 "$ATTACKER" "$TIMEOUT" > "$TMP/attack.out" &
attack=$!
probe_during 8 "$TMP/probes"
wait "$attack"
sed 's/^/  # /' "$TMP/attack.out"
probes=$(wc -l < "$TMP/probes")
ok=$(grep -c '^200 ' "$TMP/probes")
echo "  # healthz: $ok of $probes answered 200; slowest $(sort -k2 -n "$TMP/probes" | tail -1 | cut -d' ' -f2) s"
assert "healthz probed during the attack" test "$probes" -ge 8
assert "every healthz probe answered 200" test "$ok" -eq "$probes"
assert "the attacker opened connections" test "$(kv "$TMP/attack.out" connections)" -ge 400
assert "open attacker connections never exceed the limit" \
  test "$(kv "$TMP/attack.out" max_open)" -le $((LIMIT + 4))
assert "the server held about the limit" test "$(kv "$TMP/attack.out" max_open)" -ge $((LIMIT / 2))
assert "trickling connections were closed by the deadline" test "$(kv "$TMP/attack.out" reaped)" -ge $LIMIT
assert "none was closed before the deadline" \
  test "$(kv "$TMP/attack.out" min_reaped_ms)" -ge $((TIMEOUT * 1000 - 500))
assert "every one within header_timeout + 2 s" \
  test "$(kv "$TMP/attack.out" max_life_ms)" -le $(((TIMEOUT + 2) * 1000))
assert "none left open past the deadline" test "$(kv "$TMP/attack.out" overdue)" -eq 0

# --- keep-alive and slow bodies, from another address ------------------------------
# After a response the next head is due within the timeout (trickling does not
# help); a head that arrived whole is not reaped while its body trickles.
cat > "$TMP/keepalive.py" <<'EOF'
import select, socket, sys, time
port = int(sys.argv[1])
ka = socket.create_connection(("127.0.0.1", port))
ka.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
got = b""
while b"\r\n\r\n" not in got:
    got += ka.recv(4096)
done = time.monotonic()
print("first=%s" % got.split(b" ")[1].decode())
body = b'{"login":"nobody","password":"x"}'
slow = socket.create_connection(("127.0.0.1", port))
slow.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
time.sleep(1)
ka.sendall(b"GET /healthz HTTP/1.1\r\n")
ka.setblocking(False)
ka_closed = None
for i in range(6):               # 6 s: body and header lines, one piece a second
    slow.sendall(body[i * 6:(i + 1) * 6])
    try:
        ka.sendall(b"X-Trickle: %d\r\n" % i)
    except OSError:
        pass
    tick = time.monotonic() + 1
    while time.monotonic() < tick:
        if ka_closed is not None or not select.select([ka], [], [], tick - time.monotonic())[0]:
            time.sleep(max(0, tick - time.monotonic()))
            continue
        try:
            if ka.recv(4096) == b"":
                ka_closed = time.monotonic() - done
        except BlockingIOError:
            pass
        except OSError:
            ka_closed = time.monotonic() - done
slow.sendall(body[36:])
slow.settimeout(5)
reply = slow.recv(4096)
print("keepalive_closed_ms=%d" % (ka_closed * 1000 if ka_closed is not None else -1))
print("slow_reply=%s" % (reply.split(b" ")[1].decode() if reply.startswith(b"HTTP/1.1 ") else "none"))
EOF
python3 "$TMP/keepalive.py" "$port" > "$TMP/ka.out" 2>&1
sed 's/^/  # /' "$TMP/ka.out"
assert "keep-alive: first request answered" test "$(kv "$TMP/ka.out" first)" = 200
ka_ms=$(kv "$TMP/ka.out" keepalive_closed_ms)
assert "keep-alive: a trickled next head is closed by the deadline" \
  test "${ka_ms:--1}" -ge $((TIMEOUT * 1000 - 500)) -a "${ka_ms:--1}" -le $(((TIMEOUT + 2) * 1000))
assert "a slow body after a whole head is answered, not reaped" \
  test "$(kv "$TMP/ka.out" slow_reply)" != none -a -n "$(kv "$TMP/ka.out" slow_reply)"
stop_server
assert "serve exits 0 after the attack" test $? -eq 0

# --- a trusted proxy is exempt from the per-address limit ---------------------------
echo "trusted_proxies = $ATTACKER" >> "$D/weibao.conf"
assert "server starts with a trusted proxy" start_server
python3 "$TMP/slowloris.py" "$port" 200 4 "$ATTACKER" "$TIMEOUT" > "$TMP/attack.out" &
attack=$!
probe_during 3 "$TMP/probes"
wait "$attack"
sed 's/^/  # /' "$TMP/attack.out"
assert "the trusted proxy holds more than the limit" \
  test "$(kv "$TMP/attack.out" max_open)" -gt $((LIMIT + 50))
assert "its trickling connections are still closed by the deadline" \
  test "$(kv "$TMP/attack.out" max_life_ms)" -le $(((TIMEOUT + 2) * 1000))
assert "healthz answered 200 meanwhile" test "$(grep -vc '^200 ' "$TMP/probes")" -eq 0
stop_server
assert "serve exits 0" test $? -eq 0

# --- heads that arrive in time but wait for a busy worker are not reaped ------------
# One worker, a 1 s deadline: 40 connections are accepted, then all send a
# sign-in at once; each costs the worker an argon2id hash, so the last heads
# wait in their sockets for seconds, through no fault of the clients.
cat > "$D/weibao.conf" <<EOF
threads = 1
header_timeout_seconds = 1
login_ip_limit = 1000
EOF
cat > "$TMP/busy.py" <<'EOF'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(0.3)                       # all accepted, nothing sent yet
for i, s in enumerate(conns):
    body = b'{"username":"nobody%d","password":"wrong-password-1"}' % i
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
t0, answered = time.monotonic(), 0
for s in conns:
    s.settimeout(30)
    try:
        answered += s.recv(4096).startswith(b"HTTP/1.1 ")
    except OSError:
        pass
print("answered=%d" % answered)
print("last_ms=%d" % ((time.monotonic() - t0) * 1000))
EOF
assert "server starts with one worker" start_server
python3 "$TMP/busy.py" "$port" 40 > "$TMP/busy.out" 2>&1
sed 's/^/  # /' "$TMP/busy.out"
assert "every queued sign-in was answered" test "$(kv "$TMP/busy.out" answered)" = 40
stop_server
assert "serve exits 0" test $? -eq 0

finish
