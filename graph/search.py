"""Ranked full-text search over the paragraph texts in the graph, with SQLite FTS5 and BM25.

``search(store, text)`` ensures the store's index (``search_index.ensure_index``: built when
missing or made from another build) and searches it; ``search_file`` searches an index file
directly, as the HTTP server does. Words are ANDed, "quoted words" are a phrase, ``word*`` is a
prefix (``search_query``); English stemming lets "remittance" find "remittances".

>>> import tempfile
>>> from rdflib import Graph, Literal
>>> from gcmkg.graph.store import EmbeddedStore
>>> from gcmkg.ontology.vocab import GCMKG, ID
>>> g = Graph()
>>> for n, words in [(1, "We commit to cheaper remittances."), (2, "We welcome the progress made.")]:
...     g += [(ID[f"doc/d/para_{n}"], GCMKG.text, Literal(words, lang="en")),
...           (ID[f"doc/d/para_{n}"], GCMKG.inDocument, ID["doc/d"]), (ID[f"doc/d/para_{n}"], GCMKG.paragraphNumber, Literal(n))]
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/store")
>>> _ = store.replace_graph("urn:g", g)
>>> [(hit.document, hit.number, hit.label, hit.snippet) for hit in search(store, "remittance")]
[('d', 1, 'para_1', 'We commit to cheaper [remittances].')]
"""

from __future__ import annotations

import difflib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from gcmkg.errors import QueryError, StoreError

from .search_index import document_name, ensure_index
from .search_query import match_expression

__all__ = ["Hit", "ensure_index", "search", "search_file"]

SNIPPET_TOKENS = 24  # words of context in a snippet, around the matches
MARKS = ("[", "]")  # before and after each match in a snippet
CUT = "…"  # where a snippet cuts the text
TOP = """SELECT rowid, -bm25(parts_text) FROM parts_text WHERE parts_text MATCH :match {only}
ORDER BY bm25(parts_text) LIMIT :limit"""
# "+rowid": FTS5 scans the matches once and SQLite keeps the document's; a bare "rowid IN" would
# have FTS5 rerun the whole match once per paragraph of the document (15 times slower for "the")
IN_DOCUMENT = "AND +rowid IN (SELECT id FROM parts WHERE document = :document)"
HIT = f"""SELECT iri, document, number, label, parts.text, snippet(parts_text, 0, :open, :close, '{CUT}', {SNIPPET_TOKENS})
FROM parts_text JOIN parts ON parts.id = parts_text.rowid WHERE parts_text MATCH :match AND parts_text.rowid = :id"""


@dataclass(frozen=True)
class Hit:
    """A part of a document whose text matches.

    ``document`` is the document's short name, its IRI after ``https://w3id.org/gcmkg/id/doc/``
    ("imrf-2022-zero-draft", "paris-agreement"); ``number`` the paragraph's number in its document
    (in its article, for the Paris Agreement), ``None`` for recitals, footnotes and other parts;
    ``label`` its English ``rdfs:label`` ("Paragraph 46", "Article 8, paragraph 4", "Preamble,
    recital 3"), else the last step of its IRI ("fn_3");
    ``score`` the BM25 relevance (FTS5's ``bm25()`` negated): higher is better, and scores compare
    only within one search; ``snippet`` the words around the matches on one line, each match in
    [brackets], with … where the text is cut; ``text`` the whole text as the graph holds it.
    """

    iri: str
    document: str
    number: int | None
    label: str
    score: float
    snippet: str
    text: str


def search(store, text: str, *, limit: int = 10, document: str | None = None) -> list[Hit]:
    """The ``limit`` parts of ``store`` that best match ``text``, best first, of one ``document`` if given."""
    check(text, limit)  # bad input fails before an index is built
    return search_file(ensure_index(store), text, limit=limit, document=document)


def search_file(path: Path, text: str, *, limit: int = 10, document: str | None = None,
                marks: tuple[str, str] = MARKS) -> list[Hit]:
    """The same search in an index file (``ensure_index`` made it), which is only read; ``marks`` go
    before and after each match in the snippets (a web page uses marks no text holds)."""
    match = check(text, limit)
    try:
        with closing(sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro", uri=True)) as connection:
            only = ""
            if document is not None:
                document = _known_document(connection, document)
                only = IN_DOCUMENT
            params = {"match": match, "limit": limit, "document": document}
            top = connection.execute(TOP.format(only=only), params).fetchall()
            return [_hit(connection, {"match": match, "id": rowid, "open": marks[0], "close": marks[1]}, score)
                    for rowid, score in top]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: cannot read the search index ({error})") from error


def check(text: str, limit: int) -> str:
    """The FTS5 expression for ``text``; a ``QueryError`` naming the parameter for bad input.

    >>> check("remittance", 0)
    Traceback (most recent call last):
    gcmkg.errors.QueryError: limit: must be at least 1 (got 0)
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise QueryError(f"limit: must be at least 1 (got {limit!r})")
    if not isinstance(text, str) or not text.strip():
        raise QueryError("text: give words to search for (got nothing)")
    return match_expression(text)


def _known_document(connection: sqlite3.Connection, document: str) -> str:
    """The short name of ``document`` (a short name or an IRI); a ``QueryError`` with close names if unknown."""
    name = document_name(document.strip())
    if connection.execute("SELECT 1 FROM parts WHERE document = ? LIMIT 1", (name,)).fetchone():
        return name
    known = [row[0] for row in connection.execute("SELECT DISTINCT document FROM parts")]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; documents with texts: {', '.join(known[:10])}"
    raise QueryError(f"document: no document {document!r} has texts in the graph{hint}")


def _hit(connection: sqlite3.Connection, params: dict, score: float) -> Hit:
    iri, document, number, label, text, snippet = connection.execute(HIT, params).fetchone()
    return Hit(iri, document, number, label, score, " ".join(snippet.split()), text)
