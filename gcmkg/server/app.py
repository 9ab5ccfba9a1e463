"""The app factory: ``create_app(settings)`` wires the protocol routes, the pages and the worker pool.

Settings are passed in, never read from globals, so tests and embedders can run several apps
with different stores and limits side by side.

>>> settings = Settings(store="/tmp/store", timeout=2)
>>> settings.limits.timeout, settings.host
(2.0, '127.0.0.1')
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from ..graph.named_queries import load_named_queries
from ..ontology.vocab import BASE
from . import canned, pages, protocol, rendering, search_page
from .limits import EndpointError, Limits
from .pool import WorkerPool
from .service import GraphService

DEFAULT_PORT = 7800
log = logging.getLogger("gcmkg.server")


def default_workers() -> int:
    """One query worker per CPU, at least two so that one slow query never holds up the rest."""
    return max(2, os.cpu_count() or 2)


@dataclass(frozen=True)
class Settings:
    """How the server runs: the store, where it listens, the write token and the limits."""

    store: Path | str
    endpoints: dict[str, str | None] = field(default_factory=dict)  # a remote store's explicit endpoint URLs
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    update_token: str | None = None
    timeout: float = 5.0
    max_rows: int = 10_000
    max_body: int = 1_048_576
    workers: int = field(default_factory=default_workers)
    allow_service: bool = False
    cache_entries: int = 1024
    base: str = BASE

    @property
    def limits(self) -> Limits:
        return Limits(float(self.timeout), self.max_rows, self.max_body, self.allow_service)


async def endpoint_error(request: Request, error: EndpointError):
    """A refusal as plain text with its status (a page route renders its own HTML instead)."""
    return PlainTextResponse(error.message + "\n", status_code=error.status, headers=error.headers)


async def health(request: Request) -> JSONResponse:
    """Liveness for monitors and tests: workers in the pool, how many are free, how many were killed."""
    pool = request.app.state.pool
    return JSONResponse({"status": "ok", "workers": pool.size, "idle": pool.idle, "killed": pool.killed})


def create_app(settings: Settings) -> Starlette:
    """The ASGI app for ``settings``; the worker processes start with the app's lifespan."""
    pool = WorkerPool(settings.store, settings.workers, settings.limits.timeout, endpoints=settings.endpoints)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.search_index, app.state.search_error = await run_in_threadpool(search_page.prepare, settings)
        await pool.start()
        log.info("gcmkg: %d query workers on %s", pool.size, settings.store)
        try:
            yield
        finally:
            await pool.close()

    app = Starlette(
        routes=[*protocol.routes(), *canned.routes(), Route("/health", health), *search_page.routes(),
                *pages.routes()],
        middleware=[Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD"],
            allow_headers=["Accept", "Content-Type", "Authorization"], expose_headers=["Gcmkg-Truncated"],
            max_age=600)],
        exception_handlers={EndpointError: endpoint_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.service = GraphService(pool, settings.limits, settings.cache_entries)
    app.state.named_queries = load_named_queries()
    app.state.templates = rendering.templates(settings)
    return app
