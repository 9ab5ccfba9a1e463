"""The Paris Agreement as RDF: the document with its provenance, and every part with its text and offsets.

The text is read and checked by ``paris_text.py``; this module only says it in the vocabulary:
preamble (a ``Section``), recitals, articles, paragraphs, points and the closing lines (a ``Part``),
each with ``eId``, ``text``@en, offsets, ``inDocument`` and ``partOf`` its parent.

>>> g = load_paris()
>>> str(g.value(ID["doc/paris-agreement/art_8__para_4__point_h"], GCMKG.text))
'Resilience of communities, livelihoods and ecosystems.'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from ..ontology.vocab import GCMKG, ID
from .paris_text import SOURCE, Agreement, Provision, parse_paris, read_paris
from .provenance import add_source_record
from .registry import register

__all__ = ["Agreement", "Provision", "SOURCE", "PARIS", "load_paris", "paris_graph", "parse_paris", "part_iri",
           "read_paris"]

PARIS = ID["doc/paris-agreement"]
SYMBOL = "FCCC/CP/2015/10/Add.1"
ADOPTED_ON = "2015-12-12"
OFFICIAL_COPY = URIRef("https://unfccc.int/resource/docs/2015/cop21/eng/l09r01.pdf")
KNOWN_GAPS = (
    "The text is that of FCCC/CP/2015/L.9/Rev.1 (the adopted text circulated on 12 December 2015), not the "
    "UN Treaty Collection certified copy: Article 2.1(a) reads \"and to pursue efforts\" where the certified "
    "text reads \"and pursuing efforts\".",
    "The copy was rendered from CommonAccord's Cmacc-Org files; three PDF hyphenation artefacts were corrected "
    "(Art. 2.1(c) climate-resilient, Art. 6.9 non-market, Art. 7.7(c) decision-making) and one merged line "
    "(Art. 7.9(c)/(d)) was split.",
    "Decision 1/CP.21 (the decision of the Conference of the Parties adopting the Agreement) is not included.",
)


def part_iri(eid: str) -> URIRef:
    """``id/doc/paris-agreement/<eId>``.

    >>> str(part_iri("art_8__para_1"))
    'https://w3id.org/gcmkg/id/doc/paris-agreement/art_8__para_1'
    """
    return ID[f"doc/paris-agreement/{eid}"]


_CLASS = {"preamble": GCMKG.Section, "recital": GCMKG.Recital, "article": GCMKG.Article,
          "paragraph": GCMKG.Paragraph, "point": GCMKG.Point, "conclusions": GCMKG.Part}


def paris_graph(agreement: Agreement) -> Graph:
    """The Agreement as RDF: the document with its provenance, and every part with text and offsets.

    >>> g = paris_graph(read_paris())
    >>> str(g.value(part_iri("art_8__para_4"), GCMKG.partOf)).rsplit("/", 1)[-1]
    'art_8'
    """
    g = Graph()
    g.add((PARIS, RDF.type, GCMKG.Framework))
    g.add((PARIS, DCTERMS.title, Literal("Paris Agreement", lang="en")))
    g.add((PARIS, DCTERMS.issued, Literal(ADOPTED_ON, datatype=XSD.date)))
    add_source_record(g, PARIS, agreement.path, symbol=SYMBOL, date=ADOPTED_ON, gaps=KNOWN_GAPS)
    copy = g.value(PARIS, DCTERMS.source)
    g.add((copy, PROV.wasDerivedFrom, OFFICIAL_COPY))
    g.add((copy, DCTERMS.description, Literal(
        "Plain text of FCCC/CP/2015/L.9/Rev.1, rendered from CommonAccord/Cmacc-Org "
        "(Doc/G/Int-UNFCCC/2015/cop21/eng/, commit b2c7c232ac7c54c632cd36dd61fff570882de5b2); "
        "see loaders/sources/paris/PROVENANCE.md.", lang="en")))
    for provision in agreement.provisions:
        node = part_iri(provision.eid)
        g.add((node, RDF.type, _CLASS[provision.kind]))
        g.add((node, GCMKG.eId, Literal(provision.eid)))
        g.add((node, RDFS.label, Literal(provision.label, lang="en")))
        g.add((node, GCMKG.text, Literal(provision.text, lang="en")))
        g.add((node, GCMKG.inDocument, PARIS))
        g.add((node, GCMKG.partOf, part_iri(provision.parent) if provision.parent else PARIS))
        if provision.kind == "paragraph" and provision.number:
            g.add((node, GCMKG.paragraphNumber, Literal(int(provision.number))))
        for prop, value in ((GCMKG.startOffset, provision.span.start), (GCMKG.endOffset, provision.span.end),
                            (GCMKG.startLine, provision.span.line), (GCMKG.endLine, provision.span.end_line)):
            g.add((node, prop, Literal(value)))
    return g


@register("paris-agreement", "Paris Agreement: preamble, articles, paragraphs and points with their text")
def load_paris(path: Path | str = SOURCE) -> Graph:
    """The graph of the Paris Agreement read from ``path`` (the shipped text by default).

    >>> g = load_paris()
    >>> len(set(g.subjects(RDF.type, GCMKG.Article))), len(set(g.subjects(RDF.type, GCMKG.Paragraph)))
    (29, 131)
    """
    return paris_graph(read_paris(path))
