# The verbs people type. `make run` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
# CI builds with warnings as errors; people get the same flags from the debug preset.
RELEASE_PRESET := $(if $(filter true,$(CI)),ci,release)

.PHONY: run test build deps debug format check-format lint clean

run: build
	./build/keyward serve

build: deps
	cmake --preset $(RELEASE_PRESET) >/dev/null
	cmake --build --preset $(RELEASE_PRESET)

debug: deps
	cmake --preset debug >/dev/null
	cmake --build --preset debug

# Every suite: formatting, then the tests on the release build, then again under ASan+UBSan.
test: deps
	scripts/check-format
	cmake --preset $(RELEASE_PRESET) >/dev/null
	cmake --build --preset $(RELEASE_PRESET)
	ctest --preset $(RELEASE_PRESET)
	cmake --preset debug >/dev/null
	cmake --build --preset debug
	ctest --preset debug

format:
	git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | xargs clang-format -i

check-format:
	scripts/check-format

lint: deps
	scripts/lint

clean:
	rm -rf build
