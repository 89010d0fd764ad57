# litextract — run `make help` for the list of targets.
# A newcomer needs two: `make run` and `make test`.

CARGO ?= cargo
BIN := target/release/litextract
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help run build test lint fmt check-toolchain

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

check-toolchain:
	@command -v $(CARGO) >/dev/null || { echo "cargo (Rust 1.89 or newer) is needed: https://rustup.rs"; exit 2; }

build: check-toolchain ## Build the release binary
	$(CARGO) build --release --locked

run: build ## Build, then extract corpus/ into extracted/
	$(BIN) extract corpus --out extracted
	@echo "records are in extracted/ (manifest: extracted/manifest.json)"

test: check-toolchain ## Run every test (unit, end-to-end, shared-corpus checks where ../shared exists)
	$(CARGO) test --locked

lint: check-toolchain ## cargo fmt --check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --locked -- -D warnings

fmt: ## Format the code
	$(CARGO) fmt --all

.PHONY: eval bench

eval: ## Extract and score every ../shared set with a gold.jsonl; writes docs/eval.md
	@if [ ! -d "$(SHARED)/corpora" ]; then echo "make eval: $(SHARED)/corpora is not here, so there is nothing to score (skipped)."; exit 0; fi; \
	$(MAKE) --no-print-directory build && python3 scripts/eval.py --shared "$(SHARED)" --bin "$(BIN)"

bench: ## Throughput and memory vs a Python pipeline, rg and pdftotext, plus micro-benches; writes docs/bench.md
	@if [ ! -d "$(SHARED)/corpora" ]; then echo "make bench: $(SHARED)/corpora is not here, so there is nothing to measure (skipped)."; exit 0; fi; \
	$(MAKE) --no-print-directory build && python3 bench/run.py --shared "$(SHARED)" --bin "$(BIN)"
