# The two commands of the README:
#   make run   — install what is missing, build, initialise ./var with the 桐乡
#                defaults and the 2022 work plan (first time only) and serve on
#                http://127.0.0.1:8080/
#   make test  — install what is missing, build, run every test: unit and store
#                tests (SQLite and PostgreSQL), CLI, API and browser tests, then
#                the unit tests again under ASan+UBSan, and the unit tests and the
#                API tests (server side) under valgrind.
# Other targets: build, asan, valgrind, bench, clean.

JOBS   ?= $(shell nproc)
DATA   ?= var
LISTEN ?= 127.0.0.1:8080
CTEST  := ctest --output-on-failure -j $(JOBS)
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect

WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
               web/vite.config.js web/package.json web/package-lock.json

.PHONY: all deps build web run test unit asan valgrind bench clean

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
	  ./build/weibao plan import data/tongxiang-2022-workplan.txt --data $(DATA); \
	fi
	./build/weibao serve --data $(DATA) --listen $(LISTEN)

test: build
	cd build && $(CTEST)
	$(MAKE) --no-print-directory asan valgrind

asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWEIBAO_SANITIZE=ON -DWEIBAO_TESTS=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(CTEST) -L unit

valgrind: build
	cd build && WEIBAO_TEST_WRAPPER="$(VALGRIND)" $(CTEST) -L unit
	cd build && WEIBAO_SERVER_WRAPPER="$(VALGRIND)" $(CTEST) -R '^(pg_start|pg_stop|api_sqlite)$$'

bench: build
	bash bench/bench_platform.sh
	bash bench/bench_api.sh build/weibao

clean:
	rm -rf build build-asan web/dist
