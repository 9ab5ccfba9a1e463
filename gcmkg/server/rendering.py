"""Turning data into pages: the Jinja2 templates, their filters, and the path of each resource's page.

>>> href("https://w3id.org/gcmkg/id/gcm/objective/20", "https://w3id.org/gcmkg/")
'/id/gcm/objective/20'
>>> href("http://metadata.un.org/sdg/10.c", "https://w3id.org/gcmkg/")
'/sdg/10.c'
>>> href("https://w3id.org/gcmkg/ontology#advances", "https://w3id.org/gcmkg/")
'/resource?iri=https%3A%2F%2Fw3id.org%2Fgcmkg%2Fontology%23advances'
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from .descriptions import framework_key, short

HERE = Path(__file__).resolve().parent
SDG_BASE = "http://metadata.un.org/sdg/"
SAFE = "/:@!$&'()*+,;=-._~"


def href(iri: str, base: str) -> str:
    """The path of a resource's page: ``/id/...`` for ours, ``/sdg/...`` for the UN SDG KOS, else ``/resource``."""
    if iri.startswith(base + "id/"):
        return "/id/" + quote(iri[len(base) + 3:], safe=SAFE)
    if iri.startswith(SDG_BASE) and len(iri) > len(SDG_BASE):
        return "/sdg/" + quote(iri[len(SDG_BASE):], safe=SAFE)
    return "/resource?" + urlencode({"iri": iri})


def templates(settings) -> Jinja2Templates:
    """The Jinja2 templates with the filters the pages use (``href``, ``short``, ``framework``)."""
    env = Jinja2Templates(directory=str(HERE / "templates"))
    env.env.filters["href"] = lambda iri: href(iri, settings.base)
    env.env.filters["short"] = short
    env.env.filters["framework"] = framework_key
    env.env.globals["settings"] = settings
    return env


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    """A page from its template, with the request and the settings in the context."""
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


