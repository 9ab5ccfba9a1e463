"""A query worker: a process that holds the store open and answers one job at a time on stdin/stdout.

The server runs several (``pool.py``) and kills one whose query outlives the time limit, then
starts another: pyoxigraph cannot cancel a running query, but the operating system can end the
process running it. Readers open the store read-only; the one writer the pool starts for an
update opens it writable, only while no reader has it open.

A frame is ``!II`` (header length, payload length), a JSON header, then the payload bytes.

>>> import io
>>> buffer = io.BytesIO(); write_frame(buffer, {"op": "query"}, b"x"); _ = buffer.seek(0)
>>> read_frame(buffer)
({'op': 'query'}, b'x')
"""

from __future__ import annotations

import json
import os
import struct
import sys

import pyoxigraph as ox

from gcmkg.graph.remote_store import RemoteStore
from gcmkg.graph.sparql_text import calls_service
from gcmkg.graph.store import EmbeddedStore, Store, is_remote, remote_store

from . import remote_jobs
from .results import RDF_FORMATS, serialize_results, serialize_triples, term

FRAME = struct.Struct("!II")


def write_frame(stream, header: dict, payload: bytes = b"") -> None:
    """Write one frame and flush it."""
    data = json.dumps(header, ensure_ascii=False).encode("utf-8")
    stream.write(FRAME.pack(len(data), len(payload)) + data + payload)
    stream.flush()


def read_frame(stream) -> tuple[dict, bytes] | None:
    """Read one frame; ``None`` at the end of the stream."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    header_size, payload_size = FRAME.unpack(head)
    return json.loads(stream.read(header_size)), stream.read(payload_size)


def run_query(store: ox.Store, job: dict) -> tuple[dict, bytes]:
    """A SPARQL query with the protocol's dataset and bound parameters, serialized with the row cap."""
    options = {"use_default_graph_as_union": job.get("union", True)}
    if job.get("default_graphs"):
        options = {"default_graph": [ox.NamedNode(g) for g in job["default_graphs"]]}
    if job.get("named_graphs"):
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    substitutions = {ox.Variable(name): term(value) for name, value in (job.get("subs") or {}).items()}
    results = store.query(job["text"], substitutions=substitutions, **options)
    body, info = serialize_results(results, job.get("format", "json"), job.get("max_rows", 10_000))
    return {"status": 200, **info}, body


def read_graph(store: ox.Store, job: dict) -> tuple[dict, bytes]:
    """Graph Store GET: a named graph, or (no ``graph``) the union default graph queries see."""
    fmt = job.get("format") if job.get("format") in RDF_FORMATS else "turtle"
    if job.get("graph"):
        graph = ox.NamedNode(job["graph"])
        if not store.contains_named_graph(graph):
            return {"status": 404, "message": f"no graph <{graph.value}> in the store"}, b""
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    else:
        triples = list(dict.fromkeys(q.triple for q in store.quads_for_pattern(None, None, None, None)))
    return {"status": 200, "format": fmt, "rows": len(triples)}, serialize_triples(triples, fmt)


def write_graph(store: ox.Store, job: dict, payload: bytes) -> tuple[dict, bytes]:
    """Graph Store PUT (replace), POST (add) and DELETE of a named graph, or of the default graph."""
    graph = ox.NamedNode(job["graph"]) if job.get("graph") else ox.DefaultGraph()
    exists = isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)
    if job["method"] == "DELETE":
        if not exists:
            return {"status": 404, "message": f"no graph <{job['graph']}> in the store"}, b""
        _empty(store, graph)
        return {"status": 204}, b""
    rdf_format = ox.RdfFormat.from_media_type(job["media_type"])
    # parse everything before changing anything: a bad body leaves the graph as it was
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(payload, format=rdf_format)]
    if job["method"] == "PUT" and exists:
        _empty(store, graph)
    if not isinstance(graph, ox.DefaultGraph):
        store.add_graph(graph)
    store.extend(quads)
    store.flush()
    return {"status": 204 if exists else 201, "rows": len(quads)}, b""


def draw_figure(store: Store, job: dict, cache: dict) -> tuple[dict, bytes]:
    """A figure of ``gcmkg.graph.plots`` as SVG (``coverage``, ``alignment``, or ``network`` around ``iri``)."""
    import io

    from gcmkg.graph import plots
    from gcmkg.graph.labels import Labels

    if "labels" not in cache:  # reading every label takes a moment; a worker's store does not change
        cache["labels"] = Labels(store)
    name = job["name"]
    if name == "network":
        figure = plots.network(store, cache["labels"], job["iri"])
    elif name in ("coverage", "alignment"):
        figure = getattr(plots, name)(store, cache["labels"])
    else:
        return {"status": 404, "message": f"no figure named {name!r}"}, b""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    return {"status": 200, "format": "svg"}, buffer.getvalue()


def _empty(store: ox.Store, graph) -> None:
    if isinstance(graph, ox.DefaultGraph):
        store.clear_graph(graph)
    else:
        store.remove_graph(graph)


def handle(opened: Store, job: dict, payload: bytes, cache: dict) -> tuple[dict, bytes]:
    """Answer one job; errors become a status and a message, never an exception out of the loop."""
    try:
        if job["op"] == "figure":
            return draw_figure(opened, job, cache)
        if isinstance(opened, RemoteStore):
            return remote_jobs.handle(opened, job, payload)
        store = opened.oxigraph
        if job["op"] == "query":
            return run_query(store, job)
        if job["op"] == "graph":
            return read_graph(store, job)
        if job["op"] == "update":
            store.update(job["text"])
            store.flush()
            return {"status": 204}, b""
        if job["op"] == "write-graph":
            return write_graph(store, job, payload)
        return {"status": 500, "message": f"unknown job {job['op']!r}"}, b""
    except SyntaxError as error:
        return {"status": 400, "message": str(error)}, b""
    except ValueError as error:
        return {"status": 400, "message": str(error)}, b""
    except OSError as error:
        # a federated SERVICE call that failed is the other endpoint's fault: 502
        return {"status": 502 if calls_service(job.get("text", "")) else 500, "message": str(error)}, b""
    except Exception as error:  # noqa: BLE001 - a worker answers every job, whatever went wrong
        return {"status": 500, "message": f"{type(error).__name__}: {error}"}, b""


def open_store(location: str, mode: str, endpoints: dict[str, str | None]) -> Store:
    """The store a worker serves: a remote server, or the directory (read-only unless ``mode`` is write)."""
    if is_remote(location):
        return remote_store(location, **endpoints).check_built()
    return EmbeddedStore(location, read_only=(mode == "read"))


def serve(path: str, mode: str, endpoints: dict[str, str | None]) -> None:
    """Open the store, say ready, then answer frames until stdin closes."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries go to stderr, never into the frames
    sys.stdout = sys.stderr
    jobs = os.fdopen(0, "rb")
    try:
        store = open_store(path, mode, endpoints)
    except Exception as error:  # noqa: BLE001 - the pool reports it
        write_frame(channel, {"ready": False, "message": str(error)})
        return
    write_frame(channel, {"ready": True, "pid": os.getpid()})
    cache: dict = {}
    while (frame := read_frame(jobs)) is not None:
        write_frame(channel, *handle(store, *frame, cache))


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "read", json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
