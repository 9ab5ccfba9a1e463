"""The declaration's document model as RDF: paragraphs, sections, footnotes, citations, speech acts.

Pure: a ``Document`` in, an rdflib ``Graph`` out. The seed declaration is registered as a source.

>>> from gcmkg.loaders.declaration import parse_declaration
>>> doc = parse_declaration("Title\\n\\n1. We commit to act.\\n", slug="demo")
>>> g = declaration_graph(doc)
>>> str(g.value(paragraph_iri(doc, 1), GCMKG.text))
'We commit to act.'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ..ontology.vocab import GCMKG, ID
from . import speech_acts
from .declaration import read_declaration
from .document import Citation, Document, Paragraph, Span
from .provenance import add_source_record
from .registry import SOURCES_DIR, register

SEED = SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt"


class TripleSink(Protocol):
    """Where the triples go: an rdflib ``Graph``, or anything else with its ``add``."""

    def add(self, triple: tuple[Node, Node, Node]) -> object: ...


def document_iri(doc: Document) -> URIRef:
    """``id/doc/<slug>``."""
    return ID[f"doc/{doc.slug}"]


def paragraph_iri(doc: Document, number: int) -> URIRef:
    """``id/doc/<slug>/para_N``."""
    return ID[f"doc/{doc.slug}/para_{number}"]


def part_iri(doc: Document, key: str) -> URIRef:
    """A part of the document by its eId (``sec_2``, ``fn_1``, ``para_38__cit_1``)."""
    return ID[f"doc/{doc.slug}/{key}"]


def objective_iri(number: int) -> URIRef:
    """``id/gcm/objective/N``."""
    return ID[f"gcm/objective/{number}"]


def slugify(name: str) -> str:
    """A lowercase, hyphenated IRI segment for a name: ``"HLPF 2021"`` -> ``"hlpf-2021"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def cited_document_iri(citation: Citation) -> URIRef:
    """The register's node for a citation, or a node named after the words as written."""
    return ID[f"doc/{citation.instrument or slugify(citation.cited)}"]


def _add_span(g: Graph, node: URIRef, span: Span) -> None:
    g.add((node, GCMKG.startOffset, Literal(span.start)))
    g.add((node, GCMKG.endOffset, Literal(span.end)))
    g.add((node, GCMKG.startLine, Literal(span.line)))
    g.add((node, GCMKG.endLine, Literal(span.end_line)))


def declaration_graph(doc: Document, g: TripleSink | None = None) -> Graph:
    """Every triple the declaration gives: document, sections, paragraphs, footnotes, citations.

    They are added to ``g`` when it is given (and ``g`` is returned), else to a new ``Graph``.
    """
    g = Graph() if g is None else g
    document = document_iri(doc)
    g.add((document, RDF.type, GCMKG.Declaration))
    g.add((document, DCTERMS.title, Literal(doc.title, lang="en")))
    if doc.subtitle:
        g.add((document, DCTERMS.alternative, Literal(f"{doc.title}, {doc.subtitle}", lang="en")))
    for section in doc.sections:
        _add_section(g, doc, section)
    footnote_owner = {}
    for paragraph in doc.paragraphs:
        _add_paragraph(g, doc, paragraph)
        footnote_owner.update({m: paragraph_iri(doc, paragraph.number) for m in paragraph.footnote_markers})
    for section in doc.sections:
        footnote_owner.update({m: part_iri(doc, section.key) for m in section.footnote_markers})
    for footnote in doc.footnotes:
        node = part_iri(doc, f"fn_{footnote.marker}")
        g.add((node, RDF.type, GCMKG.Footnote))
        g.add((node, GCMKG.marker, Literal(footnote.marker)))
        g.add((node, GCMKG.text, Literal(footnote.text, lang="en")))
        g.add((node, GCMKG.eId, Literal(f"fn_{footnote.marker}")))
        g.add((node, GCMKG.inDocument, document))
        if footnote.marker in footnote_owner:
            g.add((node, GCMKG.footnoteOf, footnote_owner[footnote.marker]))
            g.add((footnote_owner[footnote.marker], GCMKG.hasFootnote, node))
        _add_span(g, node, footnote.span)
    return g


def _add_section(g: Graph, doc: Document, section) -> None:
    node = part_iri(doc, section.key)
    g.add((node, RDF.type, GCMKG.Section))
    g.add((node, GCMKG.eId, Literal(section.key)))
    if section.heading:
        g.add((node, GCMKG.heading, Literal(section.heading, lang="en")))
    g.add((node, RDFS.label, Literal(section.heading or "Preamble", lang="en")))
    g.add((node, GCMKG.inDocument, document_iri(doc)))
    if section.parent:
        g.add((node, GCMKG.inSection, part_iri(doc, section.parent)))
    if section.kind == "round_table":
        g.add((node, RDF.type, GCMKG.RoundTable))
        for number in section.objectives:
            g.add((node, GCMKG.coversObjective, objective_iri(number)))
    _add_span(g, node, section.span)


def _add_paragraph(g: Graph, doc: Document, paragraph: Paragraph) -> None:
    node = paragraph_iri(doc, paragraph.number)
    g.add((node, RDF.type, GCMKG.Paragraph))
    g.add((node, GCMKG.paragraphNumber, Literal(paragraph.number)))
    g.add((node, GCMKG.eId, Literal(paragraph.eid)))
    g.add((node, RDFS.label, Literal(f"Paragraph {paragraph.number}", lang="en")))
    g.add((node, GCMKG.text, Literal(paragraph.text, lang="en")))
    g.add((node, GCMKG.inDocument, document_iri(doc)))
    g.add((node, GCMKG.inSection, part_iri(doc, paragraph.section)))
    _add_span(g, node, paragraph.span)
    if paragraph.is_commitment:
        g.add((node, RDF.type, GCMKG.Commitment))
    for act in paragraph.speech_acts:
        _add_speech_act(g, node, act)
    for index, citation in enumerate(paragraph.citations, start=1):
        cited = cited_document_iri(citation)
        cit = part_iri(doc, f"{paragraph.eid}__cit_{index}")
        g.add((node, GCMKG.hasCitation, cit))
        g.add((node, GCMKG.cites, cited))
        g.add((cit, RDF.type, GCMKG.Citation))
        g.add((cit, GCMKG.citedDocument, cited))
        g.add((cit, GCMKG.citedAs, Literal(citation.cited)))
        g.add((cit, GCMKG.basedOn, Literal(citation.based_on)))
        g.add((cit, GCMKG.annotation, Literal(citation.annotation)))
        if citation.pinpoint:
            g.add((cit, GCMKG.pinpoint, Literal(citation.pinpoint)))
        _add_span(g, cit, citation.span)
        if citation.instrument is None:
            # a name the register does not know still becomes one node, titled as written
            g.add((cited, RDF.type, GCMKG.Document))
            g.add((cited, DCTERMS.title, Literal(citation.cited, lang="en")))
            if citation.symbol:
                g.add((cited, DCTERMS.identifier, Literal(citation.symbol)))


def _add_speech_act(g: Graph, paragraph: URIRef, act) -> None:
    verb = ID[f"speech-act/{slugify(act.verb)}"]
    g.add((paragraph, GCMKG.speechAct, verb))
    g.add((verb, RDF.type, GCMKG.SpeechAct))
    g.add((verb, RDFS.label, Literal(speech_acts.verb_label(act.verb), lang="en")))
    g.add((verb, GCMKG.committing, Literal(act.committing)))
    if act.addressee:
        actor = ID[f"actor/{act.addressee}"]
        g.add((paragraph, GCMKG.addressedTo, actor))
        g.add((actor, RDF.type, GCMKG.Actor))
        g.add((actor, RDFS.label, Literal(speech_acts.actor_label(act.addressee), lang="en")))


def add_declaration_file(g: TripleSink, path: Path) -> Document:
    """Read a declaration file and add its triples to ``g``, with the sha256 of the very bytes parsed."""
    doc = read_declaration(path)
    declaration_graph(doc, g)
    add_source_record(g, document_iri(doc), path, date=doc.date, sha256=doc.sha256)
    return doc


def load_declaration_file(path: Path) -> tuple[str, Graph]:
    """Read a declaration file; return its slug (the graph's name) and its graph with provenance."""
    g = Graph()
    return add_declaration_file(g, path).slug, g


@register("imrf-2022-zero-draft", "IMRF Progress Declaration, zero draft of 17 March 2022")
def load_seed_declaration() -> Graph:
    """The seed declaration shipped in ``loaders/sources/declarations``."""
    return load_declaration_file(SEED)[1]
