# seoji API image. Build and run with the Elasticsearch it needs: `docker compose up`.
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app

# Tesseract with Korean and English data: OCR for PDF pages without a text layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*

# torch first, from the CPU-only index: installed by `pip install .` from PyPI it would pull
# ~3 GB of CUDA wheels that a CPU container never uses. Its own layer, so code changes
# below do not download it again.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# The default models (spacing, embedding table, lexicon) are package data: `pip install .`
# ships them, and the default settings find them in the installed package.
COPY pyproject.toml README.md LICENSE NOTICE ./
COPY ingest/ ingest/
COPY index/ index/
COPY api/ api/
RUN pip install .

COPY corpus/ corpus/
RUN mkdir -p /data

EXPOSE 8000
CMD ["seoji", "serve", "--host", "0.0.0.0", "--port", "8000"]
