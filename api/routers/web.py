"""The web page for researchers at ``/``: one server-rendered shell (Jinja2) and plain
JavaScript modules that call the JSON API, all served by seoji itself (no CDN, no Node).

The page and its files are no part of the API, so they stay out of the OpenAPI document.
Page images (``/pages/{doc_id}/{page}.png``) are rendered from the stored original once and
then served from the cache on disk (``api.originals``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates

from api.library import seoji_version
from api.originals import SCALE
from api.routers.dependencies import LibraryDep

WEB = Path(__file__).resolve().parent.parent / "web"
STATIC = WEB / "static"
templates = Jinja2Templates(directory=WEB / "templates")

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "index.html",
        {"version": seoji_version(), "scale": SCALE},
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/pages/{doc_id}/{page}.png")
def page_image(
    library: LibraryDep,
    doc_id: Annotated[str, PathParam(min_length=1, max_length=200)],
    page: Annotated[int, PathParam(ge=1, le=100_000)],
) -> FileResponse:
    path = library.page_image(doc_id, page)
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "max-age=86400"})
