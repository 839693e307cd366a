#!/bin/sh
# Runs a test program, behind $WEIBAO_TEST_WRAPPER when set (valgrind in `make test`).
if [ -n "${WEIBAO_TEST_WRAPPER:-}" ]; then
  exec $WEIBAO_TEST_WRAPPER "$@"
fi
exec "$@"
