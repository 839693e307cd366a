# The two commands of the README:
#   make run   — install what is missing, build, initialise ./var with the 桐乡
#                defaults, the 2022 work plan as archived history and the demo
#                data (weibao gen demo: 示例 villages, registers, rosters and an
#                example plan of this year from the 2022 items) the first time
#                only, and serve on http://127.0.0.1:8080/
#   make test  — install what is missing, build, run every test: unit and store
#                tests (SQLite and PostgreSQL), CLI, API and browser tests, then
#                the unit tests again under ASan+UBSan, the unit tests and the
#                API tests (server side) under valgrind, and a short run of every
#                libFuzzer target (make fuzz).
# Other targets: build, asan, valgrind, fuzz, bench, clean, install, uninstall.
#   make fuzz    — build-fuzz with clang: every target of fuzz/ over its
#                committed corpus, then FUZZ_SECONDS (default 20) of fuzzing
#                each, one per CPU at a time; fails on any crash, leak or
#                failed check (bench/bench_fuzz.sh SECONDS for longer runs).
#   make install — after `make build`: the release binary build/weibao (never
#                weibao-test), the built UI, the man pages and the systemd unit
#                under PREFIX (default /usr/local); DESTDIR for staging, BUILD
#                for another build directory.

JOBS   ?= $(shell nproc)
DATA   ?= var
LISTEN ?= 127.0.0.1:8080
CTEST  := ctest --output-on-failure -j $(JOBS)
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
               web/vite.config.js web/package.json web/package-lock.json

.PHONY: all deps build web run test unit asan valgrind fuzz bench clean install uninstall

all: build

deps:
	@bash scripts/install-deps.sh

build: deps web
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWEIBAO_WERROR=ON -DWEIBAO_TESTS=ON >/dev/null
	@cmake --build build -j $(JOBS)

# The browser UI: npm packages from the lock file, a Vite build, and gzip twins
# of the assets that the server sends to browsers that accept them.
web: web/dist/index.html

web/dist/index.html: $(WEB_SOURCES) | deps
	cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent
	find web/dist/assets -type f \( -name '*.js' -o -name '*.css' \) -exec gzip -k -9 -f {} +
	cd web && npm run size --silent

run: build
	@if [ ! -f $(DATA)/weibao.key ]; then \
	  ./build/weibao init --data $(DATA) && \
	  ./build/weibao plan import data/tongxiang-2022-workplan.txt --archived --data $(DATA) && \
	  ./build/weibao gen demo --data $(DATA); \
	fi
	./build/weibao serve --data $(DATA) --listen $(LISTEN)

test: build
	cd build && $(CTEST)
	$(MAKE) --no-print-directory asan valgrind
	$(MAKE) --no-print-directory fuzz

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWEIBAO_SANITIZE=ON -DWEIBAO_TESTS=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(CTEST) -L unit

valgrind: build
	cd build && WEIBAO_TEST_WRAPPER="$(VALGRIND)" $(CTEST) -L unit
	cd build && WEIBAO_SERVER_WRAPPER="$(VALGRIND)" $(CTEST) -R '^(pg_start|pg_stop|api_sqlite)$$'

# libFuzzer targets (fuzz/): clang, ASan+UBSan, separate build directory.
FUZZ_SECONDS ?= 20
fuzz: deps
	@CC=clang cmake -S . -B build-fuzz -DWEIBAO_FUZZ=ON -DWEIBAO_TESTS=OFF -DWEIBAO_WERROR=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	bash bench/bench_fuzz.sh $(FUZZ_SECONDS)

bench: build
	bash bench/bench_platform.sh
	bash bench/bench_api.sh build/weibao

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BINDIR  := $(PREFIX)/bin
SHAREDIR := $(PREFIX)/share/weibao
MANDIR  := $(PREFIX)/share/man
UNITDIR := $(PREFIX)/lib/systemd/system

# Installs what `make build` made; builds nothing (so that `sudo make install`
# never runs the build as root).  `weibao serve` finds the UI at
# ../share/weibao/web beside its binary.
install:
	@test -x $(BUILD)/weibao || { echo "make install: no $(BUILD)/weibao; run 'make build' first" >&2; exit 1; }
	@test -f web/dist/index.html || { echo "make install: the UI is not built; run 'make build' first" >&2; exit 1; }
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BUILD)/weibao $(DESTDIR)$(BINDIR)/weibao
	rm -rf $(DESTDIR)$(SHAREDIR)/web
	cp -R web/dist $(DESTDIR)$(SHAREDIR)/web
	rm -rf $(DESTDIR)$(SHAREDIR)/web/.vite
	chmod -R u=rwX,go=rX $(DESTDIR)$(SHAREDIR)/web
	install -m 0644 doc/weibao.1 $(DESTDIR)$(MANDIR)/man1/weibao.1
	install -m 0644 doc/weibao.conf.5 $(DESTDIR)$(MANDIR)/man5/weibao.conf.5
	sed 's|/usr/local/bin/weibao|$(BINDIR)/weibao|g' contrib/weibao.service > $(DESTDIR)$(UNITDIR)/weibao.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/weibao.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/weibao $(DESTDIR)$(MANDIR)/man1/weibao.1 \
	  $(DESTDIR)$(MANDIR)/man5/weibao.conf.5 $(DESTDIR)$(UNITDIR)/weibao.service
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-asan build-fuzz web/dist
