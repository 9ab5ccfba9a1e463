"""The gcm-kg vocabulary as a closed Python namespace: a typo such as ``GCMKG.Paragrph`` raises.

``tests/test_ontology.py`` keeps this list equal to the terms declared in ``gcmkg.ttl``.

>>> str(GCMKG.Paragraph)
'https://w3id.org/gcmkg/ontology#Paragraph'
>>> str(ID["doc/imrf-2022-zero-draft"])
'https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/gcmkg/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")


class GCMKG(DefinedNamespace):
    """Classes and properties of ``ontology/gcmkg.ttl``."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # documents and their parts
    Document: URIRef
    Declaration: URIRef
    Framework: URIRef
    Part: URIRef
    Section: URIRef
    RoundTable: URIRef
    Paragraph: URIRef
    Recital: URIRef
    Article: URIRef
    Point: URIRef
    Footnote: URIRef
    Citation: URIRef
    # what paragraphs do
    Commitment: URIRef
    SpeechAct: URIRef
    Actor: URIRef
    # the GCM and the other frameworks
    Objective: URIRef
    Action: URIRef
    GuidingPrinciple: URIRef
    ActionArea: URIRef
    SendaiTarget: URIRef
    SendaiPriority: URIRef
    # alignment
    Alignment: URIRef
    AlignmentBasis: URIRef

    # object properties
    partOf: URIRef
    hasPart: URIRef
    inDocument: URIRef
    inSection: URIRef
    hasFootnote: URIRef
    footnoteOf: URIRef
    hasCitation: URIRef
    citationIn: URIRef
    citedDocument: URIRef
    cites: URIRef
    speechAct: URIRef
    addressedTo: URIRef
    coversObjective: URIRef
    coveredIn: URIRef
    heldIn: URIRef
    mentions: URIRef
    advances: URIRef
    advancedBy: URIRef
    invokes: URIRef
    alignsWith: URIRef
    contributesTo: URIRef
    alignmentSource: URIRef
    alignmentTarget: URIRef
    basis: URIRef
    skippedSource: URIRef

    # datatype properties
    eId: URIRef
    paragraphNumber: URIRef
    text: URIRef
    heading: URIRef
    marker: URIRef
    citedAs: URIRef
    pinpoint: URIRef
    annotation: URIRef
    basedOn: URIRef
    committing: URIRef
    startOffset: URIRef
    endOffset: URIRef
    startLine: URIRef
    endLine: URIRef
    sha256: URIRef
    loadError: URIRef
    knownGap: URIRef
    score: URIRef
    evidence: URIRef
