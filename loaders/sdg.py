"""The 2030 Agenda (A/RES/70/1): SDG goals, targets and indicators from the UN SDG KOS and the 2023 list.

The official UN SDG KOS (2020) and the ``sdgo:`` ontology are merged as they are, except where the
2023 global indicator framework (A/RES/71/313 as refined up to 2023) supersedes them. Each such place
is a ``KosChange`` (``sdg_kos.kos_changes()``) and shows in the graph in standard terms:

- an indicator the 2023 list dropped keeps its labels and notations but leaves the hierarchy (its
  KOS links to targets are removed), with ``owl:deprecated true``, ``dcterms:isReplacedBy`` the new
  code now at its notation where there is one, and a ``skos:changeNote``;
- an indicator new in 2023 gets a ``skos:changeNote`` (the workbook gives no date for ``dcterms:issued``);
- other English wording: the 2023 text is the one ``skos:prefLabel@en``, the KOS text becomes a
  ``skos:hiddenLabel`` (still found by search) with a ``skos:changeNote``; differences only in
  spaces, dashes or quotes are dropped without a note;
- another notation (17.6.2 became 17.6.1): the KOS's typed notations and notes for the old one go.

Repeated indicators follow the official codes: the twelve that share a ``C20xxxx`` code are one
concept linked to each of its targets, with a notation per target (as the KOS already does for
1.5.1/11.5.1/13.1.1). 13.b.1 repeats 13.2.1 "with a slight amendment" under its own code
(C130b02), so it stays its own concept, ``skos:related`` to 13.2.1 with a ``skos:editorialNote``.

Two document nodes: ``id/doc/agenda-2030`` (goals and targets are ``gcmkg:inDocument`` it) and
``id/doc/sdg-indicator-framework`` (A/RES/71/313, the indicators' document).

>>> g = load_agenda_2030()
>>> str(g.value(SDG["C100701"], SDGO.isIndicatorOf))
'http://metadata.un.org/sdg/10.7'
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from ..ontology.vocab import GCMKG, ID, SDG, SDGO
from .declaration_rdf import slugify
from .provenance import add_source_record
from .registry import register
from .sdg_indicators import AMENDED_REPEATS, SDG_SOURCES, WORKBOOK, IndicatorFramework, read_indicator_framework
from .sdg_kos import KOS_FILE, ONTOLOGY_FILE, SCHEME, KosChange, compare, concepts_2023, read_kos, read_sdg_ontology

AGENDA = ID["doc/agenda-2030"]
INDICATOR_FRAMEWORK = ID["doc/sdg-indicator-framework"]
AGENDA_TITLE = "Transforming our world: the 2030 Agenda for Sustainable Development"
KNOWN_GAPS = (
    "The 2025 comprehensive review of the indicator framework (E/CN.3/2025) is not reflected: the indicators "
    "are those of the framework as refined up to 2023.",
    "Only the goals and targets of A/RES/70/1 are included, not its declaration, means of implementation "
    "or follow-up and review sections.",
    "Spanish and French labels come from the 2020 UN SDG KOS: indicators new in 2023 have English labels only, "
    "and where the 2023 English wording differs the es/fr labels translate the 2020 wording.",
    "Tiers and custodian agencies are those of the 2020 KOS.",
)
# Which SKOS note holds a flattened footnote: footnote 5 says what 17.6.1 used to be, so it is history.
FOOTNOTE_PROPERTY = {"17.6.1": SKOS.historyNote}
# child class -> (the sdgo property up to its parent, the one down from the parent)
_PARENT_LINKS = {SDGO.Target: (SDGO.isTargetOf, SDGO.hasTarget),
                 SDGO.Indicator: (SDGO.isIndicatorOf, SDGO.hasIndicator)}


@register("agenda-2030", "2030 Agenda for Sustainable Development: SDG goals, targets and the 2023 indicators")
def load_agenda_2030(source_dir: Path = SDG_SOURCES) -> Graph:
    """The SDG KOS and ontology merged with the 2023 list, read from ``source_dir`` (a ``SourceError`` if broken).

    >>> g = load_agenda_2030()
    >>> sorted(str(n) for n in g.objects(SDG["C200303"], SKOS.notation) if n.datatype is None)
    ['1.5.1', '11.5.1', '13.1.1']
    """
    source_dir = Path(source_dir)
    kos, fixes = read_kos(source_dir)
    framework = read_indicator_framework(source_dir)
    changes = compare(kos, framework)
    g = kos + read_sdg_ontology(source_dir)
    g.namespace_manager.bind("sdg", SDG)
    g.namespace_manager.bind("sdgo", SDGO)
    _add_documents(g, source_dir, framework)
    for change in changes + fixes:
        _show_change(g, change)
    _add_concepts(g, framework)
    _add_headings(g, framework)
    return g


def sdg_code(compact: str) -> str:
    """The KOS's ``sdgo:SDGCode`` form of a compact code.

    >>> sdg_code("10.7.1"), sdg_code("1.a"), sdg_code("3")
    ('10.07.01', '01.0a', '03')
    """
    return ".".join(part.rjust(2, "0") for part in compact.split("."))


def _add_documents(g: Graph, source_dir: Path, framework: IndicatorFramework) -> None:
    g.add((AGENDA, RDF.type, GCMKG.Framework))
    g.add((AGENDA, DCTERMS.title, Literal(AGENDA_TITLE, lang="en")))
    g.add((AGENDA, DCTERMS.issued, Literal("2015-09-25", datatype=XSD.date)))  # adopted at the UN summit
    add_source_record(g, AGENDA, source_dir / KOS_FILE, symbol="A/RES/70/1", date="2015-09-25", gaps=KNOWN_GAPS)
    add_source_record(g, AGENDA, source_dir / ONTOLOGY_FILE)
    add_source_record(g, AGENDA, source_dir / WORKBOOK)  # the 2023 English wording of goals and targets
    g.add((INDICATOR_FRAMEWORK, RDF.type, GCMKG.Document))
    g.add((INDICATOR_FRAMEWORK, DCTERMS.title, Literal(framework.title, lang="en")))
    g.add((INDICATOR_FRAMEWORK, DCTERMS.relation, AGENDA))
    add_source_record(g, INDICATOR_FRAMEWORK, source_dir / WORKBOOK, symbol="A/RES/71/313", date="2017-07-06",
                      gaps=KNOWN_GAPS[:1])
    # The sentence above the table, its footnote and the notes on the whole list ("*", "†"); the
    # numbered footnotes 2-5 belong to single concepts and go there (_add_notes).
    for text in (framework.preamble, f"Footnote 1: {framework.preamble_footnote}", framework.notes["*"],
                 framework.notes["†"]):
        g.add((INDICATOR_FRAMEWORK, DCTERMS.description, Literal(text, lang="en")))


def _show_change(g: Graph, change: KosChange) -> None:
    """Make one KOS-vs-2023 difference visible in the graph (see the module docstring)."""
    if change.kind != "kos-label" and change.kind != "typography":
        note = change.detail[0].upper() + change.detail[1:] + "."
        if change.kind == "wording":
            note += " The 2020 English wording is kept as skos:hiddenLabel; the es and fr labels translate it."
        g.add((change.concept, SKOS.changeNote, Literal(note, lang="en")))
    _SHOW[change.kind](g, change)


def _show_label_fix(g: Graph, change: KosChange) -> None:
    g.add((change.concept, SKOS.editorialNote,
           Literal(f"KOS label fixed ({change.language}): {change.detail}.", lang="en")))


def _show_deprecation(g: Graph, change: KosChange) -> None:
    g.add((change.concept, OWL.deprecated, Literal(True)))
    for replacement in change.replaced_by:
        g.add((change.concept, DCTERMS.isReplacedBy, replacement))
        g.add((replacement, DCTERMS.replaces, change.concept))
    _unlink(g, change.concept, keep=())


def _show_wording(g: Graph, change: KosChange) -> None:
    """The 2023 text will be the one English prefLabel; other wording stays searchable as a hiddenLabel."""
    g.remove((change.concept, SKOS.prefLabel, Literal(change.kos, lang="en")))
    if change.kind == "wording":
        g.add((change.concept, SKOS.hiddenLabel, Literal(change.kos, lang="en")))


def _show_notation(g: Graph, change: KosChange) -> None:
    """Drop the KOS's typed notations and notes ("Indicator 17.6.2", "Indicador 17.6.2") for old codes."""
    stale = set(change.kos.split(", ")) - set(change.current.split(", "))
    stale |= {sdg_code(code) for code in stale}
    for notation in list(g.objects(change.concept, SKOS.notation)):
        if notation.datatype in (SDGO.SDGCode, SDGO.SDGCodeCompact) and str(notation) in stale:
            g.remove((change.concept, SKOS.notation, notation))
    for note in list(g.objects(change.concept, SKOS.note)):
        if str(note).rsplit(" ", 1)[-1] in stale:
            g.remove((change.concept, SKOS.note, note))


_SHOW = {
    "kos-label": _show_label_fix,
    "deprecated": _show_deprecation,
    "new": lambda g, change: None,  # the change note says it all
    "wording": _show_wording,
    "typography": _show_wording,
    "notation": _show_notation,
    "moved": lambda g, change: _unlink(g, change.concept, keep=[SDG[code] for code in change.current.split(", ")]),
}


def _unlink(g: Graph, iri: URIRef, keep: Iterable[URIRef]) -> None:
    """Take a concept out of the KOS hierarchy under every parent not in ``keep``."""
    for kind, (up, down) in _PARENT_LINKS.items():
        if (iri, RDF.type, kind) in g:
            for parent in [p for p in g.objects(iri, up) if p not in keep]:
                for triple in _hierarchy(iri, parent, up, down):
                    g.remove(triple)


def _hierarchy(child: URIRef, parent: URIRef, up: URIRef, down: URIRef) -> tuple:
    """The four triples of a link: sdgo's both ways and SKOS's broader/narrower both ways."""
    return (child, up, parent), (child, SKOS.broader, parent), (parent, down, child), (parent, SKOS.narrower, child)


def _add_concepts(g: Graph, framework: IndicatorFramework) -> None:
    """Goals, targets and indicators as the 2023 list has them, linked both ways up and down."""
    for iri, concept in concepts_2023(framework).items():
        g.add((iri, RDF.type, concept.kind))
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.inScheme, SCHEME))
        g.add((iri, SKOS.prefLabel, Literal(concept.label, lang="en")))
        g.add((iri, GCMKG.inDocument, INDICATOR_FRAMEWORK if concept.kind == SDGO.Indicator else AGENDA))
        for notation in concept.notations:
            g.add((iri, SKOS.notation, Literal(notation)))
            g.add((iri, SKOS.notation, Literal(notation, datatype=SDGO.SDGCodeCompact)))
            g.add((iri, SKOS.notation, Literal(sdg_code(notation), datatype=SDGO.SDGCode)))
        if concept.kind == SDGO.Indicator:
            g.add((iri, SKOS.notation, Literal(str(iri).rsplit("/", 1)[1], datatype=SDGO.SDGCodePerm)))
        for parent in concept.parents:
            for triple in _hierarchy(iri, parent, *_PARENT_LINKS[concept.kind]):
                g.add(triple)
    _add_notes(g, framework)


def _add_notes(g: Graph, framework: IndicatorFramework) -> None:
    """Footnotes, the 11.c note, and the repeat UNSD lists under two codes."""
    items = [(SDG[x.number], x.number, x.footnote) for x in framework.goals]
    items += [(SDG[x.notation], x.notation, x.footnote) for x in framework.targets]
    items += [(SDG[x.code], x.notation, x.footnote) for x in framework.rows]
    for iri, notation, footnote in items:
        if footnote:
            g.add((iri, FOOTNOTE_PROPERTY.get(notation, SKOS.scopeNote), Literal(footnote, lang="en")))
    for target in framework.targets:
        if target.note:
            g.add((SDG[target.notation], SKOS.note, Literal(target.note, lang="en")))
    codes = {row.notation: SDG[row.code] for row in framework.rows}
    for repeat, primary in AMENDED_REPEATS.items():
        g.add((codes[repeat], SKOS.related, codes[primary]))
        g.add((codes[primary], SKOS.related, codes[repeat]))
        g.add((codes[repeat], SKOS.editorialNote, Literal(
            f"UNSD lists {primary}/{repeat} among the 13 indicators that repeat, {repeat} with a slight amendment; "
            "it keeps its own code, so it is counted once among the 231 unique indicators.", lang="en")))


def _add_headings(g: Graph, framework: IndicatorFramework) -> None:
    """Goal 17's headings ("Finance", "Systemic issues" > "Data, monitoring and accountability") as SKOS collections."""
    for target in framework.targets:
        parent = None
        for heading in target.headings:
            collection = ID[f"doc/agenda-2030/goal_{target.goal}/{slugify(heading)}"]
            g.add((collection, RDF.type, SKOS.Collection))
            g.add((collection, SKOS.prefLabel, Literal(heading, lang="en")))
            g.add((collection, GCMKG.inDocument, AGENDA))
            if parent is not None:
                g.add((parent, SKOS.member, collection))
            parent = collection
        if parent is not None:
            g.add((parent, SKOS.member, SDG[target.notation]))
