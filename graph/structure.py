"""Round-table structure: a review paragraph under a round-table heading advances that round table's objectives.

The declaration reports on each round table of the Forum under a heading that names the GCM
objectives it reviewed ("Round table 3 (objectives 14, 15, 16, 19, 20 and 22)"). Every paragraph
under such a heading is an accepted ``advances`` link to each of those objectives, basis
``structure``. A paragraph may concern only some of them, so the score says how likely it is to
concern this one in particular:

    score = 0.5 + 0.45 * share of the objective title's content words found in the paragraph

0.5 is the floor the heading alone gives; 0.95 (every content word of the title present) is the
ceiling, below the 1.0 of an explicit citation. Content words are the title's words less function
words and the words every objective shares (migrants, migration, and the leading verbs); words
are compared by a crude stem (no plural "s", first six letters).

>>> score = structure_score("Progress on remittances and financial inclusion.",
...     "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants")
>>> score
(0.6929, ('financial', 'inclusion', 'remittances'))
"""

from __future__ import annotations

import re
from typing import Iterator

from rdflib import URIRef

from ..ontology.vocab import GCMKG
from .alignments import Alignment
from .store import EmbeddedStore

FLOOR, SPAN = 0.5, 0.45
# function words, and words that every objective's title shares or that carry no topic
GENERIC = frozenset("""
a an and as at all by for from in into of on or the their to towards with well only
be is are have that which this these its manner throughout within
migrant migrants migration migratory people countries country
address cooperate collect create eliminate empower enhance ensure establish facilitate foster invest
manage minimize prevent promote provide save strengthen use utilize work
""".split())
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _stem(word: str) -> str:
    return word.removesuffix("s")[:6]


def content_words(text: str) -> dict[str, str]:
    """The content words of a text by stem, each with its first form as written (lower case)."""
    words: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if word not in GENERIC:
            words.setdefault(_stem(word), word)
    return words


def structure_score(paragraph: str, objective_title: str) -> tuple[float, tuple[str, ...]]:
    """The score of "paragraph advances objective" under its round table, and the title's words it shares."""
    title = content_words(objective_title)
    if not title:
        return FLOOR, ()
    shared = set(title) & set(content_words(paragraph))
    return round(FLOOR + SPAN * len(shared) / len(title), 4), tuple(sorted(title[s] for s in shared))


REVIEW_PARAGRAPHS = """
PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?paragraph ?text ?heading ?objective ?title WHERE {
  ?table a gcmkg:RoundTable ; gcmkg:heading ?heading ; gcmkg:coversObjective ?objective .
  ?paragraph a gcmkg:Paragraph ; gcmkg:inSection ?table ; gcmkg:text ?text .
  ?objective skos:prefLabel ?title . FILTER(LANGMATCHES(LANG(?title), "en"))
} ORDER BY ?paragraph ?objective"""


def alignments(store: EmbeddedStore) -> Iterator[Alignment]:
    """One ``advances`` link, basis structure, from each round-table paragraph to each objective of its round table."""
    for row in store.query(REVIEW_PARAGRAPHS):
        paragraph, text, heading, objective, title = (term.value for term in row)
        score, shared = structure_score(text, title)
        evidence = f"under the heading \"{heading}\""
        if shared:
            evidence += f"; shares with the objective's title: {', '.join(shared)}"
        yield Alignment(URIRef(paragraph), URIRef(objective), "structure", score, "round-table-structure",
                        evidence, relation=GCMKG.advances)
