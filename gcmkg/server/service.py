"""The store as the server sees it: queries and writes through the worker pool, rows for the pages.

Everything the protocol routes and the pages ask of the graph goes through ``GraphService``, so
both get the same time limit, row cap, SERVICE policy and result cache. Parameters are bound as RDF terms
(SEP-0007 substitutions), never pasted into query text.

>>> wire_term(ox.NamedNode("http://metadata.un.org/sdg/10"))
['iri', 'http://metadata.un.org/sdg/10', None]
"""

from __future__ import annotations

import difflib
import json
from collections import OrderedDict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .limits import EndpointError, Limits
from .pool import WorkerPool
from gcmkg.graph.sparql_text import calls_service

GRAPHS_QUERY = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
FIGURE_TIMEOUT = 60.0
CACHED_TEXT = 8192  # longer queries are not kept as cache keys
SUBJECTS_QUERY = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"


def wire_term(term) -> list:
    """An RDF term as the worker reads it: ``[kind, value, extra]``."""
    if isinstance(term, ox.NamedNode):
        return ["iri", term.value, None]
    if isinstance(term, ox.BlankNode):
        return ["bnode", term.value, None]
    if term.language:
        return ["literal", term.value, {"lang": term.language}]
    return ["literal", term.value, {"datatype": term.datatype.value}]


@dataclass
class Answer:
    """A worker's answer: the bytes, their format and what they hold (rows, truncated)."""

    body: bytes
    format: str
    status: int = 200
    rows: int = 0
    truncated: bool = False
    kind: str = ""


class ResultCache:
    """The last answers by query, format, dataset and parameters; emptied by every write.

    The store changes only through this server's writes, so a cached answer is exactly what the
    store would give again. Large answers are not kept; ``entries=0`` turns the cache off.

    >>> cache = ResultCache(1); cache.put("a", Answer(b"1", "json")); cache.put("b", Answer(b"2", "json"))
    >>> cache.get("a") is None, cache.get("b").body
    (True, b'2')
    """

    MAX_BODY = 1 << 20

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._answers: OrderedDict = OrderedDict()

    def get(self, key) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key, answer: Answer) -> None:
        if self.entries <= 0 or len(answer.body) > self.MAX_BODY:
            return
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > self.entries:
            self._answers.popitem(last=False)

    def clear(self) -> None:
        self._answers.clear()


@dataclass
class GraphService:
    """Queries, writes and a few cached facts (graphs and their sizes, the IRIs for "did you mean")."""

    pool: WorkerPool
    limits: Limits
    cache_entries: int = 1024
    _graphs: list[tuple[str, int]] | None = field(default=None, init=False)
    _subjects: list[str] | None = field(default=None, init=False)
    _figures: dict = field(default_factory=dict, init=False)
    _results: ResultCache = field(init=False)

    def __post_init__(self) -> None:
        self._results = ResultCache(self.cache_entries)

    def check_service(self, text: str) -> None:
        """Refuse a federated SERVICE call unless the server was started with --allow-service."""
        if not self.limits.allow_service and calls_service(text):
            raise EndpointError(400, "federated SERVICE calls to other endpoints are disabled on this server "
                                     "(start it with --allow-service to enable them)")

    async def query(self, text: str, fmt: str = "json", *, default_graphs=(), named_graphs=(),
                    substitutions=None, max_rows: int | None = None) -> Answer:
        """Run a query and return its results serialized as ``fmt``; a worker's refusal is an ``EndpointError``."""
        self.check_service(text)
        subs = {var.value if hasattr(var, "value") else var: wire_term(value)
                for var, value in (substitutions or {}).items()}
        key = (text, fmt, tuple(default_graphs), tuple(named_graphs), json.dumps(subs, sort_keys=True), max_rows)
        cached = self._results.get(key) if len(text) <= CACHED_TEXT else None
        if cached is not None:
            return cached
        job = {"op": "query", "text": text, "format": fmt,
               # the cap guards against clients' queries; the pages' own queries state theirs
               "max_rows": self.limits.max_rows if max_rows is None else max_rows,
               "default_graphs": list(default_graphs), "named_graphs": list(named_graphs),
               "subs": subs}
        answer = self._answer(*await self.pool.run(_encode(job)))
        if len(text) <= CACHED_TEXT:
            self._results.put(key, answer)
        return answer

    async def rows(self, text: str, substitutions=None, max_rows: int = 2000) -> list[dict[str, dict]]:
        """The solutions of a SELECT as dicts of SPARQL-JSON terms (``{"type", "value", ...}``), for the pages."""
        answer = await self.query(text, "json", substitutions=substitutions, max_rows=max_rows)
        return json.loads(answer.body)["results"]["bindings"]

    async def graph(self, iri: str | None, fmt: str) -> Answer:
        """Graph Store GET of a named graph, or of the union default graph when ``iri`` is None."""
        return self._answer(*await self.pool.run(_encode({"op": "graph", "graph": iri, "format": fmt})))

    async def update(self, text: str) -> Answer:
        """A SPARQL Update, run alone by the pool's writer."""
        self.check_service(text)
        return self._written(await self.pool.write(_encode({"op": "update", "text": text})))

    async def write_graph(self, method: str, iri: str | None, media_type: str, body: bytes) -> Answer:
        """Graph Store PUT, POST or DELETE."""
        job = {"op": "write-graph", "method": method, "graph": iri, "media_type": media_type}
        return self._written(await self.pool.write(_encode(job), body))

    async def figure(self, name: str, iri: str | None = None) -> bytes:
        """A figure of ``gcmkg.graph.plots`` as SVG, drawn in a worker (cached until the next write).

        Drawing gets a longer time limit than a query: the first figure of a worker imports matplotlib.
        """
        key = (name, iri)
        if key not in self._figures:
            job = {"op": "figure", "name": name, "iri": iri}
            self._figures[key] = self._answer(*await self.pool.run(
                _encode(job), timeout=max(self.limits.timeout, FIGURE_TIMEOUT))).body
        return self._figures[key]

    def _written(self, reply: tuple[dict, bytes]) -> Answer:
        self._graphs = self._subjects = None  # the store changed: cached facts are stale
        self._figures.clear()
        self._results.clear()
        return self._answer(*reply)

    @staticmethod
    def _answer(header: dict, body: bytes) -> Answer:
        if header["status"] >= 300:
            raise EndpointError(header["status"], header.get("message", "error"))
        return Answer(body, header.get("format", ""), header["status"], header.get("rows", 0),
                      header.get("truncated", False), header.get("kind", ""))

    async def graphs(self) -> list[tuple[str, int]]:
        """The named graphs with their sizes (cached until the next write)."""
        if self._graphs is None:
            rows = await self.rows(GRAPHS_QUERY)
            self._graphs = [(row["g"]["value"], int(row["triples"]["value"])) for row in rows]
        return self._graphs

    async def close_matches(self, iri: str, n: int = 5) -> list[str]:
        """IRIs of the graph that look like ``iri``: the ones a mistyped or outdated link meant."""
        if self._subjects is None:
            rows = await self.rows(SUBJECTS_QUERY, max_rows=200_000)
            self._subjects = sorted(row["s"]["value"] for row in rows)
        parent = iri.rsplit("/", 1)[0]
        siblings = [s for s in self._subjects if s.startswith(parent)] or self._subjects
        return difflib.get_close_matches(iri, siblings, n=n, cutoff=0.6)


def _encode(job: dict) -> bytes:
    return json.dumps(job, ensure_ascii=False).encode("utf-8")
