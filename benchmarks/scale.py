"""Ingest and query at scale: synthetic declarations through ``gcmkg build --add``, against a raw bulk load.

For each corpus size, in a temporary folder of its own:

* the corpus: ``synthetic.write_corpus`` (declarations in the real text form, ``benchmarks/synthetic.py``);
* the build, as a user runs it: ``gcmkg build --quiet --store S --add CORPUS_DIR`` in a child process
  (``--add-files``: ``--add FILE...``, every file named).
  Wall time, documents/s and triples/s (all quads in the built store, sources and derived graphs
  included, over the whole build), store size on disk, and peak memory. The child is reaped with
  ``os.wait4``, whose resource usage is that one process's: ``ru_maxrss`` is the kernel's high-water
  mark of its resident set, exact and without polling. The parsing workers the build starts count
  as the largest of those processes, not added to the main one. ``RUSAGE_CHILDREN`` would instead keep the maximum
  over every child this script ever waited for, so a small size run after a big one would report
  the big one's peak;
* the peer, in the same run: the built store's quads dumped to N-Quads and loaded into a fresh
  store with pyoxigraph's ``Store.bulk_load``: raw triples/s, and the ratio ours / raw (aim >= 0.5);
* queries on the built store opened read-only: p50 and p95 over ``--runs`` runs
  (after warm-up; fewer when one query's runs pass ``--budget`` seconds, and only its first run
  when that took over ``--slow`` seconds, shown as "once: N s"; each query runs in a child process,
  killed past ``--slow`` + ``--budget`` + 60 s and shown as "over N s") of the named queries
  ``alignments``, ``trace-para-53``, ``commitments-for-target`` (target sdg:10.c), the ``paragraph``
  lookup (numbers 1 to 57 in turn) and the full-text search (``gcmkg.graph.search.search``,
  "n/a" when there is none). Each run reads every row. Aims at a million triples: trace and lookup
  p95 under 50 ms, peak memory under 2 GB.

Not a test: prints a table and writes JSON.

    python benchmarks/scale.py --sizes 10,100,1000,3000 --json benchmarks/scale.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from gcmkg import __version__
from gcmkg.graph.named_queries import load_named_queries
from gcmkg.graph.store import EmbeddedStore

from synthetic import write_corpus  # benchmarks/ is on sys.path when this file runs as a script

GCMKG = Path(sys.executable).parent / "gcmkg"
SEARCHES = ("remittance channels", "reception services", "skills recognition", "migrant*", "\"safe transit corridors\"")
SEED_PARAGRAPHS = 57  # the paragraph lookup cycles over the seed declaration's paragraphs
QUERY_COLUMNS = ("alignments", "trace-para-53", "commitments-for-target", "paragraph", "search")


def build(store: Path, corpus: Path, files: list[Path], timeout: float | None, directory: bool) -> dict:
    """Run ``gcmkg build --add`` in a child process; its wall time and peak RSS (a failure raises)."""
    added = [corpus.name] if directory else [path.name for path in files]
    command = [str(GCMKG), "build", "--quiet", "--store", str(store), *(["--add", *added] if added else [])]
    log = store.with_name("build.log")
    with open(log, "wb") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=corpus.parent if directory else corpus, stdout=output,
                                 stderr=subprocess.STDOUT)
        while not (reaped := os.wait4(child.pid, os.WNOHANG))[0]:
            if timeout and time.perf_counter() - started > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                child.returncode = -9
                raise RuntimeError(f"build of {len(files)} declarations gave up after {timeout:g} s")
            time.sleep(0.05)
        _, status, usage = reaped
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait for it
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"build of {len(files)} declarations failed ({child.returncode}):\n{tail}")
    return {"build_s": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def disk_bytes(path: Path) -> int:
    """Bytes of the files under ``path``."""
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def raw_bulk_load(store: Path, work: Path) -> dict:
    """Dump the built store to N-Quads, then time pyoxigraph's ``bulk_load`` of it into a fresh store."""
    dump, fresh = work / "dump.nq", work / "raw-store"
    with open(dump, "wb") as output:
        ox.serialize(EmbeddedStore(store, read_only=True).quads(), output, format=ox.RdfFormat.N_QUADS)
    peer = ox.Store(str(fresh))
    started = time.perf_counter()
    peer.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - started
    quads = len(peer)
    del peer
    return {"raw_s": round(seconds, 2), "raw_quads": quads, "raw_triples_per_s": round(quads / seconds),
            "raw_store_mb": round(disk_bytes(fresh) / 1e6, 1), "dump_mb": round(dump.stat().st_size / 1e6, 1)}


def timed(run: Callable[[int], object], runs: int, budget: float, slow: float) -> dict:
    """Milliseconds of ``run(i)``: the first run (it may fill caches or make an index), then, unless
    that took over ``slow`` s, p50 and p95 over ``runs`` runs after two warm-up runs, stopping once
    the runs have taken ``budget`` s (at least three runs)."""
    started = time.perf_counter()
    run(0)
    first = time.perf_counter() - started
    if first > slow:
        return {"first_ms": round(1000 * first, 1), "runs": 0, "p50_ms": None, "p95_ms": None}
    for i in (1, 2):
        run(i)
    took: list[float] = []
    spent = time.perf_counter()
    for i in range(runs):
        started = time.perf_counter()
        run(i)
        took.append(1000 * (time.perf_counter() - started))
        if time.perf_counter() - spent > budget and len(took) >= 3:
            break
    cuts = statistics.quantiles(took, n=100, method="inclusive")
    return {"first_ms": round(1000 * first, 1), "runs": len(took), "p50_ms": round(statistics.median(took), 2),
            "p95_ms": round(cuts[94], 2)}


def query_runs(store: EmbeddedStore) -> dict[str, Callable[[int], object]]:
    """Each measured query as ``run(i)``, reading all its rows; the search only if the module exists."""
    named = load_named_queries()

    def rows(name: str, values: Callable[[int], dict[str, str]] = lambda i: {}) -> Callable[[int], object]:
        query = named[name]
        return lambda i: list(store.query(query.text, query.bind(values(i))))

    runs = {
        "alignments": rows("alignments"),
        "trace-para-53": rows("trace-para-53"),
        "commitments-for-target": rows("commitments-for-target", lambda i: {"target": "sdg:10.c"}),
        "paragraph": rows("paragraph", lambda i: {"number": str(i % SEED_PARAGRAPHS + 1)}),
    }
    try:
        from gcmkg.graph.search import search
    except ImportError:
        return runs
    runs["search"] = lambda i: search(store, SEARCHES[i % len(SEARCHES)], limit=10)
    return runs


def _time_query(store: Path, name: str, runs: int, budget: float, slow: float, results) -> None:
    """In a child process: open the store read-only and put ``timed`` of one query (``None``: no such query)."""
    run = query_runs(EmbeddedStore(store, read_only=True)).get(name)
    results.put(timed(run, runs, budget, slow) if run else None)


def query_latency(store: Path, name: str, args: argparse.Namespace) -> dict | None:
    """``timed`` of one query in a child process, killed when it runs past ``--slow`` + ``--budget`` + 60 s
    (pyoxigraph cannot stop a query once it runs)."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=_time_query, args=(store, name, args.runs, args.budget, args.slow, results))
    child.start()
    limit = args.slow + args.budget + 60
    try:
        return results.get(timeout=limit)
    except queue.Empty:
        child.kill()
        return {"first_ms": None, "runs": 0, "p50_ms": None, "p95_ms": None, "gave_up_after_s": limit}
    finally:
        child.join()


def measure(size: int, args: argparse.Namespace) -> dict:
    """Everything for one corpus size, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"gcmkg-scale-{size}-", dir=args.work) as folder:
        work = Path(folder)
        corpus = work / "corpus"
        files = write_corpus(corpus, size, seed=args.seed)
        store = work / "store"
        print(f"size {size}: {sum(p.stat().st_size for p in files) / 1e6:.1f} MB of text; building", flush=True)
        row: dict = {"size": size, "docs": len(files), **build(store, corpus, files, args.timeout, not args.add_files)}
        opened = EmbeddedStore(store, read_only=True)
        row["triples"] = len(opened)
        row["docs_per_s"] = round(size / row["build_s"], 2)
        row["triples_per_s"] = round(row["triples"] / row["build_s"])
        row["store_mb"] = round(disk_bytes(store) / 1e6, 1)
        index = store.with_name(store.name + ".search.sqlite")  # the search index, if the build made one
        row["search_index_mb"] = round(index.stat().st_size / 1e6, 1) if index.exists() else None
        print(f"size {size}: built in {row['build_s']} s; raw bulk load", flush=True)
        row.update(raw_bulk_load(store, work))
        row["ratio"] = round(row["triples_per_s"] / row["raw_triples_per_s"], 4)
        del opened
        row["queries"] = {}
        for name in QUERY_COLUMNS:
            if (latency := query_latency(store, name, args)) is not None:
                row["queries"][name] = latency
                print(f"size {size}: {name} {latency}", flush=True)
        shutil.rmtree(store, ignore_errors=True)
    return row


def report(rows: list[dict], args: argparse.Namespace) -> None:
    """The table and the JSON file."""
    from tabulate import tabulate

    def latency(row: dict, name: str) -> str:
        got = row["queries"].get(name)
        if got is None:
            return "n/a"
        if got["first_ms"] is None:
            return f"over {got['gave_up_after_s']:g} s"
        if not got["runs"]:
            return f"once: {got['first_ms'] / 1000:.0f} s"
        return f"{got['p50_ms']:g}/{got['p95_ms']:g}"

    table = [[r["size"], r["docs"], r["triples"], r["build_s"], r["docs_per_s"], r["triples_per_s"],
              r["raw_triples_per_s"], r["ratio"], r["peak_mb"], r["store_mb"],
              *(latency(r, name) for name in QUERY_COLUMNS)] for r in rows]
    headers = ["size", "docs", "triples", "build s", "docs/s", "triples/s", "raw triples/s", "ratio (aim >= 0.5)",
               "peak MB", "store MB", *(f"{name} p50/p95 ms" for name in QUERY_COLUMNS)]
    print()
    print(tabulate(table, headers=headers))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
                    "pyoxigraph": ox.__version__, "gcmkg": __version__},
        "seed": args.seed, "runs": args.runs, "budget_s": args.budget, "slow_s": args.slow, "results": rows,
    }, indent=2) + "\n")
    print(f"\nwritten {args.json}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000,3000", help="corpus sizes, comma-separated")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/scale.json"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query, after warm-up")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per query before stopping early")
    parser.add_argument("--slow", type=float, default=30.0,
                        help="a query whose first run takes longer is timed only once")
    parser.add_argument("--timeout", type=float, help="give up a build after this many seconds")
    parser.add_argument("--add-files", action="store_true",
                        help="pass the corpus's files to --add instead of its folder (for a build that takes only files)")
    parser.add_argument("--work", type=Path, help="where the temporary folders go (default: the system's)")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        try:
            rows.append(measure(size, args))
        except (RuntimeError, OSError) as error:
            print(f"size {size}: {error}", file=sys.stderr)
            break
    report(rows, args)


if __name__ == "__main__":
    main()
