"""The Sendai Framework (A/RES/69/283, annex II): its seven global targets and four priorities for action.

No full text ships with the project: ``sources/sendai/sendai-framework.yml`` holds checked facts
(see its PROVENANCE.md). The paragraphs that hold the targets and priorities get a label saying
what they hold and never a ``gcmkg:text``: the loader must not make up official wording.

>>> g = load_sendai()
>>> str(g.value(ID["sendai/target/e"], SKOS.notation))
'e'
>>> str(g.value(ID["sendai/priority/1"], SKOS.prefLabel))
'Understanding disaster risk'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from ..ontology.vocab import GCMKG, ID
from .facts_yaml import Facts, read_facts
from .provenance import add_source_record
from .registry import SOURCES_DIR, register

SOURCE = SOURCES_DIR / "sendai" / "sendai-framework.yml"
SENDAI = ID["doc/sendai-framework"]
TARGETS = ID["sendai/targets"]
PRIORITIES = ID["sendai/priorities"]
TARGET_LETTERS = list("abcdefg")
PRIORITY_NUMBERS = ["1", "2", "3", "4"]
# the YAML key naming each paragraph -> what that paragraph holds (its rdfs:label)
PARAGRAPH_ROLES = {
    "expected_outcome_paragraph": "the expected outcome",
    "goal_paragraph": "the goal",
    "targets_paragraph": "the seven global targets",
    "guiding_principles_paragraph": "the guiding principles",
    "priorities_paragraph": "the four priorities for action",
}
KNOWN_GAPS = (
    "No full text of the Sendai Framework is available offline: only the document's identity and dates, "
    "which paragraphs (16 to 20) hold the expected outcome, goal, targets, guiding principles and "
    "priorities, the wording of the seven global targets and the titles of the four priorities are included.",
    "The paragraphs carry labels saying what they hold, not their text.",
    "The 38 indicators for monitoring the global targets are not included.",
    "The 13 guiding principles of paragraph 19 are not included.",
    "Only target (a) was checked word for word against independent copies of the official text; targets "
    "(b) to (g) follow the official wording as widely reproduced (e.g. by the Sendai Framework Monitor).",
)


@dataclass(frozen=True)
class SendaiFacts:
    """What the facts file establishes about the Framework, checked for completeness."""

    path: Path
    title: str
    symbol: str
    adopted_at: str
    adopted_on: str
    endorsed_on: str
    paragraphs: dict[str, int]  # role key of PARAGRAPH_ROLES -> paragraph number
    targets: dict[str, str]  # letter -> official wording
    priorities: dict[str, str]  # number -> title


def read_sendai(path: Path | str = SOURCE) -> SendaiFacts:
    """Read the facts file; a missing key, a missing or extra target letter or priority is a ``SourceError``.

    >>> facts = read_sendai()
    >>> sorted(facts.targets) == list("abcdefg"), facts.paragraphs["targets_paragraph"]
    (True, 18)
    """
    facts = read_facts(path)
    document, targets, priorities = (facts.mapping(key) for key in ("document", "targets", "priorities"))
    targets.expect_keys(TARGET_LETTERS, "global target")
    priorities.expect_keys(PRIORITY_NUMBERS, "priority for action")
    return SendaiFacts(
        path=Path(path),
        title=document.text("title"),
        symbol=document.text("symbol"),
        adopted_at=document.text("adopted_at"),
        adopted_on=document.date("adopted_on"),
        endorsed_on=document.date("endorsed_by_general_assembly_on"),
        paragraphs=_paragraphs(document),
        targets={letter: targets.text(letter) for letter in TARGET_LETTERS},
        priorities={number: priorities.text(number) for number in PRIORITY_NUMBERS},
    )


def _paragraphs(document: Facts) -> dict[str, int]:
    numbers = {key: document.number(key) for key in PARAGRAPH_ROLES}
    seen: dict[int, str] = {}
    for key, number in numbers.items():
        if number in seen:
            raise document.error(key, f"paragraph {number} is already given for {seen[number]!r}")
        seen[number] = key
    return numbers


def paragraph_iri(number: int) -> URIRef:
    """``id/doc/sendai-framework/para_N``.

    >>> str(paragraph_iri(18))
    'https://w3id.org/gcmkg/id/doc/sendai-framework/para_18'
    """
    return ID[f"doc/sendai-framework/para_{number}"]


def sendai_graph(facts: SendaiFacts) -> Graph:
    """The Framework as RDF: document with provenance, paragraphs 16-20, targets and priorities.

    >>> g = sendai_graph(read_sendai())
    >>> str(g.value(ID["sendai/target/a"], GCMKG.heldIn)).rsplit("/", 1)[-1]
    'para_18'
    """
    g = Graph()
    g.add((SENDAI, RDF.type, GCMKG.Framework))
    g.add((SENDAI, DCTERMS.title, Literal(facts.title, lang="en")))
    g.add((SENDAI, DCTERMS.issued, Literal(facts.adopted_on, datatype=XSD.date)))
    g.add((SENDAI, DCTERMS.description, Literal(
        f"Adopted at the {facts.adopted_at} on {facts.adopted_on}; endorsed by the General Assembly "
        f"on {facts.endorsed_on} (annex II of {facts.symbol}).", lang="en")))
    # dcterms:date is the date of the symbol's resolution, as for the other UN documents
    add_source_record(g, SENDAI, facts.path, symbol=facts.symbol, date=facts.endorsed_on, gaps=KNOWN_GAPS)
    for key, number in facts.paragraphs.items():
        node = paragraph_iri(number)
        g.add((node, RDF.type, GCMKG.Paragraph))
        g.add((node, GCMKG.paragraphNumber, Literal(number)))
        g.add((node, GCMKG.eId, Literal(f"para_{number}")))
        g.add((node, RDFS.label, Literal(f"Sendai Framework paragraph {number} ({PARAGRAPH_ROLES[key]})", lang="en")))
        g.add((node, GCMKG.inDocument, SENDAI))
        g.add((node, GCMKG.partOf, SENDAI))  # the sections above paragraphs are not in the facts file
    targets_paragraph = paragraph_iri(facts.paragraphs["targets_paragraph"])
    _add_scheme(g, TARGETS, "Global targets of the Sendai Framework for Disaster Risk Reduction 2015-2030")
    for letter, wording in facts.targets.items():
        _add_concept(g, ID[f"sendai/target/{letter}"], GCMKG.SendaiTarget, TARGETS, letter, wording,
                     f"Sendai target {letter}", targets_paragraph)
    priorities_paragraph = paragraph_iri(facts.paragraphs["priorities_paragraph"])
    _add_scheme(g, PRIORITIES, "Priorities for action of the Sendai Framework for Disaster Risk Reduction 2015-2030")
    for number, title in facts.priorities.items():
        _add_concept(g, ID[f"sendai/priority/{number}"], GCMKG.SendaiPriority, PRIORITIES, number, title,
                     f"Sendai priority {number}", priorities_paragraph)
    return g


def _add_scheme(g: Graph, scheme: URIRef, label: str) -> None:
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((scheme, DCTERMS.source, SENDAI))


def _add_concept(g: Graph, node: URIRef, kind: URIRef, scheme: URIRef, notation: str, wording: str,
                 label: str, paragraph: URIRef) -> None:
    g.add((node, RDF.type, kind))
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.notation, Literal(notation)))
    g.add((node, SKOS.prefLabel, Literal(wording, lang="en")))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    g.add((node, SKOS.inScheme, scheme))
    g.add((node, SKOS.topConceptOf, scheme))
    g.add((node, GCMKG.heldIn, paragraph))


@register("sendai-framework", "Sendai Framework for Disaster Risk Reduction 2015-2030: global targets and priorities")
def load_sendai(path: Path | str = SOURCE) -> Graph:
    """The graph of the Sendai Framework read from ``path`` (the shipped facts file by default).

    >>> g = load_sendai()
    >>> str(g.value(ID["sendai/target/a"], RDFS.label)), len(set(g.subjects(RDF.type, GCMKG.SendaiPriority)))
    ('Sendai target a', 4)
    """
    return sendai_graph(read_sendai(path))
