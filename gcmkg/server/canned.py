"""The named queries of ``queries/`` over HTTP: ``/queries`` lists them, ``/queries/NAME`` runs one.

Parameters come as query-string values (``/queries/targets-of-goal?goal=sdg:10``) and are bound
as RDF terms by ``NamedQuery.bind``; results are negotiated like ``/sparql``'s (``format=csv``
works for download links). This is the JSON twin of the query page's canned queries.

>>> [route.path for route in routes()]
['/queries', '/queries/{name}']
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gcmkg.errors import QueryError
from gcmkg.graph.sparql_text import query_form

from .limits import EndpointError
from .negotiation import RDF_OFFERS, RESULT_OFFERS
from .protocol import answer_response, negotiate


def describe_query(named) -> dict:
    """A named query's header as JSON: name, summary, description, tags, parameters."""
    return {"name": named.name, "summary": named.summary, "description": named.description.strip(),
            "tags": list(named.tags),
            "parameters": [{"name": p.name, "kind": p.kind, "required": p.required} for p in named.parameters],
            "sparql": named.text}


async def list_queries(request: Request) -> JSONResponse:
    """Every named query with its documentation and parameters."""
    return JSONResponse([describe_query(q) for q in request.app.state.named_queries.values()])


def bind(request: Request, named, values: dict[str, str]):
    """Substitutions for a named query from request values; a wrong or missing parameter is a 400."""
    try:
        return named.bind({k: v for k, v in values.items() if v != ""})
    except QueryError as error:
        raise EndpointError(400, str(error)) from None


def find(request: Request, name: str):
    """The named query ``name``, or a 404 that lists the known names."""
    queries = request.app.state.named_queries
    if name not in queries:
        raise EndpointError(404, f"no query named '{name}'; known: {', '.join(queries)}")
    return queries[name]


async def run_query(request: Request) -> Response:
    """Run a named query with the parameters of the query string, in the negotiated format."""
    named = find(request, request.path_params["name"])
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    substitutions = bind(request, named, values)
    offers = RDF_OFFERS if query_form(named.text) in ("CONSTRUCT", "DESCRIBE") else RESULT_OFFERS
    service = request.app.state.service
    answer = await service.query(named.text, negotiate(request, offers), substitutions=substitutions)
    return answer_response(answer, service.limits.max_rows)


def routes() -> list[Route]:
    return [Route("/queries", list_queries, name="queries"), Route("/queries/{name}", run_query, name="named_query")]
