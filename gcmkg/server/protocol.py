"""SPARQL 1.1 Protocol (``/sparql``, ``/update``) and Graph Store Protocol (``/store``) routes.

Each handler reads the request, negotiates the format, and hands the work to ``GraphService``;
refusals are ``EndpointError`` (a status and a one-line message). The service description is
what ``GET /sparql`` answers when there is no query.

>>> [route.path for route in routes()]
['/sparql', '/update', '/store']
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from gcmkg.graph.sparql_text import query_form

from .limits import EndpointError, check_token, read_body
from .negotiation import HTML_OFFER, MEDIA_TYPES, RDF_OFFERS, RESULT_OFFERS, choose
from .results import serialize_triples
from .service import Answer

FORM = "application/x-www-form-urlencoded"
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                "ntriples": "ntriples", "nt": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld",
                "rdfxml": "rdfxml", "rdf": "rdfxml"}
GRAPH_MEDIA_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                     "application/x-turtle", "text/n3"}
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def negotiate(request: Request, offers: tuple, params: dict | None = None) -> str:
    """The format to answer in: ``format=`` if given and fitting, else the Accept header; 406 if nothing fits."""
    allowed = {name for _, name in offers}
    asked = (params or {}).get("format") or request.query_params.get("format")
    if asked:
        name = FORMAT_NAMES.get(asked.lower())
        if name not in allowed:
            raise EndpointError(406, f"format={asked} does not fit this result; "
                                     f"use one of {', '.join(sorted(allowed))}")
        return name
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        types = ", ".join(dict.fromkeys(m for m, n in offers if n != "html"))
        raise EndpointError(406, f"none of the media types in Accept can be served here; available: {types}")
    return chosen


def answer_response(answer: Answer, max_rows: int, head: bool = False) -> Response:
    """The HTTP response for a worker's answer, with a header when the row cap cut the results."""
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers["Gcmkg-Truncated"] = f"max-rows={max_rows}"
    return Response(b"" if head else answer.body, media_type=MEDIA_TYPES[answer.format], headers=headers)


def _iris(values: list[str], name: str) -> list[str]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise EndpointError(400, f"{name}: {value!r} is not an absolute IRI ({error})") from None
    return values


async def sparql(request: Request) -> Response:
    """A query by GET (``query=``), POST form or POST ``application/sparql-query``; none: the service description."""
    service = request.app.state.service
    params = [(k, v) for k, v in request.query_params.multi_items()]
    if request.method == "POST":
        body = await read_body(request, service.limits.max_body)
        kind = media_type(request)
        if kind == FORM:
            params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        elif kind == "application/sparql-query":
            params.append(("query", body.decode("utf-8", "replace")))
        else:
            raise EndpointError(415, f"a query is sent as {FORM} or application/sparql-query, not {kind or 'no type'}")
    queries = [v for k, v in params if k == "query"]
    if any(k == "update" for k, _ in params):
        raise EndpointError(400, "updates go to /update (POST), not /sparql")
    if len(queries) > 1:
        raise EndpointError(400, "more than one query parameter")
    if not queries:
        return await service_description(request)
    text = queries[0]
    form = query_form(text)
    offers = RDF_OFFERS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_OFFERS
    if request.method == "GET":
        offers = (*offers, HTML_OFFER)
    fmt = negotiate(request, offers, dict(params))
    if fmt == "html":  # a browser following a link: show the query page with this query run
        return RedirectResponse(f"/query?{urlencode({'query': text})}", status_code=303)
    answer = await service.query(
        text, fmt,
        default_graphs=_iris([v for k, v in params if k == "default-graph-uri"], "default-graph-uri"),
        named_graphs=_iris([v for k, v in params if k == "named-graph-uri"], "named-graph-uri"))
    return answer_response(answer, service.limits.max_rows)


async def update(request: Request) -> Response:
    """SPARQL Update by POST form (``update=``) or ``application/sparql-update``, with the bearer token."""
    if request.method != "POST":
        raise EndpointError(405, "/update changes the store and takes POST only; queries go to /sparql",
                            {"Allow": "POST"})
    service = request.app.state.service
    check_token(request, request.app.state.settings.update_token)
    body = await read_body(request, service.limits.max_body)
    kind = media_type(request)
    params = list(request.query_params.multi_items())
    if kind == FORM:
        params += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        updates = [v for k, v in params if k == "update"]
    elif kind == "application/sparql-update":
        updates = [body.decode("utf-8", "replace")]
    else:
        raise EndpointError(415, f"an update is sent as {FORM} or application/sparql-update, not {kind or 'no type'}")
    if any(k in ("using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise EndpointError(400, "using-graph-uri and using-named-graph-uri are not supported; "
                                 "write USING / USING NAMED in the update itself")
    if len(updates) != 1:
        raise EndpointError(400, "exactly one update parameter is needed")
    await service.update(updates[0])
    return Response(status_code=204)


async def store(request: Request) -> Response:
    """Graph Store Protocol: GET/HEAD read (``?default`` or ``?graph=IRI``); PUT/POST/DELETE write with the token."""
    service = request.app.state.service
    graph = _target_graph(request)
    if request.method in ("GET", "HEAD"):
        fmt = negotiate(request, RDF_OFFERS)
        answer = await service.graph(graph, fmt)
        return answer_response(answer, service.limits.max_rows, head=request.method == "HEAD")
    check_token(request, request.app.state.settings.update_token)
    kind = ""
    if request.method != "DELETE":
        kind = media_type(request)
        if kind not in GRAPH_MEDIA_TYPES:
            raise EndpointError(415, f"a graph is sent as one of {', '.join(sorted(GRAPH_MEDIA_TYPES))}, "
                                     f"not {kind or 'no type'}")
    body = await read_body(request, service.limits.max_body)
    answer = await service.write_graph(request.method, graph, kind, body)
    return Response(status_code=answer.status)  # 201 when the graph is new, else 204


def _target_graph(request: Request) -> str | None:
    names = request.query_params.getlist("graph")
    default = "default" in request.query_params
    if default == bool(names) or len(names) > 1:
        raise EndpointError(400, "name exactly one graph: ?default or ?graph=IRI")
    return _iris(names, "graph")[0] if names else None


async def service_description(request: Request) -> Response:
    """The SPARQL 1.1 service description of this endpoint, in the negotiated RDF format."""
    fmt = negotiate(request, (*RDF_OFFERS, HTML_OFFER))
    if fmt == "html":
        return RedirectResponse("/query", status_code=303)
    settings = request.app.state.settings
    endpoint = ox.NamedNode(str(request.url_for("sparql")))
    node, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [ox.Triple(node, rdf_type, sd("Service")), ox.Triple(node, sd("endpoint"), endpoint),
               ox.Triple(node, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(node, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(node, sd("defaultDataset"), dataset), ox.Triple(dataset, rdf_type, sd("Dataset")),
               ox.Triple(dataset, sd("defaultGraph"), default), ox.Triple(default, rdf_type, sd("Graph"))]
    if settings.update_token:
        triples.append(ox.Triple(node, sd("supportedLanguage"), sd("SPARQL11Update")))
    if settings.allow_service:
        triples.append(ox.Triple(node, sd("feature"), sd("BasicFederatedQuery")))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(node, sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    void_triples = ox.NamedNode("http://rdfs.org/ns/void#triples")
    for index, (iri, size) in enumerate(await request.app.state.service.graphs()):
        named, graph = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        triples += [ox.Triple(dataset, sd("namedGraph"), named), ox.Triple(named, sd("name"), ox.NamedNode(iri)),
                    ox.Triple(named, sd("graph"), graph), ox.Triple(graph, rdf_type, sd("Graph")),
                    ox.Triple(graph, void_triples, ox.Literal(str(size), datatype=ox.NamedNode(
                        "http://www.w3.org/2001/XMLSchema#integer")))]
    return Response(serialize_triples(triples, fmt), media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})


def routes() -> list[Route]:
    """The protocol routes (HEAD comes with GET)."""
    return [
        Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"),
        Route("/update", update, methods=["GET", "POST", "PUT", "DELETE"], name="update"),
        Route("/store", store, methods=["GET", "PUT", "POST", "DELETE"], name="store"),
    ]

