"""The same build and queries on the embedded store and on each remote server, in one run.

For each store, one after the other (never two servers at once):

* embedded: a directory; oxigraph: ``oxigraph serve --union-default-graph``; virtuoso: Debian's
  Virtuoso with raised result limits (both started on loopback by ``tests/sparql_servers.py``);
* the build, as a user runs it: ``gcmkg build --quiet --store DIR|URL`` (plus ``--add`` of
  ``--corpus N`` synthetic declarations from ``benchmarks/synthetic.py``), in a child process: wall
  seconds and triples/s. For a server this is the local build plus the upload through the Graph
  Store Protocol and the swap, so the difference to the embedded build is the cost of the protocol;
* queries through ``open_store``, as the CLI and the API run them: p50 and p95 over ``--runs`` runs
  after a warm-up of ``alignments``, ``trace-para-53``, ``commitments-for-target`` (target sdg:10.c)
  and the ``paragraph`` lookup (numbers 1 to 57 in turn), each reading every row; and the ratio of
  each server's p50 to the embedded store's.

Needs the servers: ``oxigraph`` (test extra) and ``virtuoso-t`` (Debian ``virtuoso-opensource``).
Not a test: prints a table and writes JSON.

    python benchmarks/remote.py --runs 30 --json benchmarks/remote.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test servers' starters live in tests/

from gcmkg.graph.named_queries import load_named_queries  # noqa: E402
from gcmkg.graph.remote_store import ChallengeAuth, Endpoints, RemoteStore  # noqa: E402
from gcmkg.graph.store import Store, open_store  # noqa: E402
from synthetic import write_corpus  # noqa: E402  (benchmarks/ is on sys.path when this file runs)

from gcmkg import __version__  # noqa: E402
from tests.sparql_servers import SERVERS, SparqlServer  # noqa: E402

GCMKG = Path(sys.executable).parent / "gcmkg"
QUERIES = {
    "alignments": lambda run: {},
    "trace-para-53": lambda run: {},
    "commitments-for-target": lambda run: {"target": "sdg:10.c"},
    "paragraph": lambda run: {"number": str(run % 57 + 1)},
}


def store_options(server: SparqlServer | None, directory: Path) -> list[str]:
    """``--store`` and the endpoint options for one store."""
    if server is None:
        return ["--store", str(directory)]
    return ["--store", server.query_url, "--query-url", server.query_url,
            "--update-url", server.update_url, "--gsp-url", server.gsp_url]


def environment(server: SparqlServer | None) -> dict[str, str]:
    """The process environment, with the server's credentials where it has any."""
    if server is None or server.user is None:
        return dict(os.environ)
    return {**os.environ, "GCMKG_STORE_USER": server.user, "GCMKG_STORE_PASSWORD": server.password}


def timed_build(options: list[str], env: dict[str, str], added: list[Path]) -> float:
    """Seconds of ``gcmkg build`` in a child process; its output if it fails."""
    command = [str(GCMKG), "build", "--quiet", *options, *(["--add", *map(str, added)] if added else [])]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:6])} ... failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def latencies(store, runs: int) -> dict[str, dict[str, float]]:
    """p50 and p95 in ms of each query over ``runs`` runs after one warm-up, every row read."""
    named = load_named_queries()
    found = {}
    for name, parameters in QUERIES.items():
        query = named[name]
        times = []
        for run in range(runs + 1):
            bound = query.bind(parameters(run))
            started = time.perf_counter()
            results = store.query(query.text, bound)
            rows = sum(1 for _ in results)
            if run:  # the first run warms caches and connections
                times.append((time.perf_counter() - started) * 1000)
        cut = statistics.quantiles(times, n=20)
        found[name] = {"p50": round(statistics.median(times), 2), "p95": round(cut[18], 2), "rows": rows}
    return found


def opened(server: SparqlServer | None, directory: Path) -> Store:
    """The built store, opened as the CLI opens it, with the server's credentials."""
    if server is None:
        return open_store(directory)
    auth = ChallengeAuth(server.user, server.password) if server.user else None
    return RemoteStore(Endpoints(server.query_url, server.update_url, server.gsp_url), auth=auth).check_built()


def measure(name: str, server: SparqlServer | None, folder: Path, added: list[Path], runs: int) -> dict:
    """Build into one store and time the queries on it."""
    seconds = timed_build(store_options(server, folder / "store"), environment(server), added)
    store = opened(server, folder / "store")
    triples = len(store)
    return {"store": name, "build_s": round(seconds, 2), "triples": triples,
            "triples_per_s": round(triples / seconds), "queries": latencies(store, runs)}


def table(results: list[dict]) -> str:
    """One line per store: build, then p50/p95 per query and the p50 ratio to the embedded store."""
    base = results[0]["queries"]
    head = f"{'store':<10}{'build s':>9}{'triples':>10}{'tr/s':>9}" + "".join(
        f"{name[:22]:>26}" for name in QUERIES)
    lines = [head, " " * 38 + "".join(f"{'p50/p95 ms (x embedded)':>26}" for _ in QUERIES)]
    for result in results:
        cells = "".join(
            f"{q['p50']:>9.1f}/{q['p95']:<7.1f}({q['p50'] / max(base[n]['p50'], 0.01):4.1f}x)  "
            for n, q in result["queries"].items())
        lines.append(f"{result['store']:<10}{result['build_s']:>9.1f}{result['triples']:>10}"
                     f"{result['triples_per_s']:>9}  {cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="oxigraph,virtuoso", help="comma-separated: oxigraph, virtuoso")
    parser.add_argument("--corpus", type=int, default=0, help="synthetic declarations to add to the build")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (after one warm-up)")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="gcmkg-remote-") as scratch:
        root = Path(scratch)
        added = write_corpus(root / "corpus", args.corpus) if args.corpus else []
        (root / "embedded").mkdir()
        results.append(measure("embedded", None, root / "embedded", added, args.runs))
        for name in filter(None, args.servers.split(",")):
            folder = root / name
            folder.mkdir()
            with SERVERS[name](folder) as server:
                results.append(measure(name, server, folder, added, args.runs))
    print(table(results))
    if args.json:
        machine = {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                   "pyoxigraph": ox.__version__, "gcm-kg": __version__}
        args.json.write_text(json.dumps({"machine": machine, "corpus": args.corpus, "runs": args.runs,
                                         "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
