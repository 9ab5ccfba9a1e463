"""A page for every resource at its IRI path, with Turtle, N-Triples, JSON-LD or RDF/XML on request.

``/id/...`` is ``https://w3id.org/gcmkg/id/...``, ``/sdg/...`` is ``http://metadata.un.org/sdg/...``,
``/resource?iri=...`` is any other IRI. The same URL answers HTML to a browser and RDF to a
client that asks for it by Accept (or ``?format=turtle``): content negotiation, no redirect.
An IRI the graph does not hold is a 404 page that suggests the closest ones it does.

>>> [route.path for route in routes()]
['/id/{path:path}', '/sdg/{path:path}', '/resource']
"""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import descriptions
from .limits import EndpointError
from .negotiation import HTML_OFFER, MEDIA_TYPES, RDF_OFFERS
from .protocol import negotiate
from .rendering import render

GCMKG = "https://w3id.org/gcmkg/ontology#"
TWIN = "CONSTRUCT { ?x ?p ?o . ?s ?q ?x } WHERE { { ?x ?p ?o } UNION { ?s ?q ?x } }"
DOCUMENT_TYPES = {GCMKG + "Declaration", GCMKG + "Framework", GCMKG + "Document"}


async def resource(request: Request, iri: str) -> Response:
    """The page (or the RDF twin) of one resource; 404 with close matches if the graph does not hold it."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise EndpointError(400, f"{iri!r} is not an IRI") from None
    fmt = negotiate(request, (HTML_OFFER, *RDF_OFFERS))
    service = request.app.state.service
    if fmt != "html":
        answer = await service.query(TWIN, fmt, substitutions={"x": ox.NamedNode(iri)})
        if answer.rows == 0:
            raise EndpointError(404, f"no statements about <{iri}> in the graph")
        return Response(answer.body, media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})
    try:
        description = await descriptions.describe(service, iri)
    except EndpointError as error:
        return render(request, "error.html", {"error": error.message}, error.status)
    if not description["found"]:
        matches = await service.close_matches(iri)
        return render(request, "not_found.html", {"iri": iri, "matches": matches}, 404)
    types = set(description["types"])
    context = {"r": description}
    if GCMKG + "Paragraph" in types:
        context["p"] = await descriptions.paragraph(service, iri, description)
        return render(request, "paragraph.html", context)
    if GCMKG + "Objective" in types:
        context["o"] = await descriptions.objective(service, iri)
        return render(request, "objective.html", context)
    if types & DOCUMENT_TYPES:
        context["d"] = await descriptions.document(service, iri)
        return render(request, "document.html", context)
    return render(request, "resource.html", context)


async def ours(request: Request) -> Response:
    return await resource(request, request.app.state.settings.base + "id/" + request.path_params["path"])


async def sdg(request: Request) -> Response:
    return await resource(request, "http://metadata.un.org/sdg/" + request.path_params["path"])


async def any_iri(request: Request) -> Response:
    iri = request.query_params.get("iri")
    if not iri:
        raise EndpointError(400, "give the resource as ?iri=...")
    return await resource(request, iri)


def routes() -> list[Route]:
    return [
        Route("/id/{path:path}", ours, name="resource_id"),
        Route("/sdg/{path:path}", sdg, name="resource_sdg"),
        Route("/resource", any_iri, name="resource_any"),
    ]
