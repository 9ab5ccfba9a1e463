"""The stores: pyoxigraph on disk (the default) or a SPARQL 1.1 server, one named graph per source.

Everything that reads or writes the graph goes through the methods of ``Store``, which both
``EmbeddedStore`` and ``remote_store.RemoteStore`` have; ``open_store`` picks one from a location.

>>> import tempfile
>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
>>> store = EmbeddedStore(tempfile.mkdtemp() + "/s")
>>> store.replace_graph("urn:g", g)
1
>>> [row["o"].value for row in store.query("SELECT ?o { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping, Protocol

import platformdirs
import pyoxigraph as ox
from rdflib import Graph

from gcmkg.errors import QueryError, StoreError

from .remote_store import Endpoints, RemoteStore, auth_from_environment
from .sparql_text import bind_values
from .terms import to_oxigraph


class Store(Protocol):
    """What the rest of gcm-kg asks of a store."""

    location: str

    def query(self, sparql: str, substitutions: Mapping[ox.Variable, object] | None = None, *,
              union: bool = True) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...

    def graph_names(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]: ...

    def replace_graph(self, name: str, graph: Graph) -> int: ...

    def __len__(self) -> int: ...


def default_store_path() -> Path:
    """Where the store lives unless ``--store`` says otherwise: ``$GCMKG_STORE``, else the user data dir."""
    configured = os.environ.get("GCMKG_STORE")
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("gcmkg")) / "store"


def default_store_location() -> str | Path:
    """``$GCMKG_STORE`` (a directory or an http(s) URL), else the directory in the user data dir."""
    configured = os.environ.get("GCMKG_STORE", "")
    return configured if is_remote(configured) else default_store_path()


def is_remote(location: str | Path | None) -> bool:
    """Whether a store location is a SPARQL server's URL rather than a directory."""
    return str(location or "").startswith(("http://", "https://"))


def open_store(location: str | Path | None = None, *, query_url: str | None = None,
               update_url: str | None = None, gsp_url: str | None = None) -> Store:
    """The built store at ``location``: a directory (opened read-only) or a SPARQL server's URL.

    >>> open_store("/nonexistent/store")
    Traceback (most recent call last):
    gcmkg.errors.StoreError: /nonexistent/store: no built store here; run `gcmkg build --store /nonexistent/store` first
    """
    location = default_store_location() if location is None else location
    if is_remote(location):
        return remote_store(str(location), query_url=query_url, update_url=update_url, gsp_url=gsp_url).check_built()
    return EmbeddedStore.open_built(Path(location).expanduser())


def remote_store(url: str, **urls: str | None) -> RemoteStore:
    """A ``RemoteStore`` at ``url`` (see ``Endpoints.from_url``), with credentials from the environment."""
    return RemoteStore(Endpoints.from_url(url, **urls), auth=auth_from_environment(), location=url)


class EmbeddedStore:
    """A pyoxigraph store in a directory; queries see the union of the named graphs by default."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        try:
            if read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self._store = ox.Store(str(self.path))
        except OSError as error:
            raise StoreError(f"{self.path}: cannot open the store ({error})") from error

    @classmethod
    def open_built(cls, path: str | Path) -> "EmbeddedStore":
        """Open a store that a build has made, read-only; a clear error if there is none."""
        path = Path(path)
        if not (path / "CURRENT").exists():
            raise StoreError(f"{path}: no built store here; run `gcmkg build --store {path}` first")
        return cls(path, read_only=True)

    def replace_graph(self, name: str, graph: Graph) -> int:
        """Replace the named graph ``name`` by the triples of ``graph``; return how many were written."""
        target = ox.NamedNode(str(name))
        if self._store.contains_named_graph(target):
            self._store.remove_graph(target)
        quads = (ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), target) for s, p, o in graph)
        self._store.bulk_extend(quads)
        self._store.add_graph(target)
        return len(graph)

    def copy_graph_from(self, other: "EmbeddedStore", name: str) -> int:
        """Copy the named graph ``name`` unchanged from another store; return how many quads it held."""
        target = ox.NamedNode(str(name))
        quads = list(other._store.quads_for_pattern(None, None, None, target))
        self._store.bulk_extend(quads)
        self._store.add_graph(target)
        return len(quads)

    def query(
        self,
        sparql: str,
        substitutions: Mapping[ox.Variable, object] | None = None,
        *,
        union: bool = True,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query; parameters are bound as RDF terms in a ``VALUES`` block opening the WHERE
        group (``sparql_text.bind_values``), never pasted into text.

        The ``VALUES`` block is what a remote store does too. It is also faster here than pyoxigraph's
        own ``substitutions``, which left a property path to run unbound first (0.2 s against 3.6 s
        for ``commitments-for-target`` on the seed graph).
        """
        try:
            text = bind_values(sparql, dict(substitutions or {}))
            return self._store.query(text, use_default_graph_as_union=union)
        except (SyntaxError, ValueError) as error:
            raise QueryError(f"invalid SPARQL: {error}") from error

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store itself, for what this interface does not wrap.

        The HTTP endpoint uses it for the SPARQL protocol's dataset (``default-graph-uri``),
        updates and Graph Store writes; everything else should go through the methods above.
        """
        return self._store

    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(graph.value for graph in self._store.named_graphs() if isinstance(graph, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterable[ox.Quad]:
        """Every quad, or those of one named graph."""
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write what is buffered to disk."""
        self._store.flush()
