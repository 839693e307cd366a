#!/usr/bin/env bash
# doc/weibao.1 and doc/weibao.conf.5: clean under groff's and man's warnings,
# and true to the program: every command of `weibao help` has its section,
# every setting of `weibao config check` its entry with the same default, and
# the pages carry the program's version.  (scripts/install-deps.sh installs
# groff-base.)
source "$(dirname "$0")/lib.sh"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
DOC=$WEIBAO_SOURCE_DIR/doc

if ! command -v groff >/dev/null 2>&1; then
  echo "not ok - groff is missing: run scripts/install-deps.sh (it installs groff-base)"
  exit 1
fi
for page in weibao.1 weibao.conf.5; do
  groff -k -man -Tutf8 -ww -z "$DOC/$page" >"$OUT" 2>"$ERR"
  assert "$page: groff -man -ww finds nothing" test $? -eq 0 -a ! -s "$ERR"
  sed 's/^/  # /' "$ERR" | head -5
  if command -v man >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$DOC/$page" >"$OUT" 2>"$ERR"
    assert "$page: man --warnings finds nothing" test $? -eq 0 -a ! -s "$ERR"
    sed 's/^/  # /' "$ERR" | head -5
    assert "$page: renders" test "$(wc -l < "$OUT")" -gt 40
  else
    echo "ok - $page: man --warnings # skip: man-db is not installed (groff checked it)"
  fi
done

version=$("$WEIBAO" --version | awk '{print $2}')
for page in weibao.1 weibao.conf.5; do
  assert "$page carries version $version" grep -q "^\.TH .* \"weibao $version\"" "$DOC/$page"
done

# every command has its section in weibao.1
"$WEIBAO" help >"$OUT"
commands=$(sed -n 's/^  \([a-z]\+\) .*/\1/p' "$OUT")
assert "help lists commands" test "$(echo "$commands" | wc -w)" -ge 8
for c in $commands; do
  assert "weibao.1 describes '$c'" grep -q "^\.SS \"$c\b" "$DOC/weibao.1"
done

# every setting has its entry in weibao.conf.5, with the default config check shows
WEIBAO_ADMIN_PASSWORD=Manpage-test-Tongxiang-1 "$WEIBAO" init --data "$TMP/d" >/dev/null
"$WEIBAO" config check --data "$TMP/d" >"$OUT" 2>"$ERR"
settings=$(grep -E '^[a-z_]+ += .*# default' "$OUT")
assert "config check lists settings" test "$(echo "$settings" | wc -l)" -gt 30
while read -r key _ rest; do
  value=$(echo "$rest" | sed 's/ *# default.*//')
  entry=$(grep -E "^\.BR $key \" = \" " "$DOC/weibao.conf.5")
  if [ -z "$entry" ]; then
    assert "weibao.conf.5 describes $key" false
    continue
  fi
  documented=$(echo "$entry" | sed -E "s/^\.BR $key \" = \" //")
  case $documented in
    '"" "('*) [ -z "$value" ] || [ "$key" = web_root ]; ok=$? ;;   # (none), (beside the binary)
    *) [ "$documented" = "$value" ]; ok=$? ;;
  esac
  assert "weibao.conf.5: $key = $value" test $ok -eq 0
done <<<"$settings"

finish
