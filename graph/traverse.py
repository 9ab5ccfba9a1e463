"""Nodes of the graph as Python objects: type, label, text, and their neighbours along any property.

A ``Node`` reads the store when asked (``out``, ``into``); it never writes. Neighbours come back as
``Node`` objects too, each knowing the property it was reached by (``via``), so a walk reads like
the domain: the paragraphs that advance objective 20 are ``objective.into("advances")``.

>>> import tempfile
>>> from rdflib import Graph
>>> from gcmkg.graph.store import EmbeddedStore
>>> g = Graph().parse(data='''@prefix gcmkg: <https://w3id.org/gcmkg/ontology#> .
...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...   <urn:para32> a gcmkg:Paragraph ; rdfs:label "Paragraph 32"@en ; gcmkg:advances <urn:o20> .
...   <urn:o20> a gcmkg:Objective ; rdfs:label "Objective 20"@en .''', format="turtle")
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/s"); _ = store.replace_graph("urn:g", g)
>>> objective = Node("urn:o20", store, Labels(store))
>>> [(n.label, n.via) for n in objective.into("advances")]
[('Paragraph 32', 'gcmkg:advances')]
"""

from __future__ import annotations

import pyoxigraph as ox

from gcmkg.errors import QueryError

from gcmkg.ontology.vocab import GCMKG
from gcmkg.graph.labels import RDF_TYPE, Labels, compact, expand, node_id
from gcmkg.graph.rows import Value, python_value
from gcmkg.graph.store import Store


def predicate_iri(predicate: str) -> str:
    """A property as an IRI: ``"advances"`` (a gcm-kg term), ``"skos:broader"`` or a full IRI.

    >>> predicate_iri("advances"), predicate_iri("sdgo:hasTarget")
    ('https://w3id.org/gcmkg/ontology#advances', 'http://metadata.un.org/sdg/ontology#hasTarget')
    """
    if "://" in predicate:
        return predicate
    if ":" in predicate:
        iri = expand(predicate)
        if iri == predicate:
            raise QueryError(f"unknown prefix in {predicate!r}")
        return iri
    try:
        return str(getattr(GCMKG, predicate))
    except AttributeError as error:
        raise QueryError(f"{predicate!r} is not a gcm-kg property; write prefix:name for others "
                         "(skos:broader, sdgo:hasTarget) or a full IRI") from error


# parameters are bound as terms (SEP-0007), so they must be projected
OUT = "SELECT DISTINCT ?node ?property ?other WHERE { ?node ?property ?other FILTER(!isLiteral(?other)) }"
INTO = "SELECT DISTINCT ?node ?property ?other WHERE { ?other ?property ?node }"
VALUES = "SELECT DISTINCT ?node ?property ?value WHERE { ?node ?property ?value FILTER(isLiteral(?value)) }"


def _term(node: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(node[2:]) if node.startswith("_:") else ox.NamedNode(node)


class Node:
    """One node: ``iri``, ``types``, ``type``, ``label``, ``text``; ``out``/``into`` give its neighbours.

    ``via`` is the property (``prefix:name``) a neighbour was reached by, ``None`` for a node asked
    for directly. Two nodes are equal when their IRIs are.
    """

    def __init__(self, iri: str, store: Store, labels: Labels, via: str | None = None) -> None:
        self.iri = iri
        self.via = via
        self._store = store
        self._labels = labels

    @property
    def types(self) -> tuple[str, ...]:
        """Every class of the node, as ``prefix:name`` (``gcmkg:Commitment``, ``gcmkg:Paragraph``)."""
        return tuple(compact(t) for t in self._labels.types.get(self.iri, ()))

    @property
    def type(self) -> str:
        """The most telling class as a plain name: ``Commitment`` rather than ``Paragraph``."""
        return self._labels.type(self.iri)

    @property
    def label(self) -> str:
        """A short name in the graph's language (English if there is none in it)."""
        return self._labels.label(self.iri)

    @property
    def text(self) -> str | None:
        """The node's words: a paragraph's text, an objective's or a target's title; ``None`` if none."""
        return self._labels.text(self.iri)

    def out(self, predicate: str | None = None) -> list["Node"]:
        """The nodes this one points to (along ``predicate`` only, if given); classes are left out."""
        return self._neighbours(predicate, outgoing=True)

    def into(self, predicate: str | None = None) -> list["Node"]:
        """The nodes that point to this one (along ``predicate`` only, if given)."""
        return self._neighbours(predicate, outgoing=False)

    def values(self, predicate: str) -> list[Value]:
        """The literal values of a property (``node.values("paragraphNumber")``), as Python values."""
        rows = self._store.query(VALUES, {ox.Variable("node"): _term(self.iri),
                                          ox.Variable("property"): ox.NamedNode(predicate_iri(predicate))})
        return sorted((python_value(row["value"]) for row in rows), key=str)

    def _neighbours(self, predicate: str | None, *, outgoing: bool) -> list["Node"]:
        bound = {ox.Variable("node"): _term(self.iri)}
        if predicate:
            bound[ox.Variable("property")] = ox.NamedNode(predicate_iri(predicate))
        rows = self._store.query(OUT if outgoing else INTO, bound)
        found = [(compact(row["property"].value), node_id(row["other"])) for row in rows
                 if predicate or row["property"].value != RDF_TYPE]  # classes are in .types
        found.sort(key=lambda pair: (pair[0], self._labels.label(pair[1]), pair[1]))
        return [Node(node, self._store, self._labels, via) for via, node in found]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and other.iri == self.iri

    def __hash__(self) -> int:
        return hash(self.iri)

    def __repr__(self) -> str:
        via = f", via={self.via!r}" if self.via else ""
        return f"Node({self.iri!r}, type={self.type!r}, label={self.label!r}{via})"
