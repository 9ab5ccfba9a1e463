"""The store a rebuild replaces: which added declarations it holds, from which file bytes, and their graphs.

A rebuild copies the graph of an added file whose name and sha256 are those the previous store
recorded for it (``dcterms:source`` -> ``rdfs:label`` / ``gcmkg:sha256``, see
``loaders/provenance.py``) instead of parsing the file again, and keeps the graphs of declarations
added by earlier builds. Graphs are reused only from a store built by this same version of
gcm-kg: another version's parser may read the same bytes differently.

The previous store is read only through ``graph_names``, ``quads`` and ``query``, which a SPARQL
server behind ``remote_store.RemoteStore`` answers as well as the embedded store.

>>> import tempfile
>>> from gcmkg.graph.store import EmbeddedStore
>>> from gcmkg.loaders.declaration_rdf import load_seed_declaration
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/store")
>>> store.replace_graph(GRAPH["imrf-2022-zero-draft"], load_seed_declaration())
1347
>>> previous = PreviousBuild(store)
>>> previous.graph_names(), previous.graph_nquads("imrf-2022-zero-draft")[1]
(['imrf-2022-zero-draft'], 1347)
>>> previous.source_files()  # no build record says this version built it: nothing is reused
{}
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from gcmkg import __version__

from ..ontology.vocab import GRAPH
from .store import EmbeddedStore, Store

SOURCE_FILES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
SELECT ?graph ?label ?sha256 WHERE {
  GRAPH ?graph { ?document dcterms:source ?file . ?file rdfs:label ?label ; gcmkg:sha256 ?sha256 }
}"""
VERSION = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?version WHERE {
  GRAPH <https://w3id.org/gcmkg/graph/build> { ?build prov:wasAssociatedWith ?software . ?software owl:versionInfo ?version }
}"""


def previous_store(store_path: Path) -> Store | None:
    """The store a build at ``store_path`` replaces, opened read-only; ``None`` on a first build."""
    return EmbeddedStore(store_path, read_only=True) if (store_path / "CURRENT").exists() else None


class PreviousBuild:
    """What a rebuild may take from the store it replaces (none at all on a first build)."""

    def __init__(self, store: Store | None) -> None:
        self.store = store

    def graph_names(self) -> list[str]:
        """The names of its graphs (``imrf-2022-zero-draft``, not the IRI)."""
        if self.store is None:
            return []
        return [iri.removeprefix(str(GRAPH)) for iri in self.store.graph_names() if iri.startswith(str(GRAPH))]

    def source_files(self) -> dict[str, set[tuple[str, str]]]:
        """Per graph name, the (file name, sha256) of each file it was read from; empty if another version built it."""
        if self.store is None or self.version() != __version__:
            return {}
        files: dict[str, set[tuple[str, str]]] = {}
        for row in self.store.query(SOURCE_FILES, union=False):
            name = row["graph"].value.removeprefix(str(GRAPH))
            files.setdefault(name, set()).add((row["label"].value, row["sha256"].value))
        return files

    def version(self) -> str | None:
        """The version of gcm-kg that built it, as its build record says."""
        rows = list(self.store.query(VERSION, union=False)) if self.store is not None else []
        return rows[0]["version"].value if rows else None

    def graph_nquads(self, name: str) -> tuple[bytes, int]:
        """The graph ``name``, unchanged, as N-Quads, and how many quads it holds."""
        quads = list(self.store.quads(str(GRAPH[name])))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS), len(quads)
