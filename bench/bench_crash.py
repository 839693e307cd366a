#!/usr/bin/env python3
"""Crash test: every write the server acknowledges must survive SIGKILL.

Each trial: a fresh data directory (`weibao init`, the 2022 work plan
imported), `weibao serve` on a free loopback port, a unit liaison created
through the API who signs for their unit's tasks; then several threads write
for about --seconds (progress reports as the liaison, village divisions as the
admin) while, with --concurrent-cli on, `weibao user list`, `weibao audit
verify` and `sqlite3 DB ".backup …"` run on the same data in a loop.  At a
random-ish point the server gets SIGKILL, is started again, and every write
that got a 2xx answer is looked up (report markers in the task timelines,
division codes in the division tree); `weibao audit verify` must exit 0.
Meanwhile /proc/PID/fd of the server is watched for database files that were
deleted under it ("… (deleted)"), the sign that another process removed the
WAL the server still writes to.

With --import-trials N, N more trials follow where, under the same load, a
big notice (bench/gen_notice.py, --import-mb, its 文号 changed so the 2022
plan stays) already imported is imported again with `weibao plan import
--replace` (a tenth of its items dropped, many reworded, another deadline)
and the import gets SIGKILL at a random moment (0.05 to --import-kill-max
times what the replace takes on an idle fresh database); then the server is
killed too and restarted.  Besides the checks above, the plan read back with
sqlite3/psql (every section, item, target and task, without ids and times)
must be exactly the old one or exactly the new one -- the new one if the
import had exited 0 -- as a reference database made once at the start
holds them.

With --rotate-trials N, N more trials follow where `weibao keys rotate` is
killed midway.  Once at the start a template is made: a fresh data directory
(as above) and --rotate-users users created through the API who each enable
two-factor sign-in (set-up, then a code computed here: RFC 6238, HMAC-SHA-1,
30 s, 6 digits), so each has a field-encrypted TOTP secret; a copy of it
(the data directory, and on PostgreSQL a database made with CREATE DATABASE
… TEMPLATE) is rotated once without load to measure how long one rotation
takes.  Each trial starts from another copy; under the same load `weibao keys
rotate --settle 0 --batch 10` runs and gets SIGKILL after 0.05 to
--rotate-kill-max times that; then the server is killed too and restarted,
`weibao keys rotate --settle 0` is run again and must exit 0 ("resumed" or a
whole new rotation), and, besides the checks above, every one of those users
must sign in with the password and a fresh code, and the database must hold
no TOTP secret under a generation older than the key file's `current field
N` (tokens `v1:` are generation 1, `kN:` generation N) and no rotation under
way.  Where each rotation was killed (before the key file changed, after it,
during the re-encryption: how many secrets were already re-encrypted) is
printed per trial.

usage:
  bench/bench_crash.py --bin build/weibao [--trials 5] [--concurrent-cli on|off]
                       [--seconds 4] [--writers 4] [--backend sqlite|postgresql --db URL]
                       [--import-trials N [--import-mb 1] [--import-kill-max 1.5]]
                       [--rotate-trials N [--rotate-users 300] [--rotate-kill-max 1.5]]
  (--trials 0 with --import-trials or --rotate-trials runs only those)
  bench/bench_crash.py --setup-only --url http://127.0.0.1:PORT [--password PW]
      signs in as admin on a running server with the 2022 plan imported, creates
      and signs in a unit liaison, signs for that unit's tasks and prints
      {"admin":{"cookie","csrf"},"liaison":{"cookie","csrf","unit_id","login"},
       "task_ids":[…],"all_task_ids":[…]} (used by bench/bench_mixed.sh)

Exit status: 0 when nothing acknowledged was lost, every chain verified, no
deleted database file was seen, every killed import left the old or the
new plan whole and, after every killed rotation, the rotation run again
finished, every TOTP user signed in and no secret stayed under an older key
generation; 1 otherwise; 2 for a usage error.
Python 3 standard library only (psql for --backend postgresql, sqlite3 for
the .backup command).
"""
import argparse
import base64
import collections
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAN = os.path.join(REPO, "data", "tongxiang-2022-workplan.txt")
ADMIN_PASSWORD = "Crash-test-Tongxiang-2022"
LIAISON_LOGIN = "crashliaison"
LIAISON_NAME = "压测联络员"
LIAISON_PASSWORD = "Unit-Liaison-Tongxiang-2022!"


# --- process and temp-dir bookkeeping: everything started is ended on exit ---

class Reaper:
    """Processes and directories to remove whatever way the program ends."""

    def __init__(self):
        self.lock = threading.Lock()
        self.procs = set()
        self.dirs = []
        self.pg_drops = []   # (base_url, dbname)
        self.pg_templates = []   # the same, dropped only at the end

    def spawn(self, argv, **kw):
        kw.setdefault("stdin", subprocess.DEVNULL)
        p = subprocess.Popen(argv, **kw)
        with self.lock:
            self.procs.add(p)
        return p

    def forget(self, p):
        with self.lock:
            self.procs.discard(p)

    def run(self, argv, timeout=60, env=None):
        """Runs argv to completion; returns (exit code, stdout, stderr)."""
        p = self.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
            return 124, out.decode(errors="replace"), "timed out after %ss" % timeout
        finally:
            self.forget(p)
        return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")

    def cleanup(self):
        with self.lock:
            procs = list(self.procs)
            self.procs.clear()
        for p in procs:
            if p.poll() is None:
                try:
                    p.kill()
                except OSError:
                    pass
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for base, name in self.pg_drops + self.pg_templates:
            pg_exec(base, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        self.pg_drops.clear()
        self.pg_templates.clear()
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs.clear()


REAPER = Reaper()


STOPPING = threading.Event()


def on_signal(signum, _frame):
    """The first SIGTERM/SIGINT/SIGHUP ends the run (cleanup follows in main's
    finally); later ones are ignored so the cleanup is not cut short."""
    if STOPPING.is_set():
        return
    STOPPING.set()
    raise SystemExit(128 + signum)


# --- HTTP --------------------------------------------------------------------

class ConnError(Exception):
    pass


class Client:
    """One keep-alive connection, a session cookie and its CSRF token."""

    def __init__(self, host, port, timeout=20.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None
        self.cookie = None
        self.csrf = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _once(self, method, path, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Host": "%s:%d" % (self.host, self.port)}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if method not in ("GET", "HEAD") and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            raise ConnError("%s %s: %s" % (method, path, e or type(e).__name__)) from None
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        cookie = resp.getheader("Set-Cookie")
        if cookie:
            m = re.search(r"wb_session=([^;]*)", cookie)
            self.cookie = "wb_session=" + m.group(1) if m and m.group(1) else None
        parsed = None
        if "json" in (resp.getheader("Content-Type") or ""):
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
        return resp.status, parsed

    def request(self, method, path, body=None):
        """(status, JSON or None).  A GET is retried once on a broken
        connection; a write never is (its outcome is then unknown)."""
        try:
            return self._once(method, path, body)
        except ConnError:
            if method != "GET":
                raise
            return self._once(method, path, body)

    def sign_in(self, login, password):
        st, data = self.request("POST", "/api/v1/session", {"username": login, "password": password})
        if st != 200:
            raise RuntimeError("sign-in %s: %s %s" % (login, st, data))
        self.csrf = data["csrf_token"]
        return data


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_healthy(port, proc, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            ok = c.getresponse().status == 200
            c.close()
            if ok:
                return True
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.05)
    return False


def list_all(client, path):
    """Every item of a paged list endpoint."""
    items, page = [], 1
    sep = "&" if "?" in path else "?"
    while True:
        st, data = client.request("GET", "%s%spage=%d&per_page=100" % (path, sep, page))
        if st != 200:
            raise RuntimeError("GET %s: %s %s" % (path, st, data))
        items.extend(data["items"])
        total = data.get("total")
        if total is None or len(items) >= total or not data["items"]:
            return items
        page += 1


def setup_session(host, port, admin_password, sign_max=8):
    """Admin and unit-liaison sessions on a server with the plan imported;
    the liaison's unit is the one with most tasks (not the admin's own)."""
    admin = Client(host, port)
    me = admin.sign_in("admin", admin_password)
    admin_unit = (me.get("user") or {}).get("unit") or {}
    tasks = list_all(admin, "/api/v1/tasks")
    if not tasks:
        raise RuntimeError("no tasks: is the work plan imported?")
    st, units = admin.request("GET", "/api/v1/units")
    if st != 200:
        raise RuntimeError("GET /api/v1/units: %s" % st)
    unit_ids = {u["id"] for u in units["items"]}
    per_unit = collections.Counter(t["unit"]["id"] for t in tasks
                                   if t["unit"]["id"] != admin_unit.get("id") and t["unit"]["id"] in unit_ids)
    unit_id = per_unit.most_common(1)[0][0]
    body = {"login": LIAISON_LOGIN, "display_name": LIAISON_NAME, "roles": ["unit_liaison"],
            "scope_kind": "unit", "unit_id": unit_id, "password": LIAISON_PASSWORD}
    st, data = admin.request("POST", "/api/v1/users", body)
    if st != 201:
        raise RuntimeError("POST /api/v1/users: %s %s" % (st, data))
    liaison = Client(host, port)
    liaison.sign_in(LIAISON_LOGIN, LIAISON_PASSWORD)
    signed = []
    for t in tasks:
        if t["unit"]["id"] != unit_id or len(signed) >= sign_max:
            continue
        if t["status"] == "pending":
            st, data = liaison.request("POST", "/api/v1/tasks/%d/sign" % t["id"], {})
            if st != 200:
                raise RuntimeError("sign task %d: %s %s" % (t["id"], st, data))
        signed.append(t["id"])
    return {
        "admin": admin, "liaison": liaison, "unit_id": unit_id, "task_ids": signed, "all_task_ids": [t["id"] for t in tasks],
    }


# --- PostgreSQL: one fresh database per trial --------------------------------

def pg_exec(base_url, sql):
    try:
        r = subprocess.run(["psql", "-q", "-X", base_url, "-c", sql], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        return r.returncode == 0, r.stderr.decode(errors="replace")
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, str(e)


def pg_url_with_db(base_url, name):
    u = urllib.parse.urlsplit(base_url)
    if u.query or u.path in ("", "/"):
        q = urllib.parse.parse_qsl(u.query)
        q = [(k, v) for k, v in q if k != "dbname"] + [("dbname", name)]
        return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, urllib.parse.urlencode(q), u.fragment))
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))


# --- one trial -----------------------------------------------------------------

class Trial:
    def __init__(self, args, number, root):
        self.args = args
        self.n = number
        self.dir = os.path.join(root, "trial%s" % number)
        self.data = os.path.join(self.dir, "data")
        self.lock = threading.Lock()
        self.stop_writes = threading.Event()
        self.stop_cli = threading.Event()
        self.stop_fd = threading.Event()
        self.acked = []            # (kind, key, marker, seconds since start)
        self.status = collections.Counter()
        self.refused = collections.Counter()   # (kind, status) of non-2xx answers
        self.conn_errors = 0
        self.cli_runs = collections.Counter()
        self.cli_fail = collections.Counter()
        self.cli_last_err = {}
        self.deleted = {}          # path -> seconds since start first seen
        self.t0 = 0.0
        self.nonce = "%06x" % random.getrandbits(24)
        self.lost = []
        self.verify_api = None
        self.verify_cli = None
        self.error = None
        self.kill_at = 0.0
        self.server = None
        self.log = None
        self.dbargs = []
        self.dbpath = None

    # bookkeeping from the worker threads
    def note(self, st, kind):
        with self.lock:
            self.status[st] += 1
            if not 200 <= st < 300:
                self.refused[(kind, st)] += 1

    def ack(self, kind, key, marker):
        with self.lock:
            self.acked.append((kind, key, marker, time.monotonic() - self.t0))

    def env(self):
        e = dict(os.environ)
        for k in ("WEIBAO_DATA", "WEIBAO_DB", "WEIBAO_LISTEN"):
            e.pop(k, None)
        e["WEIBAO_ADMIN_PASSWORD"] = ADMIN_PASSWORD
        return e

    def weibao(self, *argv, timeout=120):
        return REAPER.run([self.args.bin, *argv, "--data", self.data, *self.dbargs], timeout=timeout, env=self.env())

    def start_server(self):
        port = free_port()
        self.log = open(os.path.join(self.dir, "serve.log"), "ab")
        self.server = REAPER.spawn([self.args.bin, "serve", "--data", self.data, *self.dbargs,
                                    "--listen", "127.0.0.1:%d" % port],
                                   stdout=self.log, stderr=subprocess.STDOUT, env=self.env())
        if not wait_healthy(port, self.server):
            raise RuntimeError("server did not start (exit %s): %s" % (self.server.poll(), self.log_tail()))
        return port

    def stop_server(self, sig):
        p = self.server
        if p is None:
            return
        if p.poll() is None:
            p.send_signal(sig)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        REAPER.forget(p)
        self.server = None
        self.log.close()

    def log_tail(self):
        try:
            with open(os.path.join(self.dir, "serve.log"), "rb") as f:
                return f.read()[-600:].decode(errors="replace").strip().replace("\n", " | ")
        except OSError:
            return ""

    # worker threads
    def report_writer(self, port, liaison, tasks, wid):
        c = Client("127.0.0.1", port)
        c.cookie, c.csrf = liaison.cookie, liaison.csrf
        seq = 0
        while not self.stop_writes.is_set():
            tid = tasks[(wid + seq) % len(tasks)]
            marker = "crash-%d-%s-w%d-%d" % (self.n, self.nonce, wid, seq)
            seq += 1
            try:
                st, _ = c.request("POST", "/api/v1/tasks/%d/reports" % tid, {"text": marker})
            except ConnError:
                with self.lock:
                    self.conn_errors += 1
                self.stop_writes.wait(0.02)
                continue
            self.note(st, "report")
            if 200 <= st < 300:
                self.ack("report", tid, marker)
        c.close()

    def division_writer(self, port, admin, codes):
        c = Client("127.0.0.1", port)
        c.cookie, c.csrf = admin.cookie, admin.csrf
        for i, code in enumerate(codes):
            if self.stop_writes.is_set():
                break
            name = "压测村%s" % code[-4:]
            try:
                st, _ = c.request("POST", "/api/v1/divisions", {"code": code, "name": name, "kind": "village"})
            except ConnError:
                with self.lock:
                    self.conn_errors += 1
                self.stop_writes.wait(0.02)
                continue
            self.note(st, "division")
            if 200 <= st < 300:
                self.ack("division", code, name)
        c.close()

    def register_writer(self, port, admin, towns):
        """Roster records (儿童督导员) with a field-encrypted phone, each acked
        with the phone's last four digits, which a masked list shows only if
        the token still decrypts after the restart."""
        c = Client("127.0.0.1", port)
        c.cookie, c.csrf = admin.cookie, admin.csrf
        seq = 0
        while not self.stop_writes.is_set():
            name = "压测督导员%d%s%05d" % (self.n, self.nonce, seq)
            phone = "139%08d" % (seq * 7919 % 100000000)
            body = {"type": "supervisor", "name": name, "division_code": towns[seq % len(towns)],
                    "phone": phone, "appointed_on": "2022-01-01"}
            seq += 1
            try:
                st, _ = c.request("POST", "/api/v1/facilities", body)
            except ConnError:
                with self.lock:
                    self.conn_errors += 1
                self.stop_writes.wait(0.02)
                continue
            self.note(st, "register")
            if 200 <= st < 300:
                self.ack("register", name, phone[-4:])
        c.close()

    def register_csv(self):
        """A small roster CSV for `weibao facility import` beside the server."""
        path = os.path.join(self.dir, "roster.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("姓名,镇街代码,手机,任职日期\n")
            for k in range(20):
                f.write("命令行督导员%d%s%02d,%s,1380000%04d,2021-06-01\n" % (self.n, self.nonce, k, "330483001", k))
        return path

    def cli_loop(self):
        cmds = [("user list", [self.args.bin, "user", "list", "--data", self.data, *self.dbargs]),
                ("audit verify", [self.args.bin, "audit", "verify", "--data", self.data, *self.dbargs]),
                ("facility import", [self.args.bin, "facility", "import", "supervisor", self.register_csv(),
                                     "--data", self.data, *self.dbargs]),
                ("indicators", [self.args.bin, "indicators", "--json", "--data", self.data, *self.dbargs])]
        if self.args.backend == "sqlite":
            cmds.append((".backup", ["sqlite3", self.dbpath, ".backup %s" % os.path.join(self.dir, "copy.db")]))
        i = 0
        env = self.env()
        while not self.stop_cli.is_set():
            name, argv = cmds[i % len(cmds)]
            i += 1
            rc, _, err = REAPER.run(argv, timeout=60, env=env)
            with self.lock:
                self.cli_runs[name] += 1
                if rc != 0:
                    self.cli_fail[name] += 1
                    self.cli_last_err[name] = err.strip()[:200]
            self.stop_cli.wait(0.05)

    def fd_watch(self, pid):
        fddir = "/proc/%d/fd" % pid
        prefix = os.path.realpath(self.dbpath) if self.dbpath else None
        while not self.stop_fd.is_set():
            try:
                names = os.listdir(fddir)
            except OSError:
                return
            for name in names:
                try:
                    target = os.readlink(os.path.join(fddir, name))
                except OSError:
                    continue
                if target.endswith(" (deleted)") and prefix and target.startswith(prefix):
                    path = target[:-len(" (deleted)")]
                    with self.lock:
                        self.deleted.setdefault(path, time.monotonic() - self.t0)
            self.stop_fd.wait(0.02)

    # the trial
    def prepare(self):
        """A fresh data directory (and PostgreSQL database) with the 2022 plan."""
        os.makedirs(self.dir)
        if self.args.backend == "postgresql":
            name = "wb_crash_%d_%s" % (os.getpid(), self.n)
            ok, err = pg_exec(self.args.db, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
            ok, err = pg_exec(self.args.db, "CREATE DATABASE %s" % name)
            if not ok:
                raise RuntimeError("CREATE DATABASE %s: %s" % (name, err.strip()))
            REAPER.pg_drops.append((self.args.db, name))
            self.dbargs = ["--db", pg_url_with_db(self.args.db, name)]
        else:
            self.dbpath = os.path.join(self.data, "weibao.db")
        rc, out, err = self.weibao("init")
        if rc != 0:
            raise RuntimeError("weibao init: %s" % err.strip())
        # admin signs in with its password alone (by default administrators
        # must use two-factor sign-in first)
        with open(os.path.join(self.data, "weibao.conf"), "a") as f:
            f.write("totp_required_permissions =\n")
        rc, out, err = REAPER.run([self.args.bin, "plan", "import", PLAN, "--data", self.data, *self.dbargs],
                                  env=self.env())
        if rc != 0:
            raise RuntimeError("weibao plan import: %s" % err.strip())

    def run(self):
        self.prepare()
        port = self.start_server()
        self.t0 = time.monotonic()
        threads = self.start_load(port, *self.sessions(port))
        self.kill_at = self.args.seconds * random.uniform(0.7, 1.3)
        time.sleep(self.kill_at)
        self.crash_and_check(threads)

    def sessions(self, port):
        """Signs the admin and a new unit liaison in (the liaison signs for
        its unit's tasks); returns (admin, liaison, task ids, new village codes)."""
        s = setup_session("127.0.0.1", port, ADMIN_PASSWORD, sign_max=self.args.tasks)
        admin, liaison, tasks = s["admin"], s["liaison"], s["task_ids"]
        self.ack("user", LIAISON_LOGIN, None)
        for tid in tasks:
            self.ack("sign", tid, None)
        st, divs = admin.request("GET", "/api/v1/divisions")
        existing = {d["code"] for d in divs["items"]}
        towns = sorted(d["code"] for d in divs["items"] if d["level"] == "town")
        codes = ["%s%03d" % (t, k) for k in range(1, 1000) for t in towns]
        codes = [c for c in codes if c not in existing]
        admin.close()
        liaison.close()
        return admin, liaison, tasks, codes

    def start_load(self, port, admin, liaison, tasks, codes):
        """The writer threads, the CLI loop (--concurrent-cli on) and the
        watch on the server's descriptors, started; returns the threads."""
        threads = [threading.Thread(target=self.fd_watch, args=(self.server.pid,), daemon=True)]
        for w in range(self.args.writers):
            threads.append(threading.Thread(target=self.report_writer, args=(port, liaison, tasks, w), daemon=True))
        threads.append(threading.Thread(target=self.division_writer, args=(port, admin, codes), daemon=True))
        towns = sorted({c[:9] for c in codes})
        threads.append(threading.Thread(target=self.register_writer, args=(port, admin, towns), daemon=True))
        if self.args.concurrent_cli == "on":
            threads.append(threading.Thread(target=self.cli_loop, daemon=True))
        for t in threads:
            t.start()
        return threads

    def crash_and_check(self, threads, after_restart=None):
        """SIGKILL the server under load, restart it, (after_restart(port),)
        look every acknowledged write up and verify the audit chain (API and CLI)."""
        self.stop_server(signal.SIGKILL)       # mid-load: answers already read stay acknowledged
        self.stop_writes.set()
        self.stop_cli.set()
        self.stop_fd.set()
        for t in threads:
            t.join(timeout=90)
        if any(t.is_alive() for t in threads):
            raise RuntimeError("worker threads did not stop")

        # restart and look every acknowledged write up
        port = self.start_server()
        if after_restart is not None:
            after_restart(port)
        admin = Client("127.0.0.1", port)
        admin.sign_in("admin", ADMIN_PASSWORD)
        self.check(admin)
        st, data = admin.request("GET", "/api/v1/audit/verify")
        self.verify_api = st == 200 and bool(data and data.get("ok"))
        admin.close()
        self.stop_server(signal.SIGTERM)
        rc, out, err = self.weibao("audit", "verify")
        self.verify_cli = rc == 0
        if rc != 0:
            self.error = "audit verify exit %d: %s" % (rc, (err or out).strip()[:200])

    def check(self, admin):
        by_task = collections.defaultdict(set)
        divisions, users, signs = set(), set(), set()
        registers = {}
        for kind, key, marker, _ in self.acked:
            if kind == "report":
                by_task[key].add(marker)
            elif kind == "division":
                divisions.add(key)
            elif kind == "user":
                users.add(key)
            elif kind == "sign":
                signs.add(key)
            elif kind == "register":
                registers[key] = marker
        lost = []
        for tid in sorted(set(by_task) | signs):
            st, data = admin.request("GET", "/api/v1/tasks/%d" % tid)
            if st != 200:
                lost += [("report", tid, m) for m in by_task.get(tid, ())]
                lost += [("sign", tid, None)] if tid in signs else []
                continue
            notes = {e.get("note") for e in data.get("events", [])}
            lost += [("report", tid, m) for m in sorted(by_task.get(tid, ())) if m not in notes]
            if tid in signs and data.get("status") == "pending":
                lost.append(("sign", tid, None))
        if divisions:
            st, data = admin.request("GET", "/api/v1/divisions")
            have = {d["code"] for d in data["items"]} if st == 200 else set()
            lost += [("division", c, None) for c in sorted(divisions - have)]
        if registers:
            have = {}
            prefix = "压测督导员%d%s" % (self.n, self.nonce)
            for item in list_all(admin, "/api/v1/facilities?type=supervisor&q=%s" % urllib.parse.quote(prefix)):
                have[item.get("name")] = (item.get("values") or {}).get("phone") or ""
            for name, last4 in sorted(registers.items()):
                if name not in have or not have[name].endswith(last4):
                    lost.append(("register", name, have.get(name)))
        for login in users:
            st, data = admin.request("GET", "/api/v1/users?q=%s" % urllib.parse.quote(login))
            if st != 200 or not any(u.get("login") == login for u in data.get("items", [])):
                lost.append(("user", login, None))
        self.lost = lost

    def summary(self):
        five = sum(v for k, v in self.status.items() if k >= 500)
        other = sum(v for k, v in self.status.items() if k < 200 or 300 <= k < 500)
        first_del = min(self.deleted.values()) if self.deleted else None
        after_del = sum(1 for a in self.acked if first_del is not None and a[3] >= first_del)
        return {
            "trial": self.n,
            "acked": len(self.acked),
            "reports": sum(1 for a in self.acked if a[0] == "report"),
            "divisions": sum(1 for a in self.acked if a[0] == "division"),
            "registers": sum(1 for a in self.acked if a[0] == "register"),
            "lost": len(self.lost),
            "5xx": five,
            "other_non2xx": other,
            "status": dict(sorted(self.status.items())),
            "refused": {"%s %d" % k: v for k, v in sorted(self.refused.items())},
            "conn_errors": self.conn_errors,
            "cli_runs": sum(self.cli_runs.values()),
            "cli_failed": sum(self.cli_fail.values()),
            "cli_errors": dict(self.cli_last_err),
            "deleted_files": sorted(os.path.basename(p) for p in self.deleted),
            "deleted_at": first_del,
            "acked_after_delete": after_del,
            "kill_at": self.kill_at,
            "verify": (self.verify_api is True and self.verify_cli is True),
            "error": self.error,
            "kind": "load",
        }


# --- plan import killed midway -----------------------------------------------

IMPORT_DOC = "桐未工委办〔2022〕9号"        # the big notice's document number (not the 2022 plan's)
IMPORT_OLD_DEADLINE = "2022-11-30"
IMPORT_NEW_DEADLINE = "2022-12-15"

# Everything an import writes for one plan, without ids and clock-dependent
# columns: equal outputs mean the same plan.  The first query gives the counts.
PLAN_SIG_SQL = [
    "SELECT (SELECT count(*) FROM plan_items i JOIN plans p ON p.id = i.plan_id WHERE p.doc_number = '{doc}'),"
    " (SELECT count(*) FROM tasks t JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = i.plan_id"
    "  WHERE p.doc_number = '{doc}'),"
    " (SELECT count(*) FROM item_targets t JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = i.plan_id"
    "  WHERE p.doc_number = '{doc}'),"
    " (SELECT max(deadline) FROM plans WHERE doc_number = '{doc}')",
    "SELECT title, coalesce(issuer, ''), coalesce(issued_on, ''), year, deadline, warnings, length(source)"
    " FROM plans WHERE doc_number = '{doc}'",
    "SELECT s.number, s.title FROM plan_sections s JOIN plans p ON p.id = s.plan_id"
    " WHERE p.doc_number = '{doc}' ORDER BY s.number",
    "SELECT i.number, i.section, i.text, i.units FROM plan_items i JOIN plans p ON p.id = i.plan_id"
    " WHERE p.doc_number = '{doc}' ORDER BY i.number",
    "SELECT i.number, t.seq, t.op, t.value, coalesce(t.value2, -1), t.unit, t.scope, t.text"
    " FROM item_targets t JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = i.plan_id"
    " WHERE p.doc_number = '{doc}' ORDER BY i.number, t.seq",
    "SELECT i.number, u.code, t.is_lead, t.status, t.deadline FROM tasks t JOIN units u ON u.id = t.unit_id"
    " JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = i.plan_id"
    " WHERE p.doc_number = '{doc}' ORDER BY i.number, u.code",
]


def make_notices(root, megabytes):
    """Writes the old and the new version of one big notice (bench/gen_notice.py,
    its document number changed so the 2022 plan stays as it is): the new one
    drops the last tenth of the items and rewords many others.  Returns the paths."""
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen_notice.py")
    old_path, new_path = os.path.join(root, "notice-old.txt"), os.path.join(root, "notice-new.txt")
    subprocess.run([sys.executable, gen, old_path, str(megabytes)], check=True, stdin=subprocess.DEVNULL)
    with open(old_path, encoding="utf-8") as f:
        text = f.read().replace("桐未工委办〔2022〕2号", IMPORT_DOC, 1)
    with open(old_path, "w", encoding="utf-8") as f:
        f.write(text)
    lines = text.split("\n")
    new = "\n".join(lines[:len(lines) * 9 // 10]).replace("推进", "着力推进") + "\n"
    with open(new_path, "w", encoding="utf-8") as f:
        f.write(new)
    return old_path, new_path


def plan_signature(trial):
    """(sha256 of every row the big plan has, "items/tasks/targets/deadline"),
    read with the sqlite3 or psql command while no server runs."""
    queries = [q.format(doc=IMPORT_DOC) for q in PLAN_SIG_SQL]
    if trial.args.backend == "sqlite":
        argv = ["sqlite3", "-batch", "-bail", "-noheader", "-separator", "|", trial.dbpath,
                ";\nSELECT '#';\n".join(queries) + ";"]
    else:
        argv = ["psql", "-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1", trial.dbargs[1]]
        for q in queries:
            argv += ["-c", q, "-c", "SELECT '#'"]
    rc, out, err = REAPER.run(argv, timeout=300)
    if rc != 0:
        raise RuntimeError("reading the plan back: %s" % err.strip()[:200])
    return hashlib.sha256(out.encode()).hexdigest(), out.split("\n", 1)[0].strip()


class ImportTrial(Trial):
    """The same load as Trial, and meanwhile `weibao plan import --replace` of a
    big notice SIGKILLed at a random moment; afterwards the plan must be the
    whole old one or the whole new one (the new one if the import had exited 0)."""

    def __init__(self, args, number, root, ref):
        super().__init__(args, number, root)
        self.ref = ref
        self.import_rc = None          # exit status; None: killed
        self.import_delay = 0.0        # when the kill was due, seconds after the start
        self.import_ran = 0.0          # how long it ran
        self.plan_state = None         # old, new, MIX (…)
        self.plan_counts = ""

    def run(self):
        self.prepare()
        port = self.start_server()
        self.t0 = time.monotonic()
        load = self.sessions(port)
        rc, out, err = self.weibao("plan", "import", self.ref["old"], "--deadline", IMPORT_OLD_DEADLINE,
                                   timeout=900)
        if rc != 0:
            raise RuntimeError("importing the old notice: %s" % err.strip())
        threads = self.start_load(port, *load)
        time.sleep(self.args.seconds * random.uniform(0.15, 0.35))       # the load first
        log = open(os.path.join(self.dir, "import.log"), "wb")
        p = REAPER.spawn([self.args.bin, "plan", "import", self.ref["new"], "--replace", "--deadline",
                          IMPORT_NEW_DEADLINE, "--data", self.data, *self.dbargs],
                         stdout=log, stderr=subprocess.STDOUT, env=self.env())
        started = time.monotonic()
        self.import_delay = self.ref["replace_seconds"] * random.uniform(0.05, self.args.import_kill_max)
        try:
            self.import_rc = p.wait(timeout=self.import_delay)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        REAPER.forget(p)
        log.close()
        self.import_ran = time.monotonic() - started
        time.sleep(random.uniform(0.3, 1.0))       # the load goes on a little, then the server is killed too
        self.kill_at = time.monotonic() - self.t0
        self.crash_and_check(threads)
        sig, self.plan_counts = plan_signature(self)
        if sig == self.ref["old_sig"]:
            self.plan_state = "old"
        elif sig == self.ref["new_sig"]:
            self.plan_state = "new"
        else:
            self.plan_state = "MIX"
        if self.import_rc is not None and self.import_rc != 0:
            try:
                with open(os.path.join(self.dir, "import.log"), "rb") as f:
                    msg = f.read()[-300:].decode(errors="replace").strip()
            except OSError:
                msg = ""
            self.error = (self.error or "") + "plan import failed by itself (exit %d): %s" % (self.import_rc, msg)

    def plan_bad(self):
        if self.plan_state not in ("old", "new"):
            return True
        if self.import_rc == 0 and self.plan_state != "new":
            return True                 # an acknowledged import was lost
        return self.import_rc not in (None, 0) and self.plan_state != "old"

    def summary(self):
        r = super().summary()
        r.update({
            "kind": "import",
            "import_killed": self.import_rc is None,
            "import_rc": self.import_rc,
            "import_due": self.import_delay,
            "import_ran": self.import_ran,
            "plan_state": self.plan_state,
            "plan_counts": self.plan_counts,
            "plan_bad": self.plan_bad(),
        })
        return r


def import_reference(args, root, notices):
    """The old plan imported, then the new one with --replace, on a fresh
    database: the two plans' signatures and how long the replace takes."""
    t = Trial(args, "ref", root)
    try:
        t.prepare()
        t0 = time.monotonic()
        rc, out, err = t.weibao("plan", "import", notices[0], "--deadline", IMPORT_OLD_DEADLINE, timeout=900)
        import_seconds = time.monotonic() - t0
        if rc != 0:
            raise RuntimeError("reference import: %s" % err.strip())
        old_sig, old_counts = plan_signature(t)
        t0 = time.monotonic()
        rc, out2, err = t.weibao("plan", "import", notices[1], "--replace", "--deadline", IMPORT_NEW_DEADLINE,
                                 timeout=900)
        replace_seconds = time.monotonic() - t0
        if rc != 0:
            raise RuntimeError("reference replace: %s" % err.strip())
        new_sig, new_counts = plan_signature(t)
        if old_sig == new_sig:
            raise RuntimeError("the old and the new notice give the same plan")
    finally:
        shutil.rmtree(t.dir, ignore_errors=True)
        for base, name in list(REAPER.pg_drops):
            pg_exec(base, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        REAPER.pg_drops.clear()
    return {"old": notices[0], "new": notices[1], "old_sig": old_sig, "new_sig": new_sig,
            "old_counts": old_counts, "new_counts": new_counts, "import_seconds": import_seconds,
            "replace_seconds": replace_seconds, "old_out": out.strip(), "new_out": out2.strip()}


# --- keys rotate killed midway -------------------------------------------------

ROTATE_PASSWORD = "Two-Factor-Tongxiang-2022!"
ROTATE_BATCH = "10"


def totp_code(secret, step):
    """RFC 6238 (HMAC-SHA-1, 6 digits) for a base32 secret at time step `step`."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    h = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = h[-1] & 15
    return "%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000)


def key_generation(data):
    """The current field-key generation the key file names (1 when none)."""
    gen = 1
    with open(os.path.join(data, "weibao.key")) as f:
        for line in f:
            m = re.match(r"current field (\d+)\s*$", line)
            if m:
                gen = int(m.group(1))
    return gen


def token_generation(token):
    """1 for v1:…, N for kN:…, 0 for anything else."""
    if token.startswith("v1:"):
        return 1
    m = re.match(r"k(\d+):", token)
    return int(m.group(1)) if m and int(m.group(1)) >= 2 else 0


def db_rows(trial, sql):
    """Rows of one query (fields split at |), with the sqlite3 or psql command."""
    if trial.args.backend == "sqlite":
        argv = ["sqlite3", "-batch", "-bail", "-noheader", "-separator", "|", trial.dbpath, sql]
    else:
        argv = ["psql", "-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1", trial.dbargs[1], "-c", sql]
    rc, out, err = REAPER.run(argv, timeout=120)
    if rc != 0:
        raise RuntimeError("%s: %s" % (sql[:60], err.strip()[:200]))
    return [line.split("|") for line in out.splitlines() if line]


def rotation_state(trial):
    """(key file generation, rotation state in the database, {generation: secrets},
    enabled secrets, keys.rotate audit events)."""
    gens = collections.Counter()
    enabled = 0
    for _uid, en, secret in db_rows(trial, "SELECT user_id, enabled, secret FROM user_totp ORDER BY user_id"):
        gens[token_generation(secret)] += 1
        enabled += en in ("1", "t")
    state = db_rows(trial, "SELECT value FROM weibao_meta WHERE key = 'key_rotation'")
    audited = db_rows(trial, "SELECT count(*) FROM audit_events WHERE action = 'keys.rotate'")
    return (key_generation(trial.data), state[0][0] if state and state[0] else "", dict(gens), enabled,
            int(audited[0][0]))


def rotate_template(args, root):
    """The data (and PostgreSQL database) every rotation trial copies: the 2022
    plan and --rotate-users users with two-factor sign-in enabled; then how long
    one rotation takes on an idle copy."""
    t = Trial(args, "tmpl", root)
    t.prepare()
    if args.backend == "postgresql":
        REAPER.pg_templates.append(REAPER.pg_drops.pop())
    port = t.start_server()
    started = time.monotonic()
    users = []
    try:
        admin = Client("127.0.0.1", port)
        admin.sign_in("admin", ADMIN_PASSWORD)
        for i in range(args.rotate_users):
            login = "rot%04d" % i
            body = {"login": login, "display_name": "轮换用户%04d" % i, "roles": ["leader"],
                    "scope_kind": "county", "password": ROTATE_PASSWORD}
            st, data = admin.request("POST", "/api/v1/users", body)
            if st != 201:
                raise RuntimeError("POST /api/v1/users %s: %s %s" % (login, st, data))
            c = Client("127.0.0.1", port)
            c.sign_in(login, ROTATE_PASSWORD)
            st, data = c.request("POST", "/api/v1/me/totp/setup", {})
            if st != 200 or not data or "secret" not in data:
                raise RuntimeError("POST /api/v1/me/totp/setup %s: %s %s" % (login, st, data))
            secret = data["secret"]
            step = int(time.time()) // 30
            st, data = c.request("POST", "/api/v1/me/totp/enable", {"code": totp_code(secret, step)})
            if st != 200 or not (data or {}).get("enabled"):
                raise RuntimeError("POST /api/v1/me/totp/enable %s: %s %s" % (login, st, data))
            c.close()
            users.append({"login": login, "secret": secret, "step": step})
        admin.close()
    except Exception as e:
        raise RuntimeError("%s [server log: %s]" % (e, t.log_tail())) from None
    finally:
        t.stop_server(signal.SIGTERM)
    setup_seconds = time.monotonic() - started
    key_gen, state, gens, enabled, _ = rotation_state(t)
    if key_gen != 1 or state or gens != {1: len(users)} or enabled != len(users):
        raise RuntimeError("template: key generation %d, rotation state %r, secrets by generation %s, "
                           "%d enabled" % (key_gen, state, gens, enabled))
    tmpl = {"trial": t, "users": users, "setup_seconds": setup_seconds}
    idle = RotateTrial(args, "idle", root, tmpl)
    try:
        idle.prepare()
        t0 = time.monotonic()
        rc, out, err = idle.weibao("keys", "rotate", "--settle", "0", "--batch", ROTATE_BATCH, timeout=600)
        tmpl["rotate_seconds"] = time.monotonic() - t0
        if rc != 0:
            raise RuntimeError("idle keys rotate: exit %d: %s" % (rc, (err or out).strip()[:300]))
        tmpl["rotate_out"] = out.strip().split("\n")[0]
        key_gen, state, gens, enabled, _ = rotation_state(idle)
        if key_gen != 2 or state or gens != {2: len(users)}:
            raise RuntimeError("idle keys rotate left key generation %d, state %r, secrets by generation %s"
                               % (key_gen, state, gens))
    finally:
        shutil.rmtree(idle.dir, ignore_errors=True)
        for base, name in list(REAPER.pg_drops):
            pg_exec(base, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        REAPER.pg_drops.clear()
    return tmpl


class RotateTrial(Trial):
    """The same load as Trial on a copy of the rotation template, and meanwhile
    `weibao keys rotate` SIGKILLed at a random moment; after the restart the
    rotation is run again, every TOTP user must sign in and no secret may stay
    under an older key generation."""

    def __init__(self, args, number, root, tmpl):
        super().__init__(args, number, root)
        self.tmpl = tmpl
        self.rotate_rc = None          # exit status; None: killed
        self.rotate_delay = 0.0        # when the kill was due, seconds after the start
        self.rotate_ran = 0.0
        self.killed_state = None       # rotation_state() right after the crash
        self.kill_point = "?"
        self.resume_rc = None
        self.resume_out = ""
        self.resumed = False
        self.resume_seconds = 0.0
        self.totp_checked = 0
        self.totp_failed = []          # (login, status, error code)
        self.final_gen = 0
        self.final_gens = {}
        self.final_state = ""
        self.old_secrets = 0
        self.audited = 0
        self.rotate_errors = []

    def prepare(self):
        """A copy of the template's data directory (and database)."""
        src = self.tmpl["trial"]
        os.makedirs(self.dir)
        shutil.copytree(src.data, self.data, symlinks=True)      # modes too (0700, 0600)
        if self.args.backend == "postgresql":
            name = "wb_crash_%d_%s" % (os.getpid(), self.n)
            pg_exec(self.args.db, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
            ok, err = pg_exec(self.args.db, "CREATE DATABASE %s TEMPLATE %s"
                              % (name, REAPER.pg_templates[-1][1]))
            if not ok:
                raise RuntimeError("CREATE DATABASE %s: %s" % (name, err.strip()))
            REAPER.pg_drops.append((self.args.db, name))
            self.dbargs = ["--db", pg_url_with_db(self.args.db, name)]
        else:
            self.dbpath = os.path.join(self.data, "weibao.db")

    def run(self):
        self.prepare()
        port = self.start_server()
        self.t0 = time.monotonic()
        threads = self.start_load(port, *self.sessions(port))
        time.sleep(self.args.seconds * random.uniform(0.15, 0.35))       # the load first
        log = open(os.path.join(self.dir, "rotate.log"), "wb")
        p = REAPER.spawn([self.args.bin, "keys", "rotate", "--settle", "0", "--batch", ROTATE_BATCH,
                          "--data", self.data, *self.dbargs],
                         stdout=log, stderr=subprocess.STDOUT, env=self.env())
        started = time.monotonic()
        self.rotate_delay = self.tmpl["rotate_seconds"] * random.uniform(0.05, self.args.rotate_kill_max)
        try:
            self.rotate_rc = p.wait(timeout=self.rotate_delay)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        REAPER.forget(p)
        log.close()
        self.rotate_ran = time.monotonic() - started
        if self.rotate_rc not in (None, 0):
            try:
                with open(os.path.join(self.dir, "rotate.log"), "rb") as f:
                    msg = f.read()[-300:].decode(errors="replace").strip()
            except OSError:
                msg = ""
            self.rotate_errors.append("keys rotate failed by itself (exit %d): %s" % (self.rotate_rc, msg))
        time.sleep(random.uniform(0.3, 1.0))       # the load goes on a little, then the server is killed too
        self.kill_at = time.monotonic() - self.t0
        self.crash_and_check(threads, self.resume_and_sign_in)
        # the server is stopped: what the database holds now
        self.final_gen, self.final_state, self.final_gens, enabled, self.audited = rotation_state(self)
        self.old_secrets = sum(n for g, n in self.final_gens.items() if g != self.final_gen)
        users = len(self.tmpl["users"])
        if self.old_secrets:
            self.rotate_errors.append("%d TOTP secrets not under the current generation %d: %s"
                                      % (self.old_secrets, self.final_gen, self.final_gens))
        if self.final_state:
            self.rotate_errors.append("a rotation is still under way: %r" % self.final_state)
        if enabled != users or sum(self.final_gens.values()) != users:
            self.rotate_errors.append("%d TOTP secrets, %d enabled, for %d users"
                                      % (sum(self.final_gens.values()), enabled, users))

    def resume_and_sign_in(self, port):
        """Between the restart and the other checks: where the rotation was
        killed, the rotation run again to its end, every TOTP user signed in."""
        self.killed_state = rotation_state(self)
        key_gen, state, gens, _, _ = self.killed_state
        users = len(self.tmpl["users"])
        if self.rotate_rc == 0:
            self.kill_point = "finished"
        elif key_gen == 1 and not state:
            self.kill_point = "before the key file"
        elif not state:
            new = gens.get(key_gen, 0)
            self.kill_point = ("key file only" if new == 0 else
                               "re-encrypted %d/%d, state cleared, %s" % (
                                   new, users, "audited" if self.killed_state[4] else "NOT audited"))
        else:
            m = re.match(r"generation=(\d+)", state)
            new = gens.get(int(m.group(1)) if m else key_gen, 0)
            self.kill_point = ("re-encrypting %d/%d" % (new, users) if new < users else
                               "checking pass (%d/%d re-encrypted)" % (new, users))
        t0 = time.monotonic()
        self.resume_rc, out, err = self.weibao("keys", "rotate", "--settle", "0", timeout=600)
        self.resume_seconds = time.monotonic() - t0
        self.resume_out = (out.strip().split("\n") or [""])[0] if self.resume_rc == 0 else (err or out).strip()
        self.resumed = "(resumed)" in out
        if self.resume_rc != 0 or not re.search(r"now generation \d+", out):
            self.rotate_errors.append("keys rotate run again: exit %s: %s" % (self.resume_rc, self.resume_out[:300]))
        time.sleep(1.2)          # a server looks at the key file at most once a second
        last = {}
        for u in self.tmpl["users"]:
            now = int(time.time()) // 30
            step = max(now, last.get(u["login"], u["step"]) + 1)   # a step not used yet
            if step > now + 1:
                time.sleep((step - 1) * 30 - time.time() + 0.5)
            c = Client("127.0.0.1", port)
            st, data = c.request("POST", "/api/v1/session",
                                 {"username": u["login"], "password": ROTATE_PASSWORD,
                                  "otp": totp_code(u["secret"], step)})
            c.close()
            last[u["login"]] = step
            self.totp_checked += 1
            if st != 200:
                code = ((data or {}).get("error") or {}).get("code", "")
                self.totp_failed.append((u["login"], st, code))
        if self.totp_failed:
            kinds = collections.Counter("%s %s" % (st, code) for _, st, code in self.totp_failed)
            self.rotate_errors.append("%d of %d TOTP sign-ins failed (%s; e.g. %s)"
                                      % (len(self.totp_failed), self.totp_checked,
                                         ", ".join("%s: %d" % kv for kv in sorted(kinds.items())),
                                         self.totp_failed[0][0]))

    def rotate_bad(self):
        return bool(self.rotate_errors)

    def summary(self):
        r = super().summary()
        r.update({
            "kind": "rotate",
            "rotate_killed": self.rotate_rc is None,
            "rotate_rc": self.rotate_rc,
            "rotate_due": self.rotate_delay,
            "rotate_ran": self.rotate_ran,
            "kill_point": self.kill_point,
            "killed_state": list(self.killed_state) if self.killed_state else None,
            "resume_rc": self.resume_rc,
            "resume_out": self.resume_out,
            "resumed": self.resumed,
            "resume_seconds": self.resume_seconds,
            "totp_checked": self.totp_checked,
            "totp_failed": len(self.totp_failed),
            "totp_failures": self.totp_failed[:20],
            "key_generation": self.final_gen,
            "secrets_by_generation": {str(k): v for k, v in sorted(self.final_gens.items())},
            "old_secrets": self.old_secrets,
            "rotate_audited": self.audited,
            "rotate_errors": self.rotate_errors,
            "rotate_bad": self.rotate_bad(),
        })
        return r


def trial_failed(r):
    return bool(r["lost"] or not r["verify"] or r["deleted_files"] or r["error"] or r.get("plan_bad")
                or r.get("rotate_bad"))


# --- main -------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "weibao"), help="the weibao binary")
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--concurrent-cli", choices=("on", "off"), default="on",
                    help="run user list / audit verify / sqlite3 .backup on the data during the load")
    ap.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--db", help="PostgreSQL URL of a database that may create others (--backend postgresql)")
    ap.add_argument("--seconds", type=float, default=4.0, help="load time per trial before SIGKILL (±30%%)")
    ap.add_argument("--writers", type=int, default=4, help="threads posting progress reports (plus one admin)")
    ap.add_argument("--tasks", type=int, default=8, help="tasks the liaison signs for and reports on")
    ap.add_argument("--tmp", help="directory for the trials' data (default: the system's)")
    ap.add_argument("--keep", action="store_true", help="keep the data of failed trials")
    ap.add_argument("--seed", type=int, help="random seed (kill points)")
    ap.add_argument("--json", help="also write the per-trial figures to this file")
    ap.add_argument("--import-trials", type=int, default=0,
                    help="after the trials, this many more where `weibao plan import --replace` of a big "
                         "notice is SIGKILLed at a random moment during the load")
    ap.add_argument("--import-mb", type=float, default=1.0,
                    help="size of the big notice in MB (bench/gen_notice.py)")
    ap.add_argument("--import-kill-max", type=float, default=1.5,
                    help="the import is killed after 0.05 to this many times the reference replace time")
    ap.add_argument("--rotate-trials", type=int, default=0,
                    help="after those, this many more where `weibao keys rotate` is SIGKILLed at a random "
                         "moment during the load, then run again; every TOTP user must still sign in")
    ap.add_argument("--rotate-users", type=int, default=300,
                    help="users with two-factor sign-in (an encrypted secret each) in the rotation trials")
    ap.add_argument("--rotate-kill-max", type=float, default=1.5,
                    help="the rotation is killed after 0.05 to this many times one rotation on an idle copy")
    ap.add_argument("--setup-only", action="store_true",
                    help="only create the liaison and sessions on the running server at --url; print JSON")
    ap.add_argument("--url", help="server for --setup-only, e.g. http://127.0.0.1:8080")
    ap.add_argument("--password", default=ADMIN_PASSWORD, help="admin password for --setup-only")
    a = ap.parse_args(argv)
    if a.setup_only:
        if not a.url:
            ap.error("--setup-only needs --url")
        return a
    a.bin = os.path.abspath(a.bin)
    if not os.access(a.bin, os.X_OK):
        ap.error("no executable weibao at %s" % a.bin)
    if a.backend == "postgresql" and not a.db:
        ap.error("--backend postgresql needs --db URL")
    if a.trials < 0 or a.import_trials < 0 or a.rotate_trials < 0 or \
            a.trials + a.import_trials + a.rotate_trials < 1:
        ap.error("--trials, --import-trials and --rotate-trials must not be negative and not all 0")
    if a.seconds <= 0 or a.writers < 1 or a.tasks < 1 or a.import_mb <= 0 or a.import_kill_max <= 0.05 or \
            a.rotate_users < 1 or a.rotate_kill_max <= 0.05:
        ap.error("--seconds, --writers, --tasks, --import-mb, --import-kill-max, --rotate-users and "
                 "--rotate-kill-max must be positive")
    if (a.import_trials or a.rotate_trials) and shutil.which("sqlite3" if a.backend == "sqlite" else "psql") is None:
        ap.error("--import-trials and --rotate-trials read the database with the sqlite3 or psql command")
    if a.backend == "sqlite" and a.concurrent_cli == "on" and shutil.which("sqlite3") is None:
        ap.error("sqlite3 (the command) is needed for --concurrent-cli on (scripts/install-deps.sh)")
    return a


def setup_only(a):
    u = urllib.parse.urlsplit(a.url)
    s = setup_session(u.hostname, u.port or 80, a.password, sign_max=a.tasks)
    print(json.dumps({
        "admin": {"cookie": s["admin"].cookie, "csrf": s["admin"].csrf},
        "liaison": {"cookie": s["liaison"].cookie, "csrf": s["liaison"].csrf,
                    "unit_id": s["unit_id"], "login": LIAISON_LOGIN},
        "task_ids": s["task_ids"], "all_task_ids": s["all_task_ids"],
    }))
    return 0


def print_table(rows, a):
    hdr = ("trial", "kill s", "acked", "reports", "divs", "lost", "5xx", "other", "conn err",
           "cli runs", "cli fail", "deleted db file (s)", "ack after", "verify", "plan import", "keys rotate",
           "result")
    table = [hdr]
    for r in rows:
        bad = trial_failed(r)
        if r["kind"] != "import":
            imp = "-"
        else:
            imp = "%s %.1f/%.1fs -> %s" % ("killed" if r["import_killed"] else "exit %s" % r["import_rc"],
                                           r["import_ran"], r["import_due"], r["plan_state"])
        if r["kind"] != "rotate":
            rot = "-"
        else:
            rot = "%s %.2f/%.2fs (%s) -> %s, TOTP %d/%d, old %d" % (
                "killed" if r["rotate_killed"] else "exit %s" % r["rotate_rc"], r["rotate_ran"], r["rotate_due"],
                r["kill_point"], "exit %s%s" % (r["resume_rc"], " resumed" if r["resumed"] else ""),
                r["totp_checked"] - r["totp_failed"], r["totp_checked"], r["old_secrets"])
        dele = "-" if not r["deleted_files"] else "%s (%.1f)" % (",".join(r["deleted_files"]), r["deleted_at"])
        table.append((str(r["trial"]), "%.1f" % r["kill_at"], str(r["acked"]), str(r["reports"]),
                      str(r["divisions"]), str(r["lost"]), str(r["5xx"]), str(r["other_non2xx"]),
                      str(r["conn_errors"]), str(r["cli_runs"]), str(r["cli_failed"]), dele,
                      str(r["acked_after_delete"]), "ok" if r["verify"] else "FAIL", imp, rot,
                      "FAIL" if bad else "ok"))
    widths = [max(len(row[i]) for row in table) for i in range(len(hdr))]
    for i, row in enumerate(table):
        print("  ".join(c.rjust(widths[k]) for k, c in enumerate(row)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main(argv):
    a = parse_args(argv)
    if a.setup_only:
        return setup_only(a)
    if a.seed is not None:
        random.seed(a.seed)
    root = tempfile.mkdtemp(prefix="weibao-crash.", dir=a.tmp)
    REAPER.dirs.append(root)
    print("weibao crash test: %s, backend %s, concurrent CLI %s, %d trial(s) of ~%gs, %d report writers + 1 admin"
          % (a.bin, a.backend, a.concurrent_cli, a.trials, a.seconds, a.writers), flush=True)
    ref = None
    if a.import_trials:
        notices = make_notices(root, a.import_mb)
        ref = import_reference(a, root, notices)
        print("plan import trials: %d after the others; notice %.1f MB (%s), then %.1f MB with --replace (%s); "
              "on a fresh database the import takes %.1fs, the replace %.1fs; items|tasks|targets|deadline "
              "old %s, new %s"
              % (a.import_trials, os.path.getsize(notices[0]) / 1e6, ref["old_out"],
                 os.path.getsize(notices[1]) / 1e6, ref["new_out"], ref["import_seconds"],
                 ref["replace_seconds"], ref["old_counts"], ref["new_counts"]), flush=True)
    tmpl = None
    if a.rotate_trials:
        tmpl = rotate_template(a, root)
        print("key rotation trials: %d after the others; %d users with two-factor sign-in set up through the "
              "API in %.1fs; on an idle copy `keys rotate --settle 0 --batch %s` takes %.2fs (%s)"
              % (a.rotate_trials, len(tmpl["users"]), tmpl["setup_seconds"], ROTATE_BATCH,
                 tmpl["rotate_seconds"], tmpl["rotate_out"]), flush=True)
    rows, failed_dirs = [], []
    for n in range(1, a.trials + a.import_trials + a.rotate_trials + 1):
        if STOPPING.is_set():
            raise SystemExit(143)
        if n <= a.trials:
            t = Trial(a, n, root)
        elif n <= a.trials + a.import_trials:
            t = ImportTrial(a, n, root, ref)
        else:
            t = RotateTrial(a, n, root, tmpl)
        try:
            t.run()
        except Exception as e:                      # a trial that breaks is a failed trial
            t.error = t.error or ("%s: %s" % (type(e).__name__, e))
            if t.server is not None:
                t.error += " [server log: %s]" % t.log_tail()
                t.stop_server(signal.SIGKILL)
        finally:
            t.stop_writes.set()
            t.stop_cli.set()
            t.stop_fd.set()
        r = t.summary()
        rows.append(r)
        bad = trial_failed(r)
        line = ("trial %d: %d acknowledged (%d reports, %d divisions, %d register records), %d lost, %d 5xx, "
                "killed at %.1fs" % (n, r["acked"], r["reports"], r["divisions"], r.get("registers", 0), r["lost"],
                                     r["5xx"], r["kill_at"]))
        if r["kind"] == "import":
            line += ("; plan import --replace %s after %.1fs, plan afterwards: %s (%s)"
                     % ("killed" if r["import_killed"] else "exited %s" % r["import_rc"], r["import_ran"],
                        r["plan_state"], r["plan_counts"]))
        if r["kind"] == "rotate":
            line += ("; keys rotate %s after %.2fs (due %.2fs) at: %s; run again: exit %s%s in %.2fs; "
                     "TOTP sign-ins %d of %d; key generation %d, secrets by generation %s"
                     % ("killed" if r["rotate_killed"] else "exited %s" % r["rotate_rc"], r["rotate_ran"],
                        r["rotate_due"], r["kill_point"], r["resume_rc"], " (resumed)" if r["resumed"] else "",
                        r["resume_seconds"],
                        r["totp_checked"] - r["totp_failed"], r["totp_checked"], r["key_generation"],
                        r["secrets_by_generation"]))
        if r["deleted_files"]:
            line += "; server held deleted %s from %.1fs" % (", ".join(r["deleted_files"]), r["deleted_at"])
        print(line + ("" if not bad else "  FAIL"), flush=True)
        if t.lost:
            sample = ", ".join("%s %s%s" % (k, key, " " + m if m else "") for k, key, m in t.lost[:3])
            print("  lost e.g.: %s" % sample)
        if r["error"]:
            print("  error: %s" % r["error"])
        for msg in r.get("rotate_errors") or ():
            print("  rotation: %s" % msg)
        if r["cli_errors"]:
            for name, msg in sorted(r["cli_errors"].items()):
                print("  %s failed %s: %s" % (name, "(last)", msg.replace("\n", " | ")))
        if bad and a.keep:
            failed_dirs.append(t.dir)
        else:
            shutil.rmtree(t.dir, ignore_errors=True)
        for base, name in list(REAPER.pg_drops):
            pg_exec(base, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        REAPER.pg_drops.clear()

    print()
    print_table(rows, a)
    tot = {k: sum(r.get(k, 0) for r in rows) for k in ("acked", "reports", "divisions", "registers", "lost", "5xx", "other_non2xx",
                                                 "conn_errors", "cli_runs", "cli_failed", "acked_after_delete")}
    with_deleted = sum(1 for r in rows if r["deleted_files"])
    verified = sum(1 for r in rows if r["verify"])
    failed = sum(1 for r in rows if trial_failed(r))
    status, refused = collections.Counter(), collections.Counter()
    for r in rows:
        status.update(r["status"])
        refused.update(r["refused"])
    print()
    print("trials %d (failed %d); acknowledged writes %d (reports %d, divisions %d, register records %d); "
          "LOST %d; 5xx answers %d; other non-2xx %d; connection errors %d"
          % (len(rows), failed, tot["acked"], tot["reports"], tot["divisions"], tot["registers"], tot["lost"],
             tot["5xx"],
             tot["other_non2xx"], tot["conn_errors"]))
    print("answers by status: %s" % ", ".join("%s %d" % kv for kv in sorted(status.items())))
    if refused:
        print("non-2xx by write and status: %s" % ", ".join("%s: %d" % kv for kv in sorted(refused.items())))
    print("concurrent CLI runs %d (failed %d); trials where the server held a deleted database file: %d; "
          "writes acknowledged after the deletion: %d; audit chain verified in %d of %d"
          % (tot["cli_runs"], tot["cli_failed"], with_deleted, tot["acked_after_delete"], verified, len(rows)))
    imports = [r for r in rows if r["kind"] == "import"]
    if imports:
        states = collections.Counter(r["plan_state"] for r in imports)
        print("plan import trials %d: killed mid-way %d, exited before the kill %d (exit 0: %d); plan afterwards "
              "old %d, new %d, mixed or missing %d; acknowledged imports lost %d"
              % (len(imports), sum(1 for r in imports if r["import_killed"]),
                 sum(1 for r in imports if not r["import_killed"]),
                 sum(1 for r in imports if r["import_rc"] == 0), states["old"], states["new"],
                 len(imports) - states["old"] - states["new"],
                 sum(1 for r in imports if r["import_rc"] == 0 and r["plan_state"] != "new")))
    rotations = [r for r in rows if r["kind"] == "rotate"]
    if rotations:
        points = collections.Counter(re.sub(r" \(?\d+/\d+.*", "", r["kill_point"]) for r in rotations)
        print("key rotation trials %d: killed mid-way %d, exited before the kill %d (exit 0: %d); killed at: %s; "
              "run again: exit 0 %d (resumed %d); TOTP users checked %d, sign-in failures %d; secrets left under "
              "an older generation %d; rotations still under way %d; keys.rotate audit events %d"
              % (len(rotations), sum(1 for r in rotations if r["rotate_killed"]),
                 sum(1 for r in rotations if not r["rotate_killed"]),
                 sum(1 for r in rotations if r["rotate_rc"] == 0),
                 ", ".join("%s %d" % kv for kv in sorted(points.items())),
                 sum(1 for r in rotations if r["resume_rc"] == 0), sum(1 for r in rotations if r["resumed"]),
                 sum(r["totp_checked"] for r in rotations), sum(r["totp_failed"] for r in rotations),
                 sum(r["old_secrets"] for r in rotations),
                 sum(1 for r in rotations if any("under way" in e for e in r["rotate_errors"])),
                 sum(r["rotate_audited"] for r in rotations)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"args": {k: v for k, v in vars(a).items()}, "trials": rows, "totals": tot,
                       "import_reference": {k: v for k, v in (ref or {}).items() if k not in ("old", "new")},
                       "rotate_reference": {k: v for k, v in (tmpl or {}).items() if k not in ("trial", "users")}},
                      f, indent=1)
    if failed_dirs:
        REAPER.dirs.remove(root)
        print("kept for inspection: %s" % " ".join(failed_dirs))
    print("RESULT: %s" % ("FAIL" if failed else "PASS"))
    return 1 if failed else 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        code = main(sys.argv[1:])
    finally:
        REAPER.cleanup()
    sys.exit(code)
