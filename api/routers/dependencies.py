"""What the routers share: the library built in the app's lifespan, and the write key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiError
from api.library import Library


def get_library(request: Request) -> Library:
    library: Library = request.app.state.library
    return library


LibraryDep = Annotated[Library, Depends(get_library)]

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Needed for writes (upload, delete); the server's SEOJI_API_KEY.",
)


def require_key(library: LibraryDep, key: Annotated[str | None, Security(api_key_header)]) -> None:
    """401 without a key, 403 with a wrong one or when the server has none configured."""
    expected = library.settings.api_key
    if not expected:
        msg = "writes are disabled on this server; set SEOJI_API_KEY and restart it"
        raise ApiError(403, "writes_disabled", msg)
    if not key:
        msg = "this endpoint needs an API key: send it in the X-API-Key header"
        raise ApiError(401, "missing_api_key", msg)
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise ApiError(403, "invalid_api_key", "the API key in X-API-Key is not valid")
