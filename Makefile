# The Makefile is the single source of truth for building and testing; .ci/run calls `make ci`.
GO ?= go
PKGS ?= ./...
TESTFLAGS ?= -count=1 -parallel 8 -timeout 15m

.PHONY: build run test test-sqlite test-postgres clients fedify lint ci clean assets assets-check e2e axe screenshots

build:
	CGO_ENABLED=0 $(GO) build -o bin/egregoros ./cmd/egregoros

# Zero-config development server: SQLite under ./data, http://localhost:4000.
run:
	$(GO) run ./cmd/egregoros serve

# The whole suite on SQLite, then on PostgreSQL (127.0.0.1:5432, or EGREGOROS_TEST_POSTGRES_URL).
test: test-sqlite test-postgres

test-sqlite: clients fedify
	EGREGOROS_TEST_DB=sqlite $(GO) test $(TESTFLAGS) $(PKGS)

test-postgres: clients fedify
	EGREGOROS_TEST_DB=postgres $(GO) test $(TESTFLAGS) $(PKGS)

# The real client libraries the end-to-end tests drive (masto.js, with Node 22), from npm.
clients: e2e/clients/node_modules/.installed
e2e/clients/node_modules/.installed: e2e/clients/package.json e2e/clients/package-lock.json
	npm ci --prefix e2e/clients --no-audit --no-fund
	touch $@

# A third-party ActivityPub server (Fedify, with Node 22) the federation tests federate with.
fedify: e2e/fedify/node_modules/.installed
e2e/fedify/node_modules/.installed: e2e/fedify/package.json e2e/fedify/package-lock.json
	npm ci --prefix e2e/fedify --no-audit --no-fund
	touch $@

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

ci: lint build test e2e assets-check

# The committed web assets must be what `make assets` builds from the pinned npm packages.
assets-check: assets
	git diff --exit-code -- internal/web/static

# Rebuilds the web UI's CSS (Tailwind) and vendored JavaScript (htmx) into internal/web/static,
# which is committed so that `go build` needs no node; CI checks that this changes nothing.
assets:
	cd internal/web/assets && npm ci --no-audit --no-fund && npm run build

# Browser tests: Debian's chromium driven by chromedp (build tag e2e), with axe-core for the
# accessibility check.
e2e: axe
	$(GO) test -tags e2e -count=1 -timeout 20m ./e2e/web/...

# axe-core (npm, pinned), which the accessibility browser test runs in each page.
axe: e2e/web/node_modules/.installed
e2e/web/node_modules/.installed: e2e/web/package.json e2e/web/package-lock.json
	npm ci --prefix e2e/web --no-audit --no-fund
	touch $@

# Screenshots of the main pages (light and dark, 390 and 1280 px) from a seeded server.
screenshots:
	EGREGOROS_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -tags e2e -count=1 -timeout 10m -run TestScreenshots ./e2e/web/

clean:
	rm -rf bin
