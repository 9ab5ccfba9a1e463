"""Exports: one small writer per format, found by name in a registry; a new format is a new entry.

RDF formats stream from the store through pyoxigraph's serializers (JSON-LD alone goes through
rdflib, to compact it with ``ontology/context.jsonld``); the network formats (GraphML, GEXF, CSV,
Cytoscape.js) write the networkx view. Every export is written to a temporary file beside the
target and renamed at the end, so a failed or interrupted export leaves nothing under the final
name. Turtle, N-Triples, RDF/XML and JSON-LD hold the union of the chosen graphs; N-Quads and TriG
keep each named graph. Without a choice, RDF exports hold every graph and network exports the
networkx view's default (all but ``ontology`` and ``build``).

>>> sorted(EXPORTERS)[:4]
['csv', 'cytoscape', 'gexf', 'graphml']
>>> find_exporter(None, Path("dump.ttl")).name
'turtle'
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
import pyoxigraph as ox
from rdflib import XSD, Graph, Literal

from gcmkg.errors import ExportError
from gcmkg.graph.labels import NAMESPACES, Labels
from gcmkg.graph.networkx_view import graph_iris, to_networkx
from gcmkg.graph.store import Store
from gcmkg.graph.terms import to_rdflib
from gcmkg.ontology import CONTEXT_FILE


@dataclass
class ExportSource:
    """What an exporter reads: the store, the chosen graphs (``None``: the default) and the labels.

    ``collapse_alignments`` makes the network formats draw each alignment record as the weighted
    edge it stands for instead of a node of its own (see ``to_networkx``).
    """

    store: Store
    labels: Labels
    graphs: list[str] | None = None
    collapse_alignments: bool = False

    @cached_property
    def rdf_graphs(self) -> list[str]:
        """The IRIs of the graphs an RDF export holds: the chosen ones, else every graph."""
        return self.store.graph_names() if self.graphs is None else graph_iris(self.store, self.graphs)

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the chosen graphs, graph after graph, streamed from the store."""
        return chain.from_iterable(self.store.quads(graph) for graph in self.rdf_graphs)

    def triples(self) -> Iterable[ox.Triple]:
        """The union of the chosen graphs, each triple once, streamed from the store."""
        # the graph IRIs were just read from the store, not user text; GRAPH rather than FROM, which
        # a server whose default graph is the union of all graphs may ignore
        sources = " ".join(f"<{graph}>" for graph in self.rdf_graphs)
        return self.store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {sources} }} GRAPH ?g {{ ?s ?p ?o }} }}")

    @cached_property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view of the chosen graphs."""
        return to_networkx(self.store, self.labels, graphs=self.graphs, collapse_alignments=self.collapse_alignments)


Writer = Callable[[ExportSource, Path], None]


@dataclass(frozen=True)
class Exporter:
    """A format: its name, file suffix, one-line summary, writer, and whether it writes a folder."""

    name: str
    suffix: str
    summary: str
    write: Writer
    aliases: tuple[str, ...] = ()
    folder: bool = False


EXPORTERS: dict[str, Exporter] = {}


def exporter(name: str, suffix: str, summary: str, *, aliases: tuple[str, ...] = (), folder: bool = False):
    """Register the decorated writer as the exporter of format ``name``."""
    def register(write: Writer) -> Writer:
        EXPORTERS[name] = Exporter(name, suffix, summary, write, aliases, folder)
        return write
    return register


def find_exporter(name: str | None, path: Path) -> Exporter:
    """The exporter called ``name`` (or an alias); without a name, the one whose suffix ``path`` has."""
    if name is None:
        for candidate in EXPORTERS.values():
            if candidate.suffix and path.name.lower().endswith(candidate.suffix):
                return candidate
        raise ExportError(f"cannot tell the format from {path.name!r}; give one of: {', '.join(EXPORTERS)}")
    key = name.lower().replace("_", "-")
    for candidate in EXPORTERS.values():
        if key == candidate.name or key in candidate.aliases:
            return candidate
    raise ExportError(f"unknown export format {name!r}; the formats are: {', '.join(EXPORTERS)}")


@dataclass
class ExportReport:
    """Where an export went, in which format, how many bytes and how long it took."""

    path: Path
    format: str
    size: int
    seconds: float
    files: list[Path] = field(default_factory=list)


def export(source: ExportSource, path: str | Path, format: str | None = None) -> ExportReport:
    """Write ``source`` to ``path`` in ``format`` (guessed from the suffix if ``None``), all or nothing."""
    path = Path(path).expanduser()
    chosen = find_exporter(format, path)
    started = time.perf_counter()
    staging = _staged_folder(path) if chosen.folder else _staged_file(path)
    try:
        with staging as written:
            chosen.write(source, written)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from error
    files = sorted(path.iterdir()) if chosen.folder else [path]
    size = sum(f.stat().st_size for f in files)
    return ExportReport(path, chosen.name, size, time.perf_counter() - started, files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _make_parent(path: Path) -> None:
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise ExportError(f"cannot write {path}: {blocking} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error} ({path.parent})") from error


@contextmanager
def _staged_file(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, renamed to it only if the block finishes."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder; give a file name")
    _make_parent(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; an export is an ordinary file
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


@contextmanager
def _staged_folder(path: Path) -> Iterator[Path]:
    """A temporary folder beside ``path``; its files move into ``path`` only if the block finishes."""
    if path.exists() and not path.is_dir():
        raise ExportError(f"cannot write {path}: it is a file; this format writes a folder")
    _make_parent(path)
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        yield temporary
        path.mkdir(exist_ok=True)
        for written in sorted(temporary.iterdir()):
            os.replace(written, path / written.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _rdf(format: ox.RdfFormat, *, quads: bool) -> Writer:
    def write(source: ExportSource, path: Path) -> None:
        ox.serialize(source.quads() if quads else source.triples(), str(path), format, prefixes=PREFIXES)
    return write


PREFIXES = {prefix: iri for prefix, iri in NAMESPACES.items() if prefix != "id"}
for _name, _suffix, _format, _quads, _aliases, _summary in [
    ("turtle", ".ttl", ox.RdfFormat.TURTLE, False, ("ttl",), "Turtle, the union of the chosen graphs"),
    ("ntriples", ".nt", ox.RdfFormat.N_TRIPLES, False, ("nt", "n-triples"), "N-Triples, the union, one triple a line"),
    ("nquads", ".nq", ox.RdfFormat.N_QUADS, True, ("nq", "n-quads"), "N-Quads, one quad a line, named graphs kept"),
    ("trig", ".trig", ox.RdfFormat.TRIG, True, (), "TriG, Turtle with the named graphs kept"),
    ("rdfxml", ".rdf", ox.RdfFormat.RDF_XML, False, ("rdf-xml", "rdf/xml", "xml"), "RDF/XML, the union"),
]:
    exporter(_name, _suffix, _summary, aliases=_aliases)(_rdf(_format, quads=_quads))


def _plain(term):
    """A literal typed xsd:string as a plain one (the same in RDF 1.1), so JSON-LD writes a bare string."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


@exporter("jsonld", ".jsonld", "JSON-LD compacted with ontology/context.jsonld, the union", aliases=("json-ld",))
def write_jsonld(source: ExportSource, path: Path) -> None:
    graph = Graph()
    for triple in source.triples():
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), _plain(to_rdflib(triple.object))))
    if CONTEXT_FILE.exists():
        context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
        graph.serialize(str(path), format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    else:  # no context shipped: expanded JSON-LD, still the same triples
        graph.serialize(str(path), format="json-ld", encoding="utf-8")


@exporter("graphml", ".graphml", "GraphML of the networkx view (Gephi, yEd, Cytoscape desktop)")
def write_graphml(source: ExportSource, path: Path) -> None:
    nx.write_graphml(source.network, str(path), encoding="utf-8")


@exporter("gexf", ".gexf", "GEXF 1.2 of the networkx view (Gephi)")
def write_gexf(source: ExportSource, path: Path) -> None:
    nx.write_gexf(source.network, str(path), encoding="utf-8")


NODE_COLUMNS = ("id", "type", "label", "text", "types")
EDGE_COLUMNS = ("source", "target", "predicate", "graph", "basis", "score", "evidence")


@exporter("csv", "", "a folder with nodes.csv and edges.csv of the networkx view", folder=True)
def write_csv(source: ExportSource, folder: Path) -> None:
    network = source.network
    with open(folder / "nodes.csv", "w", newline="", encoding="utf-8") as out:
        rows = csv.DictWriter(out, NODE_COLUMNS, extrasaction="ignore")
        rows.writeheader()
        rows.writerows({"id": node, **data} for node, data in network.nodes(data=True))
    with open(folder / "edges.csv", "w", newline="", encoding="utf-8") as out:
        rows = csv.DictWriter(out, EDGE_COLUMNS, extrasaction="ignore")
        rows.writeheader()
        rows.writerows({"source": u, "target": v, **data} for u, v, data in network.edges(data=True))


@exporter("cytoscape", ".cyjs", "Cytoscape.js JSON elements of the networkx view", aliases=("cyjs",))
def write_cytoscape(source: ExportSource, path: Path) -> None:
    network = source.network
    nodes = [{"data": {"id": node, **data}} for node, data in network.nodes(data=True)]
    edges = [{"data": {"id": f"e{i}", "source": u, "target": v, **data}}
             for i, (u, v, data) in enumerate(network.edges(data=True))]
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"elements": {"nodes": nodes, "edges": edges}}, out, ensure_ascii=False)
