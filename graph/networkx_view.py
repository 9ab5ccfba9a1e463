"""The graph as a ``networkx.MultiDiGraph``: one node per IRI, one edge per (subject, property, object).

Nodes carry ``iri``, ``type`` (the most telling class), ``types``, ``label`` and, where there is
one, ``text``; edges carry ``predicate`` (``prefix:name``) and ``graph`` (the named graphs holding
the triple, space-separated), and edges backed by an alignment record also ``basis`` and
``score``. Literals become node attributes, not nodes; ``rdf:type`` becomes the ``type``
attribute. Every attribute is a str or a float (never ``None``), so GraphML and GEXF can hold them.

By default the view leaves out the ``ontology`` and ``build`` graphs (classes and the build
record are not part of the network a researcher studies); name graphs to choose others.

>>> import tempfile
>>> from rdflib import Graph
>>> from gcmkg.graph.alignments import Alignment, alignment_graph
>>> from gcmkg.graph.store import EmbeddedStore
>>> from gcmkg.ontology.vocab import ID, SDG
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/s")
>>> link = Alignment(ID["gcm/objective/20"], SDG["10.c"], "citation", 1.0, "demo", evidence="target 10.c")
>>> _ = store.replace_graph("https://w3id.org/gcmkg/graph/alignment", alignment_graph([link]))
>>> g = to_networkx(store, Labels(store), collapse_alignments=True)
>>> [(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1], d["predicate"], d["basis"], d["weight"])
...  for u, v, d in g.edges(data=True)]
[('20', '10.c', 'gcmkg:alignsWith', 'citation', 1.0)]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from gcmkg.errors import QueryError
from gcmkg.graph.labels import NAMESPACES, RDF_TYPE, Labels, compact, expand, node_id
from gcmkg.graph.store import Store
from gcmkg.graph.trace import Step, read_steps
from gcmkg.graph.traverse import predicate_iri
from gcmkg.ontology.vocab import GRAPH

LEFT_OUT = ("ontology", "build")
GCMKG_NS = NAMESPACES["gcmkg"]
ALIGNMENT_TYPE = GCMKG_NS + "Alignment"
# what hangs off alignment records only: gone with them when they are collapsed into edges
RECORD_PROPERTIES = {"gcmkg:alignmentSource", "gcmkg:alignmentTarget", "gcmkg:basis", "rdf:predicate",
                     "prov:wasGeneratedBy"}


def graph_iris(store: Store, graphs: Iterable[str] | None) -> list[str]:
    """The named graphs to read: by short name (``gcm``) or IRI; all but ``ontology`` and ``build`` if none."""
    names = store.graph_names()
    if graphs is None:
        return [g for g in names if g.removeprefix(str(GRAPH)) not in LEFT_OUT]
    chosen = []
    for name in graphs:
        iri = name if "://" in name else str(GRAPH) + name
        if iri not in names:
            short = ", ".join(g.removeprefix(str(GRAPH)) for g in names)
            raise QueryError(f"no graph named {name!r} in the store; the graphs are: {short}")
        chosen.append(iri)
    return chosen


def to_networkx(store: Store, labels: Labels, *, graphs: Iterable[str] | None = None,
                node_types: Iterable[str] | None = None, predicates: Iterable[str] | None = None,
                collapse_alignments: bool = False) -> nx.MultiDiGraph:
    """The chosen graphs as a ``MultiDiGraph`` (edge key: the predicate).

    ``node_types`` keeps nodes of these classes (``"Objective"``, ``"sdgo:Target"`` or IRIs) and
    the edges between them; ``predicates`` keeps edges of these properties (``"advances"``,
    ``"skos:broader"``); ``collapse_alignments`` turns each ``Alignment`` record into the edge it
    stands for (``source -relation-> target``) with ``basis``, ``score``, ``weight`` (= score) and
    ``evidence``, one edge per linked pair and relation (its strongest record), suggestions included.
    """
    chosen = graph_iris(store, graphs)
    wanted = {predicate_iri(p) for p in predicates} if predicates is not None else None
    triples = _object_triples(store, chosen, wanted)
    records = _best_records(store, labels) if str(GRAPH["alignment"]) in chosen else {}
    network = nx.MultiDiGraph()
    for (subject, predicate, obj), in_graphs in triples.items():
        key = compact(predicate)
        if collapse_alignments and (key in RECORD_PROPERTIES or ALIGNMENT_TYPE in labels.types.get(subject, ())):
            continue
        data = {"predicate": key, "graph": " ".join(sorted(in_graphs))}
        record = (subject, predicate.removeprefix(GCMKG_NS), obj)
        if predicate.startswith(GCMKG_NS) and record in records:
            data.update(_alignment_data(records[record]))
        network.add_edge(subject, obj, key=key, **data)
    if collapse_alignments:
        _add_collapsed_records(network, records, wanted)
    keep = [n for n in network if node_types is None or labels.has_type(n, node_types)]
    network = nx.MultiDiGraph(network.subgraph(keep))
    for node in network:
        network.nodes[node].update(node_attributes(labels, node))
    return network


def node_attributes(labels: Labels, node: str) -> dict[str, str]:
    """``iri``, ``type``, ``types``, ``label`` and (if any) ``text`` of a node: strings only."""
    data = {"iri": node, "type": labels.type(node), "label": labels.label(node),
            "types": " ".join(compact(t) for t in labels.types.get(node, ()))}
    text = labels.text(node)
    if text:
        data["text"] = text
    return data


def _object_triples(store: Store, graphs: list[str], wanted: set[str] | None) -> dict[tuple, set[str]]:
    """(subject, predicate, object) -> the short names of the graphs holding it; literals and types left out."""
    triples: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for graph in graphs:
        short = graph.removeprefix(str(GRAPH))
        for quad in store.quads(graph):
            predicate = quad.predicate.value
            if isinstance(quad.object, ox.Literal) or (wanted is None and predicate == RDF_TYPE):
                continue
            if wanted is not None and predicate not in wanted:
                continue
            triples[(node_id(quad.subject), predicate, node_id(quad.object))].add(short)
    return triples


def _best_records(store: Store, labels: Labels) -> dict[tuple[str, str, str], list[Step]]:
    """The alignment records by (source, relation, target), strongest basis then best score first."""
    records: dict[tuple[str, str, str], list[Step]] = defaultdict(list)
    for step in read_steps(store, labels):  # already in that order
        records[(step.source.iri, step.relation, step.target.iri)].append(step)
    return records


def _alignment_data(steps: list[Step]) -> dict[str, str | float]:
    best = steps[0]
    data: dict[str, str | float] = {"basis": best.basis, "score": best.score, "weight": best.score,
                                    "bases": " ".join(dict.fromkeys(s.basis for s in steps)),
                                    "alignment": best.alignment}
    if best.evidence:
        data["evidence"] = best.evidence
    return data


def _add_collapsed_records(network: nx.MultiDiGraph, records: dict, wanted: set[str] | None) -> None:
    """An edge for every record not already standing as a direct triple (suggestions, mostly)."""
    for (source, relation, target), steps in records.items():
        predicate = f"gcmkg:{relation}"
        if wanted is not None and expand(predicate) not in wanted:
            continue
        if not network.has_edge(source, target, key=predicate):
            network.add_edge(source, target, key=predicate, predicate=predicate, graph="alignment",
                             **_alignment_data(steps))
