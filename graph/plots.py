"""Charts of the graph as matplotlib figures: objective coverage, alignment by framework, a neighbourhood.

Each function reads the store and returns a ``matplotlib.figure.Figure`` (made without pyplot, so
no window and no global state: the web server renders the same figures to SVG); ``save`` writes
one to a PNG, SVG or PDF file. When the graph lacks what a chart shows (no alignment records yet),
the chart says so instead of drawing an empty grid.

>>> import tempfile
>>> from rdflib import Graph
>>> from gcmkg.graph.store import EmbeddedStore
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/s"); _ = store.replace_graph("urn:g", Graph())
>>> figure = alignment(store, Labels(store))
>>> figure.axes[0].texts[0].get_text().startswith("No alignment")
True
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from gcmkg.graph.alignments import BASES
from gcmkg.errors import ExportError
from gcmkg.graph.labels import Labels, compact
from gcmkg.graph.networkx_view import to_networkx
from gcmkg.graph.store import Store

PREFIXES = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
OBJECTIVES = PREFIXES + """SELECT DISTINCT ?objective ?number WHERE {
  ?objective a gcmkg:Objective ; skos:notation ?n BIND(xsd:integer(?n) AS ?number) } ORDER BY ?number"""
SECTIONS = PREFIXES + """SELECT DISTINCT ?declaration ?section ?start WHERE {
  ?declaration a gcmkg:Declaration . ?paragraph gcmkg:inDocument ?declaration ; gcmkg:inSection ?section .
  OPTIONAL { ?section gcmkg:startOffset ?start0 } BIND(COALESCE(?start0, 0) AS ?start) } ORDER BY ?start"""
ADVANCING = PREFIXES + """SELECT ?section ?objective (COUNT(DISTINCT ?paragraph) AS ?n)
  (SUM(IF(EXISTS { ?paragraph a gcmkg:Commitment }, 1, 0)) AS ?commitments) WHERE {
  ?paragraph gcmkg:inSection ?section ; gcmkg:advances ?objective . ?objective a gcmkg:Objective }
  GROUP BY ?section ?objective"""
COVERED = PREFIXES + """SELECT ?section ?objective WHERE { ?section gcmkg:coversObjective ?objective }"""
OBJECTIVE_LINKS = PREFIXES + """SELECT DISTINCT ?objective ?element ?basis ?framework WHERE {
  ?alignment a gcmkg:Alignment ; gcmkg:alignmentSource ?source ; gcmkg:alignmentTarget ?element ;
             gcmkg:basis ?basis ; rdf:predicate ?relation .
  FILTER(?relation IN (gcmkg:alignsWith, gcmkg:mentions))
  ?source (gcmkg:partOf)* ?objective . ?objective a gcmkg:Objective .
  ?element (gcmkg:heldIn|gcmkg:partOf|gcmkg:inDocument|sdgo:isIndicatorOf|sdgo:isTargetOf)* ?framework .
  ?framework a gcmkg:Framework . FILTER(?framework != <https://w3id.org/gcmkg/id/doc/gcm>) }"""
FRAMEWORKS = PREFIXES + """SELECT DISTINCT ?framework WHERE {
  ?framework a gcmkg:Framework FILTER(?framework != <https://w3id.org/gcmkg/id/doc/gcm>) }"""
OUTLINE = "#d1495b"
LINK_COLOURS = ["#1b6ca8", "#d1495b", "#2e8b57", "#e39b2d", "#8e6bbf", "#00798c", "#7f7f7f", "#bcbd22"]
SKOS_INVERSES = {"skos:broader": "skos:narrower", "skos:narrower": "skos:broader",
                 "skos:hasTopConcept": "skos:topConceptOf", "skos:topConceptOf": "skos:hasTopConcept"}
BASIS_COLOURS = dict(zip(BASES, ("#1b6ca8", "#4aa3df", "#2e8b57", "#e39b2d", "#b8b8b8", "#8e6bbf")))
TYPE_COLOURS = {"Objective": "#1b6ca8", "Commitment": "#d1495b", "Paragraph": "#edae49", "Target": "#2e8b57",
                "Goal": "#66a182", "Indicator": "#9ccc9c", "RoundTable": "#8e6bbf", "Framework": "#00798c",
                "Action": "#4aa3df", "GuidingPrinciple": "#e39b2d"}


def objective_names(store: Store, labels: Labels, width: int = 52) -> list[tuple[str, str]]:
    """(IRI, "20  Promote faster, safer and cheaper transfer…") for objectives 1 to 23, in order."""
    names = []
    for row in store.query(OBJECTIVES):
        iri, number = row["objective"].value, row["number"].value
        title = labels.value(iri, "skos:prefLabel") or labels.label(iri)
        names.append((iri, f"{number:>2}  {textwrap.shorten(title, width, placeholder='…')}"))
    return names


def _section_name(labels: Labels, section: str) -> str:
    name = textwrap.shorten(labels.label(section).split(" (")[0], 44, placeholder="…")
    return "\n".join(textwrap.wrap(name, 16))


def coverage(store: Store, labels: Labels) -> Figure:
    """Objectives 1-23 x declaration sections: how many commitments advance each objective.

    Cells of a round table that reviewed the objective are outlined. With no commitment linked to
    an objective it counts the paragraphs that advance one; with no ``advances`` link at all it
    shows which round table covers which objective. The title says which.
    """
    objectives = objective_names(store, labels)
    sections = list(dict.fromkeys(row["section"].value for row in store.query(SECTIONS)))
    covered = {(row["objective"].value, row["section"].value) for row in store.query(COVERED)}
    commitments, paragraphs = Counter(), Counter()
    for row in store.query(ADVANCING):
        key = (row["objective"].value, row["section"].value)
        paragraphs[key] += int(row["n"].value)
        commitments[key] += int(row["commitments"].value)
    if sum(commitments.values()):
        title, unit, legend = "Commitments of the declaration advancing each GCM objective, by section", commitments, "commitments"
    elif paragraphs:
        title = ("Paragraphs advancing each GCM objective, by section\n"
                 "(no commitment is linked to an objective yet)")
        unit, legend = paragraphs, "paragraphs"
    else:
        title = "Round-table coverage of the GCM objectives\n(no 'advances' links in this graph yet)"
        unit, legend = Counter(dict.fromkeys(covered, 1)), "covered by the round table (1)"
    fallback = unit is not commitments and unit is not paragraphs
    grid = [[unit[(objective, section)] for section in sections] for objective, _ in objectives]
    figure = Figure(figsize=(3.2 + 1.05 * max(len(sections), 1), 1.6 + 0.34 * len(objectives)), layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(grid or [[0]], cmap="Blues", aspect="auto", vmin=0)
    axes.set_yticks(range(len(objectives)), [name for _, name in objectives], fontsize=8)
    axes.set_xticks(range(len(sections)), [_section_name(labels, s) for s in sections], fontsize=8)
    axes.xaxis.tick_top()
    peak = max((max(row) for row in grid if row), default=0)
    for y, (objective, _) in enumerate(objectives):
        for x, section in enumerate(sections):
            if grid[y][x]:
                axes.text(x, y, str(grid[y][x]), ha="center", va="center", fontsize=8,
                          color="white" if grid[y][x] > peak / 2 else "black")
            if (objective, section) in covered and not fallback:
                axes.add_patch(Rectangle((x - 0.46, y - 0.42), 0.92, 0.84, fill=False, ec=OUTLINE, lw=1.2))
    figure.suptitle(title, fontsize=10)
    figure.colorbar(image, ax=axes, shrink=0.4, label=legend, ticks=MaxNLocator(integer=True))
    if covered and not fallback:
        figure.legend([Rectangle((0, 0), 1, 1, fill=False, ec=OUTLINE, lw=1.2)],
                      ["round table that reviewed the objective"], loc="outside lower center", fontsize=8)
    return figure


def alignment(store: Store, labels: Labels, *, suggestions: bool = False) -> Figure:
    """Objectives 1-23 x frameworks: how many elements of each framework an objective aligns with, by basis.

    Similarity suggestions are left out unless ``suggestions`` is true.
    """
    strongest: dict[tuple[str, str, str], str] = {}
    for row in store.query(OBJECTIVE_LINKS):
        if not suggestions and row["basis"].value.endswith("/similarity"):
            continue
        key = (row["objective"].value, row["framework"].value, row["element"].value)
        basis = row["basis"].value.rsplit("/", 1)[-1]
        if key not in strongest or BASES.index(basis) < BASES.index(strongest[key]):
            strongest[key] = basis
    if not strongest:
        figure = Figure(figsize=(8, 2.5))
        axes = figure.add_subplot()
        axes.axis("off")
        axes.text(0.5, 0.5, "No alignment of a GCM objective with a framework in this graph yet.\n"
                  "Alignments come from the build's alignment step (graph/alignment).",
                  ha="center", va="center", fontsize=11, wrap=True)
        return figure
    counts = Counter((o, f, b) for (o, f, _), b in strongest.items())
    named = {row["framework"].value for row in store.query(FRAMEWORKS)}
    frameworks = sorted(named | {f for _, f, _ in counts}, key=labels.short_title)
    objectives = objective_names(store, labels, width=44)
    figure = Figure(figsize=(4.2 + 2.1 * len(frameworks), 1.6 + 0.3 * len(objectives)), layout="constrained")
    panels = figure.subplots(1, len(frameworks), sharey=True, squeeze=False)[0]
    rows = range(len(objectives))
    for panel, framework in zip(panels, frameworks):
        left = [0] * len(objectives)
        for basis in BASES:
            widths = [counts[(o, framework, basis)] for o, _ in objectives]
            if any(widths):
                panel.barh(rows, widths, left=left, color=BASIS_COLOURS[basis], height=0.7)
                left = [a + b for a, b in zip(left, widths)]
        for row, total in zip(rows, left):
            if total:
                panel.text(total, row, f" {total}", va="center", fontsize=7)
        panel.set_title(textwrap.fill(labels.short_title(framework), 22), fontsize=9)
        panel.set_xlim(0, max(max(left) * 1.15, 1))
        panel.xaxis.get_major_locator().set_params(integer=True)
        panel.grid(axis="x", alpha=0.3)
    panels[0].set_yticks(rows, [name for _, name in objectives], fontsize=8)
    panels[0].invert_yaxis()
    used = [b for b in BASES if any(k[2] == b for k in counts)]
    figure.legend([Patch(color=BASIS_COLOURS[b]) for b in used], used, loc="outside lower center",
                  ncols=len(used), title="basis (strongest per element)", fontsize=8)
    left_out = "" if suggestions else "; similarity suggestions left out"
    figure.suptitle("Framework elements each GCM objective aligns with or names\n"
                    f"(a framework named as a whole counts as one element{left_out})", fontsize=10)
    return figure


def network(store: Store, labels: Labels, iri: str, *, max_neighbours: int = 36) -> Figure:
    """One node and its neighbours, one arrow per link (an inverse pair drawn once), coloured by type.

    Alignment records are drawn as the links they stand for; the closest neighbours (alignments,
    then the node's own structure) are kept when there are more than ``max_neighbours``.
    """
    view = to_networkx(store, labels, collapse_alignments=True)
    view.remove_edges_from([(u, v, k) for u, v, k, basis in view.edges(keys=True, data="basis")
                            if basis == "similarity"])  # suggestions are not links until reviewed
    view.add_node(iri)
    # blank nodes (OWL lists and restrictions) have no name a reader could use
    linked = {n for n in [*view.predecessors(iri), *view.successors(iri)] if n != iri and not n.startswith("_:")}
    neighbours = sorted(linked,
                        key=lambda n: (*_rank(view, iri, n), _natural(labels.label(n))))
    hidden = len(neighbours) - max_neighbours
    neighbours = neighbours[:max_neighbours]
    arrows = _arrows(view, iri, neighbours, _inverses(store))
    drawn = nx.DiGraph(list(arrows))
    drawn.add_node(iri)
    ring = nx.shell_layout(drawn, nlist=[[iri], neighbours] if neighbours else [[iri]])
    types = {n: labels.type(n) for n in drawn}
    palette = _type_colours(sorted(set(types.values())))
    sizes = [1500 if n == iri else 520 for n in drawn]
    figure = Figure(figsize=(12, 10), layout="constrained")
    axes = figure.add_subplot()
    axes.axis("off")
    # a neighbour linked both ways gets two arcs, so that the two labels do not overlap
    bent = "arc3,rad=0.12"
    # a crowded ring names its links by colour (one legend) rather than by a label on every arrow
    crowded = len(neighbours) > 16
    links = {name: colour for name, colour in zip(sorted(set(arrows.values())), LINK_COLOURS * 4)} if crowded else {}
    nx.draw_networkx_edges(drawn, ring, ax=axes, arrowsize=12, node_size=sizes, connectionstyle=bent,
                           edge_color=[links.get(arrows[edge], "#8a8a8a") for edge in drawn.edges()])
    nx.draw_networkx_nodes(drawn, ring, ax=axes, node_color=[palette[types[n]] for n in drawn],
                           edgecolors="#333333", node_size=sizes)
    if crowded:
        figure.legend([Line2D([], [], color=c, lw=2) for c in links.values()], list(links), title="link",
                      loc="outside lower center", ncols=min(len(links), 5), fontsize=8)
    else:
        nx.draw_networkx_edge_labels(drawn, ring, edge_labels=arrows, ax=axes, font_size=7, connectionstyle=bent,
                                     bbox={"boxstyle": "round", "fc": "white", "ec": "none", "alpha": 0.8})
    for node, (x, y) in ring.items():
        words = textwrap.fill(textwrap.shorten(labels.label(node), 60, placeholder="…"), 22)
        if node == iri:
            axes.annotate(words, (x, y), xytext=(0, -36), textcoords="offset points", ha="center", va="top",
                          fontsize=10, fontweight="bold")
            continue
        # outward from the centre, so that a label never sits on the next node of the ring
        ha = "left" if x > 0.25 else "right" if x < -0.25 else "center"
        va = "bottom" if y > 0.25 else "top" if y < -0.25 else "center"
        axes.annotate(words, (x, y), xytext=(16 * x / max(abs(x), abs(y), 1e-9), 16 * y / max(abs(x), abs(y), 1e-9)),
                      textcoords="offset points", ha=ha, va=va, fontsize=7)
    axes.legend([Patch(color=palette[t]) for t in palette], list(palette), loc="lower right", fontsize=8, title="type")
    more = f"; {hidden} more not shown" if hidden > 0 else ""
    axes.set_title(f"{labels.label(iri)} ({labels.type(iri)}) and its neighbours{more}", fontsize=12)
    axes.margins(0.12)
    return figure


def _inverses(store: Store) -> dict[str, str]:
    """``gcmkg:advancedBy`` -> ``gcmkg:advances`` and back, from the ontology's owl:inverseOf."""
    pairs = dict(SKOS_INVERSES)
    for row in store.query(PREFIXES + "SELECT ?p ?q WHERE { ?p owl:inverseOf ?q }"):
        p, q = compact(row["p"].value), compact(row["q"].value)
        pairs[p], pairs[q] = q, p
    return pairs


def _arrows(view: nx.MultiDiGraph, centre: str, neighbours: list[str], inverses: dict[str, str]) -> dict:
    """(from, to) -> "advances, mentions": each link between the centre and a neighbour, an inverse once."""
    arrows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for other in neighbours:
        incoming = set(view.get_edge_data(other, centre, default={}))
        outgoing = set(view.get_edge_data(centre, other, default={}))
        outgoing -= {inverses[p] for p in incoming if p in inverses}  # "X advances O" says "O advancedBy X"
        for predicate in incoming:
            arrows[(other, centre)].add(predicate.split(":")[-1])
        for predicate in outgoing:
            arrows[(centre, other)].add(predicate.split(":")[-1])
    return {edge: ", ".join(sorted(names)) for edge, names in arrows.items()}


def _rank(view: nx.MultiDiGraph, centre: str, other: str) -> tuple[int, float]:
    """Alignment links first (best score first), then the node's own gcm-kg structure, then the rest."""
    edges = [*view.get_edge_data(centre, other, default={}).values(),
             *view.get_edge_data(other, centre, default={}).values()]
    scores = [data["score"] for data in edges if "score" in data]
    if scores:
        return 0, -max(scores)
    return (1 if any(data["predicate"].startswith("gcmkg:") for data in edges) else 2), 0.0


def _natural(label: str) -> list:
    """"Paragraph 9" before "Paragraph 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label)]


def _type_colours(types: list[str]) -> dict[str, str]:
    spare = iter(["#7f7f7f", "#bcbd22", "#17becf", "#c49c94", "#f7b6d2", "#aec7e8", "#98df8a", "#ff9896"] * 4)
    return {t: TYPE_COLOURS.get(t) or next(spare) for t in types}


def save(figure: Figure, path: str | Path) -> Path:
    """Write the figure to ``path`` (.png, .svg or .pdf, by its suffix)."""
    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg", ".pdf"}:
        raise ExportError(f"cannot tell the image format of {path.name!r}; use .png, .svg or .pdf")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=150)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from error
    return path
