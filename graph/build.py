"""The build: every source into its own named graph of a fresh store, swapped in only when whole.

A build writes a new store beside the old one and renames it into place at the end, so a
failure (bad input, crash, Ctrl-C) leaves the previous store exactly as it was.

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
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, XSD
from tqdm import tqdm

from gcmkg import __version__
from gcmkg.errors import SourceError

from ..loaders.declaration_rdf import load_declaration_file
from ..loaders.registry import default_sources
from ..ontology import ONTOLOGY_FILE
from ..ontology.vocab import GRAPH, ID
from .align import enrich
from .store import EmbeddedStore

ONTOLOGY_GRAPH = "ontology"
BUILD_GRAPH = "build"
# graphs a build derives itself; any other graph the default sources do not make was added by a user
DERIVED_GRAPHS = {ONTOLOGY_GRAPH, BUILD_GRAPH, "alignment", "inferred"}


@dataclass
class BuildReport:
    """What a build wrote: triples per graph name, the total, and the seconds it took."""

    store: Path
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def build(
    store_path: str | Path,
    add: Iterable[str | Path] = (),
    *,
    progress: bool = True,
    reasoner: str = "rules",
) -> BuildReport:
    """Build the graph from the default sources plus the declarations in ``add`` into ``store_path``.

    After the sources, the alignments (``graph/alignment``) and inferences (``graph/inferred``) are
    derived; ``reasoner`` is ``"rules"`` (SPARQL rules, no Java) or ``"owl"`` (owlready2 + HermiT).
    Declarations added by earlier builds are kept unless the same document is added again.
    """
    started = time.perf_counter()
    store_path = Path(store_path).expanduser().resolve()
    store_path.parent.mkdir(parents=True, exist_ok=True)
    staging = store_path.with_name(f"{store_path.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    report = BuildReport(store_path)
    store = None
    try:
        store = EmbeddedStore(staging)
        _load_all(store, report, [Path(p) for p in add], store_path, progress)
        report.graphs.update(enrich(store, reasoner=reasoner))
        store.replace_graph(GRAPH[BUILD_GRAPH], _build_record(report))
        store.flush()
        store = None
        gc.collect()  # the store closes when its last handle goes; then the directory can move
        _swap_into_place(staging, store_path)
    except BaseException as error:
        store = None
        _discard_staging(staging, error)
        raise
    report.seconds = time.perf_counter() - started
    return report


def _load_all(store: EmbeddedStore, report: BuildReport, added: list[Path], old: Path, progress: bool) -> None:
    sources = default_sources()
    steps = tqdm(total=len(sources) + len(added) + 1, desc="build", unit="graph", disable=not progress)
    with steps:
        report.graphs[ONTOLOGY_GRAPH] = store.replace_graph(GRAPH[ONTOLOGY_GRAPH], Graph().parse(ONTOLOGY_FILE))
        steps.update()
        for source in sources:
            steps.set_postfix_str(source.name)
            report.graphs[source.name] = store.replace_graph(GRAPH[source.name], source.load())
            steps.update()
        for path in added:
            steps.set_postfix_str(path.name)
            name, graph = load_declaration_file(path)
            if name in report.graphs:
                raise SourceError(str(path), f"a document named '{name}' is already in the graph; rename the file")
            report.graphs[name] = store.replace_graph(GRAPH[name], graph)
            steps.update()
    _carry_over_added(store, report, old)


def _carry_over_added(store: EmbeddedStore, report: BuildReport, old_path: Path) -> None:
    """Copy the graphs of declarations added by earlier builds from the old store."""
    if not (old_path / "CURRENT").exists():
        return
    old = EmbeddedStore(old_path, read_only=True)
    for iri in old.graph_names():
        name = iri.removeprefix(str(GRAPH))
        if name not in report.graphs and name not in DERIVED_GRAPHS:
            report.graphs[name] = store.copy_graph_from(old, iri)


def _build_record(report: BuildReport) -> Graph:
    """When and with which version the store was built, and what each graph holds."""
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
    return g


def _discard_staging(staging: Path, error: BaseException) -> None:
    """Remove the half-built store. Its handles live on in the traceback's frames (and RocksDB's
    threads may still write to the directory), so drop those locals and collect them first."""
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
