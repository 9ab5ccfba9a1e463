"""``/search?q=...``: full-text search over the paragraph texts, as a page for people or as JSON.

The index is made (or found fresh) when the server starts, by ``prepare``; a search reads that
SQLite file in this process, in a thread, without going through the query workers. JSON comes
to ``Accept: application/json`` or ``format=json``; anything else gets the page.

>>> [route.path for route in routes()]
['/search']
>>> marked("the [cost] of \ue000remittances\ue001 <b>")
Markup('the [cost] of <mark>remittances</mark> &lt;b&gt;')
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gcmkg.errors import GcmkgError, QueryError
from gcmkg.graph.search import ensure_index, search_file
from gcmkg.graph.store import open_store

from .limits import EndpointError
from .negotiation import HTML_OFFER
from .protocol import negotiate
from .rendering import href, render

PAGE_MARKS = ("\ue000", "\ue001")  # private-use characters: no text holds them, so the page can mark matches
OFFERS = (HTML_OFFER, ("application/json", "json"))
DEFAULT_LIMIT = 10
log = logging.getLogger("gcmkg.server")


def prepare(settings) -> tuple[Path | None, str | None]:
    """Ensure the served store's search index; ``(path, None)``, or ``(None, why)`` if it cannot be made
    (then ``/search`` answers 503 and the rest of the server works on)."""
    try:
        return ensure_index(open_store(settings.store, **settings.endpoints)), None
    except GcmkgError as error:
        log.error("gcmkg: no full-text search: %s", error)
        return None, str(error)


def marked(snippet: str) -> Markup:
    """A snippet as HTML, each match in ``<mark>``; the rest escaped."""
    return Markup(str(escape(snippet)).replace(PAGE_MARKS[0], "<mark>").replace(PAGE_MARKS[1], "</mark>"))


def limit_of(request: Request) -> int:
    """The ``limit`` parameter: 1 to the server's row cap; 400 naming it otherwise."""
    raw = request.query_params.get("limit", "")
    cap = request.app.state.settings.max_rows
    if not raw:
        return min(DEFAULT_LIMIT, cap)
    if not raw.strip().isdigit() or not 1 <= int(raw) <= cap:
        raise EndpointError(400, f"limit: give a whole number from 1 to {cap} (got {raw!r})")
    return int(raw)


async def search_page(request: Request) -> Response:
    """Ranked hits for ``q`` (optionally of one ``document``) as JSON or as the page with its form."""
    fmt = negotiate(request, OFFERS)
    text = request.query_params.get("q", "")
    document = request.query_params.get("document") or None
    context = {"q": text, "document": document or "", "hits": [], "error": None, "limit": DEFAULT_LIMIT}
    try:
        context["limit"] = limit = limit_of(request)
        if fmt == "json" or text.strip():
            context["hits"] = await run_search(request, text, limit, document, fmt)
    except EndpointError as error:
        if fmt == "json":
            raise
        context["error"] = error.message
        return render(request, "search.html", context, error.status)
    if fmt == "json":
        return JSONResponse({"q": text, "document": document, "limit": limit, "hits": context["hits"]},
                            headers={"Vary": "Accept"})
    return render(request, "search.html", context)


async def run_search(request: Request, text: str, limit: int, document: str | None, fmt: str) -> list[dict]:
    """The hits as dicts with their rank and the path of their page; 400 for bad input, 503 without an index."""
    index = request.app.state.search_index
    if index is None:
        raise EndpointError(503, f"full-text search is unavailable: {request.app.state.search_error}")
    marks = ("[", "]") if fmt == "json" else PAGE_MARKS
    try:
        hits = await run_in_threadpool(search_file, index, text, limit=limit, document=document, marks=marks)
    except QueryError as error:
        raise EndpointError(400, str(error).replace("text: ", "q: ", 1)) from None
    base = request.app.state.settings.base
    found = [{"rank": rank, **asdict(hit), "page": href(hit.iri, base)}
             for rank, hit in enumerate(hits, 1)]
    if fmt == "html":
        for hit in found:
            hit["marked"] = marked(hit["snippet"])
    return found


def routes() -> list[Route]:
    return [Route("/search", search_page, name="search")]
