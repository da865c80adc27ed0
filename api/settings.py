"""Settings, read from the environment (prefix ``SEOJI_``) or a ``.env`` file.

Only the CLI and the HTTP app read settings; ingest and index take explicit arguments.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SEOJI_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")


@lru_cache
def get_settings() -> Settings:
    return Settings()
