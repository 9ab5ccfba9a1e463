"""The Global Compact (A/RES/73/195): its 23 objectives and 10 guiding principles as SKOS schemes.

No full text of the GCM ships with the project. The objectives' official titles and the guiding
principles come from the seed declaration (round-table footnotes 1-4, paragraph 3); the GCM's own
layout (which paragraph holds what) from ``sources/gcm/PROVENANCE.md``.

>>> g = load_gcm()
>>> str(g.value(ID["gcm/objective/20"], SKOS.notation))
'20'
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from gcmkg.errors import SourceError

from ..ontology.vocab import GCMKG, ID, SDG
from .declaration import read_declaration
from .declaration_rdf import SEED, objective_iri, part_iri, slugify
from .provenance import add_source_record
from .registry import SOURCES_DIR, register

GCM = ID["doc/gcm"]
PROVENANCE = SOURCES_DIR / "gcm" / "PROVENANCE.md"
OBJECTIVES = ID["gcm/objectives"]
PRINCIPLES = ID["gcm/principles"]
OBJECTIVE_COUNT = 23
PRINCIPLE_LETTERS = "abcdefghij"
# GCM paragraphs whose place is known (PROVENANCE.md); objective N is set out in paragraph N + 16
VISION_PARAGRAPH, PRINCIPLES_PARAGRAPH, OBJECTIVES_PARAGRAPH = 11, 15, 16
KNOWN_GAPS = (
    "No full text of the GCM is available offline: the objective titles come from footnotes 1-4 "
    "of the IMRF declaration and the guiding principles from its paragraph 3.",
    "The commitments and actions under each objective (paragraphs 17 to 39) are not included; "
    "only the facts listed in PROVENANCE.md (objective 20 action (a) names target 10.c; objective 2 "
    "refers to the Sendai Framework and the Paris Agreement) are recorded.",
)


def gcm_paragraph(number: int) -> URIRef:
    """``id/doc/gcm/para_N``."""
    return ID[f"doc/gcm/para_{number}"]


def principle_iri(name: str) -> URIRef:
    """``id/gcm/principle/<slug>``, e.g. ``human-rights``."""
    return ID[f"gcm/principle/{slugify(name)}"]


@register("gcm", "Global Compact for Safe, Orderly and Regular Migration: objectives and guiding principles")
def load_gcm() -> Graph:
    """The GCM document, its objectives and guiding principles, and the paragraphs that hold them."""
    declaration = read_declaration(SEED)
    if len(declaration.objectives) != OBJECTIVE_COUNT:
        raise SourceError(SEED, f"expected the titles of {OBJECTIVE_COUNT} objectives in the round-table "
                                f"footnotes, found {len(declaration.objectives)}")
    if len(declaration.principles) != len(PRINCIPLE_LETTERS):
        raise SourceError(SEED, f"expected {len(PRINCIPLE_LETTERS)} guiding principles, "
                                f"found {len(declaration.principles)}")
    g = Graph()
    g.add((GCM, RDF.type, GCMKG.Framework))
    g.add((GCM, DCTERMS.title, Literal("Global Compact for Safe, Orderly and Regular Migration", lang="en")))
    g.add((GCM, DCTERMS.issued, Literal("2018-12-10", datatype=XSD.date)))  # adopted in Marrakech
    add_source_record(g, GCM, PROVENANCE, symbol="A/RES/73/195", date="2018-12-19", gaps=KNOWN_GAPS)
    _add_paragraphs(g)
    _add_objectives(g, declaration)
    _add_principles(g, declaration)
    return g


def _add_paragraphs(g: Graph) -> None:
    labels = {
        VISION_PARAGRAPH: "GCM paragraph 11 (360-degree vision)",
        PRINCIPLES_PARAGRAPH: "GCM paragraph 15 (guiding principles)",
        OBJECTIVES_PARAGRAPH: "GCM paragraph 16 (the objectives)",
    }
    labels.update({n + 16: f"GCM paragraph {n + 16} (objective {n})" for n in range(1, OBJECTIVE_COUNT + 1)})
    for number, label in labels.items():
        node = gcm_paragraph(number)
        g.add((node, RDF.type, GCMKG.Paragraph))
        g.add((node, GCMKG.paragraphNumber, Literal(number)))
        g.add((node, GCMKG.eId, Literal(f"para_{number}")))
        g.add((node, RDFS.label, Literal(label, lang="en")))
        g.add((node, GCMKG.inDocument, GCM))


def _add_scheme(g: Graph, scheme: URIRef, label: str) -> None:
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((scheme, DCTERMS.source, GCM))


def _add_objectives(g: Graph, declaration) -> None:
    _add_scheme(g, OBJECTIVES, "Objectives of the Global Compact for Safe, Orderly and Regular Migration")
    footnote_of = {number: marker for section in declaration.sections if section.kind == "round_table"
                   for number in section.objectives for marker in section.footnote_markers}
    for number, title in sorted(declaration.objectives.items()):
        node = objective_iri(number)
        g.add((node, RDF.type, GCMKG.Objective))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.notation, Literal(str(number))))
        g.add((node, SKOS.prefLabel, Literal(title, lang="en")))
        g.add((node, RDFS.label, Literal(f"Objective {number}", lang="en")))
        g.add((node, SKOS.inScheme, OBJECTIVES))
        g.add((node, SKOS.topConceptOf, OBJECTIVES))
        g.add((node, GCMKG.heldIn, gcm_paragraph(number + 16)))
        if number in footnote_of:
            g.add((node, PROV.wasDerivedFrom, part_iri(declaration, f"fn_{footnote_of[number]}")))
    action = ID["gcm/objective/20/action/a"]
    g.add((action, RDF.type, GCMKG.Action))
    g.add((action, RDFS.label, Literal("Objective 20, action (a)", lang="en")))
    g.add((action, SKOS.notation, Literal("20(a)")))
    g.add((action, GCMKG.partOf, objective_iri(20)))
    g.add((action, GCMKG.mentions, SDG["10.c"]))
    for framework in ("sendai-framework", "paris-agreement"):
        g.add((objective_iri(2), GCMKG.mentions, ID[f"doc/{framework}"]))


def _add_principles(g: Graph, declaration) -> None:
    _add_scheme(g, PRINCIPLES, "Guiding principles of the Global Compact for Safe, Orderly and Regular Migration")
    source = part_iri(declaration, f"para_{declaration.principles_paragraph}")
    for letter, name in zip(PRINCIPLE_LETTERS, declaration.principles):
        node = principle_iri(name)
        g.add((node, RDF.type, GCMKG.GuidingPrinciple))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.notation, Literal(letter)))
        g.add((node, SKOS.prefLabel, Literal(name, lang="en")))
        g.add((node, SKOS.inScheme, PRINCIPLES))
        g.add((node, SKOS.topConceptOf, PRINCIPLES))
        g.add((node, GCMKG.heldIn, gcm_paragraph(PRINCIPLES_PARAGRAPH)))
        g.add((node, PROV.wasDerivedFrom, source))
