#!/usr/bin/env bash
# make install DESTDIR=…: the release binary (never weibao-test), the built UI,
# the man pages and the hardened systemd unit land under PREFIX, and the
# installed binary serves the UI from PREFIX/share/weibao/web.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Install-test-Tongxiang-1"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
SRC=$WEIBAO_SOURCE_DIR
BUILD=$(dirname "$WEIBAO")

if [ ! -f "$SRC/web/dist/index.html" ]; then
  echo "not ok - the UI is not built (make web); make install needs it"
  exit 1
fi

# --- the files -----------------------------------------------------------------
R=$TMP/root
expect_exit 0 "make install DESTDIR" make -s -C "$SRC" install DESTDIR="$R" BUILD="$BUILD"
P=$R/usr/local
assert "the binary" test -x "$P/bin/weibao"
assert "it is the release build" cmp -s "$P/bin/weibao" "$WEIBAO"
if [ -n "${WEIBAO_TEST_BIN:-}" ] && [ -f "$WEIBAO_TEST_BIN" ]; then
  differs() { ! cmp -s "$1" "$2"; }
  assert "it is not weibao-test" differs "$P/bin/weibao" "$WEIBAO_TEST_BIN"
fi
assert "the UI" cmp -s "$P/share/weibao/web/index.html" "$SRC/web/dist/index.html"
assert "the UI's assets" test -n "$(ls "$P/share/weibao/web/assets")"
assert "the UI is readable by the service user" test -z "$(find "$P/share/weibao/web" ! -perm -o=r)"
assert "weibao(1)" cmp -s "$P/share/man/man1/weibao.1" "$SRC/doc/weibao.1"
assert "weibao.conf(5)" cmp -s "$P/share/man/man5/weibao.conf.5" "$SRC/doc/weibao.conf.5"
U=$P/lib/systemd/system/weibao.service
assert "the systemd unit" test -f "$U"
assert "the unit runs the installed binary" grep -qx 'ExecStart=/usr/local/bin/weibao serve --data /var/lib/weibao' "$U"
for line in User=weibao ProtectSystem=strict ReadWritePaths=/var/lib/weibao NoNewPrivileges=yes \
    PrivateTmp=yes ProtectHome=yes CapabilityBoundingSet= 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
    SystemCallFilter=@system-service UMask=0077; do
  assert "the unit has $line" grep -qx "$line" "$U"
done
assert "nothing else was installed" test "$(find "$R" -type f | grep -v '/share/weibao/web/' | wc -l)" -eq 4

# the unit as systemd reads it (where systemd-analyze is installed)
if command -v systemd-analyze >/dev/null 2>&1; then
  sed "s|^ExecStart=/usr/local/bin/weibao|ExecStart=$P/bin/weibao|" "$U" > "$TMP/weibao.service"
  systemd-analyze verify --man=no "$TMP/weibao.service" >"$OUT" 2>"$ERR"
  assert "systemd-analyze verify finds nothing" test ! -s "$ERR"
  sed 's/^/  # /' "$ERR" | head -5
  systemd-analyze security --offline=yes "$TMP/weibao.service" >"$OUT" 2>&1
  exposure=$(sed -n 's/.*Overall exposure level for weibao.service: \([0-9.]*\).*/\1/p' "$OUT")
  assert "systemd rates the sandbox exposure $exposure at most 2.0" \
    awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }'
else
  echo "ok - systemd-analyze verify # skip: systemd is not installed"
fi

# --- the installed binary ----------------------------------------------------------
I=$P/bin/weibao
WEIBAO_TEST_CLOCK_OFFSET=86400 expect_exit 0 "the installed binary initialises a directory" \
  "$I" init --data "$TMP/data"
assert "it has no test clock" test -z "$(grep 'TEST CLOCK' "$ERR")"
# mark the installed UI: what is served must come from there, not from the source tree
echo '<!-- installed copy -->' >> "$P/share/weibao/web/index.html"
expect_exit 0 "config check finds the installed UI" "$I" config check --data "$TMP/data"
assert "config check names it" grep -Eq "^web_root += $P/bin/../share/weibao/web " "$OUT"
port=$(free_port)
"$I" serve --data "$TMP/data" --listen "127.0.0.1:$port" >"$TMP/serve.log" 2>&1 &
pid=$!
assert "the installed binary serves" wait_http "http://127.0.0.1:$port/healthz"
curl -s "http://127.0.0.1:$port/" >"$OUT"
assert "the UI comes from PREFIX/share/weibao/web" contains "$OUT" "installed copy"
curl -s "http://127.0.0.1:$port/healthz" >"$OUT"
assert "the API answers" contains "$OUT" '"status":"ok"'
kill $pid; wait $pid 2>/dev/null; pid=

# --- another PREFIX, and uninstall ------------------------------------------------
R2=$TMP/opt
expect_exit 0 "make install PREFIX=/opt/weibao" make -s -C "$SRC" install DESTDIR="$R2" PREFIX=/opt/weibao BUILD="$BUILD"
assert "the unit follows PREFIX" grep -qx 'ExecStart=/opt/weibao/bin/weibao serve --data /var/lib/weibao' \
  "$R2/opt/weibao/lib/systemd/system/weibao.service"
expect_exit 0 "make uninstall" make -s -C "$SRC" uninstall DESTDIR="$R2" PREFIX=/opt/weibao
assert "uninstall leaves no file" test -z "$(find "$R2" -type f)"
expect_exit 2 "make install without a build refuses" make -s -C "$SRC" install DESTDIR="$TMP/none" BUILD="$TMP/nobuild"
assert "and says what to run" contains "$ERR" "make build"
assert "and installs nothing" test ! -e "$TMP/none"

finish
