"""Curated crosswalks: reviewed CSV files linking GCM objectives to the other frameworks, and commitments to objectives.

``loaders/sources/crosswalks/objectives.csv`` links each objective to the SDG targets, Addis Ababa
paragraphs, Paris Agreement provisions and Sendai targets or priorities it serves;
``commitments.csv`` says which objectives each operative paragraph of the declaration's
recommendations advances. Every row carries a reason; words in curly quotes (“…”) in a reason must be
official text the store holds. A bad row stops the build with its file and line. This module only
reads and checks: it never edits a crosswalk.

>>> import tempfile
>>> from gcmkg.graph.build import build
>>> path = tempfile.mkdtemp() + "/store"
>>> _ = build(path, progress=False)
>>> links = list(alignments(EmbeddedStore(path)))
>>> [l.evidence for l in links if l.target == SDG["10.c"]][0].count("3 per cent")
1
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from rdflib import URIRef

from gcmkg.errors import SourceError

from ..loaders.registry import SOURCES_DIR
from ..ontology.vocab import GCMKG, ID, SDG  # noqa: F401  (SDG is used by the docstring example)
from .alignments import Alignment
from .store import EmbeddedStore

CROSSWALKS = SOURCES_DIR / "crosswalks"
OBJECTIVES_CSV = CROSSWALKS / "objectives.csv"
COMMITMENTS_CSV = CROSSWALKS / "commitments.csv"
DECLARATION = "imrf-2022-zero-draft"
FRAMEWORKS = ("sdg", "aaaa", "paris", "sendai")
QUOTE = re.compile(r"“([^”]+)”")

PREFIXES = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
# the short names a crosswalk may use for each framework's elements: (framework, SPARQL giving ?key ?node)
REFERENCES = {
    "sdg": """SELECT ?key ?node { VALUES ?kind { sdgo:Target sdgo:Indicator } ?node a ?kind ; skos:notation ?key .
              FILTER(DATATYPE(?key) = xsd:string) FILTER NOT EXISTS { ?node owl:deprecated true } }""",
    "paris": """SELECT ?key ?node { ?node gcmkg:inDocument <https://w3id.org/gcmkg/id/doc/paris-agreement> ;
                gcmkg:eId ?key }""",
    "sendai": """SELECT ?key ?node { VALUES (?kind ?word) { (gcmkg:SendaiTarget "target") (gcmkg:SendaiPriority "priority") }
                 ?node a ?kind ; skos:notation ?n . BIND(CONCAT(?word, " ", ?n) AS ?key) }""",
    "aaaa": """SELECT ?key ?node { { ?node a gcmkg:ActionArea ; skos:notation ?n . BIND(CONCAT("action area ", ?n) AS ?key) }
               UNION { ?node gcmkg:inDocument <https://w3id.org/gcmkg/id/doc/aaaa> ; gcmkg:eId ?eid .
                       BIND(REPLACE(?eid, "^sec_", "section ") AS ?key) } }""",
}
# official wording only: texts, headings and the labels of concepts that are their official titles
# (the Addis Ababa paragraph notes are summaries and are left out on purpose)
OFFICIAL_TEXTS = """SELECT ?node ?text {
  { ?node gcmkg:text ?text } UNION { ?node gcmkg:heading ?text }
  UNION { VALUES ?kind { sdgo:Target sdgo:Indicator gcmkg:Objective gcmkg:SendaiTarget gcmkg:SendaiPriority
                         gcmkg:ActionArea gcmkg:GuidingPrinciple }
          ?node a ?kind ; skos:prefLabel ?text }
  FILTER(LANG(?text) = "" || LANGMATCHES(LANG(?text), "en"))
}"""


def normalise_reference(framework: str, reference: str) -> str:
    """The lookup key of a short reference: lower case, single spaces, the framework's name dropped.

    >>> normalise_reference("sendai", "Sendai  Target A"), normalise_reference("aaaa", "AAAA para_40")
    ('target a', 'para_40')
    """
    key = " ".join(reference.lower().split())
    return key.removeprefix(f"{framework} ").strip()


def quote_pattern(words: str) -> re.Pattern:
    """A quoted span as a pattern: any run of white space between words, either kind of apostrophe.

    >>> quote_pattern("women’s full  and").search("ensure women's full\\nand effective").span()
    (7, 23)
    """
    parts = [re.escape(w).replace("’", "'").replace("'", "['’]") for w in words.split()]
    return re.compile(r"\s+".join(parts))


@dataclass
class Catalogue:
    """What the store holds that a crosswalk may name: references per framework and the official texts."""

    references: dict[str, dict[str, URIRef]]
    objectives: dict[int, URIRef]
    paragraphs: dict[int, URIRef]
    texts: dict[URIRef, list[str]]

    @classmethod
    def of(cls, store: EmbeddedStore, declaration: str = DECLARATION) -> "Catalogue":
        """Read what the store holds; ``declaration`` is the slug of the document the commitments are in."""
        def rows(sparql: str):
            return [[t.value for t in row] for row in store.query(PREFIXES + sparql)]

        references = {}
        for framework, sparql in REFERENCES.items():
            references[framework] = {k.lower(): URIRef(n) for k, n in sorted(rows(sparql), key=lambda r: r[1])}
        objectives = {int(n): URIRef(o) for o, n in rows("SELECT ?o ?n { ?o a gcmkg:Objective ; skos:notation ?n }")}
        document = ID[f"doc/{declaration}"]
        paragraphs = {int(n): URIRef(p) for p, n in rows(
            f"SELECT ?p ?n {{ ?p a gcmkg:Paragraph ; gcmkg:inDocument <{document}> ; gcmkg:paragraphNumber ?n }}")}
        texts: dict[URIRef, list[str]] = {}
        for node, text in sorted(set(map(tuple, rows(OFFICIAL_TEXTS)))):
            texts.setdefault(URIRef(node), []).append(text)
        return cls(references, objectives, paragraphs, texts)

    def resolve(self, framework: str, reference: str) -> URIRef:
        """The node a short reference names; ``KeyError`` with the closest names if it names nothing."""
        known = self.references[framework]
        key = normalise_reference(framework, reference)
        if key in known:
            return known[key]
        close = difflib.get_close_matches(key, list(known), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise KeyError(f"unknown {framework} element '{reference}'{hint}")

    def find_quote(self, words: str, near: tuple[URIRef, ...]) -> tuple[URIRef, int, int] | None:
        """Where the quoted words are official text (node, start, end): the first of ``near`` that holds them, else any node."""
        pattern = quote_pattern(words)
        for node in (*near, *self.texts):
            for text in self.texts.get(node, ()):
                match = pattern.search(text)
                if match:
                    return node, match.start(), match.end()
        return None


@dataclass(frozen=True)
class Row:
    """One checked crosswalk row: its line, source, target (``None``: decided to link nothing) and reason."""

    line: int
    source: URIRef
    target: URIRef | None
    reason: str


def _read(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = open(path, encoding="utf-8", newline="")
    except OSError as error:
        raise SourceError(str(path), f"cannot read the crosswalk ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise SourceError(str(path), f"the header must be {','.join(columns)}", line=1)
        for record in reader:
            if None in record or None in record.values():
                raise SourceError(str(path), f"expected {len(columns)} columns", line=reader.line_num)
            yield reader.line_num, {k: v.strip() for k, v in record.items()}


def _number(path: Path, line: int, value: str, known: dict[int, URIRef], what: str) -> URIRef:
    if not value.isdigit() or int(value) not in known:
        raise SourceError(str(path), f"unknown {what} '{value}'", line=line)
    return known[int(value)]


def _check_reason(path: Path, line: int, reason: str, cat: Catalogue, source: URIRef, target: URIRef | None) -> None:
    """Refuse an empty reason, or a quotation that is not official text the graph holds."""
    if not reason:
        raise SourceError(str(path), "the row has no reason", line=line)
    for words in QUOTE.findall(reason):
        if cat.find_quote(words, (source,) + ((target,) if target else ())) is None:
            raise SourceError(str(path), f"the reason quotes “{words}”, which no official text in the graph holds", line=line)


def _no_duplicate(path: Path, line: int, key: tuple, seen: dict[tuple, int]) -> None:
    if key in seen:
        raise SourceError(str(path), f"duplicate row (first on line {seen[key]})", line=line)
    seen[key] = line


def read_objectives(path: Path, cat: Catalogue) -> list[Row]:
    """The rows of an objectives crosswalk (``objective,framework,target,reason``), checked against ``cat``."""
    rows, seen = [], {}
    for line, record in _read(path, ("objective", "framework", "target", "reason")):
        source = _number(path, line, record["objective"], cat.objectives, "objective")
        framework = record["framework"].lower()
        if framework not in FRAMEWORKS:
            raise SourceError(str(path), f"unknown framework '{record['framework']}' (one of {', '.join(FRAMEWORKS)})", line=line)
        try:
            target = cat.resolve(framework, record["target"])
        except KeyError as error:
            raise SourceError(str(path), error.args[0], line=line) from None
        _no_duplicate(path, line, (source, target), seen)
        _check_reason(path, line, record["reason"], cat, source, target)
        rows.append(Row(line, source, target, record["reason"]))
    return rows


def read_commitments(path: Path, cat: Catalogue) -> list[Row]:
    """The rows of a commitments crosswalk (``paragraph,objective,reason``); an empty objective links nothing."""
    rows, seen = [], {}
    for line, record in _read(path, ("paragraph", "objective", "reason")):
        source = _number(path, line, record["paragraph"], cat.paragraphs, "paragraph")
        target = _number(path, line, record["objective"], cat.objectives, "objective") if record["objective"] else None
        _no_duplicate(path, line, (source, target), seen)
        _check_reason(path, line, record["reason"], cat, source, target)
        rows.append(Row(line, source, target, record["reason"]))
    return rows


def alignments(store: EmbeddedStore, objectives_csv: str | Path = OBJECTIVES_CSV,
               commitments_csv: str | Path = COMMITMENTS_CSV) -> Iterator[Alignment]:
    """The curated links: objective ``alignsWith`` framework element, commitment ``advances`` objective."""
    cat = Catalogue.of(store)
    for row in read_objectives(Path(objectives_csv), cat):
        yield Alignment(row.source, row.target, "crosswalk", 1.0, "crosswalk", row.reason)
    for row in read_commitments(Path(commitments_csv), cat):
        if row.target is not None:
            yield Alignment(row.source, row.target, "crosswalk", 1.0, "commitment-crosswalk", row.reason,
                            relation=GCMKG.advances)
