#!/usr/bin/env bash
# weibao init / serve / user / import / migrate as a user runs them.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Tongxiang-2022-Weibao"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN WEIBAO_USER_PASSWORD

# --- version, help, usage -------------------------------------------------
expect_exit 0 "--version" "$WEIBAO" --version
assert "--version prints the version" contains "$OUT" "^weibao [0-9]"
expect_exit 0 "help" "$WEIBAO" help
assert "help lists commands" contains "$OUT" "init"
expect_exit 0 "help init" "$WEIBAO" help init
assert "help init explains the key file" contains "$OUT" "weibao.key"
expect_exit 2 "unknown command is a usage error" "$WEIBAO" frobnicate
assert "unknown command is named" contains "$ERR" "frobnicate"
expect_exit 2 "unknown option is a usage error" "$WEIBAO" init --bogus
expect_exit 2 "help for an unknown command" "$WEIBAO" help frobnicate

# --- init -----------------------------------------------------------------
D=$TMP/data
expect_exit 0 "init" "$WEIBAO" init --data "$D"
assert "init says what it loaded" contains "$OUT" "12 divisions and 21 member units"
assert "key file exists" test -f "$D/weibao.key"
assert "key file is mode 0600" test "$(stat -c %a "$D/weibao.key")" = 600
assert "database exists" test -s "$D/weibao.db"
assert "database is not world-readable" test "$(stat -c %a "$D/weibao.db")" = 600
before=$(sha256sum "$D/weibao.db" "$D/weibao.key")
expect_exit 1 "second init refuses" "$WEIBAO" init --data "$D"
assert "second init says why" contains "$ERR" "already initialised"
assert "second init touched nothing" test "$(sha256sum "$D/weibao.db" "$D/weibao.key")" = "$before"

G=$TMP/gen
WEIBAO_ADMIN_PASSWORD= expect_exit 0 "init generates a password" "$WEIBAO" init --data "$G"
pw=$(sed -n "s/.*sign in as 'admin' with password \([A-Za-z0-9]*\).*/\1/p" "$OUT")
assert "generated password is printed once" test ${#pw} -eq 16

WEIBAO_ADMIN_PASSWORD=admin12345678 expect_exit 1 "weak admin password refused" "$WEIBAO" init --data "$TMP/weak"
assert "nothing created for a weak password" test ! -e "$TMP/weak/weibao.key"

# --- corrupt and foreign databases ------------------------------------------
head -c 8192 /dev/urandom > "$TMP/garbage.db"
sum=$(sha256sum < "$TMP/garbage.db")
expect_exit 1 "corrupt file refused by user list" "$WEIBAO" user list --data "$D" --db "$TMP/garbage.db"
assert "corrupt file error is clear" contains "$ERR" "not a SQLite database"
assert "corrupt error is one line" test "$(wc -l < "$ERR")" -eq 1
expect_exit 1 "corrupt file refused by serve" "$WEIBAO" serve --data "$D" --db "$TMP/garbage.db" --listen 127.0.0.1:0
expect_exit 1 "corrupt file refused by migrate" "$WEIBAO" migrate --data "$D" --db "$TMP/garbage.db"
expect_exit 1 "corrupt file refused by init" "$WEIBAO" init --data "$TMP/other" --db "$TMP/garbage.db"
assert "corrupt file unchanged" test "$(sha256sum < "$TMP/garbage.db")" = "$sum"

sqlite3 "$TMP/foreign.db" "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('hello');"
sum=$(sha256sum < "$TMP/foreign.db")
expect_exit 1 "foreign SQLite database refused" "$WEIBAO" user list --data "$D" --db "$TMP/foreign.db"
assert "foreign database error is clear" contains "$ERR" "another program"
expect_exit 1 "foreign database refused by migrate" "$WEIBAO" migrate --data "$D" --db "$TMP/foreign.db"
assert "foreign database unchanged" test "$(sha256sum < "$TMP/foreign.db")" = "$sum"
assert "no journal left beside it" test ! -e "$TMP/foreign.db-wal"
expect_exit 1 "missing database" "$WEIBAO" user list --data "$TMP/nowhere"
assert "missing database says run init" contains "$ERR" "weibao init"

# --- users -----------------------------------------------------------------
expect_exit 0 "user list" "$WEIBAO" user list --data "$D"
assert "admin is listed" contains "$OUT" "^admin .*active .*county:330483"
WEIBAO_USER_PASSWORD="Wuzhen-station-1" expect_exit 0 "user add town worker" \
  "$WEIBAO" user add wuzhen01 --name 沈晓梅 --unit 民政局 --role town_worker --scope town:330483100 --data "$D"
expect_exit 0 "user add with generated password" \
  "$WEIBAO" user add leader01 --name 李领导 --role leader --data "$D"
assert "generated user password printed" contains "$OUT" "password: "
expect_exit 1 "duplicate login refused" \
  "$WEIBAO" user add wuzhen01 --name 重复 --role leader --data "$D"
assert "duplicate says exists" contains "$ERR" "已存在"
expect_exit 1 "unknown role refused" "$WEIBAO" user add x01 --name 某人 --role boss --data "$D"
expect_exit 1 "unknown town refused" "$WEIBAO" user add x02 --name 某人 --role leader --scope town:330483199 --data "$D"
expect_exit 2 "user add without --name is a usage error" "$WEIBAO" user add x03 --role leader --data "$D"
expect_exit 0 "user list shows the town worker" "$WEIBAO" user list --data "$D"
assert "town scope listed" contains "$OUT" "wuzhen01 .*town:330483100 .*市民政局"
expect_exit 0 "user disable" "$WEIBAO" user disable wuzhen01 --data "$D"
"$WEIBAO" user list --data "$D" > "$OUT"
assert "disabled shown" contains "$OUT" "wuzhen01 .*disabled"
expect_exit 0 "user enable" "$WEIBAO" user enable wuzhen01 --data "$D"
expect_exit 1 "disable unknown user" "$WEIBAO" user disable nobody --data "$D"
expect_exit 0 "user totp-reset (a lost phone)" "$WEIBAO" user totp-reset wuzhen01 --data "$D"
assert "totp-reset says what happens next" contains "$OUT" "set it up again"
assert "and is audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE detail = '重置两步验证（验证器遗失）'")" = 1
expect_exit 1 "totp-reset of an unknown user" "$WEIBAO" user totp-reset nobody --data "$D"
echo "New-password-2026" > "$TMP/pw"
"$WEIBAO" user passwd wuzhen01 --password-stdin --data "$D" < "$TMP/pw" > "$OUT" 2> "$ERR"
assert "passwd from stdin" test $? -eq 0
echo "wuzhen01-abcdefg" > "$TMP/pw"
"$WEIBAO" user passwd wuzhen01 --password-stdin --data "$D" < "$TMP/pw" > "$OUT" 2> "$ERR"
assert "passwd containing the login refused" test $? -eq 1

# --- import ----------------------------------------------------------------
cat > "$TMP/villages.csv" <<'CSV'
code,name,kind,parent_code,population
330483100201,虹桥村,village,330483100,2100
330483100001,北栅社区,community,330483100,
CSV
expect_exit 0 "import villages" "$WEIBAO" import divisions "$TMP/villages.csv" --data "$D"
assert "import reports counts" contains "$OUT" "imported 2 divisions"
printf 'code,name\n330483100202,好村\nbad,坏\n' > "$TMP/bad.csv"
expect_exit 1 "bad import refused" "$WEIBAO" import divisions "$TMP/bad.csv" --data "$D"
assert "bad import names the row" contains "$ERR" "row 3"
WEIBAO_USER_PASSWORD="Hongqiao-village-1" expect_exit 0 "village user after import" \
  "$WEIBAO" user add hq01 --name 钱主任 --role village_director --scope 330483100201 --data "$D"
expect_exit 1 "import of a missing file" "$WEIBAO" import divisions "$TMP/none.csv" --data "$D"
expect_exit 2 "import of an unknown kind" "$WEIBAO" import planets "$TMP/bad.csv" --data "$D"

# --- migrate and schema checks ----------------------------------------------
expect_exit 0 "migrate on a current database" "$WEIBAO" migrate --data "$D"
assert "migrate says nothing to do" contains "$OUT" "nothing to do"
cp "$D/weibao.db" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" "UPDATE weibao_meta SET value = '99' WHERE key = 'schema_version'"
expect_exit 1 "newer schema refused" "$WEIBAO" user list --data "$D" --db "$TMP/newer.db"
assert "newer schema says upgrade" contains "$ERR" "newer"
cp "$D/weibao.db" "$TMP/older.db"
# schema 1: every table a later migration added is dropped
keep="'weibao_meta','divisions','units','unit_aliases','roles','role_permissions','users','user_roles'"
drops=$(sqlite3 "$TMP/older.db" "SELECT group_concat('DROP TABLE ' || name, '; ') FROM sqlite_schema WHERE type = 'table' AND name NOT IN ($keep)")
# and what later migrations added to the kept tables
sqlite3 "$TMP/older.db" "$drops; DROP INDEX users_scope; DROP INDEX users_creator;
  DROP INDEX unit_aliases_unit; DROP INDEX users_unit; DROP INDEX user_roles_role;
  DROP INDEX users_institution; ALTER TABLE users DROP COLUMN scope_institution;
  ALTER TABLE users DROP COLUMN created_by; UPDATE weibao_meta SET value = '1' WHERE key = 'schema_version'"
expect_exit 1 "older schema refused by serve" "$WEIBAO" serve --data "$D" --db "$TMP/older.db" --listen 127.0.0.1:0
assert "older schema says migrate" contains "$ERR" "weibao migrate"
expect_exit 0 "migrate an older schema" "$WEIBAO" migrate --data "$D" --db "$TMP/older.db"
assert "migrate reports versions" contains "$OUT" "from version 1 to"
expect_exit 0 "migrated database usable" "$WEIBAO" user list --data "$D" --db "$TMP/older.db"

# --- serve -----------------------------------------------------------------
port=$(free_port)
"$WEIBAO" serve --data "$D" --listen "127.0.0.1:$port" > "$TMP/serve.out" 2>&1 &
pid=$!
assert "serve answers /healthz" wait_http "http://127.0.0.1:$port/healthz"
curl -s "http://127.0.0.1:$port/healthz" > "$OUT"
assert "healthz names sqlite and the schema" contains "$OUT" '"db":"sqlite","schema":21'
curl -s -D "$TMP/headers" -o /dev/null "http://127.0.0.1:$port/healthz"
assert "security headers" contains "$TMP/headers" "X-Content-Type-Options: nosniff"
kill -TERM $pid; wait $pid
assert "serve exits 0 on SIGTERM" test $? -eq 0
assert "serve printed its URL" contains "$TMP/serve.out" "http://127.0.0.1:$port/"
expect_exit 2 "serve with a bad --listen" "$WEIBAO" serve --data "$D" --listen nonsense:port

E=$TMP/fresh
port=$(free_port)
(cd "$TMP" && exec "$WEIBAO" serve --data "$E" --listen "127.0.0.1:$port" > "$TMP/serve2.out" 2>&1) &
pid=$!
assert "serve initialises an empty data directory" wait_http "http://127.0.0.1:$port/healthz"
kill -TERM $pid; wait $pid
assert "serve said it initialised" contains "$TMP/serve2.out" "initialising"
assert "and created the key file" test -f "$E/weibao.key"

# --- PostgreSQL --------------------------------------------------------------
if PG=$(pg_database platform); then
  P=$TMP/pgdata
  expect_exit 0 "init on PostgreSQL" "$WEIBAO" init --data "$P" --db "$PG"
  assert "init on PostgreSQL loads the defaults" contains "$OUT" "21 member units"
  expect_exit 1 "second init on PostgreSQL refused" "$WEIBAO" init --data "$TMP/pg2" --db "$PG"
  WEIBAO_DB=$PG expect_exit 0 "user list on PostgreSQL (WEIBAO_DB)" "$WEIBAO" user list --data "$P"
  assert "admin on PostgreSQL" contains "$OUT" "^admin "
  expect_exit 0 "import on PostgreSQL" "$WEIBAO" import divisions "$TMP/villages.csv" --data "$P" --db "$PG"
  port=$(free_port)
  "$WEIBAO" serve --data "$P" --db "$PG" --listen "127.0.0.1:$port" > "$TMP/serve3.out" 2>&1 &
  pid=$!
  assert "serve on PostgreSQL answers" wait_http "http://127.0.0.1:$port/healthz"
  curl -s "http://127.0.0.1:$port/healthz" > "$OUT"
  assert "healthz names postgresql" contains "$OUT" '"db":"postgresql"'
  kill -TERM $pid; wait $pid
  expect_exit 1 "unreachable PostgreSQL is one clear line" "$WEIBAO" user list --data "$P" \
    --db "postgresql://nobody@/none?host=/nonexistent-dir"
  assert "unreachable PostgreSQL message" contains "$ERR" "cannot connect to PostgreSQL"
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi

finish
