"""Alignment paths as Python objects: paragraph -advances-> objective -alignsWith-> framework element.

Reads the ``gcmkg:Alignment`` records of the store (graph ``graph/alignment``): each step of a path
is one record, with its basis, score and evidence. A path starts or ends at the node asked about:
out of a paragraph it runs through the objectives the paragraph advances to the elements those
objectives align with (or mention); into an SDG target it runs back the same way; an objective
has its one-step links in and out. Direct alignments (a mention, a citation, an inferred
``contributesTo``) are one-step paths. Nothing here writes the store.

>>> import tempfile
>>> from rdflib import Graph
>>> from gcmkg.graph.alignments import Alignment, alignment_graph
>>> from gcmkg.graph.store import EmbeddedStore
>>> from gcmkg.ontology.vocab import GCMKG, ID, SDG
>>> links = [Alignment(ID["doc/d/para_32"], ID["gcm/objective/20"], "structure", 1.0, "demo",
...                    relation=GCMKG.advances),
...          Alignment(ID["gcm/objective/20"], SDG["10.c"], "crosswalk", 0.9, "demo", evidence="remittances")]
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/s")
>>> _ = store.replace_graph("https://w3id.org/gcmkg/graph/alignment", alignment_graph(links))
>>> [str(path) for path in trace(store, Labels(store), str(ID["doc/d/para_32"]))]
['para_32 -advances [structure 1.00]-> 20 -alignsWith [crosswalk 0.90]-> 10.c']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox

from gcmkg.errors import QueryError
from gcmkg.graph.alignments import BASES
from gcmkg.graph.labels import Labels, local_name
from gcmkg.graph.store import Store

RECORDS = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?alignment ?source ?target ?relation ?basis ?score ?evidence WHERE {
  ?alignment a gcmkg:Alignment ; gcmkg:alignmentSource ?source ; gcmkg:alignmentTarget ?target ;
             gcmkg:basis ?basis ; gcmkg:score ?score .
  OPTIONAL { ?alignment rdf:predicate ?relation0 }
  OPTIONAL { ?alignment gcmkg:evidence ?evidence }
  BIND(COALESCE(?relation0, gcmkg:alignsWith) AS ?relation) }"""
MEMBERS = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
SELECT DISTINCT ?element ?framework WHERE {
  ?element (gcmkg:heldIn|gcmkg:partOf|gcmkg:inDocument|sdgo:isIndicatorOf|sdgo:isTargetOf)* ?framework }"""
FIRST = "advances"  # a chain starts with a paragraph advancing an objective
THEN = {"alignsWith", "mentions"}  # and goes on with what the objective aligns with or names


@dataclass(frozen=True)
class Element:
    """A node on a path: its IRI, label and type."""

    iri: str
    label: str
    type: str


@dataclass(frozen=True)
class Step:
    """One alignment record: ``source -relation-> target``, on a ``basis``, with a ``score`` and ``evidence``."""

    source: Element
    target: Element
    relation: str
    basis: str
    score: float
    evidence: str | None
    alignment: str

    def __str__(self) -> str:
        return f"-{self.relation} [{self.basis} {self.score:.2f}]->"


@dataclass(frozen=True)
class AlignmentPath:
    """Steps head to tail; ``score`` is their product (a chain is no surer than each of its links)."""

    steps: tuple[Step, ...]

    @property
    def source(self) -> Element:
        return self.steps[0].source

    @property
    def target(self) -> Element:
        return self.steps[-1].target

    @property
    def score(self) -> float:
        product = 1.0
        for step in self.steps:
            product *= step.score
        return product

    @property
    def nodes(self) -> tuple[Element, ...]:
        return (self.source, *(step.target for step in self.steps))

    def __str__(self) -> str:
        return " ".join([self.source.label, *(f"{step} {step.target.label}" for step in self.steps)])


def _bases(basis: str | Iterable[str] | None) -> set[str]:
    wanted = {basis} if isinstance(basis, str) else set(basis or ())
    unknown = sorted(wanted - set(BASES))
    if unknown:
        raise QueryError(f"unknown basis {', '.join(unknown)}; the bases are {', '.join(BASES)}")
    return wanted


def read_steps(store: Store, labels: Labels) -> list[Step]:
    """Every alignment record of the store as a ``Step``, strongest basis and best score first."""
    def element(term: ox.NamedNode) -> Element:
        return Element(term.value, labels.label(term.value), labels.type(term.value))

    steps = [
        Step(element(row["source"]), element(row["target"]), local_name(row["relation"].value),
             local_name(row["basis"].value), float(row["score"].value),
             row["evidence"].value if row["evidence"] is not None else None, row["alignment"].value)
        for row in store.query(RECORDS)
    ]
    order = {name: i for i, name in enumerate(BASES)}
    return sorted(steps, key=lambda s: (order.get(s.basis, len(order)), -s.score, s.source.iri, s.target.iri))


def trace(store: Store, labels: Labels, iri: str, *, framework: str | None = None,
          basis: str | Iterable[str] | None = None, min_score: float = 0.0) -> list[AlignmentPath]:
    """The alignment paths that start or end at ``iri``, best score first.

    ``basis`` keeps paths whose every step rests on one of these bases; ``min_score`` those whose
    every step scores at least that; ``framework`` (a framework's IRI) those whose far end is the
    framework or one of its parts.
    """
    wanted = _bases(basis)
    steps = [s for s in read_steps(store, labels) if s.score >= min_score and (not wanted or s.basis in wanted)]
    out, into = defaultdict(list), defaultdict(list)
    for step in steps:
        out[step.source.iri].append(step)
        into[step.target.iri].append(step)
    paths = [*_paths_from(iri, out), *_paths_to(iri, into)]
    if framework is not None:
        members = _members(store, framework)
        paths = [p for p in paths if (p.target.iri if p.source.iri == iri else p.source.iri) in members]
    unique = {tuple(step.alignment for step in path.steps): path for path in paths}
    return sorted(unique.values(), key=lambda p: (-p.score, len(p.steps), str(p)))


def _paths_from(iri: str, out: dict[str, list[Step]]) -> list[AlignmentPath]:
    paths = []
    for first in out.get(iri, ()):
        onward = [s for s in out.get(first.target.iri, ()) if s.relation in THEN] if first.relation == FIRST else []
        paths += [AlignmentPath((first, then)) for then in onward] or [AlignmentPath((first,))]
    return paths


def _paths_to(iri: str, into: dict[str, list[Step]]) -> list[AlignmentPath]:
    paths = []
    for last in into.get(iri, ()):
        before = [s for s in into.get(last.source.iri, ()) if s.relation == FIRST] if last.relation in THEN else []
        paths += [AlignmentPath((first, last)) for first in before] or [AlignmentPath((last,))]
    return paths


def _members(store: Store, framework: str) -> set[str]:
    """The framework and every node that is part of it (held in it, in its document, a target of its goals)."""
    rows = store.query(MEMBERS, {ox.Variable("framework"): ox.NamedNode(framework)})
    return {framework} | {row["element"].value for row in rows if isinstance(row["element"], ox.NamedNode)}
