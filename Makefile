# The Makefile is the single source of truth for building and testing; .ci/run calls `make ci`.
GO ?= go
PKGS ?= ./...
TESTFLAGS ?= -count=1 -parallel 8 -timeout 15m

.PHONY: build run test test-sqlite test-postgres lint ci clean

build:
	CGO_ENABLED=0 $(GO) build -o bin/egregoros ./cmd/egregoros

# Zero-config development server: SQLite under ./data, http://localhost:4000.
run:
	$(GO) run ./cmd/egregoros serve

# The whole suite on SQLite, then on PostgreSQL (127.0.0.1:5432, or EGREGOROS_TEST_POSTGRES_URL).
test: test-sqlite test-postgres

test-sqlite:
	EGREGOROS_TEST_DB=sqlite $(GO) test $(TESTFLAGS) $(PKGS)

test-postgres:
	EGREGOROS_TEST_DB=postgres $(GO) test $(TESTFLAGS) $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

ci: lint build test

clean:
	rm -rf bin
