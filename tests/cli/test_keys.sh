#!/usr/bin/env bash
# weibao keys rotate beside a running server: a user with two-factor
# sign-in (an encrypted secret) signs in before, during and after; a rotation
# killed midway resumes; older generations stay in the key file.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Keys-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid= rot=
trap 'kill $pid $rot 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
WEIBAO_USER_PASSWORD=Keys-user-pass-2022 "$WEIBAO" user add keyuser --name 密钥 --role leader --data "$D" >/dev/null
serve_admin --data "$D"

# sign_in [OTP] — prints the HTTP status of keyuser's sign-in
sign_in() {
  local body="{\"username\":\"keyuser\",\"password\":\"Keys-user-pass-2022\"${1:+,\"otp\":\"$1\"}}"
  curl -s -o "$TMP/signin" -w '%{http_code}' -c "$TMP/kjar" -H 'content-type: application/json' \
    -d "$body" "$base/session"
}
# otp SECRET [STEP OFFSET] — the TOTP code (RFC 6238, SHA-1, 6 digits, 30 s)
otp() {
  python3 - "$1" "${2:-0}" <<'PY'
import base64, hmac, hashlib, struct, sys, time
key = base64.b32decode(sys.argv[1] + '=' * (-len(sys.argv[1]) % 8))
step = int(time.time()) // 30 + int(sys.argv[2])
h = hmac.new(key, struct.pack('>Q', step), hashlib.sha1).digest()
o = h[-1] & 15
print('%06d' % ((struct.unpack('>I', h[o:o + 4])[0] & 0x7fffffff) % 1000000))
PY
}
kcsrf() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$TMP/signin"; }

assert "keyuser signs in with a password" test "$(sign_in)" = 200
kc=$(kcsrf)
curl -s -b "$TMP/kjar" -H 'content-type: application/json' -H "x-csrf-token: $kc" -d '{}' \
  "$base/me/totp/setup" > "$OUT"
secret=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret"])' "$OUT")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/kjar" -H 'content-type: application/json' \
  -H "x-csrf-token: $kc" -d "{\"code\":\"$(otp "$secret")\"}" "$base/me/totp/enable")
assert "two-factor sign-in enabled ($code)" test "$code" = 200
assert "the secret is stored under key generation 1" \
  test "$(sqlite3 "$D/weibao.db" "SELECT substr(secret, 1, 3) FROM user_totp")" = "v1:"
cp "$D/weibao.key" "$TMP/key-before-rotation"

expect_exit 0 "keys rotate while the server runs" "$WEIBAO" keys rotate --settle 2 --data "$D"
assert "it says what it did" contains "$OUT" "generation 2"
assert "the secret is now under generation 2" \
  test "$(sqlite3 "$D/weibao.db" "SELECT substr(secret, 1, 3) FROM user_totp")" = "k2:"
assert "the key file keeps generation 1 and names 2 current" \
  sh -c "grep -q '^field ' '$D/weibao.key' && grep -q '^field.2 ' '$D/weibao.key' && grep -q '^current field 2' '$D/weibao.key'"
assert "the key file is still private" test "$(stat -c %a "$D/weibao.key")" = 600
assert "init wrote a registry key" grep -q '^registry [0-9a-f]\{64\}$' "$TMP/key-before-rotation"
assert "the rotation leaves the registry key alone" \
  test "$(grep '^registry ' "$D/weibao.key")" = "$(grep '^registry ' "$TMP/key-before-rotation")"
sleep 1
assert "the running server reads the re-encrypted secret: sign-in with a code" \
  test "$(sign_in "$(otp "$secret" 1)")" = 200

# killed while it waits for servers to load the new key file: resumes
"$WEIBAO" keys rotate --settle 30 --data "$D" >"$TMP/rot.out" 2>&1 &
rot=$!
# (the key file is written first, then the rotation's state: wait for both)
for _ in $(seq 100); do
  [ -n "$(sqlite3 "$D/weibao.db" "SELECT value FROM weibao_meta WHERE key = 'key_rotation'")" ] && break
  sleep 0.1
done
kill -9 $rot; wait $rot 2>/dev/null; rot=
assert "the killed rotation left its new generation in the key file" grep -q '^current field 3' "$D/weibao.key"
assert "and its state in the database" \
  test -n "$(sqlite3 "$D/weibao.db" "SELECT value FROM weibao_meta WHERE key = 'key_rotation'")"
expect_exit 0 "running it again resumes the rotation" "$WEIBAO" keys rotate --settle 0 --data "$D"
assert "it says it resumed" contains "$OUT" "resumed"
assert "the secret is under generation 3" \
  test "$(sqlite3 "$D/weibao.db" "SELECT substr(secret, 1, 3) FROM user_totp")" = "k3:"
assert "no rotation is left under way" \
  test -z "$(sqlite3 "$D/weibao.db" "SELECT value FROM weibao_meta WHERE key = 'key_rotation'")"
# a code not yet used: the next time step (wait for it to begin)
sleep $(( 30 - $(date +%s) % 30 + 1 ))
assert "the server still signs keyuser in" test "$(sign_in "$(otp "$secret" 1)")" = 200
expect_exit 0 "the audit chain verifies (the audit key is never rotated)" "$WEIBAO" audit verify --data "$D"
assert "the rotations are audited" \
  test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'keys.rotate'")" = 2
expect_exit 2 "keys without rotate is a usage error" "$WEIBAO" keys --data "$D"

# a backup made after the rotations, restored beside the key file from before
# them: refused, not a database whose users cannot sign in
expect_exit 0 "backup after the rotations" "$WEIBAO" backup "$TMP/rotated.wbk" --data "$D"
O=$TMP/old-key
mkdir -p "$O" && cp "$TMP/key-before-rotation" "$O/weibao.key" && chmod 600 "$O/weibao.key"
expect_exit 1 "restore beside the key file from before the rotations is refused" \
  "$WEIBAO" restore "$TMP/rotated.wbk" --data "$O"
assert "naming the key generation it lacks" contains "$ERR" "cannot be decrypted with this key file (the first under key generation 3"
expect_exit 1 "and a rotation with that key file is refused, changing nothing" \
  "$WEIBAO" keys rotate --settle 0 --data "$O"
assert "the old key file is left as it was" cmp -s "$O/weibao.key" "$TMP/key-before-rotation"
N=$TMP/new-key
mkdir -p "$N" && cp "$D/weibao.key" "$N/"
expect_exit 0 "with the key file after the rotations it restores" "$WEIBAO" restore "$TMP/rotated.wbk" --data "$N"
finish
