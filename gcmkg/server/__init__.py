"""The HTTP side of gcm-kg: a SPARQL 1.1 endpoint, a Graph Store, and pages for people.

``create_app(Settings(store=...))`` gives the ASGI app; ``gcmkg serve`` runs it on uvicorn. The
package is imported lazily so that a query worker process (``gcmkg.server.worker``) does not pay
for Starlette and Jinja2.

>>> from gcmkg.server import Settings
>>> Settings(store="/tmp/store").port
7800
"""

from __future__ import annotations

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
