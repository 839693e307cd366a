#!/usr/bin/env bash
# Installs every Debian package that weibao's build, tests and server need.
# Idempotent: prints nothing and touches nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev
  libsodium-dev libutf8proc-dev libxlsxwriter-dev libcsv-dev libcmocka-dev liboath-dev
  libzip-dev libexpat1-dev   # .xlsx import: the ZIP container and its XML parts
  postgresql valgrind curl groff-base
  clang libclang-rt-14-dev   # make fuzz: libFuzzer and the sanitizer runtimes
  chromium fonts-noto-cjk
)
# Node.js 20 comes with the machine image; Debian's own is the fallback.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${WEIBAO_BENCH_DEPS:-0}" = 1 ]; then
  packages+=(wrk nginx-light hyperfine bc)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
