"""The development documents (``../shared/realdocs``) as the benchmarks read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"


def truth(data: Path) -> dict[str, dict[str, Any]]:
    """``truth.jsonl`` by file ("pdf/ko_exam_science.pdf" → its record); empty without one."""
    path = data / "truth.jsonl"
    if not path.exists():
        return {}
    records = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {record["file"]: record for record in records}
