"""Explicit links in the loaded texts: SDG numbers, named instruments, GCM objectives and principles.

``find_references`` is pure (a text and a ``Catalogue`` of what exists in, ``Reference`` records
out); ``alignments(store)`` runs it over every text in the store and adds the links the loaders
already assert (source annotations, the GCM facts). Names of instruments come from the register
(``loaders/sources/instruments.yml``) only: this module keeps no alias table of its own.

>>> cat = Catalogue(targets={SDG["10.c"]}, indicators={"10.7.1": SDG["C100701"]})
>>> for ref in find_references("targets 10.c and 99.9; indicator 10.7.1; the Paris Agreement", cat):
...     print(ref.target, repr(ref.words), ref.start, ref.basis)
http://metadata.un.org/sdg/10.c 'targets 10.c and 99.9' 0 citation
http://metadata.un.org/sdg/C100701 'indicator 10.7.1' 23 citation
https://w3id.org/gcmkg/id/doc/paris-agreement 'Paris Agreement' 45 mention
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from rdflib import URIRef

from ..loaders.instruments import Register, default_register
from ..ontology.vocab import GCMKG, ID, SDG
from .alignments import Alignment
from .store import EmbeddedStore

# a goal "16", target "10.c" / "8.8", indicator "10.7.1"; the shape is checked against the keyword
_NUMBER = r"\d{1,2}(?:\.(?:\d{1,2}|[a-z]))?(?:\.\d{1,2})?(?![\w])"
_LIST = rf"{_NUMBER}(?:\s*,\s*{_NUMBER})*(?:,?\s+(?:and|or)\s+{_NUMBER})?"
SDG_REFERENCE = re.compile(
    r"\b(?P<keyword>SDGs?(?:\s+(?:goals?|targets?|indicators?))?|Sustainable\s+Development\s+Goals?"
    rf"|goals?|targets?|indicators?)\s+(?P<numbers>{_LIST})",
    re.I,
)
_OBJECTIVE_NUMBER = r"\d{1,2}(?!\d)(?!\.\d)"
OBJECTIVE_REFERENCE = re.compile(
    rf"\bobjectives?\s+(?P<numbers>{_OBJECTIVE_NUMBER}(?:(?:\s*,\s*|,?\s+(?:and|or)\s+){_OBJECTIVE_NUMBER})*)", re.I)
ALL_OBJECTIVES = re.compile(r"\ball\s+(?:23|twenty-three)\s+objectives\b", re.I)
# resolutions by number ("resolution 73/326", "71/313"); only those the register knows become links
RESOLUTION = re.compile(r"(?<![\w/])(?:(?:General\s+Assembly\s+)?resolution\s+)?\d{2,3}/\d{1,3}(?![\w/])", re.I)
SHAPES = {"goal": re.compile(r"\d{1,2}"), "target": re.compile(r"\d{1,2}\.(?:\d{1,2}|[a-z])"),
          "indicator": re.compile(r"\d{1,2}\.(?:\d{1,2}|[a-z])\.\d{1,2}")}
# a named principle is a common phrase ("human rights"): it may describe rather than appeal to the
# principle, so it scores below an explicit name or number
PRINCIPLE_SCORE = 0.8


@dataclass(frozen=True)
class Reference:
    """One thing a text refers to: the words as written, their offsets, the node, basis and relation."""

    target: URIRef
    words: str
    start: int
    end: int
    basis: str
    relation: URIRef


@dataclass
class Catalogue:
    """What a reference may resolve to: the SDG nodes, objectives and principles the store holds."""

    goals: set[URIRef] = field(default_factory=set)
    targets: set[URIRef] = field(default_factory=set)
    indicators: dict[str, URIRef] = field(default_factory=dict)
    objectives: set[int] = field(default_factory=lambda: set(range(1, 24)))
    principles: dict[str, URIRef] = field(default_factory=dict)
    register: Register = field(default_factory=default_register)

    def sdg(self, number: str, kind: str) -> URIRef | None:
        """The node of an SDG number of the given kind, if the store holds it ("99.9" -> None)."""
        if kind == "indicator":
            return self.indicators.get(number)
        node = SDG[number]
        return node if node in (self.goals if kind == "goal" else self.targets) else None


def _kinds(keyword: str) -> tuple[str, ...]:
    keyword = keyword.lower()
    for kind in ("indicator", "target", "goal"):
        if kind in keyword:
            return (kind,)
    return ("indicator", "target", "goal")  # "SDG 8.8", "SDGs 8 and 10": the number says which


def _instrument_pattern(register: Register) -> re.Pattern:
    """One alternation of every register name, longest first; spaces and apostrophes written loosely."""
    def loose(name: str) -> str:
        escaped = re.escape(name).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        return escaped if not name.isupper() else f"(?-i:{escaped})"  # acronyms match as written
    return re.compile(r"(?<![\w/])(?:" + "|".join(loose(n) for n in register.names()) + r")(?![\w/])", re.I)


def _principle_pattern(name: str) -> re.Pattern:
    """A principle as the texts write it: hyphen or space between words, "approach" optional, lower case."""
    words = name.removesuffix(" approach")
    body = r"[-\s]+".join(re.escape(w) for w in re.split(r"[-\s]+", words))
    return re.compile(rf"(?<![\w-]){body}(?:\s+approach)?(?![\w-])")


def _numbers(text: str) -> list[str]:
    return re.findall(rf"{_NUMBER}", text)


def find_references(text: str, catalogue: Catalogue, *, gcm_terms: bool = False,
                    commitment: bool = False) -> list[Reference]:
    """Every explicit reference in ``text``, in order, none overlapping another.

    Instruments first (so "2030 Agenda for Sustainable Development" is not read as the principle
    "sustainable development"), then numbers, then principles. ``gcm_terms``: also look for GCM
    objectives and principles (only texts about the GCM name them: the other frameworks predate
    it). ``commitment``: a commitment that names an objective advances it; other texts mention it.
    """
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []

    def add(target: URIRef, match: re.Match, basis: str, relation: URIRef) -> None:
        found.append(Reference(target, match.group(0), match.start(), match.end(), basis, relation))

    def free(match: re.Match) -> bool:
        return not any(match.start() < end and start < match.end() for start, end in taken)

    for pattern in (_instrument_pattern(catalogue.register), RESOLUTION):
        for match in pattern.finditer(text):
            instrument = catalogue.register.resolve(match.group(0))
            if instrument and free(match):
                add(instrument.iri, match, "mention", GCMKG.mentions)
                taken.append(match.span())
    for match in SDG_REFERENCE.finditer(text):
        if not free(match):
            continue
        for number in _numbers(match.group("numbers")):
            kind = next((k for k in _kinds(match.group("keyword")) if SHAPES[k].fullmatch(number)), None)
            node = catalogue.sdg(number.lower(), kind) if kind else None
            if node is not None:
                add(node, match, "citation", GCMKG.alignsWith)
        taken.append(match.span())
    if gcm_terms:
        relation = GCMKG.advances if commitment else GCMKG.mentions
        for match in OBJECTIVE_REFERENCE.finditer(text):
            for number in _numbers(match.group("numbers")):
                if int(number) in catalogue.objectives:
                    add(ID[f"gcm/objective/{int(number)}"], match, "citation", relation)
            taken.append(match.span())
        for match in ALL_OBJECTIVES.finditer(text):
            for number in sorted(catalogue.objectives):
                add(ID[f"gcm/objective/{number}"], match, "mention", relation)
        for name, node in catalogue.principles.items():
            for match in _principle_pattern(name).finditer(text):
                if free(match) and match.group(0).islower():  # "Human Rights Council" names a body
                    add(node, match, "mention", GCMKG.invokes)
    return sorted(found, key=lambda r: r.start)  # stable: a list keeps its order


# ---------------------------------------------------------------------------------------------
# The store: what exists, which texts to read, and the links the loaders already assert

PREFIXES = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
DERIVED = "FILTER(?g NOT IN (<https://w3id.org/gcmkg/graph/alignment>, <https://w3id.org/gcmkg/graph/inferred>))"


def _rows(store: EmbeddedStore, sparql: str) -> list[list]:
    return [[term.value if term is not None else None for term in row] for row in store.query(PREFIXES + sparql)]


def catalogue(store: EmbeddedStore) -> Catalogue:
    """The SDG goals, targets, indicators (by notation, current ones first), objectives and principles."""
    cat = Catalogue(objectives=set())
    for node, kind in _rows(store, "SELECT ?n ?k { VALUES ?k { sdgo:Goal sdgo:Target } ?n a ?k }"):
        (cat.goals if kind.endswith("Goal") else cat.targets).add(URIRef(node))
    indicators = _rows(store, """SELECT ?n ?notation ?old { ?n a sdgo:Indicator ; skos:notation ?notation .
        FILTER(DATATYPE(?notation) = xsd:string) OPTIONAL { ?n owl:deprecated ?old } } ORDER BY DESC(?old) ?n""")
    for node, notation, _ in indicators:  # deprecated first, so that a current indicator overwrites it
        cat.indicators[notation] = URIRef(node)
    for (notation,) in _rows(store, "SELECT ?notation { ?o a gcmkg:Objective ; skos:notation ?notation }"):
        cat.objectives.add(int(notation))
    principles = "SELECT ?p ?l { ?p a gcmkg:GuidingPrinciple ; skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), 'en')) }"
    for node, label in _rows(store, principles):
        cat.principles[label] = URIRef(node)
    return cat


TEXTS = """SELECT DISTINCT ?node ?text ?gcm ?commitment ?document WHERE {
  GRAPH ?g {
    { ?node gcmkg:text ?text } UNION { ?node gcmkg:heading ?text }
    UNION { VALUES ?kind { sdgo:Target sdgo:Indicator gcmkg:SendaiTarget gcmkg:SendaiPriority gcmkg:Objective }
            ?node a ?kind ; skos:prefLabel ?text FILTER(LANGMATCHES(LANG(?text), "en")) }
  } """ + DERIVED + """
  BIND(EXISTS { ?node gcmkg:inDocument/a gcmkg:Declaration } AS ?gcm)
  BIND(EXISTS { ?node a gcmkg:Commitment } AS ?commitment)
  OPTIONAL { ?node gcmkg:inDocument ?document }
}"""


def text_references(store: EmbeddedStore, cat: Catalogue | None = None) -> Iterator[Alignment]:
    """The references in every text of the store; a link found in a part is not repeated on its whole."""
    cat = cat or catalogue(store)
    links = []
    for node, text, gcm, commitment, document in _rows(store, TEXTS):
        for ref in find_references(text, cat, gcm_terms=gcm == "true", commitment=commitment == "true"):
            if str(ref.target) == document:
                continue  # the Paris Agreement naming itself ("Parties to the Paris Agreement") links nothing
            score = PRINCIPLE_SCORE if ref.relation == GCMKG.invokes else 1.0
            links.append(Alignment(URIRef(node), ref.target, ref.basis, score, "references",
                                   ref.words, ref.start, ref.end, ref.relation))
    parts = _rows(store, "SELECT DISTINCT ?part ?whole { ?part gcmkg:partOf ?whole ; gcmkg:text [] . "
                         "?whole gcmkg:text [] }")
    wholes: dict[str, set[str]] = {}
    for part, whole in parts:
        wholes.setdefault(part, set()).add(whole)
    in_part = {(w, link.target, link.relation) for link in links for w in wholes.get(str(link.source), ())}
    yield from (link for link in links if (str(link.source), link.target, link.relation) not in in_part)


def annotation_citations(store: EmbeddedStore) -> Iterator[Alignment]:
    """The source annotations already in the graph: paragraph -> cited document, as printed."""
    sparql = """SELECT ?paragraph ?cited ?as ?pinpoint WHERE { GRAPH ?g {
        ?paragraph gcmkg:hasCitation ?citation . ?citation gcmkg:citedDocument ?cited ; gcmkg:citedAs ?as .
        OPTIONAL { ?citation gcmkg:pinpoint ?pinpoint } } """ + DERIVED + "} ORDER BY ?paragraph ?citation"
    for paragraph, cited, cited_as, pinpoint in _rows(store, sparql):
        evidence = f"[{cited_as}, {pinpoint}]" if pinpoint else f"[{cited_as}]"
        yield Alignment(URIRef(paragraph), URIRef(cited), "citation", 1.0, "source-annotations",
                        evidence, relation=GCMKG.cites)


def asserted_mentions(store: EmbeddedStore) -> Iterator[Alignment]:
    """What a loader records as named in a text we do not hold (the GCM's objective 2, action 20(a)).

    A numbered SDG target is a citation and an alignment, also of the objective the action is part
    of (the objective's own text names it); an instrument is a mention.
    """
    sparql = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT DISTINCT ?source ?label ?target ?name ?whole ?wholeLabel ?sdg WHERE {
        GRAPH ?g { ?source gcmkg:mentions ?target } """ + DERIVED + """
        OPTIONAL { ?source rdfs:label ?label } OPTIONAL { ?target dcterms:title ?title }
        OPTIONAL { ?source gcmkg:partOf ?whole . ?whole rdfs:label ?wholeLabel }
        BIND(COALESCE(?title, REPLACE(STR(?target), "^.*/", "")) AS ?name)
        BIND(EXISTS { ?target a ?k FILTER(?k IN (sdgo:Goal, sdgo:Target, sdgo:Indicator)) } AS ?sdg) }"""
    for source, label, target, name, whole, whole_label, sdg in _rows(store, sparql):
        said = f"GCM {label or source}"
        if sdg == "true":
            yield Alignment(URIRef(source), URIRef(target), "citation", 1.0, "gcm-facts",
                            f"{said} names SDG target {name}")
            if whole:
                yield Alignment(URIRef(whole), URIRef(target), "citation", 1.0, "gcm-facts",
                                f"{said} names SDG target {name}")
        else:
            yield Alignment(URIRef(source), URIRef(target), "mention", 1.0, "gcm-facts",
                            f"{said} refers to the {name}", relation=GCMKG.mentions)


def alignments(store: EmbeddedStore) -> Iterator[Alignment]:
    """Every explicit link: references in the texts, source annotations, and the loaders' recorded mentions."""
    yield from text_references(store)
    yield from annotation_citations(store)
    yield from asserted_mentions(store)
