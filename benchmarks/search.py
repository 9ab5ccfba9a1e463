"""Full-text search at the largest size, against its peer in the same run: SPARQL text filters.

The store holds the built graph plus ``--copies`` copies of the declaration's text-bearing parts,
each copy a declaration of its own (3,500 copies: about 217,000 paragraphs). On it, one after the
other:

* index: ``ensure_index`` from nothing, against reading the same rows with the same SPARQL query
  alone (what any index must pay), so the ratio is what building the FTS5 index adds;
* search: ``search_file`` (the server's path) and ``search`` (which also checks the index is
  fresh), against a SPARQL query that finds the same parts with ``CONTAINS`` on the lower-cased
  text (no index, no stemming, no ranking; it must see every match before ranking could start).

Each search runs ``--rounds`` times; the median is kept. Not a test: prints a table, writes JSON.

    python benchmarks/search.py --copies 3500 --json benchmarks/search.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from gcmkg.graph.build import build
from gcmkg.graph.search import search, search_file
from gcmkg.graph.search_index import PARTS, ensure_index
from gcmkg.graph.store import EmbeddedStore

DECLARATION = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft"
GRAPH = "https://w3id.org/gcmkg/graph/"
TEXT = ox.NamedNode("https://w3id.org/gcmkg/ontology#text")
ENDED = ox.NamedNode("http://www.w3.org/ns/prov#endedAtTime")
GENERATED = ox.NamedNode("http://www.w3.org/ns/prov#generated")
# what is typed into the box, and the lower-case substrings the SPARQL peer looks for
SEARCHES = {
    "remittance costs": ["remittance", "cost"],
    "migrants": ["migrant"],
    "the": ["the"],
    '"digital remittance channels"': ["digital remittance channels"],
    "climat*": ["climat"],
}
PEER = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
SELECT ?part ?text WHERE {{ ?part gcmkg:text ?text . FILTER({tests}) }}"""


def enlarge(path: Path, copies: int) -> int:
    """Add ``copies`` copies of the declaration's text-bearing parts to the store, each as its own
    declaration and graph, and a new build record; return how many quads were added."""
    store = EmbeddedStore(path)
    source = store.oxigraph
    parts = {quad.subject for quad in source.quads_for_pattern(None, TEXT, None, ox.NamedNode(GRAPH + "imrf-2022-zero-draft"))}
    template = [quad for part in parts for quad in source.quads_for_pattern(part, None, None, None)]
    added = 0
    for copy in range(copies):
        name = f"bench-{copy:04d}"
        graph = ox.NamedNode(GRAPH + name)
        store.oxigraph.bulk_extend(
            ox.Quad(_renamed(q.subject, name), q.predicate, _renamed(q.object, name), graph) for q in template)
        added += len(template)
    build_graph = ox.NamedNode(GRAPH + "build")
    activity = next(source.quads_for_pattern(None, ENDED, None, build_graph)).subject
    source.remove_graph(build_graph)
    source.bulk_extend([ox.Quad(activity, ENDED, ox.Literal("2030-01-01T00:00:00+00:00", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#dateTime")), build_graph),
        *(ox.Quad(activity, GENERATED, ox.NamedNode(GRAPH + f"bench-{copy:04d}"), build_graph) for copy in range(copies))])
    store.flush()
    return added


def _renamed(term, name: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(DECLARATION):
        return ox.NamedNode(term.value.replace(DECLARATION, "https://w3id.org/gcmkg/id/doc/" + name, 1))
    return term


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def median_seconds(action, rounds: int) -> float:
    return statistics.median(timed(action)[0] for _ in range(rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3500, help="copies of the declaration to add")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each search; the median is kept")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/search.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gcmkg-search-bench-") as folder:
        path = Path(folder) / "store"
        build(path, progress=False)
        seconds, added = timed(lambda: enlarge(path, args.copies))
        print(f"store: built, plus {added} quads in {args.copies} copies ({seconds:.0f} s)", flush=True)
        store = EmbeddedStore(path, read_only=True)
        read_seconds, parts = timed(lambda: sum(1 for _ in store.query(PARTS)))
        index_seconds, index = timed(lambda: ensure_index(store))
        size = index.stat().st_size
        print(f"index: {parts} parts; read {read_seconds:.1f} s, index {index_seconds:.1f} s, {size / 1e6:.0f} MB",
              flush=True)
        rows = []
        for typed, needles in SEARCHES.items():
            peer = PEER.format(tests=" && ".join(f'CONTAINS(LCASE(?text), "{n}")' for n in needles))
            matches = sum(1 for _ in store.query(peer))
            fts = median_seconds(lambda typed=typed: search_file(index, typed, limit=10), args.rounds)
            fresh = median_seconds(lambda typed=typed: search(store, typed, limit=10), args.rounds)
            sparql = median_seconds(lambda peer=peer: sum(1 for _ in store.query(peer)), args.rounds)
            rows.append({"search": typed, "peer_matches": matches, "search_file_ms": round(fts * 1000, 2),
                         "search_ms": round(fresh * 1000, 2), "sparql_contains_ms": round(sparql * 1000, 1),
                         "speedup_vs_sparql": round(sparql / fts, 1)})
            print(rows[-1], flush=True)
    report(args, parts, read_seconds, index_seconds, size, rows)


def report(args, parts: int, read_seconds: float, index_seconds: float, size: int, rows: list[dict]) -> None:
    from tabulate import tabulate

    print()
    print(tabulate([[r["search"], r["peer_matches"], r["search_file_ms"], r["search_ms"], r["sparql_contains_ms"],
                     r["speedup_vs_sparql"]] for r in rows],
                   headers=["search", "matches", "search_file ms", "search ms", "SPARQL CONTAINS ms", "x SPARQL"]))
    print(f"\nindex build: {index_seconds:.1f} s for {parts} parts = "
          f"{index_seconds / read_seconds:.2f} x reading them with SPARQL ({read_seconds:.1f} s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "copies": args.copies, "parts": parts, "machine": platform.platform(), "cpus": os.cpu_count(),
        "python": sys.version.split()[0], "read_s": round(read_seconds, 2), "index_s": round(index_seconds, 2),
        "index_vs_read": round(index_seconds / read_seconds, 2), "index_mb": round(size / 1e6, 1), "searches": rows,
    }, indent=2) + "\n")
    print(f"written {args.json}")


if __name__ == "__main__":
    main()
