"""Pages for people: home, query page, charts; the resource pages live in ``resource_pages.py``.

Server-rendered Jinja2 with one stylesheet and one small script of our own: no build step, no
third-party JavaScript, nothing fetched from the internet, so the pages work offline.

>>> [route.path for route in routes()][:2]
['/', '/query']
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gcmkg.errors import QueryError

from . import charts, resource_pages
from .descriptions import PROLOGUE, short
from .limits import EndpointError
from gcmkg.graph.sparql_text import query_form
from .rendering import render

HERE = Path(__file__).resolve().parent

DOCUMENTS = PROLOGUE + """SELECT ?doc ?kind (SAMPLE(?t) AS ?title) (SAMPLE(?s) AS ?symbol)
       (COUNT(DISTINCT ?part) AS ?parts)
WHERE { VALUES ?kind { gcmkg:Declaration gcmkg:Framework } ?doc a ?kind .
  OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc dcterms:identifier ?s } OPTIONAL { ?part gcmkg:inDocument ?doc } }
GROUP BY ?doc ?kind ORDER BY ?kind DESC(?parts)"""
COUNTS = PROLOGUE + """SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { gcmkg:Paragraph gcmkg:Commitment gcmkg:Objective sdgo:Target sdgo:Indicator gcmkg:Citation
                  gcmkg:Alignment } ?x a ?class } GROUP BY ?class"""
BUILD = PROLOGUE + """SELECT ?ended ?version WHERE { GRAPH <https://w3id.org/gcmkg/graph/build> {
  ?build prov:endedAtTime ?ended OPTIONAL { ?build prov:wasAssociatedWith/owl:versionInfo ?version } } }"""
def value(row: dict, name: str, default=None):
    return row[name]["value"] if name in row else default


async def home(request: Request) -> Response:
    """What the graph holds: documents, counts, last build, objectives and how many paragraphs advance each."""
    service = request.app.state.service
    build = await service.rows(BUILD)
    counts = {short(value(r, "class")): int(value(r, "n")) for r in await service.rows(COUNTS)}
    return render(request, "home.html", {
        "documents": [{k: value(r, k) for k in r} for r in await service.rows(DOCUMENTS)],
        "counts": counts, "graphs": await service.graphs(),
        "built": value(build[0], "ended") if build else None, "version": value(build[0], "version") if build else None,
        "objectives": [{k: value(r, k) for k in r} for r in await service.rows(charts.COVERAGE)],
    })


async def query_page(request: Request) -> Response:
    """The query page: an editor, the canned queries with their parameters, results as a table, downloads."""
    named_queries = request.app.state.named_queries
    name, text = request.query_params.get("name"), request.query_params.get("query", "")
    selected = named_queries.get(name) if name else None
    values = {p.name: request.query_params.get(p.name, "") for p in selected.parameters} if selected else {}
    context = {"queries": named_queries, "selected": selected, "values": values, "text": text,
               "result": None, "error": None, "downloads": {}}
    status = 200
    try:
        if name and not selected:
            raise EndpointError(404, f"no query named '{name}'")
        substitutions, ready = None, True
        if selected:
            context["text"] = text = selected.text
            # a canned query opened without its required values shows its form, not an error
            ready = all(values[p.name] for p in selected.parameters if p.required) or any(values.values())
            if ready:
                substitutions = selected.bind({k: v for k, v in values.items() if v})
        if ready and text.strip():
            context["result"] = await run_for_page(request, text, substitutions)
            context["downloads"] = downloads(selected, values, text)
    except EndpointError as error:
        context["error"], status = error.message, error.status
    except QueryError as error:
        context["error"], status = str(error), 400
    return render(request, "query.html", context, status)


async def run_for_page(request: Request, text: str, substitutions) -> dict:
    """Run a query for the results table: the columns, the rows as SPARQL-JSON terms, or Turtle, or a boolean."""
    service = request.app.state.service
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    started = time.perf_counter()
    answer = await service.query(text, "turtle" if graph_form else "json", substitutions=substitutions)
    result = {"seconds": time.perf_counter() - started, "rows": answer.rows, "truncated": answer.truncated,
              "max_rows": service.limits.max_rows}
    if graph_form:
        return {**result, "turtle": answer.body.decode("utf-8")}
    data = json.loads(answer.body)
    if "boolean" in data:
        return {**result, "boolean": data["boolean"]}
    # parameter variables (?_goal_iri) echo the values bound: the downloads keep them, the table does not
    columns = [v for v in data["head"]["vars"] if not v.startswith("_")]
    return {**result, "columns": columns, "bindings": data["results"]["bindings"]}


def downloads(selected, values: dict, text: str) -> dict[str, str]:
    """Links that give the same results as CSV, JSON and TSV (or Turtle and JSON-LD for a graph)."""
    formats = ("turtle", "jsonld") if query_form(text) in ("CONSTRUCT", "DESCRIBE") else ("csv", "json", "tsv")
    if selected:
        base = {k: v for k, v in values.items() if v}
        return {f: f"/queries/{selected.name}?" + urlencode({**base, "format": f}) for f in formats}
    return {f: "/sparql?" + urlencode({"query": text, "format": f}) for f in formats}


async def favicon(request: Request) -> Response:
    return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "max-age=86400"})


def routes() -> list:
    return [
        Route("/", home, name="home"),
        Route("/query", query_page, name="query_page"),
        *resource_pages.routes(),
        *charts.routes(),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
