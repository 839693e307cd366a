#!/usr/bin/env python3
"""Fills a weibao SQLite database with synthetic work plans until it holds
TOTAL tasks, for bench/bench_ledger.sh.  Run it with the server stopped.

usage: gen_ledger.py DB [--tasks 200000] [--plans 1000] [--items 20] [--seed 2022]

Plans, sections, items and tasks go in at the end of their tables (explicit
ids after the highest), in one transaction.  Item texts are the texts of the
items already there (import data/tongxiang-2022-workplan.txt first); each
item names ~10 of the member units in the units table; a plan is issued
between 3 years and a week ago, its items' deadlines fall 3 months to 2 years
after that (so ~40% are still ahead); statuses go with the deadline (mostly
closed when it has passed).  Every task's yellow_at / red_at are what
core/tasklight.c task_light_moments() gives under the rules of the
weibao_meta 'light_rules' row (written by the first `weibao serve`): with the
row kept, `serve` recomputes nothing at start-up.

usage: gen_ledger.py sql STMT_DEF NAME [--bind] VALUE...
Prints statement NAME of src/store/stmt.def (macros expanded by `cc -E`) with
its `?` replaced by the VALUEs in order (an integer, NULL, or s:TEXT for a
string); with --bind, the statement as it is, after sqlite3 shell
`.parameter set ?N VALUE` lines (the server's prepared form).
"""
import argparse
import datetime
import random
import ast
import os
import re
import sqlite3
import subprocess
import sys
import time

DAY = 86400
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
STATUSES = ("pending", "signed", "in_progress", "close_requested", "closed")
# weights of the statuses when the deadline has passed / is still ahead
PAST_WEIGHTS = (7, 8, 15, 10, 60)
FUTURE_WEIGHTS = (15, 20, 45, 10, 10)


class Rules:
    """struct light_rules, parsed from "warn=7 sign=5 period=0 utc=28800"."""

    def __init__(self, text):
        kv = dict(re.findall(r"(\w+)=(-?\d+)", text))
        try:
            self.warn = int(kv["warn"]) * DAY
            self.sign = int(kv["sign"]) * DAY
            self.months = 3 if int(kv["period"]) == 1 else 1
            self.utc = int(kv["utc"])
        except KeyError as e:
            sys.exit("gen_ledger: light_rules %r lacks %s" % (text, e))

    def period_boundary(self, t, step):
        # tasklight.c period_boundary(): first day of t's month (quarter) + step periods
        d = datetime.date.fromordinal((t + self.utc) // DAY + EPOCH_ORDINAL)
        m = ((d.month - 1) // self.months) * self.months + 1 + step * self.months
        y = d.year
        while m > 12:
            m -= 12
            y += 1
        return (datetime.date(y, m, 1).toordinal() - EPOCH_ORDINAL) * DAY - self.utc

    def period_next(self, t):
        return self.period_boundary(t, 1)

    def day_end(self, t):
        """23:59:59 local of the day holding t (calendar_day_end())."""
        return ((t + self.utc) // DAY + 1) * DAY - self.utc - 1


def earliest(a, b):
    if a == 0:
        return b
    if b == 0:
        return a
    return min(a, b)


def moments(r, status, created, signed, deadline, last_report):
    """task_light_moments(): (yellow_at, red_at), None for never."""
    if status == "closed":
        return None, None
    red, yellow = deadline + 1, deadline - r.warn
    if status == "pending":
        sign_by = created + r.sign
        red = earliest(red, sign_by + 1)
        yellow = earliest(yellow, sign_by - DAY)
    elif status != "close_requested":
        m = max(signed or 0, last_report or 0)
        owed = r.period_next(m)
        due = r.period_next(owed)
        red = earliest(red, due)
        yellow = earliest(yellow, max(due - r.warn, owed))
    return min(yellow, red), red


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--tasks", type=int, default=200000, help="total tasks wanted (default 200000)")
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--items", type=int, default=20, help="items per plan")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--now", type=int, default=None,
                    help="the clock (default: the start of today in the rules' zone, so that "
                         "runs on one day generate the same rows)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    t0 = time.monotonic()

    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")        # a bench copy: speed over durability
    db.execute("PRAGMA cache_size = -262144")     # 256 MiB
    row = db.execute("SELECT value FROM weibao_meta WHERE key = 'light_rules'").fetchone()
    if row is None:
        sys.exit("gen_ledger: no 'light_rules' row in weibao_meta: start `weibao serve` once first")
    rules = Rules(row[0])
    now = a.now or rules.day_end(int(time.time())) + 1 - DAY
    units = db.execute("SELECT id, name FROM units ORDER BY id").fetchall()
    texts = [r[0] for r in db.execute("SELECT text FROM plan_items ORDER BY id")]
    have = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    if not units or not texts:
        sys.exit("gen_ledger: no units or no items: run `weibao init` and `weibao plan import` first")
    nitems = a.plans * a.items
    want = a.tasks - have
    if want < nitems or want > nitems * len(units):
        sys.exit("gen_ledger: %d tasks do not fit %d items of 1..%d units" % (want, nitems, len(units)))

    # tasks per item: 5..15, ~10 on average, adjusted to sum to `want` exactly
    per_item = [rng.randint(5, 15) for _ in range(nitems)]
    diff = want - sum(per_item)
    lo, hi = 1, min(len(units), 20)
    while diff:
        k = rng.randrange(nitems)
        step = 1 if diff > 0 else -1
        if lo <= per_item[k] + step <= hi:
            per_item[k] += step
            diff -= step

    plan_id = db.execute("SELECT coalesce(max(id), 0) FROM plans").fetchone()[0]
    item_id = db.execute("SELECT coalesce(max(id), 0) FROM plan_items").fetchone()[0]
    task_id = db.execute("SELECT coalesce(max(id), 0) FROM tasks").fetchone()[0]
    plans, sections, items, tasks = [], [], [], []
    k = 0
    for p in range(a.plans):
        plan_id += 1
        created = now - rng.randint(7 * DAY, 3 * 365 * DAY)
        issued = datetime.date.fromordinal((created + rules.utc) // DAY + EPOCH_ORDINAL)
        plan_deadline = rules.day_end(created + rng.randint(90 * DAY, 730 * DAY))
        plans.append((plan_id, "桐未工委办〔%d〕%d号-合成%d" % (issued.year, 100 + p, p + 1),
                      "合成工作要点 %d（bench/gen_ledger.py）" % (p + 1),
                      "桐乡市未成年人保护工作委员会办公室", issued.isoformat(), issued.year,
                      plan_deadline, "synthetic plan %d, bench/gen_ledger.py" % (p + 1), 0,
                      created, created))
        for s in (1, 2, 3):
            sections.append((plan_id, s, "合成第%d部分" % s))
        for n in range(1, a.items + 1):
            item_id += 1
            deadline = rules.day_end(plan_deadline - rng.randint(0, 60) * DAY)
            chosen = rng.sample(units, per_item[k])
            k += 1
            items.append((item_id, plan_id, n, 1 + (n - 1) * 3 // a.items, rng.choice(texts),
                          "、".join(u[1] for u in chosen)))
            weights = PAST_WEIGHTS if deadline < now else FUTURE_WEIGHTS
            for j, (unit_id, _) in enumerate(chosen):
                task_id += 1
                status = rng.choices(STATUSES, weights)[0]
                signed = last = closed = reason = None
                if status != "pending":
                    signed = min(now, created + rng.randint(3600, 10 * DAY))
                if status in ("in_progress", "close_requested", "closed"):
                    last = rng.randint(signed, max(signed, min(now, deadline)))
                    if status == "in_progress" and deadline > now and rng.random() < 0.75:
                        last = max(signed, now - rng.randint(0, 40 * DAY))   # reports kept up
                    if status == "in_progress" and rng.random() < 0.05:
                        reason = "材料不全，请补充后再申请办结"
                if status == "closed":
                    closed = rng.randint(last, max(last, min(now, deadline + 30 * DAY)))
                yellow, red = moments(rules, status, created, signed, deadline, last)
                updated = max(x for x in (created, signed, last, closed) if x)
                tasks.append((task_id, item_id, unit_id, 1 if j == 0 or rng.random() < 0.3 else 0,
                               status, deadline, signed, last, closed, reason, created, updated,
                               yellow, red))
    t1 = time.monotonic()
    db.execute("BEGIN")
    db.executemany("INSERT INTO plans (id, doc_number, title, issuer, issued_on, year, deadline, "
                   "source, warnings, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", plans)
    db.executemany("INSERT INTO plan_sections (plan_id, number, title) VALUES (?,?,?)", sections)
    db.executemany("INSERT INTO plan_items (id, plan_id, number, section, text, units) "
                   "VALUES (?,?,?,?,?,?)", items)
    db.executemany("INSERT INTO tasks (id, item_id, unit_id, is_lead, status, deadline, signed_at, "
                   "last_report_at, closed_at, return_reason, created_at, updated_at, yellow_at, "
                   "red_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", tasks)
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    t2 = time.monotonic()
    total = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    by_status = dict(db.execute("SELECT status, count(*) FROM tasks GROUP BY status").fetchall())
    lights = db.execute("SELECT sum(red_at IS NOT NULL AND ? >= red_at), "
                        "sum((red_at IS NULL OR ? < red_at) AND yellow_at IS NOT NULL AND ? >= yellow_at), "
                        "sum(deadline < ?) FROM tasks", (now, now, now, now)).fetchone()
    db.close()
    clock = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print("gen_ledger: clock %s; %d plans, %d items, %d tasks added (%d in all) in %.1f s "
          "(%.1f s generating, %.1f s inserting)" % (clock, len(plans), len(items), len(tasks),
                                                    total, t2 - t0, t1 - t0, t2 - t1))
    print("gen_ledger: status %s; red %d, yellow %d, deadline passed %d; rules '%s'" % (
        ", ".join("%s %d" % (s, by_status.get(s, 0)) for s in STATUSES), lights[0], lights[1],
        lights[2], row[0]))


def statement(stmt_def, name):
    """The SQL of X(name, ...) in stmt.def, macros expanded by the C preprocessor."""
    src = '#define X(n, s) @@ n s @@\n#include "%s"\n' % os.path.abspath(stmt_def)
    r = subprocess.run([os.environ.get("CC", "cc"), "-E", "-P", "-x", "c", "-"], input=src,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("gen_ledger: cc -E %s failed:\n%s" % (stmt_def, r.stderr))
    cpp = r.stdout
    for m in re.finditer(r'@@\s*(\w+)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)@@', cpp):
        if m.group(1) == name:
            return "".join(ast.literal_eval(lit)
                           for lit in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(2)))
    sys.exit("gen_ledger: no statement %s in %s" % (name, stmt_def))


def sql_literal(v):
    if v == "NULL" or re.fullmatch(r"-?\d+", v):
        return v
    if not v.startswith("s:"):
        sys.exit("gen_ledger: value %r: an integer, NULL or s:TEXT" % v)
    return "'%s'" % v[2:].replace("'", "''")


def sql_main(argv):
    ap = argparse.ArgumentParser(prog="gen_ledger.py sql")
    ap.add_argument("stmt_def")
    ap.add_argument("name")
    ap.add_argument("--bind", action="store_true")
    ap.add_argument("values", nargs="*")
    a = ap.parse_intermixed_args(argv)
    text = statement(a.stmt_def, a.name)
    values = [sql_literal(v) for v in a.values]
    out, n, quoted = [], 0, False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "?" and not quoted:
            n += 1
            if n > len(values):
                sys.exit("gen_ledger: %s has more than %d parameters" % (a.name, len(values)))
            out.append("?%d" % n if a.bind else values[n - 1])
        else:
            out.append(ch)
    if n != len(values):
        sys.exit("gen_ledger: %s has %d parameters, %d values given" % (a.name, n, len(values)))
    if a.bind:
        # the shell binds an anonymous ?N from temp.sqlite_parameters key '?N'; keep `?` itself
        print(".parameter clear")
        for i, v in enumerate(values, 1):
            # double quotes keep a string's single quotes through the shell's argument parsing
            print(".parameter set ?%d %s" % (i, '"%s"' % v if v.startswith("'") else v))
        print(text + ";")
    else:
        print("".join(out) + ";")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "sql":
        sql_main(sys.argv[2:])
    else:
        main()
