"""Triples that loaders write with rdflib's ``add``, gathered as pyoxigraph terms and handed on as N-Quads.

An rdflib ``Graph`` indexes every triple it is given three ways; a loader whose triples only go
on to the store needs none of that. ``TripleCollector`` keeps them in the order they came, once
each, already as pyoxigraph terms (each IRI made once), and serialises them for one named graph.

>>> from rdflib import Literal, URIRef
>>> triples = TripleCollector()
>>> for _ in range(2):
...     triples.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x", lang="en")))
>>> len(triples)
1
>>> triples.nquads("urn:g")
b'<urn:a> <urn:p> "x"@en <urn:g> .\\n'
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from .terms import to_oxigraph

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class TripleCollector:
    """Distinct triples as pyoxigraph terms, in the order they were added."""

    def __init__(self) -> None:
        self._triples: dict[tuple[Term, Term, Term], None] = {}  # a dict: a set that keeps the order
        self._iris: dict[URIRef, ox.NamedNode] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add one rdflib triple (the signature of ``Graph.add``)."""
        s, p, o = triple
        self._triples[(self._term(s), self._term(p), self._term(o))] = None

    def _term(self, term: Node) -> Term:
        if type(term) is URIRef:  # most terms are IRIs, and the same few come back again and again
            iri = self._iris.get(term)
            if iri is None:
                iri = self._iris[term] = ox.NamedNode(term)
            return iri
        return to_oxigraph(term)

    def __len__(self) -> int:
        return len(self._triples)

    def nquads(self, graph: str) -> bytes:
        """The triples as N-Quads in the named graph ``graph``."""
        name = ox.NamedNode(graph)
        quads = (ox.Quad(s, p, o, name) for s, p, o in self._triples)
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
