"""Throughput and latency of ``gcmkg serve`` against the Oxigraph server and rdflib-endpoint, in one run.

Each server gets the same data (the built store, dumped to N-Quads), the same union default graph,
and the same load: 16 clients on keep-alive connections, each sending SPARQL GET requests back
to back for a fixed time, for two queries:

* point: every statement about one paragraph of the declaration (rotating over its paragraphs);
* alignment: the paragraphs that advance one GCM objective with basis and score, and the
  frameworks each mentions (rotating over the 23 objectives).

``gcmkg serve`` runs twice: as shipped (with its result cache) and with ``--cache-entries 0``,
so that the cost of a query itself shows. The servers run one after the other, never at once.
Needs the ``bench`` extra (``pip install -e '.[bench]'``). Not a test: prints a table, writes JSON.

    python benchmarks/endpoint.py --store ./store --duration 10 --json benchmarks/endpoint.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from gcmkg.graph.build import build
from gcmkg.graph.store import EmbeddedStore

BIN = Path(sys.executable).parent
GCMKG = "https://w3id.org/gcmkg/ontology#"
POINT = "SELECT ?p ?o WHERE {{ <https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_{n}> ?p ?o }}"
ALIGNMENT = f"""PREFIX gcmkg: <{GCMKG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?paragraph ?basis ?score ?framework WHERE {{{{
  ?a gcmkg:alignmentSource ?paragraph ; gcmkg:alignmentTarget <https://w3id.org/gcmkg/id/gcm/objective/{{n}}> ;
     rdf:predicate gcmkg:advances ; gcmkg:basis ?basis ; gcmkg:score ?score .
  OPTIONAL {{{{ ?paragraph gcmkg:mentions ?framework . ?framework a gcmkg:Framework }}}}
}}}} ORDER BY DESC(?score) ?paragraph"""
QUERIES = {"point": [POINT.format(n=n) for n in range(1, 58)],
           "alignment": [ALIGNMENT.format(n=n) for n in range(1, 24)]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_bytes(port: int, path: str, query: str) -> bytes:
    target = f"{path}?{urllib.parse.urlencode({'query': query})}"
    return (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Accept: application/sparql-results+json\r\n\r\n").encode()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body and whether the server keeps the connection (Content-Length or chunked bodies)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while size := int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16):
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
    else:
        body = await reader.readexactly(int(headers.get("content-length", 0)))
    return status, bytes(body), headers.get("connection", "").lower() != "close"


async def client(port: int, requests: list[bytes], offset: int, deadline: float, record: dict) -> None:
    """One client: a request, wait for the whole answer, the next request, until the deadline."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = offset
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        writer.write(requests[index % len(requests)])
        index += 1
        status, _, keep = await read_response(reader)
        record["latencies"].append(time.perf_counter() - started)
        if status != 200:
            record["errors"] += 1
        if not keep:
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()


def load(port: int, path: str, queries: list[str], clients: int, seconds: float) -> dict:
    """Requests per second and latency percentiles of ``clients`` clients for ``seconds``."""
    requests = [request_bytes(port, path, q) for q in queries]
    record: dict = {"latencies": [], "errors": 0}

    async def run() -> float:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(client(port, requests, i * 7, deadline, record) for i in range(clients)))
        return time.perf_counter() - started

    elapsed = asyncio.run(run())
    latencies = sorted(record["latencies"])

    def pick(share: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 2)

    return {"requests": len(latencies), "errors": record["errors"], "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": pick(0.50), "p99_ms": pick(0.99)}


WRK_SCRIPT = """
local paths, counter = {}, 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = math.random(#paths)
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept"] = "application/sparql-results+json"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"p50_us\\": %d, \\"p99_us\\": %d}\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50), latency:percentile(99)))
end
"""


def load_with_wrk(port: int, path: str, queries: list[str], clients: int, seconds: float, work: Path) -> dict:
    """The same measure taken by wrk (C, two threads): a Python client cannot keep up with the Oxigraph server."""
    script, paths = work / "rotate.lua", work / f"paths-{port}.txt"
    script.write_text(WRK_SCRIPT)
    paths.write_text("".join(f"{path}?{urllib.parse.urlencode({'query': q})}\n" for q in queries))
    done = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s", "-s", str(script),
                           f"http://127.0.0.1:{port}{path}", "--", str(paths)],
                          capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRKJSON "))
    measured = json.loads(line[len("WRKJSON "):])
    return {"requests": measured["requests"], "errors": measured["errors"],
            "rps": round(measured["requests"] / (measured["duration_us"] / 1e6), 1),
            "p50_ms": round(measured["p50_us"] / 1000, 2), "p99_ms": round(measured["p99_us"] / 1000, 2)}


def rows(port: int, path: str, query: str) -> int:
    """How many solutions one server gives for ``query`` (to check the servers agree)."""
    async def once() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request_bytes(port, path, query))
        status, body, _ = await read_response(reader)
        writer.close()
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:300]!r}")
        return body
    return len(json.loads(asyncio.run(once()))["results"]["bindings"])


def started(command: list[str], port: int, path: str, log: Path, wait: float = 300) -> subprocess.Popen:
    """Start a server and wait until it answers a query."""
    process = subprocess.Popen(command, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited:\n{log.read_text()[-2000:]}")
        try:
            rows(port, path, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
            return process
        except (OSError, RuntimeError, asyncio.IncompleteReadError):
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"{command[0]} did not answer within {wait} s:\n{log.read_text()[-2000:]}")


def dump(store: Path, work: Path) -> Path:
    """The store as one N-Quads file, and an Oxigraph server store loaded from it (``oxigraph load``)."""
    nquads = work / "data.nq"
    with open(nquads, "wb") as out:
        ox.serialize(EmbeddedStore(store, read_only=True).quads(), out, format=ox.RdfFormat.N_QUADS)
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(nquads)],
                   check=True, capture_output=True)
    return nquads


def servers(store: Path, work: Path, nquads: Path) -> dict:
    """How to start each server on the same data, on a given port: its command and its query path."""
    ours = [str(BIN / "gcmkg"), "serve", "--store", str(store), "--timeout", "60", "--max-rows", "100000",
            "--log-level", "warning"]
    return {
        "gcmkg serve": (lambda port: [*ours, "--port", str(port)], "/sparql"),
        "gcmkg serve (no cache)": (lambda port: [*ours, "--port", str(port), "--cache-entries", "0"], "/sparql"),
        "oxigraph server": (lambda port: [str(BIN / "oxigraph"), "serve", "--location", str(work / "oxigraph"),
                                          "--bind", f"127.0.0.1:{port}", "--union-default-graph"], "/query"),
        "rdflib-endpoint": (lambda port: [str(BIN / "rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1",
                                          "--port", str(port)], "/"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build one in a temporary folder)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per server and query")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/endpoint.json"))
    parser.add_argument("--rounds", type=int, default=3, help="rounds per server and query; the median is kept")
    parser.add_argument("--python-client", action="store_true",
                        help="load with the asyncio client even if wrk is there")
    parser.add_argument("--only", nargs="*", help="run only these servers")
    args = parser.parse_args()
    for tool in ("oxigraph", "rdflib-endpoint"):
        if not (BIN / tool).exists():
            sys.exit(f"{tool} is missing: pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory(prefix="gcmkg-bench-") as folder:
        work = Path(folder)
        store = args.store or work / "store"
        if args.store is None:
            build(store, progress=False)
        commands = servers(store, work, dump(store, work))
        expected = {kind: len(list(EmbeddedStore(store, read_only=True).query(queries[0])))
                    for kind, queries in QUERIES.items()}
        running = {}
        try:
            for name, (command, path) in commands.items():
                if not args.only or name in args.only:
                    port = free_port()
                    running[name] = (started(command(port), port, path, work / f"{name.split()[0]}.log"), port, path)
            results = measure(running, expected, args, work)
        finally:
            for process, _, _ in running.values():
                process.terminate()
                process.wait(30)
    report(results, args)


def measure(running: dict, expected: dict, args, work: Path) -> list[dict]:
    """Load each server in turn, query by query, for ``--rounds`` rounds; keep each one's median round.

    The servers are all up but only one is loaded at a time; interleaving the rounds spreads any
    other load on the machine over all of them instead of one.
    """
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    rounds: dict[tuple[str, str], list[dict]] = {}
    for name, (_, port, path) in running.items():
        for kind, queries in QUERIES.items():
            got = rows(port, path, queries[0])
            if got != expected[kind]:
                print(f"note: {name} gives {got} rows for the first {kind} query, pyoxigraph {expected[kind]}")
            load(port, path, queries, args.clients, 1.0)  # warm up (and fill a cache, where there is one)
    for round_number in range(args.rounds):
        for kind, queries in QUERIES.items():
            for name, (_, port, path) in running.items():
                if use_wrk:
                    result = load_with_wrk(port, path, queries, args.clients, args.duration, work)
                else:
                    result = load(port, path, queries, args.clients, args.duration)
                rounds.setdefault((name, kind), []).append(result)
                print(f"round {round_number + 1}: {name:24} {kind:10} {result['rps']:>9} rps  "
                      f"p50 {result['p50_ms']:>8} ms  p99 {result['p99_ms']:>8} ms  errors {result['errors']}",
                      flush=True)
    return [{"server": name, "query": kind, "client": "wrk" if use_wrk else "python",
             **sorted(measured, key=lambda r: r["rps"])[len(measured) // 2], "rounds_rps": [r["rps"] for r in measured]}
            for (name, kind), measured in rounds.items()]


def report(results: list[dict], args) -> None:
    """The table, the ratios against the Oxigraph server and rdflib-endpoint, and the JSON file."""
    from tabulate import tabulate

    by = {(r["server"], r["query"]): r for r in results}
    print()
    print(tabulate([[r["server"], r["query"], r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]] for r in results],
                   headers=["server", "query", "req/s", "p50 ms", "p99 ms", "errors"]))
    ratios = []
    for ours in ("gcmkg serve", "gcmkg serve (no cache)"):
        for kind in QUERIES:
            row = [ours, kind]
            for peer in ("oxigraph server", "rdflib-endpoint"):
                mine, theirs = by.get((ours, kind)), by.get((peer, kind))
                row.append(round(mine["rps"] / theirs["rps"], 2) if mine and theirs and theirs["rps"] else None)
            ratios.append(row)
    print()
    print(tabulate(ratios, headers=["", "query", "x oxigraph server (aim >= 0.5)", "x rdflib-endpoint (aim >= 5)"]))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "clients": args.clients, "duration_s": args.duration, "machine": platform.platform(),
        "cpus": os.cpu_count(), "results": results,
        "ratios": [dict(zip(["server", "query", "vs_oxigraph", "vs_rdflib_endpoint"], r, strict=True)) for r in ratios],
    }, indent=2) + "\n")
    print(f"\nwritten {args.json}")


if __name__ == "__main__":
    main()
