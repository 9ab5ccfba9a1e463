"""Text-similarity suggestions: TF-IDF over the official texts, the top-k candidates per framework.

Each declaration paragraph gets its closest GCM objectives, SDG targets, Paris Agreement
paragraphs, points and recitals, Sendai targets and priorities and Addis Ababa action areas and
paragraphs; each objective (by its title) gets the same, objectives aside. A link is a
``similarity`` suggestion, never an accepted fact: the score is the cosine of the two TF-IDF
vectors (0..1) and the evidence names the terms that weigh most in it. The same store always
gives the same suggestions. Pure apart from reading the store; it writes nothing.

>>> ranked = rank([Passage(URIRef("urn:q"), "query", "reduce remittance costs")],
...               [Passage(URIRef("urn:a"), "sdg", "reduce the transaction costs of migrant remittances"),
...                Passage(URIRef("urn:b"), "sdg", "provide legal identity for all")], k=1)
>>> [(str(c.node), round(s, 2), terms) for q, c, s, terms in ranked]
[('urn:a', 0.32, ['costs', 'reduce', 'remittance'])]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from rdflib import URIRef
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..ontology.vocab import GCMKG
from .alignments import Alignment
from .store import EmbeddedStore

METHOD = "tfidf"
MIN_SCORE = 0.01  # below this the shared words are one common word ("international"): noise, not a lead
EVIDENCE_TERMS = 5
FRAMEWORKS = ("gcm", "sdg", "paris", "sendai", "aaaa")
SUMMARY_PREFIX = "Summary, not the official wording: "
TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
# words every framework uses to say "do it" and "everywhere": they match texts on form, not topic
GENERIC = frozenset("""
achieve accordance all appropriate combat effort efforts enhance ensure facilitate implement implementation
including level levels particular prevent promote provide relevant significantly strengthen substantially
support 2020 2025 2030""".split())
STOP_WORDS = ENGLISH_STOP_WORDS | GENERIC

PREFIXES = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
EN = 'FILTER(LANG(?text) = "" || LANGMATCHES(LANG(?text), "en"))'
# what each side reads: (framework, SPARQL giving ?node ?text); a node with several texts joins them
QUERIES = {
    "paragraph": f"SELECT ?node ?text {{ ?node a gcmkg:Paragraph ; gcmkg:text ?text ; gcmkg:inDocument/a gcmkg:Declaration . {EN} }}",
    "objective": f"SELECT ?node ?text {{ ?node a gcmkg:Objective ; skos:prefLabel ?text . {EN} }}",
}
CANDIDATES = {
    "gcm": QUERIES["objective"],
    "sdg": f"""SELECT ?node ?text {{ ?node a sdgo:Target ; skos:prefLabel ?text . {EN}
               FILTER NOT EXISTS {{ ?node owl:deprecated true }} }}""",
    "paris": f"""SELECT ?node ?text {{ VALUES ?kind {{ gcmkg:Paragraph gcmkg:Point gcmkg:Recital }}
                 ?node a ?kind ; gcmkg:text ?text ; gcmkg:inDocument <https://w3id.org/gcmkg/id/doc/paris-agreement> . {EN} }}""",
    "sendai": f"""SELECT ?node ?text {{ VALUES ?kind {{ gcmkg:SendaiTarget gcmkg:SendaiPriority }}
                  ?node a ?kind ; skos:prefLabel ?text . {EN} }}""",
    "aaaa": f"""SELECT ?node ?text {{ {{ ?node a gcmkg:ActionArea ; skos:prefLabel ?text }}
                UNION {{ ?node a gcmkg:Paragraph ; gcmkg:inDocument <https://w3id.org/gcmkg/id/doc/aaaa> ; skos:note ?text }} {EN} }}""",
}


@dataclass(frozen=True)
class Passage:
    """A node and the words the model reads for it; ``framework`` groups the candidates."""

    node: URIRef
    framework: str
    text: str


def framework_of(node: str) -> str | None:
    """The framework an element belongs to, by its IRI (``None`` for a declaration paragraph or other node).

    >>> framework_of("http://metadata.un.org/sdg/10.c"), framework_of("https://w3id.org/gcmkg/id/sendai/target/a")
    ('sdg', 'sendai')
    """
    patterns = {"sdg": "http://metadata.un.org/sdg/", "gcm": "https://w3id.org/gcmkg/id/gcm/objective/",
                "paris": "https://w3id.org/gcmkg/id/doc/paris-agreement/", "sendai": "https://w3id.org/gcmkg/id/sendai/",
                "aaaa": ("https://w3id.org/gcmkg/id/aaaa/", "https://w3id.org/gcmkg/id/doc/aaaa/")}
    return next((name for name, prefix in patterns.items() if str(node).startswith(prefix)), None)


def stem(word: str) -> str:
    """A crude English stem: no possessive, no plural, at most seven letters.

    Seven letters meet "discrimination" and "discriminatory", "identity" and "identification",
    while "migrant" and "migration" stay apart (every text has them; they would only add noise).

    >>> [stem(w) for w in ("remittances", "countries", "women’s", "discriminatory", "process")]
    ['remitta', 'country', 'women', 'discrim', 'process']
    """
    word = re.sub(r"['’]s$", "", word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    return word[:7]


def words(text: str) -> list[str]:
    """The words of a text that carry its topic: lower case, less stop words and generic policy verbs."""
    return [w for w in TOKEN.findall(text.lower()) if w not in STOP_WORDS]


def analyse(text: str) -> list[str]:
    """The terms of a text: the stems of its words, and each pair of neighbours.

    >>> analyse("Provide legal identity for all")
    ['legal', 'identit', 'legal identit']
    """
    stems = [stem(w) for w in words(text)]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:])]


def surface_forms(texts: list[str]) -> dict[str, str]:
    """For each stem, the word that most often stands for it (ties: the first in alphabetical order).

    >>> surface_forms(["discrimination", "discriminatory laws", "discriminatory"])["discrim"]
    'discriminatory'
    """
    counts = Counter(w for text in texts for w in words(text))
    forms: dict[str, str] = {}
    for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        forms.setdefault(stem(word), word)
    return forms


def _passages(store: EmbeddedStore, sparql: str, framework: str) -> list[Passage]:
    texts: dict[str, set[str]] = {}  # a set: a triple held by two graphs comes back twice
    for row in store.query(PREFIXES + sparql):
        texts.setdefault(row["node"].value, set()).add(row["text"].value.removeprefix(SUMMARY_PREFIX))
    return [Passage(URIRef(node), framework, "\n".join(sorted(parts))) for node, parts in sorted(texts.items())]


def rank(queries: list[Passage], candidates: list[Passage], k: int = 5) -> Iterator[tuple[Passage, Passage, float, list[str]]]:
    """For each query, its ``k`` closest candidates of each framework scoring at least ``MIN_SCORE``, with the shared terms.

    The vocabulary and its weights come from all the passages at once; ties go to the smaller IRI.
    The closest candidates of every query are picked at once (numpy), and the shared terms read
    from the sparse rows' arrays: a corpus of a thousand declarations asks some 60,000 queries.
    """
    vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, norm="l2")
    corpus = {p.node: p.text for p in queries + candidates}  # a node read twice counts once
    vectorizer.fit([corpus[node] for node in sorted(corpus)])
    forms = surface_forms(list(corpus.values()))
    terms = [" ".join(forms.get(part, part) for part in term.split(" ")) for term in vectorizer.get_feature_names_out()]
    q_rows = vectorizer.transform([p.text for p in queries]).tocsr()
    c_rows = vectorizer.transform([p.text for p in candidates]).tocsr()
    for framework in sorted({c.framework for c in candidates}):
        indices = [i for i, c in enumerate(candidates) if c.framework == framework]
        scores = (q_rows @ c_rows[indices].T).toarray()
        name_order = {name: n for n, name in enumerate(sorted(str(candidates[i].node) for i in indices))}
        by_name = np.array([name_order[str(candidates[i].node)] for i in indices])
        # per row: highest score (to 6 places) first, then the smaller IRI; lexsort's last key is the first
        closest = np.lexsort((np.broadcast_to(by_name, scores.shape), -np.round(scores, 6)), axis=1)[:, :k]
        for qi, query in enumerate(queries):
            for j in closest[qi]:
                candidate = candidates[indices[j]]
                if scores[qi, j] < MIN_SCORE or candidate.node == query.node:
                    continue
                yield (query, candidate, min(1.0, float(scores[qi, j])),
                       _shared_terms(q_rows, qi, c_rows, indices[j], terms))


def _shared_terms(q_rows, qi: int, c_rows, ci: int, terms: list[str]) -> list[str]:
    """The terms two rows share, those weighing most in their cosine first (ties: alphabetical)."""
    q = slice(q_rows.indptr[qi], q_rows.indptr[qi + 1])
    c = slice(c_rows.indptr[ci], c_rows.indptr[ci + 1])
    common, q_at, c_at = np.intersect1d(q_rows.indices[q], c_rows.indices[c], assume_unique=True,
                                        return_indices=True)
    weights = q_rows.data[q][q_at] * c_rows.data[c][c_at]
    return [term for _, term in sorted(zip(-weights, (terms[col] for col in common)))[:EVIDENCE_TERMS]]


def alignments(store: EmbeddedStore, k: int = 5) -> Iterator[Alignment]:
    """The top-``k`` suggestions per framework for every declaration paragraph and every objective."""
    paragraphs = _passages(store, QUERIES["paragraph"], "paragraph")
    objectives = _passages(store, QUERIES["objective"], "objective")
    candidates = [p for name in FRAMEWORKS for p in _passages(store, CANDIDATES[name], name)]
    if not (paragraphs or objectives) or not candidates:
        return
    queries = paragraphs + objectives
    for query, candidate, score, terms in rank(queries, candidates, k):
        if query.framework == "objective" and candidate.framework == "gcm":
            continue  # an objective is not a suggestion for another objective
        relation = GCMKG.advances if candidate.framework == "gcm" else GCMKG.alignsWith
        evidence = "shared terms: " + ", ".join(terms)
        yield Alignment(query.node, candidate.node, "similarity", round(score, 4), METHOD, evidence, relation=relation)
