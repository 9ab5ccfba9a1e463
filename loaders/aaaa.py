"""The Addis Ababa Action Agenda (A/RES/69/313, annex): its sections, seven action areas and checked paragraphs.

No full text ships with the project: ``sources/aaaa/aaaa-structure.yml`` holds checked facts (see
its PROVENANCE.md). A paragraph listed there carries its facts as ``skos:note`` summaries, each
marked as such, and never a ``gcmkg:text``: the loader must not make up official wording.

>>> g = load_aaaa()
>>> str(g.value(ID["aaaa/action-area/B"], SKOS.prefLabel))
'Domestic and international private business and finance'
>>> str(g.value(paragraph_iri(40), DCTERMS.subject))
'remittances'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..ontology.vocab import GCMKG, ID
from .facts_yaml import Facts, read_facts
from .provenance import add_source_record
from .registry import SOURCES_DIR, register

SOURCE = SOURCES_DIR / "aaaa" / "aaaa-structure.yml"
AAAA = ID["doc/aaaa"]
ACTION_AREAS = ID["aaaa/action-areas"]
SECTION_NUMBERS = ["I", "II", "III"]
ACTION_AREA_SECTION = "II"
ACTION_AREA_LETTERS = list("ABCDEFG")
# every note starts so, so that no reader takes a summary for the Agenda's wording
SUMMARY = "Summary, not the official wording: "
KNOWN_GAPS = (
    "No full text of the Addis Ababa Action Agenda is available offline: only its identity, the titles of "
    "its three sections and seven action areas, and the paragraphs whose number and content were checked "
    "against the official text (paragraph 40, on remittances) are included.",
    "The included paragraphs carry summaries of what they say (skos:note), not their official wording.",
)


@dataclass(frozen=True)
class CheckedParagraph:
    """A paragraph whose number and content were checked: its action area, topic and summarised facts."""

    number: int
    action_area: str
    topic: str
    facts: tuple[str, ...]


@dataclass(frozen=True)
class AgendaFacts:
    """What the facts file establishes about the Agenda, checked for completeness."""

    path: Path
    title: str
    symbol: str
    conference: str
    endorsed_on: str
    sections: dict[str, str]  # roman numeral -> title
    action_areas: dict[str, str]  # letter -> title
    paragraphs: tuple[CheckedParagraph, ...]


def read_aaaa(path: Path | str = SOURCE) -> AgendaFacts:
    """Read the facts file; a missing key, section or action area, or an unknown action area, is a ``SourceError``.

    >>> facts = read_aaaa()
    >>> list(facts.sections), facts.paragraphs[0].action_area
    (['I', 'II', 'III'], 'B')
    """
    facts = read_facts(path)
    document, sections, areas = (facts.mapping(key) for key in ("document", "sections", "action_areas"))
    sections.expect_keys(SECTION_NUMBERS, "section")
    areas.expect_keys(ACTION_AREA_LETTERS, "action area")
    return AgendaFacts(
        path=Path(path),
        title=document.text("title"),
        symbol=document.text("symbol"),
        conference=document.text("conference"),
        endorsed_on=document.date("endorsed_by_general_assembly_on"),
        sections={number: sections.text(number) for number in SECTION_NUMBERS},
        action_areas={letter: areas.text(letter) for letter in ACTION_AREA_LETTERS},
        paragraphs=_paragraphs(facts.mapping("paragraphs")) if "paragraphs" in facts.keys() else (),
    )


def _paragraphs(paragraphs: Facts) -> tuple[CheckedParagraph, ...]:
    checked = []
    for key in paragraphs.keys():
        if not key.isdigit() or int(key) == 0:
            raise paragraphs.error(key, f"a paragraph is keyed by its number, not {key!r}")
        entry = paragraphs.mapping(key)
        area = entry.text("action_area")
        if area not in ACTION_AREA_LETTERS:
            raise entry.error("action_area", f"expected an action area A to G, found {area!r}")
        checked.append(CheckedParagraph(int(key), area, entry.text("topic"), tuple(entry.texts("facts"))))
    return tuple(checked)


def paragraph_iri(number: int) -> URIRef:
    """``id/doc/aaaa/para_N``.

    >>> str(paragraph_iri(40))
    'https://w3id.org/gcmkg/id/doc/aaaa/para_40'
    """
    return ID[f"doc/aaaa/para_{number}"]


def section_iri(number: str) -> URIRef:
    """``id/doc/aaaa/sec_I`` (sections keep their roman numerals)."""
    return ID[f"doc/aaaa/sec_{number}"]


def action_area_iri(letter: str) -> URIRef:
    """``id/aaaa/action-area/B``."""
    return ID[f"aaaa/action-area/{letter}"]


def aaaa_graph(facts: AgendaFacts) -> Graph:
    """The Agenda as RDF: document with provenance, sections, action areas, checked paragraphs.

    >>> g = aaaa_graph(read_aaaa())
    >>> str(g.value(paragraph_iri(40), GCMKG.partOf))
    'https://w3id.org/gcmkg/id/aaaa/action-area/B'
    """
    g = Graph()
    g.add((AAAA, RDF.type, GCMKG.Framework))
    g.add((AAAA, DCTERMS.title, Literal(facts.title, lang="en")))
    g.add((AAAA, DCTERMS.description, Literal(
        f"Outcome document of the {facts.conference}; endorsed by the General Assembly on "
        f"{facts.endorsed_on} (annex to {facts.symbol}).", lang="en")))
    add_source_record(g, AAAA, facts.path, symbol=facts.symbol, date=facts.endorsed_on, gaps=KNOWN_GAPS)
    for number, title in facts.sections.items():
        node = section_iri(number)
        g.add((node, RDF.type, GCMKG.Section))
        g.add((node, GCMKG.eId, Literal(f"sec_{number}")))
        g.add((node, GCMKG.heading, Literal(title, lang="en")))
        g.add((node, RDFS.label, Literal(f"{number}. {title}", lang="en")))
        g.add((node, GCMKG.inDocument, AAAA))
        g.add((node, GCMKG.partOf, AAAA))
    _add_action_areas(g, facts)
    for paragraph in facts.paragraphs:
        _add_paragraph(g, paragraph)
    return g


def _add_action_areas(g: Graph, facts: AgendaFacts) -> None:
    g.add((ACTION_AREAS, RDF.type, SKOS.ConceptScheme))
    g.add((ACTION_AREAS, SKOS.prefLabel, Literal("Action areas of the Addis Ababa Action Agenda", lang="en")))
    g.add((ACTION_AREAS, DCTERMS.source, AAAA))
    for letter, title in facts.action_areas.items():
        # an action area is both a concept (what aligns) and the chapter II.<letter> of the text
        node = action_area_iri(letter)
        g.add((node, RDF.type, GCMKG.ActionArea))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.notation, Literal(letter)))
        g.add((node, SKOS.prefLabel, Literal(title, lang="en")))
        g.add((node, RDFS.label, Literal(f"Action area {letter}", lang="en")))
        g.add((node, SKOS.inScheme, ACTION_AREAS))
        g.add((node, SKOS.topConceptOf, ACTION_AREAS))
        g.add((node, GCMKG.inDocument, AAAA))
        g.add((node, GCMKG.partOf, section_iri(ACTION_AREA_SECTION)))


def _add_paragraph(g: Graph, paragraph: CheckedParagraph) -> None:
    node = paragraph_iri(paragraph.number)
    g.add((node, RDF.type, GCMKG.Paragraph))
    g.add((node, GCMKG.paragraphNumber, Literal(paragraph.number)))
    g.add((node, GCMKG.eId, Literal(f"para_{paragraph.number}")))
    g.add((node, RDFS.label, Literal(
        f"Addis Ababa Action Agenda paragraph {paragraph.number} ({paragraph.topic})", lang="en")))
    g.add((node, DCTERMS.subject, Literal(paragraph.topic, lang="en")))
    g.add((node, GCMKG.inDocument, AAAA))
    g.add((node, GCMKG.partOf, action_area_iri(paragraph.action_area)))
    for fact in paragraph.facts:
        g.add((node, SKOS.note, Literal(SUMMARY + fact, lang="en")))


@register("aaaa", "Addis Ababa Action Agenda: sections, action areas and checked paragraphs")
def load_aaaa(path: Path | str = SOURCE) -> Graph:
    """The graph of the Addis Ababa Action Agenda read from ``path`` (the shipped facts file by default).

    >>> g = load_aaaa()
    >>> sorted(str(g.value(a, SKOS.notation)) for a in g.subjects(RDF.type, GCMKG.ActionArea))
    ['A', 'B', 'C', 'D', 'E', 'F', 'G']
    """
    return aaaa_graph(read_aaaa(path))
