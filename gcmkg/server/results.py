"""Query results as bytes in a negotiated format, with at most ``max_rows`` rows or triples.

pyoxigraph serializes a whole result at once and has no row limit of its own; to stop at the
cap, its TSV (or N-Triples) output is cut after ``max_rows`` lines and read back into the asked
format, so every byte is written by pyoxigraph and the cap costs a line count. Runs in the query
worker, never in the server.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("x", language="en")))
>>> body, info = serialize_results(store.query("SELECT ?o { ?s ?p ?o }"), "json", 10)
>>> body
b'{"head":{"vars":["o"]},"results":{"bindings":[{"o":{"type":"literal","value":"x","xml:lang":"en"}}]}}'
>>> info
{'kind': 'solutions', 'rows': 1, 'truncated': False, 'format': 'json'}
"""

from __future__ import annotations

import pyoxigraph as ox

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# prefixes that make Turtle and RDF/XML readable; N-Triples and JSON-LD are written in full
PREFIXES = {
    "gcmkg": "https://w3id.org/gcmkg/ontology#",
    "id": "https://w3id.org/gcmkg/id/",
    "sdg": "http://metadata.un.org/sdg/",
    "sdgo": "http://metadata.un.org/sdg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "void": "http://rdfs.org/ns/void#",
}


class _Enough(Exception):
    """Raised inside pyoxigraph's serializer once more lines than needed were written."""


class _Lines:
    """A binary writer that keeps what pyoxigraph writes and stops it after ``limit`` lines."""

    def __init__(self, limit: int) -> None:
        self.chunks: list[bytes] = []
        self.lines = 0
        self.limit = limit
        self.stopped = False

    def write(self, data) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            self.stopped = True
            raise _Enough()
        return len(chunk)

    def flush(self) -> None:
        pass

    def first_lines(self, count: int) -> tuple[list[bytes], bool]:
        """The first ``count`` complete lines, and whether any line was left out."""
        lines = b"".join(self.chunks).split(b"\n")[:-1]  # the last piece is empty or unfinished
        return lines[:count], self.stopped or len(lines) > count


def _capped(write, limit: int) -> _Lines:
    """Let ``write(writer)`` serialize into a line-counting writer that stops after ``limit`` lines."""
    writer = _Lines(limit)
    try:
        write(writer)
    except Exception:  # noqa: BLE001 - pyoxigraph may wrap the writer's exception in its own
        if not writer.stopped:
            raise
    return writer


def serialize_results(results, fmt: str, max_rows: int) -> tuple[bytes, dict]:
    """Bytes of a query's results in format ``fmt`` and what they hold (kind, rows, truncated, format).

    Rows go through TSV (one solution per line, lossless) or N-Triples (one triple per line), so
    that pyoxigraph writes and reads everything and Python only counts lines for the cap. A format
    that does not fit the kind of result (CSV for a CONSTRUCT) falls back to the kind's default
    (Turtle, SPARQL JSON); the server negotiates before it asks, so this is rare.
    """
    if isinstance(results, ox.QueryBoolean):
        fmt = fmt if fmt in RESULTS_FORMATS else "json"
        return results.serialize(format=RESULTS_FORMATS[fmt]), {
            "kind": "boolean", "rows": 1, "truncated": False, "format": fmt}
    if isinstance(results, ox.QueryTriples):
        fmt = fmt if fmt in RDF_FORMATS else "turtle"
        lines, truncated = _capped(lambda w: results.serialize(w, format=ox.RdfFormat.N_TRIPLES),
                                   max_rows).first_lines(max_rows)
        lines = list(dict.fromkeys(lines))  # the union default graph repeats a triple held in two graphs
        triples = [quad.triple for quad in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)]
        return serialize_triples(triples, fmt), {
            "kind": "triples", "rows": len(triples), "truncated": truncated, "format": fmt}
    fmt = fmt if fmt in RESULTS_FORMATS else "json"
    lines, truncated = _capped(lambda w: results.serialize(w, format=ox.QueryResultsFormat.TSV),
                               max_rows + 1).first_lines(max_rows + 1)
    tsv = b"\n".join(lines) + b"\n"
    body = tsv if fmt == "tsv" else ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
        format=RESULTS_FORMATS[fmt])
    return body, {"kind": "solutions", "rows": len(lines) - 1, "truncated": truncated, "format": fmt}


def serialize_triples(triples, fmt: str) -> bytes:
    """Triples as Turtle, N-Triples, JSON-LD or RDF/XML (with readable prefixes where the format has them)."""
    rdf_format = RDF_FORMATS[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def term(wire: list):
    """An RDF term from its wire form ``[kind, value, extra]`` (kind ``iri``, ``bnode`` or ``literal``)."""
    kind, value, extra = wire
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if extra and extra.get("lang"):
        return ox.Literal(value, language=extra["lang"])
    datatype = extra.get("datatype") if extra else None
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
