"""GET /api/health: is the backend up, what does it hold, which model and versions run."""

from __future__ import annotations

import platform
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from api.errors import ApiError, documented
from api.routers.dependencies import ServicesDep
from api.schemas import CountsOut, EmbeddingOut, HealthResponse

router = APIRouter(prefix="/api", tags=["health"])


@lru_cache
def seoji_version() -> str:
    try:
        return version("seoji")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Service health",
    responses=documented(503),
)
def health(services: ServicesDep) -> HealthResponse:
    """200 with counts, the embedding model and versions when the backend answers; 503 with
    the backend's own account of what is wrong when it does not."""
    backend, encoder = services.backend, services.encoder
    report = backend.health()
    versions = {"seoji": seoji_version(), "python": platform.python_version()}
    if backend.name == "elasticsearch" and "version" in report.info:
        versions["elasticsearch"] = report.info["version"]
    if "sqlite" in report.info:
        versions["sqlite"] = report.info["sqlite"]
    if not report.ok:
        msg = f"the {report.backend} backend is unavailable: {report.detail}"
        detail = {"backend": report.backend, "info": report.info, "versions": versions}
        raise ApiError(503, "backend_unavailable", msg, detail)
    counts = backend.counts()
    indexed = backend.indexed_model()
    return HealthResponse(
        status="ok",
        backend=report.backend,
        detail=report.detail,
        counts=CountsOut(documents=counts.documents, passages=counts.passages),
        embedding=EmbeddingOut(
            model=encoder.name,
            dim=encoder.dim,
            languages=sorted(encoder.languages),
            indexed_model=indexed[0] if indexed else None,
            matches=None if indexed is None else indexed == (encoder.name, encoder.dim),
        ),
        versions=versions,
        info=report.info,
    )
