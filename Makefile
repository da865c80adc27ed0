# One entry point for people and CI. `make test` works on a fresh machine: it creates the
# virtual environment, installs seoji with its dev tools, checks and tests it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Benchmarks and training (research/, tools/) read their data from here; never copied in.
BENCH_DATA ?= ../shared/benchmarks

.PHONY: setup ocr-data browser ingest serve check test bench-spacing bench-keywords bench-retrieval bench-api bench-web bench-ingest train-static train-lexicon train-spacing train-msmarco clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, pinned: it resolves to the CPU build on these machines; any other spec, direct
# or through sentence-transformers, would pull gigabytes of CUDA.
setup: $(BIN)/python ocr-data
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'

# Tesseract with Korean and English data, for pages without a text layer. Installed from
# Debian's packages where we are root; elsewhere ingest works without it and names the pages
# it could not read (install tesseract-ocr-kor with your package manager).
ocr-data:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx kor; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng >/dev/null; \
	else echo "OCR: Tesseract with Korean data is not installed; scanned pages will be named, not read (apt-get install tesseract-ocr-kor)"; fi

# Chromium and its driver for the web page's journeys (tests/web), with a Korean font so the
# screenshots are legible. Like ocr-data: Debian's packages where we are root; elsewhere the
# web tests fail and say what to install.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list :lang=ko 2>/dev/null | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	else echo "web tests: install chromium, chromium-driver and fonts-noto-cjk with your package manager"; fi

ingest: setup
	$(BIN)/seoji ingest corpus/ --out data/passages.jsonl --documents data/documents.jsonl

serve: ingest
	$(BIN)/seoji serve

check: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: check browser
	$(BIN)/pytest -q

bench-spacing: setup
	$(BIN)/python -m research.bench_spacing --data $(BENCH_DATA)

bench-keywords: setup
	$(BIN)/python -m research.bench_keywords --data $(BENCH_DATA)

bench-retrieval: setup
	$(BIN)/python -m research.bench_retrieval --data $(BENCH_DATA) --tune

bench-api: setup
	$(BIN)/python -m research.bench_api --duration 30 --clients 8

bench-web: setup browser
	$(BIN)/python -m research.bench_web --runs 20

bench-ingest: setup
	$(BIN)/python -m research.bench_ingest --data $(BENCH_DATA) --runs 5

train-static: setup
	$(BIN)/python -m research.train_static --data $(BENCH_DATA) --final

train-lexicon: setup
	$(BIN)/python -m research.train_lexicon --data $(BENCH_DATA) --final
	$(BIN)/python -m research.train_lexicon --data $(BENCH_DATA) --final --direction ko-en

train-spacing: setup
	$(BIN)/python -m research.train_spacing --data $(BENCH_DATA)

# NON-COMMERCIAL: the embedding table and lexicon also trained on MS MARCO (its terms allow
# non-commercial research only). Written to build/, never shipped or committed; use it with
# SEOJI_EMBEDDING_MODEL=build/seoji-static-msmarco
# SEOJI_LEXICON=build/seoji-lexicon-msmarco/en-ko.tsv.gz, then seoji ingest --rebuild.
train-msmarco: setup
	$(BIN)/python -m research.train_static --data $(BENCH_DATA) --final --with-msmarco \
		--out build/seoji-static-msmarco
	$(BIN)/python -m research.train_lexicon --data $(BENCH_DATA) --final --with-msmarco \
		--out build/seoji-lexicon-msmarco/en-ko.tsv.gz

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache
