"""GET /api/health: is the backend up, what does it hold, which model and versions run."""

from __future__ import annotations

from fastapi import APIRouter

from api.errors import documented
from api.routers.dependencies import LibraryDep
from api.schemas import HealthResponse

router = APIRouter(prefix="/api", tags=["health"])


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Service health",
    responses=documented(503),
)
def health(library: LibraryDep) -> HealthResponse:
    """200 with counts, the embedding model and versions when the backend answers; 503 with
    the backend's own account of what is wrong when it does not."""
    return library.health()
