# JourneyGraph — the two commands a newcomer needs are `make run` and `make test`.
# Target names neo4j-start, neo4j-stop, run and test are a contract with other tooling.

SHELL := /bin/bash
GO ?= go

# The local Neo4j for `make run` (started only when NEO4J_URI is not set).
NEO4J_BOLT_PORT ?= 7687
NEO4J_HTTP_PORT ?= 7474
NEO4J_PASSWORD ?= journeygraph

.PHONY: run seed-demo neo4j-start neo4j-stop neo4j-status test test-neo4j-start test-neo4j-stop \
        generate check-generated fmt fmt-check vet ci build bench bench-ingest bench-bulkload bench-api bench-peer bench-explorer screenshots fuzz

## run: start the local Neo4j (unless NEO4J_URI is set), migrate, and serve the API with GraphiQL
run:
	@scripts/run.sh

## seed-demo: load the small demo data set (200 accounts) into the local Neo4j (or NEO4J_URI); re-running adds nothing
seed-demo:
	@if [ -z "$$NEO4J_URI" ]; then \
	  NEO4J_INSTANCE=run NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) \
	    NEO4J_PASSWORD=$(NEO4J_PASSWORD) scripts/neo4j.sh start; fi
	$(GO) build -o bin/journeygraph ./cmd/journeygraph
	NEO4J_URI=$${NEO4J_URI:-bolt://127.0.0.1:$(NEO4J_BOLT_PORT)} NEO4J_PASSWORD=$(NEO4J_PASSWORD) bin/journeygraph seed -accounts 200

## neo4j-start / neo4j-stop: the local Neo4j used by `make run` (bolt 7687, http 7474)
neo4j-start:
	@NEO4J_INSTANCE=run NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) \
	  NEO4J_PASSWORD=$(NEO4J_PASSWORD) scripts/neo4j.sh start

neo4j-stop:
	@NEO4J_INSTANCE=run NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) scripts/neo4j.sh stop

neo4j-status:
	@NEO4J_INSTANCE=run NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) NEO4J_HTTP_PORT=$(NEO4J_HTTP_PORT) scripts/neo4j.sh status

## test: start a separate test Neo4j, run every test with -race, stop Neo4j even when tests fail
test:
	@scripts/test.sh

## bench: analytics benchmarks, API vs direct store calls, on a seeded Neo4j of their own (BENCH_ACCOUNTS=650 ≈ 100k touchpoints, 6500 ≈ 1M)
bench:
	@scripts/bench.sh

## bench-ingest: touchpoint ingest (the seed load) against its raw limit (a plain UNWIND creating the same touchpoints) in one run, on a fresh Neo4j of its own (BENCH_ACCOUNTS=650 ≈ 100k)
bench-ingest:
	@scripts/bench-ingest.sh

## bench-bulkload: the offline bulk load (docs/bulk-load.md) of BENCH_ACCOUNTS (6500 ≈ 1M, 65000 ≈ 10M) into a Neo4j of its own, time and peak RSS per phase
bench-bulkload:
	@scripts/bench-bulkload.sh

## bench-api: the everyday reads (issue 13: W1, W2, W3) through the API at 1 and 8 clients against the same reads run directly, interleaved; BENCH_BASELINE=<commit> adds that commit's binary
bench-api:
	@scripts/bench-api.sh

## bench-peer: bench-api with @neo4j/graphql (pinned, installed into .local/bench/peer) as a third target
bench-peer:
	@scripts/bench-peer.sh

## bench-explorer: each explorer view's time to data-ready (median of 5, headless Chromium) and page weight, on its own Neo4j with BENCH_ACCOUNTS (default 6500 ≈ 1M touchpoints)
bench-explorer:
	@scripts/explorer-browser.sh bench

## screenshots: the README's explorer screenshots (docs/screenshots/*.png, 1280×800) from the 200-account demo data, in a Neo4j of their own
screenshots:
	@scripts/explorer-browser.sh screenshots

build:
	$(GO) build -o bin/journeygraph ./cmd/journeygraph

## fuzz: run every fuzz test for FUZZTIME each (default 10s); `make test` runs their seed corpora
FUZZTIME ?= 10s
FUZZ_TARGETS := ./importer:FuzzParseRow ./journey:FuzzDecodeCursor ./scalar:FuzzDateTimeScalar ./scalar:FuzzJSONScalar
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "fuzz $${t#*:} in $${t%%:*} for $(FUZZTIME)"; \
	  $(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}"; \
	done

## generate: regenerate gqlgen code from schema/*.graphqls and gqlgen.yml
generate:
	$(GO) run github.com/99designs/gqlgen generate

## check-generated: fail when generated code differs from what the schema produces
check-generated: generate
	@git diff --exit-code -- graph resolvers go.mod go.sum || \
	  { echo "generated code is stale: run 'make generate' and commit the result" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- graph resolvers)" || \
	  { git status --porcelain -- graph resolvers; echo "generate created untracked files" >&2; exit 1; }

fmt:
	gofmt -w $$(git ls-files '*.go')

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt needed:"; echo "$$out"; exit 1; } >&2

vet:
	$(GO) vet ./...

## ci: everything .ci/run checks
ci: fmt-check vet check-generated test fuzz
