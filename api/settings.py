"""Settings, read from the environment (prefix ``SEOJI_``) or a ``.env`` file.

Only the CLI and the HTTP app read settings; ingest and index take explicit arguments.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.embed import DEFAULT_MODEL
from index.lexicon import KO_EN_PATH, LEXICON_PATH

BackendName = Literal["embedded", "elasticsearch"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SEOJI_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where the embedded index lives.")
    corpus_dir: Path = Field(default=Path("corpus"), description="The documents served by default.")
    backend: BackendName = Field(
        default="embedded", description="embedded (SQLite) or elasticsearch."
    )

    es_url: str = Field(default="http://127.0.0.1:9200", description="Elasticsearch 8.x URL.")
    es_index: str = Field(
        default="seoji", description="Name (alias prefix) of the Elasticsearch indices."
    )
    es_shards: int = Field(default=1, ge=1)
    es_replicas: int = Field(default=0, ge=0)
    es_timeout: float = Field(default=30.0, gt=0, description="Seconds per Elasticsearch request.")

    embedding_model: str = Field(
        default=DEFAULT_MODEL,
        description="sentence-transformers model: hub name or local folder. Changing it "
        "needs a rebuild of the index (seoji ingest --rebuild).",
    )
    lexicon: str = Field(
        default=str(LEXICON_PATH),
        description="English → Korean lexicon file for the translated list of hybrid search "
        "(index/lexicon.py); empty for none.",
    )
    lexicon_ko_en: str = Field(
        default=str(KO_EN_PATH),
        description="Korean → English lexicon file: a Korean query's keyword list in hybrid "
        "search also looks for the English translations of its words (index/lexicon.py); "
        "empty for none.",
    )
    embedding_device: str = Field(default="cpu", description="torch device for the embedder.")
    embedding_batch_size: int = Field(default=32, ge=1)

    api_key: str | None = Field(
        default=None,
        repr=False,
        description="Key for the HTTP API's writes (upload, delete), sent in the X-API-Key "
        "header. While unset, writes are refused.",
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1, description="Largest file POST /api/documents takes."
    )

    @property
    def index_path(self) -> Path:
        return self.data_dir / "seoji.db"


@lru_cache
def get_settings() -> Settings:
    return Settings()
