"""The full-text search index: an SQLite FTS5 file derived from the store, rebuilt when the store is.

It holds the English texts (``gcmkg:text``) of the documents paragraph by paragraph, each with its
document, number and label: every paragraph, recital, footnote and other text-bearing part, but
not a whole whose text is its paragraphs or recitals put together (an article or the preamble of
the Paris Agreement) nor the lettered points of a paragraph (their words are in the paragraph's
text), so nothing is found twice over. It lives beside an embedded store (``<store
dir>.search.sqlite``) or, for a SPARQL server, in the user cache directory under the SHA-256 of
the server's query URL. It records the stamp of the build it was made from and is remade whenever
that stamp changes; a new index is written to a temporary file and renamed into place, so a
reader never sees half of one.

>>> import tempfile
>>> from gcmkg.graph.store import EmbeddedStore
>>> index_path(EmbeddedStore(tempfile.mkdtemp() + "/store")).name
'store.search.sqlite'
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import platformdirs

from gcmkg.errors import StoreError

from ..ontology.vocab import GRAPH, ID

FORMAT = "gcmkg-search-1"  # what the index holds and how; another value in an index means: rebuild it
DOCUMENT_BASE = str(ID["doc/"])
TOKENIZER = "porter unicode61 remove_diacritics 2"  # English stemming: "remittance" finds "remittances"

PARTS = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?part ?doc ?number ?label ?text WHERE {
  ?part gcmkg:text ?text ; gcmkg:inDocument ?doc .
  FILTER(LANGMATCHES(LANG(?text), "en") || LANG(?text) = "")
  OPTIONAL { ?part gcmkg:paragraphNumber ?number }
  OPTIONAL { ?part rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
  MINUS { ?piece gcmkg:partOf ?part ; a ?kind . VALUES ?kind { gcmkg:Paragraph gcmkg:Recital } }
  MINUS { ?part gcmkg:partOf ?whole . ?whole a gcmkg:Paragraph }
}"""  # MINUS, not FILTER NOT EXISTS: Oxigraph runs it as one anti-join, 15 times faster here
BUILD_RECORD = f"""PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?ended ?graph WHERE {{ GRAPH <{GRAPH['build']}> {{ ?build prov:endedAtTime ?ended ; prov:generated ?graph }} }}"""
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parts (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, document TEXT NOT NULL, number INTEGER,
                    label TEXT NOT NULL, text TEXT NOT NULL);
CREATE VIRTUAL TABLE parts_text USING fts5(text, content='parts', content_rowid='id', tokenize='{TOKENIZER}');
"""


def index_path(store) -> Path:
    """Where ``store``'s index lives: beside an embedded store, else in the user cache under its ``cache_key``."""
    path = getattr(store, "path", None)
    if path is not None:
        path = Path(path).absolute()
        return path.with_name(path.name + ".search.sqlite")
    key = getattr(store, "cache_key", None)
    if not key:
        raise StoreError(f"{store!r}: a store without a path or a cache_key has no place for a search index")
    digest = hashlib.sha256(str(key).encode("utf-8")).hexdigest()
    return Path(platformdirs.user_cache_dir("gcmkg")) / "search" / f"{digest}.sqlite"


def store_stamp(store) -> str:
    """What changes with every build: its end time and graphs (without a build record: the triple count).

    >>> import tempfile
    >>> from gcmkg.graph.store import EmbeddedStore
    >>> store_stamp(EmbeddedStore(tempfile.mkdtemp() + "/store"))
    'gcmkg-search-1 triples=0'
    """
    rows = [(row["ended"].value, row["graph"].value) for row in store.query(BUILD_RECORD)]
    if not rows:
        return f"{FORMAT} triples={next(iter(store.query(TRIPLES)))['n'].value}"
    graphs = hashlib.sha256(" ".join(sorted({graph for _, graph in rows})).encode("utf-8")).hexdigest()
    return f"{FORMAT} built={max(ended for ended, _ in rows)} graphs={graphs[:16]}"


def indexed_stamp(path: Path) -> str | None:
    """The stamp an index file records; ``None`` if there is no file or it is not an index."""
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def ensure_index(store) -> Path:
    """The path of ``store``'s index, built first if it is missing or was made from another build."""
    path = index_path(store)
    stamp = store_stamp(store)
    if indexed_stamp(path) != stamp:
        build_index(store, path, stamp)
    return path


def build_index(store, path: Path, stamp: str) -> None:
    """Write the index of ``store`` to ``path`` (through a temporary file renamed into place)."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        os.close(handle)
        temporary = Path(name)
        _write(store, temporary, stamp)
        os.replace(temporary, path)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{path}: cannot write the search index ({error})") from error
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)  # gone already if it became the index


def _write(store, target: Path, stamp: str) -> None:
    with closing(sqlite3.connect(target)) as connection:
        connection.execute("PRAGMA journal_mode = OFF")  # a temporary file: on failure it is thrown away
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(SCHEMA)
        with connection:
            connection.executemany("INSERT OR IGNORE INTO parts (iri, document, number, label, text) "
                                   "VALUES (?, ?, ?, ?, ?)", _rows(store))
            connection.execute("INSERT INTO parts_text (parts_text) VALUES ('rebuild')")
            connection.execute("INSERT INTO parts_text (parts_text) VALUES ('optimize')")
            connection.execute("CREATE INDEX parts_document ON parts (document)")
            connection.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
    with open(target, "rb") as written:
        os.fsync(written.fileno())  # on disk before the rename makes it the index


def _rows(store):
    """A row per text-bearing part, streamed from one SPARQL query (a part with two English texts or
    labels comes twice; the index keeps the first)."""
    for row in store.query(PARTS):
        iri, number, label = row["part"].value, row["number"], row["label"]
        yield (iri, document_name(row["doc"].value), int(number.value) if number is not None else None,
               label.value if label is not None else iri.rsplit("/", 1)[-1], row["text"].value)


def document_name(iri: str) -> str:
    """A document's short name (its IRI after ``id/doc/``), or the IRI itself if it is not one of ours.

    >>> document_name("https://w3id.org/gcmkg/id/doc/paris-agreement"), document_name("urn:x")
    ('paris-agreement', 'urn:x')
    """
    return iri.removeprefix(DOCUMENT_BASE)
