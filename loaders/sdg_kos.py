"""The UN SDG KOS (2020) and the ``sdgo:`` ontology, parsed with rdflib, and how the KOS differs from the 2023 list.

This module reads and compares; it does not decide how the differences show in the graph (``sdg.py``
does). ``kos_changes()`` is the list the CLI prints.

>>> changes = kos_changes()
>>> sorted({c.kind for c in changes})
['deprecated', 'kos-label', 'new', 'notation', 'typography', 'wording']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ..errors import SourceError
from ..ontology.vocab import SDG, SDGO
from .sdg_indicators import SDG_SOURCES, IndicatorFramework, read_indicator_framework, same_wording

KOS_FILE = "sdg-kos-goals-targets-indicators.ttl"
ONTOLOGY_FILE = "sdgs-ontology.ttl"
SCHEME = URIRef("http://metadata.un.org/sdg")
KOS_COUNTS = {SDGO.Goal: 17, SDGO.Target: 169, SDGO.Indicator: 232}
LANGUAGES = ("en", "es", "fr")
ONTOLOGY_TERMS = (SDGO.Goal, SDGO.Target, SDGO.Indicator, SDGO.hasTarget, SDGO.isTargetOf,
                  SDGO.hasIndicator, SDGO.isIndicatorOf)
# The KOS flattened a footnote marker into target 14.6's labels in all three languages ("...negotiation3").
KOS_FOOTNOTE_MARKERS = {SDG["14.6"]: "3"}
KINDS = ("kos-label", "deprecated", "new", "wording", "typography", "notation", "moved")
_PARENT = {SDGO.Target: SDGO.isTargetOf, SDGO.Indicator: SDGO.isIndicatorOf}


@dataclass(frozen=True)
class KosChange:
    """One difference between the 2020 KOS and the 2023 list (or a fix to a KOS label), as data.

    ``kind`` is one of: ``deprecated`` (in the KOS, not in 2023), ``new`` (in 2023, not in the KOS),
    ``wording`` (English wording differs), ``typography`` (differs only in spaces, dashes or quotes),
    ``notation`` (compact code differs), ``moved`` (listed under other targets), ``kos-label`` (a
    duplicate, misplaced or truncated prefLabel, or a footnote marker, fixed in the KOS).
    """

    kind: str
    concept: URIRef
    notation: str
    detail: str
    kos: str | None = None
    current: str | None = None
    language: str = "en"
    replaced_by: tuple[URIRef, ...] = ()


def read_rdf(path: Path) -> Graph:
    """Parse a Turtle file; a missing file or a syntax error is a ``SourceError`` with the line."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(path, "file not found")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as error:  # rdflib's Turtle parser fails with several exception types
        raise SourceError(path, f"not valid Turtle ({error})".splitlines()[0], _syntax_error_line(path)) from error


def _syntax_error_line(path: Path) -> int | None:
    """The line pyoxigraph reports for the same error: rdflib's messages seldom carry one."""
    try:
        for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            pass
    except SyntaxError as error:
        return error.lineno
    return None


def read_sdg_ontology(source_dir: Path = SDG_SOURCES) -> Graph:
    """The ``sdgo:`` ontology, checked to declare the classes and properties the loader uses."""
    path = Path(source_dir) / ONTOLOGY_FILE
    g = read_rdf(path)
    missing = [str(term) for term in ONTOLOGY_TERMS if (term, RDF.type, None) not in g]
    if missing:
        raise SourceError(path, f"expected the sdgo: ontology to declare {', '.join(missing)}")
    return g


def read_kos(source_dir: Path = SDG_SOURCES) -> tuple[Graph, list[KosChange]]:
    """The KOS, checked whole (17 goals, 169 targets, 232 indicators, en/es/fr labels), with its label fixes.

    The returned graph has at most one ``skos:prefLabel`` per concept and language; the fixes made
    to get there are returned as ``kos-label`` changes.

    >>> kos, fixes = read_kos()
    >>> sorted({str(c.concept).rsplit("/", 1)[1] for c in fixes})
    ['12.3', '14.6', 'C200303', 'C200304']
    """
    path = Path(source_dir) / KOS_FILE
    kos = read_rdf(path)
    for kind, expected in KOS_COUNTS.items():
        found = len(set(kos.subjects(RDF.type, kind)))
        if found != expected:
            raise SourceError(path, f"expected {expected} {kind.fragment} concepts, found {found}")
    for concept in kos.subjects(RDF.type, SKOS.Concept):
        languages = {label.language for label in kos.objects(concept, SKOS.prefLabel)}
        if not set(LANGUAGES) <= languages:
            raise SourceError(path, f"expected en, es and fr labels on {concept}, found {sorted(languages)}")
    return kos, _fix_footnote_markers(kos) + _fix_duplicate_labels(kos)


def _fix_footnote_markers(kos: Graph) -> list[KosChange]:
    changes = []
    for concept, marker in KOS_FOOTNOTE_MARKERS.items():
        for label in list(kos.objects(concept, SKOS.prefLabel)):
            if str(label).endswith(marker):
                fixed = Literal(str(label)[: -len(marker)].rstrip(), lang=label.language)
                kos.remove((concept, SKOS.prefLabel, label))
                kos.add((concept, SKOS.prefLabel, fixed))
                changes.append(KosChange("kos-label", concept, compact_notation(kos, concept),
                                         f"flattened footnote marker {marker} removed", str(label), str(fixed),
                                         label.language))
    return changes


def _fix_duplicate_labels(kos: Graph) -> list[KosChange]:
    """Keep one prefLabel per language: drop copies, misplaced and truncated labels; demote the rest to altLabel."""
    owners: dict[Literal, set[URIRef]] = {}
    for concept, label in kos.subject_objects(SKOS.prefLabel):
        owners.setdefault(label, set()).add(concept)
    changes = []
    for concept in sorted(set(kos.subjects(SKOS.prefLabel, None))):
        for language in LANGUAGES:
            labels = sorted((l for l in kos.objects(concept, SKOS.prefLabel) if l.language == language),
                            key=lambda l: (-len(str(l).strip()), str(l) != str(l).strip(), str(l)))
            kept = labels[:1]
            for label in labels[1:]:
                reason = _why_not_kept(label, kept, owners[label] - {concept})
                kos.remove((concept, SKOS.prefLabel, label))
                if reason is None:
                    kos.add((concept, SKOS.altLabel, label))
                    reason = "a second prefLabel in the same language, kept as skos:altLabel"
                changes.append(KosChange("kos-label", concept, compact_notation(kos, concept), reason,
                                         str(label), str(kept[0]), language))
    return changes


def _why_not_kept(label: Literal, kept: list[Literal], other_owners: set[URIRef]) -> str | None:
    """Why a surplus prefLabel is dropped, or None when it is a genuine variant worth an altLabel."""
    text = str(label).strip()
    if any(str(k).strip() == text for k in kept):
        return "a copy of the prefLabel differing only in surrounding spaces, removed"
    if other_owners:
        owners = ", ".join(sorted(owner.rsplit("/", 1)[1] for owner in other_owners))
        return f"the prefLabel of {owners}, misplaced here, removed"
    if any(_is_fragment(text, str(k)) for k in kept):
        return "a truncated fragment of the prefLabel, removed"
    return None


def _is_fragment(text: str, label: str) -> bool:
    """``"By 2030,d"`` beside ``"By 2030,halve ..."``: short, and all but its last character open the label."""
    return len(text) * 3 < len(label) and label.startswith(text[:-1])


@dataclass(frozen=True)
class Concept2023:
    """A goal, target or indicator as the 2023 list has it: its class, notations, English label and parents."""

    kind: URIRef
    notations: tuple[str, ...]
    label: str
    parents: tuple[URIRef, ...]


def concepts_2023(framework: IndicatorFramework) -> dict[URIRef, Concept2023]:
    """The 2023 list by official IRI; a repeated indicator is one concept with a notation per target.

    >>> concepts_2023(read_indicator_framework())[SDG["C200303"]].notations
    ('1.5.1', '11.5.1', '13.1.1')
    """
    concepts = {SDG[g.number]: Concept2023(SDGO.Goal, (g.number,), g.title, ()) for g in framework.goals}
    concepts.update({SDG[t.notation]: Concept2023(SDGO.Target, (t.notation,), t.text, (SDG[t.goal],))
                     for t in framework.targets})
    for code, rows in framework.rows_by_code.items():
        concepts[SDG[code]] = Concept2023(SDGO.Indicator, tuple(r.notation for r in rows), rows[0].text,
                                          tuple(SDG[r.target] for r in rows))
    return concepts


def compare(kos: Graph, framework: IndicatorFramework) -> list[KosChange]:
    """How the KOS differs from the 2023 list, concept by concept (the KOS's labels already fixed)."""
    current = concepts_2023(framework)
    in_kos = {concept for kind in KOS_COUNTS for concept in kos.subjects(RDF.type, kind)}
    new = {iri for iri in current if iri not in in_kos}
    changes = [KosChange("new", iri, ", ".join(current[iri].notations),
                         f"in the 2023 list as {', '.join(current[iri].notations)}, not in the 2020 KOS",
                         current=current[iri].label) for iri in new]
    for iri in in_kos & current.keys():
        changes += _differences(kos, iri, current[iri])
    for iri in in_kos - current.keys():
        changes.append(_deprecation(kos, iri, {n: current[n] for n in new}))
    return sorted(changes, key=lambda c: (KINDS.index(c.kind), _notation_key(c.notation.split(",")[0]), c.language))


def kos_changes(source_dir: Path = SDG_SOURCES) -> list[KosChange]:
    """Every difference between the 2020 KOS and the 2023 list in ``source_dir``, and every KOS label fix.

    >>> [c.detail for c in kos_changes() if c.kind == "notation"]
    ['17.6.2 in the 2020 KOS, 17.6.1 in the 2023 list']
    """
    kos, fixes = read_kos(source_dir)
    return sorted(fixes + compare(kos, read_indicator_framework(source_dir)),
                  key=lambda c: (KINDS.index(c.kind), _notation_key(c.notation.split(",")[0]), c.language))


def _differences(kos: Graph, iri: URIRef, concept: Concept2023) -> list[KosChange]:
    changes = []
    notation = ", ".join(concept.notations)
    label = next((str(l) for l in kos.objects(iri, SKOS.prefLabel) if l.language == "en"), None)
    if label != concept.label:
        kind = "typography" if label and same_wording(label, concept.label) else "wording"
        detail = ("2020 KOS wording differs from the 2023 list only in spaces, dashes or quotes" if kind == "typography"
                  else "2020 KOS wording differs from the 2023 list")
        changes.append(KosChange(kind, iri, notation, detail, label, concept.label))
    old_notations = compact_notation(kos, iri)
    if set(old_notations.split(", ")) != set(concept.notations):
        changes.append(KosChange("notation", iri, notation,
                                 f"{old_notations} in the 2020 KOS, {notation} in the 2023 list",
                                 old_notations, notation))
    old_parents = {p for kind, up in _PARENT.items() if (iri, RDF.type, kind) in kos for p in kos.objects(iri, up)}
    if old_parents != set(concept.parents):
        before, after = _codes(old_parents), _codes(concept.parents)
        changes.append(KosChange("moved", iri, notation,
                                 f"under {before} in the 2020 KOS, under {after} in the 2023 list",
                                 before, after))
    return changes


def _deprecation(kos: Graph, iri: URIRef, new: dict[URIRef, Concept2023]) -> KosChange:
    """A KOS concept the 2023 list dropped; replaced by the new concepts now at one of its notations."""
    old = _compact_notations(kos, iri)
    replaced_by = tuple(sorted(n for n, concept in new.items() if old & set(concept.notations)))
    notation = compact_notation(kos, iri)
    detail = f"in the 2020 KOS as {notation}, not in the 2023 list"
    if replaced_by:
        detail += "; replaced by " + ", ".join(f"{r.rsplit('/', 1)[1]} ({', '.join(new[r].notations)})"
                                               for r in replaced_by)
    label = next((str(l) for l in kos.objects(iri, SKOS.prefLabel) if l.language == "en"), None)
    return KosChange("deprecated", iri, notation, detail, kos=label, replaced_by=replaced_by)


def _codes(iris) -> str:
    return ", ".join(sorted((str(i).rsplit("/", 1)[1] for i in iris), key=_notation_key))


def compact_notation(g: Graph, concept: URIRef) -> str:
    """The concept's compact codes (``sdgo:SDGCodeCompact``) in the graph, joined by ", "."""
    return ", ".join(sorted(_compact_notations(g, concept), key=_notation_key))


def _compact_notations(g: Graph, concept: URIRef) -> set[str]:
    return {str(n) for n in g.objects(concept, SKOS.notation) if n.datatype == SDGO.SDGCodeCompact}


def _notation_key(notation: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 100 + ord(p[0]) for p in notation.split("."))
