#!/usr/bin/env bash
# weibao config check: every setting with its value and where it came from;
# a bad line named; the key file, the database and its schema checked, with
# what to run when one is wrong; nothing written.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Config-test-Tongxiang-1"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null

# --- usage and help -----------------------------------------------------------
expect_exit 0 "help lists config" "$WEIBAO" help
assert "help names config" contains "$OUT" "^  config "
expect_exit 0 "help config" "$WEIBAO" help config
assert "help config explains the check" contains "$OUT" "weibao config check"
expect_exit 2 "config without check is a usage error" "$WEIBAO" config
expect_exit 2 "config with an unknown subcommand" "$WEIBAO" config show --data "$D"
expect_exit 2 "config check with an unknown option" "$WEIBAO" config check --bogus

# --- no weibao.conf: every setting its default ---------------------------------
expect_exit 0 "check a fresh directory" "$WEIBAO" config check --data "$D"
assert "says the file is absent" contains "$OUT" "absent"
assert "listen is the default" grep -Eq '^listen +=  *127\.0\.0\.1:8080 +# default$' "$OUT"
assert "no setting comes from a file" test -z "$(grep 'weibao.conf line' "$OUT")"
assert "the key file is fine" contains "$OUT" "ok: mode 0600"
assert "the schema is current" contains "$OUT" "(current)"
assert "ends saying serve can start" contains "$OUT" "can start"
# every key of the README's configuration table is printed
keys=$(sed -n '/^## Configuration/,/^## /p' "$WEIBAO_SOURCE_DIR/README.md" |
  grep -o '^| `[a-z_]*`\(, `[a-z_]*`\)*' | grep -o '[a-z_]\+')
missing=
for k in $keys; do grep -Eq "^$k +=" "$OUT" || missing="$missing $k"; done
assert "every README setting is printed (missing:$missing)" test -z "$missing"
assert "the README lists settings" test "$(echo "$keys" | wc -w)" -gt 30

# --- settings from the file ------------------------------------------------------
cat > "$D/weibao.conf" <<'CONF'
# a comment
threads = 3

report_period = quarterly
score_overdue_day = 0.25
trusted_proxies = 10.0.0.1, 10.0.0.2
CONF
before=$(sha256sum "$D/weibao.db" "$D/weibao.key" "$D/weibao.conf")
expect_exit 0 "check with a weibao.conf" "$WEIBAO" config check --data "$D"
assert "threads from line 2" grep -Eq '^threads += 3 +# weibao.conf line 2$' "$OUT"
assert "report_period from line 4" grep -Eq '^report_period += quarterly +# weibao.conf line 4$' "$OUT"
assert "a fraction as written" grep -Eq '^score_overdue_day += 0.25 +# weibao.conf line 5$' "$OUT"
assert "a list as written" grep -Eq '^trusted_proxies += 10.0.0.1, 10.0.0.2 +# weibao.conf line 6$' "$OUT"
assert "the others are defaults" grep -Eq '^session_idle_minutes += 30 +# default$' "$OUT"
assert "the check wrote nothing" test "$(sha256sum "$D/weibao.db" "$D/weibao.key" "$D/weibao.conf")" = "$before"
WEIBAO_LISTEN=127.0.0.1:9999 expect_exit 0 "check with \$WEIBAO_LISTEN" "$WEIBAO" config check --data "$D"
assert "listen from the environment" grep -Eq '^listen += 127.0.0.1:9999 +# \$WEIBAO_LISTEN$' "$OUT"

# --- a bad line: exit 1 naming it ------------------------------------------------
cp "$D/weibao.conf" "$TMP/good.conf"
printf 'threads = 3\nsession_idle_minutes = forever\n' > "$D/weibao.conf"
expect_exit 1 "a bad value" "$WEIBAO" config check --data "$D"
assert "the bad line is named" contains "$ERR" "weibao.conf:2: session_idle_minutes"
assert "the error is one line" test "$(wc -l < "$ERR")" -eq 1
printf 'colour = blue\n' > "$D/weibao.conf"
expect_exit 1 "an unknown key" "$WEIBAO" config check --data "$D"
assert "the unknown key is named" contains "$ERR" "weibao.conf:1: unknown setting 'colour'"
printf 'listen = everywhere\n' > "$D/weibao.conf"
expect_exit 1 "a listen address serve cannot use" "$WEIBAO" config check --data "$D"
assert "the listen problem is said" contains "$ERR" "everywhere"
cp "$TMP/good.conf" "$D/weibao.conf"

# --- the key file ------------------------------------------------------------------
chmod 644 "$D/weibao.key"
expect_exit 1 "a key file others can read" "$WEIBAO" config check --data "$D"
assert "says chmod 600" contains "$ERR" "chmod 600"
assert "the settings are still printed" grep -Eq '^threads += 3 ' "$OUT"
chmod 600 "$D/weibao.key"
mv "$D/weibao.key" "$TMP/key"
expect_exit 1 "no key file" "$WEIBAO" config check --data "$D"
assert "says the key file is missing" contains "$ERR" "weibao.key is missing"
mv "$TMP/key" "$D/weibao.key"
expect_exit 0 "fine again" "$WEIBAO" config check --data "$D"

# --- the database and its schema ------------------------------------------------
expect_exit 1 "no database" "$WEIBAO" config check --data "$D" --db "$TMP/none.db"
assert "says to run init" contains "$ERR" "weibao init"
assert "no database file was created" test ! -e "$TMP/none.db"
cp "$D/weibao.db" "$TMP/older.db"
sqlite3 "$TMP/older.db" "UPDATE weibao_meta SET value = '1' WHERE key = 'schema_version'"
expect_exit 1 "an older schema" "$WEIBAO" config check --data "$D" --db "$TMP/older.db"
assert "says to run migrate" contains "$ERR" "weibao migrate --data $D"
cp "$D/weibao.db" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" "UPDATE weibao_meta SET value = '99' WHERE key = 'schema_version'"
expect_exit 1 "a newer schema" "$WEIBAO" config check --data "$D" --db "$TMP/newer.db"
assert "says it is newer" contains "$ERR" "newer than this weibao"
sqlite3 "$TMP/foreign.db" "CREATE TABLE notes (t TEXT)"
expect_exit 1 "another program's database" "$WEIBAO" config check --data "$D" --db "$TMP/foreign.db"

# --- PostgreSQL: the password is never printed -------------------------------------
if [ -n "${WEIBAO_TEST_PG_DIR:-}" ] && [ -f "$WEIBAO_TEST_PG_DIR/url" ]; then
  url=$(pg_database config)
  expect_exit 1 "an empty PostgreSQL database" "$WEIBAO" config check --data "$D" --db "$url"
  assert "says to run init" contains "$ERR" "weibao init"
  P=$TMP/pgdata
  "$WEIBAO" init --data "$P" --db "$url" >/dev/null
  expect_exit 0 "an initialised PostgreSQL database" "$WEIBAO" config check --data "$P" --db "$url"
  assert "names the backend" contains "$OUT" "ok: postgresql, schema version"
fi
expect_exit 1 "an unreachable PostgreSQL server" "$WEIBAO" config check --data "$D" \
  --db "postgresql://weibao:s3cret-pw@/none?host=/nonexistent-dir"
assert "the password is not printed" test -z "$(grep -h 's3cret-pw' "$OUT" "$ERR")"
assert "the URL is shown without it" contains "$OUT" "postgresql://weibao:\*\*\*@"

finish
