# litextract — run `make help` for the list of targets.
# A newcomer needs two: `make run` and `make test`.

CARGO ?= cargo
BIN := target/release/litextract
SHARED ?= ../shared

.DEFAULT_GOAL := help
.PHONY: help run build test lint fmt check-toolchain deps pdfium fuzz wheel spark-demo

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

check-toolchain:
	@command -v $(CARGO) >/dev/null || { echo "cargo (Rust 1.89 or newer) is needed: https://rustup.rs"; exit 2; }

build: check-toolchain pdfium ## Build the release binary
	$(CARGO) build --release --locked

run: build ## Build, then extract corpus/ into extracted/
	$(BIN) extract corpus --out extracted
	@echo "records are in extracted/ (manifest: extracted/manifest.json)"
	@echo "review them: $(BIN) review --out extracted   export: $(BIN) export --out extracted --format csv"

test: check-toolchain deps pdfium lint ## Run every test (lint, unit, end-to-end, shared-corpus checks where ../shared exists, the Python wheel)
	@[ -d "$(SHARED)/corpora" ] || echo "note: $(SHARED)/corpora is not here: the tests over the shared corpora print SKIPPED and check nothing"
	$(CARGO) test --locked
	@scripts/wheel_test.sh

PYTHON ?= python3
SPARK_VENV := target/venv-spark
WHEEL_VENV := target/venv-wheel

# The Python wheel: `pip install target/wheels/litextract-*.whl` gives the
# `litextract` command (and the small `litextract` module).
wheel: check-toolchain pdfium ## Build the Python wheel (maturin, release) into target/wheels/
	@[ -x "$(WHEEL_VENV)/bin/maturin" ] || { $(PYTHON) -m venv $(WHEEL_VENV) && $(WHEEL_VENV)/bin/pip install --quiet 'maturin>=1.5,<2'; }
	$(WHEEL_VENV)/bin/maturin build --release --locked --out target/wheels

# pyspark (with its own Spark) goes into target/venv-spark; it needs Java 17
# (`apt-get install openjdk-17-jre-headless`). `make test` then runs the
# Spark test too (tests/it/spark.rs finds that venv).
spark-demo: build ## Run the Spark example (RDD.pipe, local mode) and compare it with a plain run
	@command -v java >/dev/null || { echo "make spark-demo: java is needed (Java 17: apt-get install openjdk-17-jre-headless)"; exit 2; }
	@[ -x "$(SPARK_VENV)/bin/python" ] && $(SPARK_VENV)/bin/python -c "import pyspark" 2>/dev/null || \
	  { $(PYTHON) -m venv $(SPARK_VENV) && $(SPARK_VENV)/bin/pip install --quiet 'pyspark>=3.5'; }
	$(SPARK_VENV)/bin/python examples/spark/compare.py --bin $(BIN) --shared "$(SHARED)" --texts $${TEXTS:-300}

# pdftotext (poppler-utils) is litextract's second PDF backend; chromium and
# chromium-driver run the review page's browser tests. Each is installed
# when missing and possible (root with apt-get); never fails the build:
# tests that need a missing one say SKIPPED.
deps: ## Install pdftotext (poppler-utils) and chromium + chromium-driver if missing and possible
	@pkgs=""; \
	command -v pdftotext >/dev/null 2>&1 || pkgs="$$pkgs poppler-utils"; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || pkgs="$$pkgs chromium"; \
	command -v chromedriver >/dev/null 2>&1 || [ -x /usr/bin/chromedriver ] || pkgs="$$pkgs chromium-driver"; \
	[ -z "$$pkgs" ] || { \
	  [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$pkgs >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 $$pkgs >/dev/null 2>&1; }; }; \
	} || echo "note: could not install$$pkgs (needs root and apt-get): PDFs pdf-extract cannot read stay unread, and the tests that need these say SKIPPED"

# libpdfium, the first PDF backend, from the pinned pypdfium2 wheel on PyPI
# (hash-checked) into target/pdfium/; build.rs embeds it into the binary.
# Never fails: without pip or PyPI the binary is built without pdfium
# (pdf-extract, and pdftotext where installed) and the build says so.
pdfium: ## Fetch libpdfium (pinned pypdfium2 wheel, SHA-256 checked) into target/pdfium/
	@command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) scripts/fetch_pdfium.py target/pdfium || \
	  echo "note: $(PYTHON) is not installed: litextract is built without pdfium"

FUZZ_SECONDS ?= 300
FUZZ_CASES ?= 200000
# pdf_in_process fuzzes pdf-extract itself (its hangs are contained by the
# CLI's workers, not fixed by us): add it with FUZZ_TARGETS=... to look.
FUZZ_TARGETS ?= normalize_extract decode_bytes
# Every fuzz input runs under a memory limit (issue 17: no document may take
# more than a bounded share of memory): libFuzzer's RSS and malloc limits,
# or an address-space cap on the proptest binary (ulimit -v, in KiB: twice
# the RSS limit, since threads and allocators reserve more than they use).
FUZZ_MEMORY_MB ?= 1024
fuzz: check-toolchain ## Long fuzz run: cargo-fuzz targets if cargo-fuzz and nightly exist, else long proptest runs
	@if $(CARGO) +nightly fuzz --version >/dev/null 2>&1; then \
	  for t in $(FUZZ_TARGETS); do \
	    echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	    (cd fuzz && $(CARGO) +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=$(FUZZ_MEMORY_MB) -malloc_limit_mb=$(FUZZ_MEMORY_MB)) || exit 1; \
	  done; \
	else \
	  echo "cargo-fuzz or nightly not found: $(FUZZ_CASES) proptest cases per property instead"; \
	  $(CARGO) test --release --locked --test it --no-run && \
	  ( ulimit -v $$(( $(FUZZ_MEMORY_MB) * 2048 )) && \
	    PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) test --release --locked --test it properties:: -- --test-threads 1 ) || exit 1; \
	fi

# `make test` runs this first: unformatted code or a clippy warning fails it.
# A toolchain without rustfmt or clippy (rustup's minimal profile) says so.
lint: check-toolchain ## cargo fmt --check and clippy with warnings as errors
	@if $(CARGO) fmt --version >/dev/null 2>&1; then $(CARGO) fmt --all -- --check; \
	  else echo "SKIPPED: cargo fmt --check (rustfmt is not installed: rustup component add rustfmt)"; fi
	@if $(CARGO) clippy --version >/dev/null 2>&1; then $(CARGO) clippy --all-targets --locked -- -D warnings; \
	  else echo "SKIPPED: cargo clippy (clippy is not installed: rustup component add clippy)"; fi

fmt: ## Format the code
	$(CARGO) fmt --all

.PHONY: eval bench

eval: ## Extract and score every ../shared set with a gold.jsonl and the blind sets in bench/; writes docs/eval.md
	@if [ ! -d "$(SHARED)/corpora" ]; then echo "make eval: $(SHARED)/corpora is not here, so there is nothing to score (skipped)."; exit 0; fi; \
	$(MAKE) --no-print-directory build && python3 scripts/eval.py --shared "$(SHARED)" --bin "$(BIN)"

bench: ## Throughput and memory vs a Python pipeline, rg and pdftotext, plus micro-benches; writes docs/bench.md
	@if [ ! -d "$(SHARED)/corpora" ]; then echo "make bench: $(SHARED)/corpora is not here, so there is nothing to measure (skipped)."; exit 0; fi; \
	$(MAKE) --no-print-directory build && python3 bench/run.py --shared "$(SHARED)" --bin "$(BIN)"
