"""A SPARQL 1.1 server as the store: the Query and Update protocols, and the Graph Store Protocol for writes.

``RemoteStore`` answers the same methods as ``EmbeddedStore``, so building, querying, tracing,
exporting and serving run unchanged against an Oxigraph server, Virtuoso or any other
conforming server. Its graphs are those under ``https://w3id.org/gcmkg/graph/``; whatever else
the server holds is left alone. Credentials come from ``$GCMKG_STORE_USER`` and
``$GCMKG_STORE_PASSWORD`` (HTTP Basic or Digest, as the server asks).

>>> endpoints = Endpoints.from_url("http://127.0.0.1:7878")   # a server root: Oxigraph's paths
>>> endpoints.query, endpoints.update, endpoints.gsp
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
>>> Endpoints.from_url("http://127.0.0.1:8890/sparql", gsp_url="http://127.0.0.1:8890/sparql-graph-crud").update
'http://127.0.0.1:8890/sparql'
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator, Mapping
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph

from gcmkg.errors import QueryError, StoreError

from ..ontology.vocab import GRAPH, ID
from .sparql_text import bind_values, query_form
from .terms import to_oxigraph

USER_VARIABLE, PASSWORD_VARIABLE = "GCMKG_STORE_USER", "GCMKG_STORE_PASSWORD"
RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
UPLOAD_TYPE = "text/turtle"  # N-Triples is Turtle; every Graph Store server reads Turtle
BATCH = 20_000  # triples per request when uploading a graph
OUR_GRAPHS = str(GRAPH)
STAGING = str(ID["staging/"])


@dataclass(frozen=True)
class Endpoints:
    """The URLs of a server's SPARQL Query, Update and Graph Store services."""

    query: str
    update: str | None = None
    gsp: str | None = None

    @classmethod
    def from_url(cls, url: str, *, query_url: str | None = None, update_url: str | None = None,
                 gsp_url: str | None = None) -> "Endpoints":
        """A server root (no path) gets the Oxigraph server's ``/query``, ``/update``, ``/store``; any
        other URL is the query endpoint, and updates go to the same URL. Explicit URLs win."""
        if urlsplit(url).path in ("", "/"):
            root = url.rstrip("/")
            default = cls(f"{root}/query", f"{root}/update", f"{root}/store")
        else:
            default = cls(url, url, None)
        return cls(query_url or default.query, update_url or default.update, gsp_url or default.gsp)


class ChallengeAuth(httpx.Auth):
    """HTTP Basic or Digest, whichever the server's first 401 challenge names; then remembered."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._chosen is None:
            response = yield request
            challenge = response.headers.get("www-authenticate", "").lower()
            if response.status_code != 401 or not challenge:
                return
            self._chosen = self._digest if challenge.startswith("digest") else self._basic
        yield from self._chosen.auth_flow(request)


def auth_from_environment() -> ChallengeAuth | None:
    """Credentials from ``$GCMKG_STORE_USER`` / ``$GCMKG_STORE_PASSWORD``, or none."""
    user = os.environ.get(USER_VARIABLE)
    return ChallengeAuth(user, os.environ.get(PASSWORD_VARIABLE, "")) if user else None


class RemoteStore:
    """A store behind SPARQL 1.1 endpoints; queries see the server's default graph (configure it as
    the union of the named graphs, as ``oxigraph serve --union-default-graph`` and Virtuoso do)."""

    def __init__(self, endpoints: Endpoints, *, auth: httpx.Auth | None = None, timeout: float = 600.0,
                 location: str | None = None) -> None:
        self.endpoints = endpoints
        self.location = location or endpoints.query  # the URL as the user gave it, for messages
        self.cache_key = endpoints.query  # names caches derived from this store, such as the search index
        self._client = httpx.Client(auth=auth, timeout=timeout, headers={"User-Agent": "gcm-kg"})

    def check_built(self) -> "RemoteStore":
        """This store, if a build has written it; a clear error if the server is unreachable or empty."""
        if not self.ask(f"ASK {{ GRAPH <{GRAPH['build']}> {{ ?s ?p ?o }} }}"):
            raise StoreError(f"{self.location}: no built graph here; run `gcmkg build --store {self.location}` first")
        return self

    def query(self, sparql: str, substitutions: Mapping[ox.Variable, object] | None = None, *,
              union: bool = True, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()):
        """Run a query; parameters are bound in a ``VALUES`` block (``sparql_text.bind_values``).

        ``union`` is the server's to decide (see the class); results are pyoxigraph objects, as the
        embedded store gives them.
        """
        try:
            text = bind_values(sparql, dict(substitutions or {}))
        except ValueError as error:
            raise QueryError(str(error)) from error
        form = query_form(text)
        accept = RDF_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
        fields = {"query": text, "default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
        response = self._send("POST", self.endpoints.query, data=fields, headers={"Accept": accept})
        if "x-sparql-maxrows" in response.headers:  # Virtuoso's only sign that it cut the answer
            raise StoreError(f"{self.location}: the server cut the answer at {response.headers['x-sparql-maxrows']} "
                             "rows; raise its result limit (Virtuoso: ResultSetMaxRows)")
        if accept != RESULTS_JSON:
            return _as_query_triples(_triples(response))
        results = ox.parse_query_results(_valid_blank_nodes(response.content), format=ox.QueryResultsFormat.JSON)
        if form == "ASK" and isinstance(results, ox.QuerySolutions):  # Virtuoso answers ASK with a table
            return _as_query_boolean(any(True for _ in results))
        return results

    def ask(self, sparql: str) -> bool:
        """The answer of an ASK query."""
        return bool(self.query(sparql))

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update through the Update protocol."""
        if not self.endpoints.update:
            raise StoreError(f"{self.location}: no update URL; pass --update-url")
        self._send("POST", self.endpoints.update, data={"update": sparql})

    def graph_names(self) -> list[str]:
        """The IRIs of gcm-kg's named graphs on the server, sorted."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                          f"FILTER(STRSTARTS(STR(?g), \"{OUR_GRAPHS}\")) }}")
        return sorted(row["g"].value for row in rows)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of gcm-kg's graphs, or those of one named graph."""
        for name in [graph] if graph else self.graph_names():
            target = ox.NamedNode(name)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
            response = self._send("POST", self.endpoints.query, data={"query": construct},
                                  headers={"Accept": RDF_ACCEPT})
            for triple in _triples(response):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, target)

    def __len__(self) -> int:
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                          f"FILTER(STRSTARTS(STR(?g), \"{OUR_GRAPHS}\")) }}")
        return int(next(iter(rows))["n"].value)

    def replace_graph(self, name: str, graph: Graph) -> int:
        """Replace the named graph ``name`` by ``graph``'s triples, whole or not at all; return the count."""
        triples = (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)
        self.publish({str(name): triples}, drop_others=False)
        return len(graph)

    def publish(self, graphs: Mapping[str, Iterable[ox.Triple]], *, drop_others: bool = True) -> None:
        """Upload each graph under a staging name, then swap them all in with one update request.

        If an upload fails, the staging graphs are dropped and the server's graphs are as they
        were. ``drop_others`` also drops gcm-kg graphs that ``graphs`` does not name (a rebuild).
        The swap drops the build record first and moves the new one in last: on a server whose
        update requests are not atomic (Virtuoso), a swap that fails halfway leaves no build
        record, so the store is not taken for a complete build.
        """
        run = f"{STAGING}{uuid.uuid4().hex}/"
        staged = {name: f"{run}{index}" for index, name in enumerate(graphs)}
        record = str(GRAPH["build"])
        try:
            for name, triples in graphs.items():
                self._upload(staged[name], triples)
            stale = set(self.graph_names()) - set(graphs) if drop_others else set()
            swap = [*(f"MOVE SILENT GRAPH <{staged[n]}> TO GRAPH <{n}>" for n in graphs if n != record),
                    *(f"DROP SILENT GRAPH <{n}>" for n in sorted(stale))]
            if record in graphs:  # the build record goes out first and comes back last
                swap = [f"DROP SILENT GRAPH <{record}>", *swap, f"MOVE SILENT GRAPH <{staged[record]}> TO GRAPH <{record}>"]
            self.update(" ;\n".join(swap))
        except BaseException:
            self._drop_quietly(staged.values())
            raise

    def add_triples(self, name: str, triples: Iterable[ox.Triple]) -> None:
        """Add triples to the named graph ``name`` (Graph Store POST), creating it if need be."""
        self._upload(name, triples, replace=False)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _upload(self, graph: str, triples: Iterable[ox.Triple], *, replace: bool = True) -> None:
        if not self.endpoints.gsp:
            raise StoreError(f"{self.location}: no Graph Store URL to write graphs through; pass --gsp-url")
        iterator = iter(triples)
        method = "PUT" if replace else "POST"  # a PUT creates (or empties) the graph, the next batches add
        while True:
            batch = list(islice(iterator, BATCH))
            if not batch and method == "POST":
                return
            body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES)
            self._send(method, self.endpoints.gsp, params={"graph": graph}, content=body,
                       headers={"Content-Type": UPLOAD_TYPE})
            method = "POST"

    def _drop_quietly(self, graphs: Iterable[str]) -> None:
        try:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        except (StoreError, QueryError):
            pass  # the server is what failed; the staging graphs are invisible to gcm-kg's graph list

    def _send(self, method: str, url: str, **request) -> httpx.Response:
        try:
            response = self._client.request(method, url, **request)
        except httpx.TimeoutException as error:
            raise StoreError(f"{url}: the store did not answer in time ({error})") from error
        except httpx.HTTPError as error:
            raise StoreError(f"{url}: cannot reach the store ({error})") from error
        if response.status_code in (401, 403):
            raise StoreError(f"{url}: the store refused the request (HTTP {response.status_code}); "
                             f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}")
        if response.status_code == 400:
            raise QueryError(f"{url}: the store rejected the request: {_message(response)}")
        if response.status_code >= 300:
            raise StoreError(f"{url}: HTTP {response.status_code}: {_message(response)}")
        return response


def _message(response: httpx.Response) -> str:
    """The first lines of a server's error body."""
    return " ".join(response.text.split())[:500] or response.reason_phrase


def _triples(response: httpx.Response) -> Iterator[ox.Triple]:
    """The triples of a server's CONSTRUCT answer, in whichever RDF format it chose."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    if media_type == "text/plain":  # N-Triples as servers from before RDF 1.1 label it
        media_type = "application/n-triples"
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if rdf_format is None:
        raise StoreError(f"the store answered a graph query with {media_type!r}, not an RDF format")
    return ox.parse(response.content, format=rdf_format)


def _valid_blank_nodes(json_results: bytes) -> bytes:
    """SPARQL JSON results with blank node labels pyoxigraph accepts (Virtuoso writes ``nodeID://b1``)."""
    if b'"bnode"' not in json_results:
        return json_results
    results = json.loads(json_results)
    for row in results.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode":
                value["value"] = re.sub(r"[^A-Za-z0-9_]", "_", value["value"])
    return json.dumps(results).encode("utf-8")


def _as_query_boolean(value: bool) -> ox.QueryBoolean:
    """An ASK answer as pyoxigraph's own result object."""
    return ox.Store().query("ASK {}" if value else "ASK { FILTER(false) }")


def _as_query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    """A server's CONSTRUCT answer as pyoxigraph's own result object, through an in-memory store."""
    local = ox.Store()
    local.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return local.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
