"""The worker's jobs on a remote store: the same answers as on the embedded store, through SPARQL 1.1.

Queries keep the protocol's dataset (``default-graph-uri``, ``named-graph-uri``); Graph Store
writes go to the server's Graph Store endpoint, and a PUT replaces the graph whole or not at all.

>>> import pyoxigraph as ox
>>> from gcmkg.graph.remote_store import Endpoints, RemoteStore
>>> handle(RemoteStore(Endpoints.from_url("http://127.0.0.1:1")), {"op": "update", "text": "CLEAR ALL"}, b"")[0]["status"]
502
"""

from __future__ import annotations

import pyoxigraph as ox

from gcmkg.errors import QueryError, StoreError
from gcmkg.graph.remote_store import RemoteStore

from .results import RDF_FORMATS, serialize_results, serialize_triples, term


def handle(store: RemoteStore, job: dict, payload: bytes) -> tuple[dict, bytes]:
    """Answer a query, graph, update or write-graph job; a store that fails is a 502, a bad request a 400."""
    try:
        if job["op"] == "query":
            return run_query(store, job)
        if job["op"] == "graph":
            return read_graph(store, job)
        if job["op"] == "update":
            store.update(job["text"])
            return {"status": 204}, b""
        if job["op"] == "write-graph":
            return write_graph(store, job, payload)
        return {"status": 500, "message": f"unknown job {job['op']!r}"}, b""
    except QueryError as error:
        return {"status": 400, "message": str(error)}, b""
    except StoreError as error:
        return {"status": 502, "message": str(error)}, b""


def run_query(store: RemoteStore, job: dict) -> tuple[dict, bytes]:
    """A query with the protocol's dataset and bound parameters, serialized with the row cap."""
    substitutions = {ox.Variable(name): term(value) for name, value in (job.get("subs") or {}).items()}
    results = store.query(job["text"], substitutions, default_graphs=job.get("default_graphs") or (),
                          named_graphs=job.get("named_graphs") or ())
    body, info = serialize_results(results, job.get("format", "json"), job.get("max_rows", 10_000))
    return {"status": 200, **info}, body


def read_graph(store: RemoteStore, job: dict) -> tuple[dict, bytes]:
    """Graph Store GET of a named graph, or (no ``graph``) of every gcm-kg graph merged."""
    fmt = job.get("format") if job.get("format") in RDF_FORMATS else "turtle"
    if job.get("graph") and job["graph"] not in store.graph_names():
        return {"status": 404, "message": f"no graph <{job['graph']}> in the store"}, b""
    triples = list(dict.fromkeys(quad.triple for quad in store.quads(job.get("graph"))))
    return {"status": 200, "format": fmt, "rows": len(triples)}, serialize_triples(triples, fmt)


def write_graph(store: RemoteStore, job: dict, payload: bytes) -> tuple[dict, bytes]:
    """Graph Store PUT (replace), POST (add) and DELETE of a named graph; the default graph is the server's."""
    name = job.get("graph")
    if not name:
        return {"status": 400, "message": "name a graph (?graph=IRI): a remote store's default graph is the "
                                          "server's own"}, b""
    exists = name in store.graph_names()
    if job["method"] == "DELETE":
        if not exists:
            return {"status": 404, "message": f"no graph <{name}> in the store"}, b""
        store.update(f"DROP SILENT GRAPH <{ox.NamedNode(name).value}>")
        return {"status": 204}, b""
    try:  # parse everything before changing anything: a bad body leaves the graph as it was
        triples = list(ox.parse(payload, format=ox.RdfFormat.from_media_type(job["media_type"])))
    except SyntaxError as error:
        return {"status": 400, "message": str(error)}, b""
    if job["method"] == "PUT":
        store.publish({name: triples}, drop_others=False)
    else:
        store.add_triples(name, triples)
    return {"status": 204 if exists else 201, "rows": len(triples)}, b""
