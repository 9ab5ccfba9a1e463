"""The build: every source into its own named graph of a fresh store, swapped in only when whole.

A build writes a new store beside the old one and renames it into place at the end, so a
failure (bad input, crash, Ctrl-C, a full disk) leaves the previous store exactly as it was.
Declarations added with ``add`` (files, or directories of ``*.txt``) are parsed on every core,
or copied from the previous store when their file is unchanged (``corpus_ingest``); those added
by earlier builds and not named again are kept.

How the added graphs are written was measured (300 copies of the seed declaration, 404,100
quads, pyoxigraph 0.5 on 2 cores): one ``bulk_load`` of N-Quads per 100 declarations took
6.8 s, one for all of them 7.3 s, ``bulk_extend`` per 100 8.6 s, transactional ``load`` per 25
or 100 24-28 s; for 1,000 copies a ``bulk_load`` per declaration took 152 s against 27 s for one; so
``batch_writer`` bulk-loads batches of about 32 MB.

>>> import tempfile
>>> report = build(tempfile.mkdtemp() + "/store", progress=False)
>>> report.graphs["imrf-2022-zero-draft"] > 1000
True
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, XSD
from tqdm import tqdm

from gcmkg import __version__

from ..loaders.provenance import source_file_iri, source_name
from ..loaders.registry import default_sources
from ..ontology import ONTOLOGY_FILE
from ..ontology.vocab import GCMKG, GRAPH, ID
from .align import enrich
from .batch_writer import BatchWriter, writing
from .corpus import corpus_files, document_name
from .corpus_ingest import AddedDocuments, ingest
from .previous_build import PreviousBuild, previous_store
from .remote_store import RemoteStore
from .store import EmbeddedStore, Store, is_remote, remote_store

ONTOLOGY_GRAPH = "ontology"
BUILD_GRAPH = "build"
# graphs a build derives itself; any other graph the default sources do not make was added by a user
DERIVED_GRAPHS = {ONTOLOGY_GRAPH, BUILD_GRAPH, "alignment", "inferred"}


@dataclass
class BuildReport:
    """What a build wrote: triples per graph name, the total, the seconds it took, and how the
    added documents went (``added.parsed``, ``added.reused``, ``added.skipped``)."""

    store: Path | str  # a directory, or a SPARQL server's URL
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    added: AddedDocuments = field(default_factory=AddedDocuments)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def build(
    store_path: str | Path,
    add: Iterable[str | Path] = (),
    *,
    progress: bool = True,
    reasoner: str = "rules",
    jobs: int | None = None,
    on_error: str = "stop",
    endpoints: dict[str, str | None] | None = None,
) -> BuildReport:
    """Build the graph from the default sources plus the declarations in ``add`` into ``store_path``.

    ``add`` holds declaration files and directories (every ``*.txt`` under one, sorted). They are
    parsed by ``jobs`` worker processes (``None``: one per core; 1: in this process). A bad one
    stops the build (``on_error="stop"``, the previous store untouched) or is left out, listed in
    ``report.added.skipped`` and in the build record (``"skip"``). After the sources, the alignments
    (``graph/alignment``) and inferences (``graph/inferred``) are derived; ``reasoner`` is
    ``"rules"`` (SPARQL rules, no Java) or ``"owl"`` (owlready2 + HermiT).

    ``store_path`` may also be a SPARQL server's URL (``endpoints``: its ``query_url``,
    ``update_url``, ``gsp_url`` where they differ): the build then runs in a temporary directory
    and is published to the server whole (``RemoteStore.publish``), the server's graphs untouched
    if anything fails before.
    """
    started = time.perf_counter()
    files = corpus_files(add)
    if is_remote(store_path):
        report = _build_remote(remote_store(str(store_path), **(endpoints or {})), files, progress=progress,
                               reasoner=reasoner, jobs=jobs, on_error=on_error)
    else:
        report = _build_local(Path(store_path).expanduser().resolve(), files, progress=progress,
                              reasoner=reasoner, jobs=jobs, on_error=on_error)
    report.seconds = time.perf_counter() - started
    return report


def _build_local(store_path: Path, files: list[Path], **options) -> BuildReport:
    """Build beside the store directory and rename the new store into place when it is whole."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    staging = store_path.with_name(f"{store_path.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    report = BuildReport(store_path)
    try:
        _build_into(staging, previous_store(store_path), report, files, **options)
        _swap_into_place(staging, store_path)
    except BaseException as error:
        _discard_staging(staging, error)
        raise
    return report


def _build_remote(target: RemoteStore, files: list[Path], **options) -> BuildReport:
    """Build in a temporary directory, reusing what the server holds, then publish every graph to it."""
    report = BuildReport(target.location)
    staging = Path(tempfile.mkdtemp(prefix="gcmkg-build-")) / "store"
    try:
        _build_into(staging, target, report, files, **options)
        built = EmbeddedStore(staging, read_only=True)
        target.publish({iri: (quad.triple for quad in built.quads(iri)) for iri in built.graph_names()})
        built = None
        gc.collect()
    except BaseException as error:
        _discard_staging(staging.parent, error)
        raise
    _discard_staging(staging.parent, None)
    return report


def _build_into(staging: Path, previous: Store | None, report: BuildReport, files: list[Path], *,
                progress: bool, reasoner: str, jobs: int | None, on_error: str) -> None:
    """Every graph into a new store at ``staging``, closed when this returns; ``previous`` is the
    store being replaced, for the added declarations it can give back."""
    store = EmbeddedStore(staging)
    earlier = PreviousBuild(previous)
    _load_sources(store, report, progress)
    _load_added(store, report, files, earlier, jobs, on_error, progress)
    with writing("graph/alignment and graph/inferred"):
        report.graphs.update(enrich(store, reasoner=reasoner))
    with writing(f"graph/{BUILD_GRAPH}"):
        store.replace_graph(GRAPH[BUILD_GRAPH], _build_record(report))
        store.flush()
    store = earlier = None
    gc.collect()  # a store closes when its last handle goes; then the directory can move


def _load_sources(store: EmbeddedStore, report: BuildReport, progress: bool) -> None:
    """The ontology and every default source, each into its graph."""
    sources = default_sources()
    with tqdm(total=len(sources) + 1, desc="sources", unit="graph", disable=not progress) as steps:
        with writing(f"graph/{ONTOLOGY_GRAPH}"):
            report.graphs[ONTOLOGY_GRAPH] = store.replace_graph(GRAPH[ONTOLOGY_GRAPH], Graph().parse(ONTOLOGY_FILE))
        steps.update()
        for source in sources:
            steps.set_postfix_str(source.name)
            graph = source.load()
            with writing(f"graph/{source.name}"):
                report.graphs[source.name] = store.replace_graph(GRAPH[source.name], graph)
            steps.update()


def _load_added(store: EmbeddedStore, report: BuildReport, files: list[Path], previous: PreviousBuild,
                jobs: int | None, on_error: str, progress: bool) -> None:
    """The added declarations (``corpus_ingest``), then those of earlier builds not named again.

    A file skipped for an error does not bring back its document's graph from the previous store:
    the graph would no longer be that of the file.
    """
    writer = BatchWriter(store.oxigraph)
    report.added = ingest(writer, report.graphs, files, previous, reserved=DERIVED_GRAPHS, jobs=jobs,
                          on_error=on_error, progress=progress)
    skipped = {document_name(Path(error.path)) for error in report.added.skipped}
    for name in previous.graph_names():
        if name not in report.graphs and name not in DERIVED_GRAPHS and name not in skipped:
            nquads, report.graphs[name] = previous.graph_nquads(name)
            writer.add(name, nquads)
    writer.flush()


def _build_record(report: BuildReport) -> Graph:
    """When and with which version the store was built, what each graph holds, and which files it left out."""
    g = Graph()
    activity = URIRef(str(GRAPH[BUILD_GRAPH]))
    g.add((activity, RDF.type, PROV.Activity))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    g.add((activity, PROV.endedAtTime, Literal(now.isoformat(), datatype=XSD.dateTime)))
    software = ID["software/gcm-kg"]
    g.add((activity, PROV.wasAssociatedWith, software))
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, OWL.versionInfo, Literal(__version__)))
    for name in report.graphs:
        g.add((activity, PROV.generated, GRAPH[name]))
    for error in report.added.skipped:
        file = source_file_iri(Path(error.path))
        g.add((activity, GCMKG.skippedSource, file))
        g.add((file, RDF.type, PROV.Entity))
        g.add((file, RDFS.label, Literal(source_name(Path(error.path)))))
        g.add((file, GCMKG.loadError, Literal(str(error))))
    return g


def _discard_staging(staging: Path, error: BaseException | None) -> None:
    """Remove the half-built store. Its handles live on in the traceback's frames (and RocksDB's
    threads may still write to the directory), so drop those locals and collect them first."""
    if error is not None:
        traceback.clear_frames(error.__traceback__)
    gc.collect()
    shutil.rmtree(staging, ignore_errors=True)
    if staging.exists():  # a file written while the tree was being removed
        shutil.rmtree(staging, ignore_errors=True)


def _swap_into_place(staging: Path, store_path: Path) -> None:
    """Rename the new store into place; the old one is removed only once the new one is there."""
    retired = store_path.with_name(f"{store_path.name}.old-{os.getpid()}")
    if store_path.exists():
        store_path.rename(retired)
    staging.rename(store_path)
    shutil.rmtree(retired, ignore_errors=True)
