"""The declarations a build adds: which files, and their parsing on every core.

A worker process reads one file, hashes and parses it, and hands back its named graph as N-Quads
bytes (a few hundred kB a declaration); results come back in the order of the files, with only a
few documents in flight per worker, so memory stays bounded however large the corpus. Workers
start the platform's way (forked on Linux): where they are spawned instead (macOS, Windows,
Python 3.14), a script that builds must guard its entry point (``if __name__ == "__main__":``).

>>> from gcmkg.loaders.declaration_rdf import SEED
>>> [doc.name for doc in corpus_files([SEED.parent])]
['imrf-2022-zero-draft.txt']
>>> parsed = next(parse_in_order([SEED], jobs=1))
>>> parsed.name, parsed.triples, b"gcmkg/ontology#sha256>" in parsed.nquads
('imrf-2022-zero-draft', 1347, True)
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from gcmkg.errors import SourceError

from ..loaders.declaration_rdf import add_declaration_file
from ..ontology.vocab import GRAPH
from .nquads import TripleCollector

SUFFIX = ".txt"
IN_FLIGHT = 3  # documents submitted per worker: enough to keep it busy, few enough to bound memory


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to add: each path given, a directory standing for every ``*.txt`` under it (sorted).

    A file named twice counts once; a directory without any ``*.txt`` is an error.
    """
    found: dict[Path, Path] = {}  # resolved -> as given, so that messages name files as the user did
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())
            if not files:
                raise SourceError(str(path), f"a directory without any {SUFFIX} file")
        else:
            files = [path]
        for file in files:
            found.setdefault(file.resolve(), file)
    return list(found.values())


def document_name(path: Path) -> str:
    """The name of the document (and of its graph) a file gives: its name less the extension."""
    return path.stem


@dataclass(frozen=True)
class ParsedDocument:
    """One file, parsed: its document's name, and its graph (with the sha256 of the bytes read) as N-Quads."""

    name: str
    triples: int
    nquads: bytes


def parse_document(path: Path) -> ParsedDocument:
    """Read, hash and parse one declaration file (what a worker process runs); ``SourceError`` if bad."""
    triples = TripleCollector()
    doc = add_declaration_file(triples, path)
    return ParsedDocument(doc.slug, len(triples), triples.nquads(GRAPH[doc.slug]))


def parse_in_order(paths: Sequence[Path], jobs: int | None = None) -> Iterator[ParsedDocument | SourceError]:
    """Each file parsed, or the ``SourceError`` that stopped it, in the order of ``paths``.

    ``jobs`` worker processes (``None``: one per core); with one job, or one file, no process is started.
    """
    workers = min(jobs or os.cpu_count() or 1, len(paths))
    if workers <= 1:
        yield from map(parse_or_error, paths)
        return
    pool = ProcessPoolExecutor(workers)
    pending: deque[Future[ParsedDocument | SourceError]] = deque()
    try:
        for path in paths:
            pending.append(pool.submit(parse_or_error, path))
            if len(pending) >= IN_FLIGHT * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def parse_or_error(path: Path) -> ParsedDocument | SourceError:
    """``parse_document``, with a bad file's error returned (to be told apart from a crash, which raises)."""
    try:
        return parse_document(path)
    except SourceError as error:
        return error

