# The verbs people type. `make run` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
# CI builds with warnings as errors; people get the same flags from the debug preset.
RELEASE_PRESET := $(if $(filter true,$(CI)),ci,release)
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)

.PHONY: run test build server web deps test-deps debug format check-format lint bench load fuzz clean install

run: build
	./build/keyward serve

build: server web

server: deps
	cmake --preset $(RELEASE_PRESET) >/dev/null
	cmake --build --preset $(RELEASE_PRESET)

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run --silent build

debug: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug

# Every suite: formatting and the web checks (typecheck includes the API types being generated
# from the current OpenAPI document), clang-tidy over src/ on the release build's compile
# database with zero findings allowed (scripts/lint), the C++ tests on the release build, the API contract
# (tests/contract/run: Redocly lint, one API suite through Prism's validation proxy), the C++
# tests again under ASan+UBSan (each on SQLite and on a throw-away PostgreSQL server), the
# browser tests against the release binary and the built UI, the load suite (tests/load/run),
# the webhooks end to end (tests/webhooks/run: a receiver verifying every delivery with the
# official standardwebhooks library, a SIGKILL mid-delivery, retries, refused addresses; on
# SQLite, then on PostgreSQL), the gateway end to end (tests/gateway/run: the official openai,
# Anthropic and Google SDKs and curl through the gateway to a fake provider; both engines),
# and each fuzz target for 15 seconds (fuzz/run).
test: test-deps
	scripts/check-format
	$(MAKE) --no-print-directory web
	cd web && npm run --silent typecheck && npm run --silent lint && npx vitest run
	$(MAKE) --no-print-directory server
	scripts/lint
	scripts/with-postgres ctest --preset $(RELEASE_PRESET)
	PRESET=$(RELEASE_PRESET) tests/contract/run
	cmake --preset debug >/dev/null
	cmake --build --preset debug
	# The sanitizer pass also rehearses every transaction (see StoreOptions::rehearse): each write
	# runs once rolled back and then for real, each read twice, on both engines.
	KEYWARD_TEST_REHEARSE_TRANSACTIONS=1 scripts/with-postgres ctest --preset debug
	cd web && npm run --silent e2e
	tests/load/run
	tests/webhooks/run
	scripts/with-postgres tests/webhooks/run
	tests/gateway/run
	scripts/with-postgres tests/gateway/run
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz
	FUZZ_SECONDS=15 fuzz/run

deps:
	scripts/install-deps

test-deps:
	scripts/install-deps --test

format:
	git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | xargs clang-format -i

check-format:
	scripts/check-format

lint: deps
	scripts/lint
	cd web && npm run --silent lint

# The load suite alone; LOAD_SECONDS=300 for a longer mixed run.
load: server test-deps
	tests/load/run

# The libFuzzer targets (clang, ASan, UBSan) for FUZZ_SECONDS each, 300 unless told.
fuzz: test-deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} fuzz/run

# Benchmarks on SQLite and PostgreSQL against nginx on the same cores, the scale runs and the
# charts (bench/results/, docs/performance.md).
bench: server
	scripts/install-deps --bench
	bench/run

# The binary and its shell completion, generated from the command line itself.
PREFIX ?= /usr/local
install: server
	install -D -m 0755 build/keyward $(DESTDIR)$(PREFIX)/bin/keyward
	mkdir -p $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	build/keyward completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/keyward
	build/keyward completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_keyward

clean:
	rm -rf build web/dist
