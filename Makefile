# callharness: build, test, lint and run.
GO          ?= go
BIN         := bin/callharness
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
PKGS        := ./...
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build test unit lint fmt-check vet staticcheck run mock lint-spec bench clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/callharness

# test is what CI runs: formatting, vet, staticcheck, then every test with the race detector.
test: lint unit

unit:
	$(GO) test -race -count=1 -timeout 10m $(PKGS)

lint: fmt-check vet staticcheck

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) run $(STATICCHECK) $(PKGS)

# run is the main job: the mock in-process, the strict contract suite, a
# short load profile, and a report directory.
run: build
	./$(BIN) run

mock: build
	./$(BIN) mock

# lint-spec installs Redocly CLI and Spectral under .tools/ and lints openapi.yaml.
lint-spec:
	./scripts/lint-spec.sh

# bench runs the side-by-side benchmarks of docs/PERFORMANCE.md (not part of test).
bench:
	./scripts/bench.sh

clean:
	rm -rf bin .tools
