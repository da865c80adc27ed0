# One entry point for people and CI. `make test` works on a fresh machine: it creates the
# virtual environment, installs seoji with its dev tools, checks and tests it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
BENCH_DATA ?= ../shared/benchmarks

.PHONY: setup ingest serve check test bench-spacing bench-keywords bench-retrieval bench-api bench-ingest train-static train-lexicon clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned: it resolves to the CPU build on these machines; any other spec, direct
# or through sentence-transformers, would pull gigabytes of CUDA.
setup: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'

ingest: setup
	$(BIN)/seoji ingest corpus/ --out data/passages.jsonl --documents data/documents.jsonl

serve: ingest
	$(BIN)/seoji serve

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: check
	$(BIN)/pytest -q

bench-spacing: setup
	$(BIN)/python benchmarks/bench_spacing.py --data $(BENCH_DATA)

bench-keywords: setup
	$(BIN)/python benchmarks/bench_keywords.py --data $(BENCH_DATA)

bench-retrieval: setup
	$(BIN)/python benchmarks/bench_retrieval.py --data $(BENCH_DATA) --tune

bench-api: setup
	$(BIN)/python benchmarks/bench_api.py --duration 30 --clients 8

bench-ingest: setup
	$(BIN)/python benchmarks/bench_ingest.py --data $(BENCH_DATA) --runs 5

train-static: setup
	$(BIN)/python scripts/train_static.py --data $(BENCH_DATA) --final

train-lexicon: setup
	$(BIN)/python scripts/train_lexicon.py --data $(BENCH_DATA) --final

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache
