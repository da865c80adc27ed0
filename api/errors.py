"""One JSON shape for every error the HTTP API returns, and the handlers that produce it.

    {"error": {"status": 404, "code": "not_found", "message": "no passage 3f2a…", "detail": null}}

``status`` repeats the HTTP status, ``code`` is a stable word a client can switch on,
``message`` says what went wrong and what to do, ``detail`` carries structured particulars
(the invalid parameters of a 422, the backend's health of a 503) or null.

Errors of the application layer (``api.library``) and of ``index/`` map to statuses here: not
found 404, an unusable citation, file or metadata 422, an upload too large 413, the backend
down or built with another model 503, a refused write 500. The routers raise ``ApiError`` only
for what is HTTP's own (the API key); FastAPI's own validation errors and Starlette's HTTP
errors (unknown route, wrong method, body too large) get the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.library import InvalidInput, LibraryError, NotFound, TooLarge, Unhealthy
from api.schemas import ErrorResponse
from index.contract import BackendUnavailable, IndexError_, IndexMismatch, WriteFailed

# Default code of each status, for errors raised without one (Starlette's 404 and 405).
CODES: dict[int, str] = {
    400: "bad_request",
    401: "missing_api_key",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "backend_unavailable",
}


class ApiError(Exception):
    """An error with its HTTP status, raised by the routers; rendered by ``api_error``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        detail: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
        self.headers = dict(headers or {})


def error_body(status: int, code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {
        "error": {
            "status": status,
            "code": code,
            "message": message,
            "detail": jsonable_encoder(detail),
        }
    }


def error_response(
    status: int,
    code: str,
    message: str,
    detail: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, detail), status, headers=headers)


def _where(loc: Sequence[Any]) -> str:
    """("query", "q") → "query parameter q"; ("body", "text") → "body field text"."""
    if not loc:
        return "request"
    kind, *rest = loc
    name = ".".join(str(x) for x in rest)
    label = {
        "query": "query parameter",
        "path": "path parameter",
        "header": "header",
        "body": "body field",
    }.get(str(kind), str(kind))
    return f"{label} {name}" if name else label


def validation_detail(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors without their ``ctx`` and ``input`` (exception objects, echoes of
    whatever the client sent): location, message and type are what a client needs."""
    return [
        {
            "loc": [str(x) if not isinstance(x, int) else x for x in e.get("loc", ())],
            "message": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = validation_detail(exc.errors())
    parts = [f"{_where(d['loc'])}: {d['message']}" for d in detail[:3]]
    more = f" (and {len(detail) - 3} more)" if len(detail) > 3 else ""
    message = "; ".join(parts) + more or "the request is not valid"
    return error_response(422, "invalid_request", message, detail)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    code = CODES.get(status, "error")
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else _phrase(status)
    if status == 404 and message == "Not Found":
        message = f"no such endpoint: {request.method} {request.url.path}; see /docs"
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(status, code, message, None, exc.headers)


async def api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.detail, exc.headers)


# Status of each error of the application layer; its code comes with it.
LIBRARY_STATUS: dict[type[LibraryError], int] = {
    NotFound: 404,
    InvalidInput: 422,
    TooLarge: 413,
    Unhealthy: 503,
}


async def library_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LibraryError)
    status = next((s for t, s in LIBRARY_STATUS.items() if isinstance(exc, t)), 500)
    return error_response(status, exc.code, exc.message, exc.detail)


async def index_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors from ``index/``: the backend down, built with another model, a refused write."""
    if isinstance(exc, BackendUnavailable):
        return error_response(503, "backend_unavailable", str(exc))
    if isinstance(exc, IndexMismatch):
        return error_response(503, "index_mismatch", str(exc))
    if isinstance(exc, WriteFailed):
        return error_response(500, "write_failed", str(exc), {"failures": list(exc.failures)})
    return error_response(500, "index_error", str(exc))


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything unexpected. Starlette re-raises it after this response, so the server logs
    the traceback; the message stays generic, since the error's text may hold paths or data."""
    return error_response(
        500, "internal_error", "an unexpected error occurred; the server log has the details"
    )


def install(app: FastAPI) -> None:
    """Register the handlers: every error the app returns then has the one shape."""
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(LibraryError, library_error)
    app.add_exception_handler(IndexError_, index_error)
    app.add_exception_handler(Exception, internal_error)


_DESCRIPTIONS = {
    401: "No API key: send it in the X-API-Key header.",
    403: "Wrong API key, or writes are disabled (no SEOJI_API_KEY on the server).",
    404: "Not found.",
    413: "The upload is larger than SEOJI_MAX_UPLOAD_BYTES.",
    422: "Invalid parameters or body; detail lists each problem.",
    500: "The write was refused or something unexpected failed.",
    503: "The backend is unreachable, or the index was built with another embedding model.",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for a route: each status with the error shape as its body."""
    return {s: {"model": ErrorResponse, "description": _DESCRIPTIONS[s]} for s in statuses}
