"""The declarations a build adds, into the store being built: parsed, or reused when unchanged; bad ones stop or skip.

For each added file, in order: a file whose name and sha256 are those the previous store recorded
is copied from it; the others are parsed on every core (``corpus.parse_in_order``). Graphs go to
the store in batches (``batch_writer``). A file that cannot be read or parsed, or whose document
name is taken, stops the build (``on_error="stop"``: the error is raised) or is left out and
listed (``"skip"``). A progress bar counts documents, with triples/s.

>>> import tempfile
>>> from pathlib import Path
>>> from gcmkg.graph.batch_writer import BatchWriter
>>> from gcmkg.graph.previous_build import PreviousBuild
>>> from gcmkg.graph.store import EmbeddedStore
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "good.txt").write_text("Good\\n\\n1. We commit to act.\\n")
>>> _ = (folder / "bad.txt").write_text("Bad\\n\\n1. We commit.\\n\\n3. We skip a number.\\n")
>>> store = EmbeddedStore(folder / "store")
>>> graphs = {}
>>> added = ingest(BatchWriter(store.oxigraph), graphs, sorted(folder.glob("*.txt")), PreviousBuild(None),
...                on_error="skip", progress=False)
>>> added.parsed, added.reused, [error.line for error in added.skipped], list(graphs)
(1, 0, [5], ['good'])
"""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection

from tqdm import tqdm

from gcmkg.errors import GcmkgError, SourceError

from ..loaders.provenance import sha256_of, source_name
from .batch_writer import BatchWriter
from .corpus import ParsedDocument, document_name, parse_in_order
from .previous_build import PreviousBuild

ON_ERROR = ("stop", "skip")


@dataclass
class AddedDocuments:
    """How each added file went: parsed, reused from the previous store, or skipped (with its error)."""

    parsed: int = 0
    reused: int = 0
    skipped: list[SourceError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.parsed + self.reused + len(self.skipped)


def ingest(
    writer: BatchWriter,
    graphs: dict[str, int],
    files: list[Path],
    previous: PreviousBuild,
    *,
    reserved: Collection[str] = (),
    jobs: int | None = None,
    on_error: str = "stop",
    progress: bool = True,
) -> AddedDocuments:
    """Write the graph of each file in ``files`` and record its triple count in ``graphs``.

    ``graphs`` holds the graphs written so far; a document may not take one of their names, nor one
    in ``reserved``. Everything is written (``writer`` flushed) on return; skipped files are listed
    in the order of ``files``.
    """
    if on_error not in ON_ERROR:
        raise GcmkgError(f"on_error must be one of {', '.join(ON_ERROR)}, not {on_error!r}")
    added = AddedDocuments()
    with Progress(len(files), enabled=progress) as bar:

        def wrote(name: str, nquads: bytes, count: int) -> None:
            writer.add(name, nquads)
            graphs[name] = count
            bar.done(count)

        def failed(error: SourceError) -> None:
            if on_error == "stop":
                raise error
            added.skipped.append(error)
            bar.skipped()

        known = previous.source_files() if files else {}
        to_parse, claimed = [], set()
        for path in files:
            name = document_name(path)
            if name in graphs or name in claimed or name in reserved:
                failed(SourceError(str(path), f"a document named '{name}' is already in the graph; rename the file"))
                continue
            claimed.add(name)
            if _unchanged(path, known.get(name, set())):
                wrote(name, *previous.graph_nquads(name))
                added.reused += 1
            else:
                to_parse.append(path)
        with closing(parse_in_order(to_parse, jobs)) as outcomes:  # closed: no worker outlives a stop
            for outcome in outcomes:
                if isinstance(outcome, ParsedDocument):
                    wrote(outcome.name, outcome.nquads, outcome.triples)
                    added.parsed += 1
                else:
                    failed(outcome)
        writer.flush()
    order = {str(path): n for n, path in enumerate(files)}
    added.skipped.sort(key=lambda error: order[error.path])
    return added


class Progress:
    """The progress bar: documents done of all, documents/s, and in the postfix triples/s and skips."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.bar = tqdm(total=total, desc="documents", unit="doc", disable=not enabled)
        self.started = time.perf_counter()
        self.triples = self.skips = 0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()

    def done(self, triples: int) -> None:
        """One document written, with its triples."""
        self.triples += triples
        self._step()

    def skipped(self) -> None:
        """One document left out."""
        self.skips += 1
        self._step()

    def _step(self) -> None:
        rate = self.triples / max(time.perf_counter() - self.started, 1e-9)
        skips = f", {self.skips} skipped" if self.skips else ""
        self.bar.set_postfix_str(f"{rate:,.0f} triples/s{skips}", refresh=False)
        self.bar.update()


def _unchanged(path: Path, recorded: set[tuple[str, str]]) -> bool:
    """Whether the file's name and sha256 are among those recorded for its document's graph."""
    if not recorded:
        return False
    try:
        return (source_name(path), sha256_of(path)) in recorded
    except OSError:
        return False  # unreadable now: parsing it will say so
