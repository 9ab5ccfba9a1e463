"""The alignment model: one ``Alignment`` per link, with its basis, score, evidence and method.

Every aligner (explicit references, round-table structure, curated crosswalks, text similarity,
inference) yields ``Alignment`` objects; ``alignment_graph`` writes them as RDF into the graph
``graph/alignment``: an ``gcmkg:Alignment`` node per link (``rdf:predicate`` names the relation it
supports) and, for accepted links, the direct triple ``source relation target`` beside it.

>>> link = Alignment(ID["gcm/objective/20"], SDG["10.c"], "crosswalk", 1.0, "crosswalk",
...                  evidence="Objective 20 action (a) names target 10.c")
>>> g = alignment_graph([link])
>>> (ID["gcm/objective/20"], GCMKG.alignsWith, SDG["10.c"]) in g
True
>>> link.accepted
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from ..ontology.vocab import GCMKG, ID, SDG  # noqa: F401  (SDG is used by the docstring example)
from .nquads import TripleCollector

BASES = ("citation", "mention", "structure", "crosswalk", "similarity", "inference")
SUGGESTION_BASES = {"similarity"}


@dataclass(frozen=True, slots=True)  # slots: a corpus of a thousand declarations makes a million of them
class Alignment:
    """A link from ``source`` to ``target`` and why it holds.

    ``basis`` is one of ``BASES``; ``score`` is in 0..1; ``method`` names what made the link
    (``id/method/<method>``); ``evidence`` quotes the words that justify it, with their code-point
    offsets in the source's text where there is one; ``relation`` is the direct property the link
    supports (``alignsWith`` by default, ``advances`` from a commitment to an objective,
    ``invokes`` to a guiding principle, ``mentions`` to a named instrument).
    """

    source: URIRef
    target: URIRef
    basis: str
    score: float
    method: str
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    relation: URIRef = GCMKG.alignsWith

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"unknown basis {self.basis!r}; the bases are {', '.join(BASES)}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside 0..1")

    @property
    def accepted(self) -> bool:
        """Only similarity links are suggestions; every other basis is an accepted link."""
        return self.basis not in SUGGESTION_BASES

    @property
    def iri(self) -> URIRef:
        """A stable IRI: the same link made by the same method always gets the same one."""
        key = "|".join((self.source, self.relation, self.target, self.basis, self.method))
        return ID[f"alignment/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"]


def alignment_graph(alignments: Iterable[Alignment], g: Graph | TripleCollector | None = None) -> Graph:
    """The RDF of a set of alignments (duplicates, same IRI, are written once).

    Into ``g`` when it is given (and ``g`` is returned), else into a new ``Graph``.
    """
    g = Graph() if g is None else g
    for link in alignments:
        node = link.iri
        g.add((node, RDF.type, GCMKG.Alignment))
        g.add((node, GCMKG.alignmentSource, link.source))
        g.add((node, GCMKG.alignmentTarget, link.target))
        g.add((node, RDF.predicate, link.relation))
        g.add((node, GCMKG.basis, ID[f"basis/{link.basis}"]))
        g.add((node, GCMKG.score, Literal(round(link.score, 4), datatype=XSD.decimal)))
        if link.evidence:
            g.add((node, GCMKG.evidence, Literal(link.evidence)))
        if link.evidence_start is not None and link.evidence_end is not None:
            g.add((node, GCMKG.startOffset, Literal(link.evidence_start)))
            g.add((node, GCMKG.endOffset, Literal(link.evidence_end)))
        method = ID[f"method/{link.method}"]
        g.add((node, PROV.wasGeneratedBy, method))
        g.add((method, RDF.type, PROV.Activity))
        g.add((method, RDFS.label, Literal(link.method)))
        if link.accepted:
            g.add((link.source, link.relation, link.target))
    return g
