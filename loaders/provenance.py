"""The provenance record each source's named graph carries: file, sha256, symbol, date, known gaps.

Each source file is a node of its own (``id/source/<path>``, with its name and sha256) that the
document points to with ``dcterms:source``, so a document read from several files keeps each hash
paired with its file.

>>> from rdflib import Graph
>>> from gcmkg.ontology.vocab import ID
>>> g = Graph()
>>> path = SOURCES_DIR / "declarations" / "imrf-2022-zero-draft.txt"
>>> add_source_record(g, ID["doc/imrf-2022-zero-draft"], path, date="2022-03-17")
>>> file = g.value(ID["doc/imrf-2022-zero-draft"], DCTERMS.source)
>>> str(file)
'https://w3id.org/gcmkg/id/source/declarations/imrf-2022-zero-draft.txt'
>>> len(str(g.value(file, GCMKG.sha256)))
64
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from ..ontology.vocab import GCMKG, ID
from .registry import SOURCES_DIR


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_name(path: Path) -> str:
    """How a source file is named in the graph: relative to ``loaders/sources`` when it is there."""
    path = Path(path).resolve()
    try:
        return "loaders/sources/" + path.relative_to(SOURCES_DIR).as_posix()
    except ValueError:
        return path.name


def source_file_iri(path: Path) -> URIRef:
    """The node of a source file: ``id/source/`` and its name, less ``loaders/sources/``."""
    return ID["source/" + source_name(path).removeprefix("loaders/sources/")]


def add_source_record(
    graph: Graph,
    document: URIRef,
    path: Path,
    *,
    symbol: str | None = None,
    date: str | None = None,
    gaps: Iterable[str] = (),
    sha256: str | None = None,
) -> None:
    """Record on ``document`` the file it was read from (with its sha256), symbol, date and known gaps.

    ``sha256`` is that of the bytes the caller parsed, when it has them; else the file is hashed now.
    """
    file = source_file_iri(path)
    graph.add((document, DCTERMS.source, file))
    graph.add((file, RDF.type, PROV.Entity))
    graph.add((file, RDFS.label, Literal(source_name(path))))
    graph.add((file, GCMKG.sha256, Literal(sha256 or sha256_of(path))))
    if symbol:
        graph.add((document, DCTERMS.identifier, Literal(symbol)))
    if date:
        graph.add((document, DCTERMS.date, Literal(date, datatype=XSD.date)))
    for gap in gaps:
        graph.add((document, GCMKG.knownGap, Literal(gap, lang="en")))
