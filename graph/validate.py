"""Validation of a built store: the SHACL shapes, then the violation queries of ``queries/checks``.

SHACL runs with pySHACL over the union of the named graphs, without RDFS inference (the ontology
graph gives the subclass axioms; inferring ranges would make every class check pass); each check
query must return no row.

>>> import tempfile
>>> from gcmkg.graph.build import build
>>> from gcmkg.graph.store import EmbeddedStore
>>> path = tempfile.mkdtemp() + "/store"
>>> _ = build(path, progress=False)
>>> validate(EmbeddedStore(path, read_only=True)).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph

from ..ontology import ONTOLOGY_FILE, SHAPES_FILE
from ..queries import QUERIES_DIR
from .named_queries import NamedQuery, parse_named_query
from .store import Store
from .terms import to_rdflib


@dataclass
class ValidationReport:
    """The outcome: whether the graph conforms, pySHACL's text report, and the check rows found."""

    conforms: bool
    shacl_text: str
    violations: list[tuple[str, str, str]] = field(default_factory=list)

    def text(self) -> str:
        """A report a person can read: SHACL results first, then one line per failed check row."""
        lines = [] if self.shacl_conforms else [self.shacl_text.rstrip()]
        lines += [f"{check}: {focus}: {message}" for check, focus, message in self.violations]
        return "\n".join(lines) if lines else "The graph conforms to the shapes and passes every check."

    @property
    def shacl_conforms(self) -> bool:
        return "Conforms: True" in self.shacl_text


def union_graph(store: Store) -> Graph:
    """All triples of all named graphs in one rdflib graph."""
    g = Graph()
    for quad in store.quads():
        g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return g


def check_queries() -> list[NamedQuery]:
    """The violation queries, ``queries/checks/*-violation.rq``."""
    return [parse_named_query(path) for path in sorted((QUERIES_DIR / "checks").glob("*-violation.rq"))]


def validate(store: Store) -> ValidationReport:
    """Run the shapes and the checks on the store."""
    conforms, _, text = pyshacl.validate(
        union_graph(store),
        shacl_graph=Graph().parse(SHAPES_FILE),
        ont_graph=Graph().parse(ONTOLOGY_FILE),
        inference="none",
        allow_warnings=True,
    )
    violations = []
    for check in check_queries():
        for row in store.query(check.text):
            focus, message = row["focus"], row["message"]
            violations.append((check.name, focus.value if focus else "", message.value if message else ""))
    return ValidationReport(bool(conforms) and not violations, text, violations)
