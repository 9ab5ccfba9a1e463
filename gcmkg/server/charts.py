"""The charts page: coverage of the objectives by the declaration, and objectives x frameworks.

The figures are drawn by ``gcmkg.graph.plots`` (matplotlib, as SVG) in a query worker, so that
drawing obeys the same time limit as a query and the server process never opens the store. The
numbers behind them are on the page too, as tables, for people who would rather read.

>>> [route.path for route in routes()]
['/charts', '/charts/{name}.svg']
"""

from __future__ import annotations

import importlib.util

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .descriptions import PROLOGUE, framework_key
from .limits import EndpointError
from .rendering import render

FIGURES = {
    "coverage": "Coverage: the declaration's commitments (or paragraphs) advancing each GCM objective, by section",
    "alignment": "Objectives x frameworks: the elements of each framework an objective aligns with, by basis",
    "network": "Paragraph 53 of the declaration and its neighbours in the graph",
}
COVERAGE = PROLOGUE + """SELECT ?objective ?notation (SAMPLE(?t) AS ?title) (COUNT(DISTINCT ?p) AS ?paragraphs)
       (COUNT(DISTINCT ?c) AS ?commitments) WHERE {
  ?objective a gcmkg:Objective ; skos:notation ?notation .
  OPTIONAL { ?objective skos:prefLabel ?t FILTER(LANG(?t) = "en") }
  OPTIONAL { ?p gcmkg:advances ?objective OPTIONAL { ?p a gcmkg:Commitment BIND(?p AS ?c) } }
} GROUP BY ?objective ?notation ORDER BY xsd:integer(?notation)"""
OBJECTIVES_BY_FRAMEWORK = PROLOGUE + """SELECT ?objective ?notation ?g (COUNT(DISTINCT ?target) AS ?links) WHERE {
  ?objective a gcmkg:Objective ; skos:notation ?notation .
  { ?via gcmkg:partOf* ?objective } UNION { ?via gcmkg:advances ?objective }
  ?via gcmkg:alignsWith|gcmkg:mentions|gcmkg:contributesTo ?target .
  GRAPH ?g { ?target a ?type }
  FILTER(STRAFTER(STR(?g), "/graph/") IN ("agenda-2030", "aaaa", "paris-agreement", "sendai-framework", "gcm"))
} GROUP BY ?objective ?notation ?g ORDER BY xsd:integer(?notation)"""
NETWORK_CENTRE = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_53"
FRAMEWORKS = ("agenda-2030", "aaaa", "paris-agreement", "sendai-framework", "gcm")


def plots_available() -> bool:
    """Whether ``gcmkg.graph.plots`` is installed (the figures are optional; the tables are not)."""
    return importlib.util.find_spec("gcmkg.graph.plots") is not None


async def charts_page(request: Request) -> Response:
    """The figures (when matplotlib plots are available) above the tables of their numbers."""
    service = request.app.state.service
    coverage = [{k: v["value"] for k, v in row.items()} for row in await service.rows(COVERAGE)]
    matrix: dict[str, dict[str, int]] = {row["notation"]: {} for row in coverage}
    for row in await service.rows(OBJECTIVES_BY_FRAMEWORK):
        matrix.setdefault(row["notation"]["value"], {})[framework_key(row["g"]["value"])] = int(row["links"]["value"])
    return render(request, "charts.html", {
        "figures": FIGURES if plots_available() else {}, "coverage": coverage,
        "matrix": matrix, "frameworks": FRAMEWORKS,
        "peak": max([1, *(int(r["paragraphs"]) for r in coverage)]),
    })


async def figure(request: Request) -> Response:
    """One figure as SVG, drawn in a worker by ``gcmkg.graph.plots``."""
    name = request.path_params["name"]
    if name not in FIGURES:
        raise EndpointError(404, f"no figure named '{name}'; figures: {', '.join(FIGURES)}")
    if not plots_available():
        raise EndpointError(404, "figures need gcmkg.graph.plots (matplotlib), which is not installed")
    iri = request.query_params.get("iri", NETWORK_CENTRE) if name == "network" else None
    svg = await request.app.state.service.figure(name, iri)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=300"})


def routes() -> list[Route]:
    return [Route("/charts", charts_page, name="charts"), Route("/charts/{name}.svg", figure, name="figure")]
