"""What a built store holds: triples per named graph, and per loaded document the things in it.

>>> import tempfile
>>> from gcmkg.graph.build import build
>>> from gcmkg.graph.store import EmbeddedStore
>>> path = tempfile.mkdtemp() + "/store"
>>> _ = build(path, progress=False)
>>> dict(graph_stats(EmbeddedStore(path, read_only=True)))["imrf-2022-zero-draft"] > 1000
True
"""

from __future__ import annotations

from collections import defaultdict

from ..ontology.vocab import GRAPH
from .store import Store

# gcm-kg's graphs only: a shared server (Virtuoso) has graphs of its own
GRAPH_SIZES = f"""
SELECT ?g (COUNT(*) AS ?triples) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}
GROUP BY ?g ORDER BY ?g
"""

DOCUMENT_CONTENTS = """
PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?title ?symbol ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  ?doc dcterms:source ?file ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:identifier ?symbol }
  OPTIONAL {
    { ?thing gcmkg:inDocument ?doc } UNION { ?thing gcmkg:heldIn/gcmkg:inDocument ?doc }
    ?thing a ?class .
    FILTER(STRSTARTS(STR(?class), "https://w3id.org/gcmkg/ontology#")
           || STRSTARTS(STR(?class), "http://metadata.un.org/sdg/ontology#"))
  }
}
GROUP BY ?doc ?title ?symbol ?class ORDER BY ?title ?class
"""


def graph_stats(store: Store) -> list[tuple[str, int]]:
    """``(graph name, triple count)`` for every named graph."""
    return [
        (row["g"].value.removeprefix(str(GRAPH)), int(row["triples"].value))
        for row in store.query(GRAPH_SIZES, union=False)
    ]


def document_stats(store: Store) -> list[tuple[str, str, str]]:
    """``(title, symbol, "57 Paragraph, 5 Footnote, ...")`` for every document loaded from a source file."""
    holds: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in store.query(DOCUMENT_CONTENTS):
        key = (row["title"].value, row["symbol"].value if row["symbol"] else "")
        holds.setdefault(key, [])
        if row["class"] is not None:
            holds[key].append(f"{row['n'].value} {row['class'].value.rsplit('#', 1)[-1]}")
    return [(title, symbol, ", ".join(things) or "(no parts)") for (title, symbol), things in holds.items()]
