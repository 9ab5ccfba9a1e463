"""``gcmkg build --store URL`` on a real Oxigraph server and Virtuoso, each fresh for the test: the build
publishes every graph, a rebuild is idempotent, and a failed build leaves the server's graphs as they were."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gcmkg.graph.remote_store import ChallengeAuth, Endpoints, RemoteStore
from gcmkg.ontology.vocab import GRAPH
from tests.sparql_servers import SparqlServer, serve_for_tests

GCMKG = str(Path(sys.executable).parent / "gcmkg")
COASTAL = Path(__file__).parent / "data" / "synthetic-coastal-declaration.txt"


@pytest.fixture(params=["oxigraph", "virtuoso"])
def fresh_server(request, tmp_path_factory):
    """An empty server of each kind, started for one test."""
    yield from serve_for_tests(request.param, tmp_path_factory.mktemp(request.param))


def gcmkg(server: SparqlServer, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI against ``server`` with its endpoints and credentials."""
    env = dict(os.environ)
    if server.user:
        env.update(GCMKG_STORE_USER=server.user, GCMKG_STORE_PASSWORD=server.password)
    options = ["--store", server.query_url, "--query-url", server.query_url, "--update-url", server.update_url,
               "--gsp-url", server.gsp_url]
    return subprocess.run([GCMKG, *args, *options], capture_output=True, text=True, env=env)


def client(server: SparqlServer) -> RemoteStore:
    auth = ChallengeAuth(server.user, server.password) if server.user else None
    return RemoteStore(Endpoints(server.query_url, server.update_url, server.gsp_url), auth=auth)


def contents(store: RemoteStore) -> dict[str, int]:
    """Triples per gcm-kg graph on the server, the build record aside (its time changes)."""
    return {name: sum(1 for _ in store.quads(name)) for name in store.graph_names() if name != str(GRAPH["build"])}


def test_build_publishes_the_graph_and_rebuilds_idempotently(fresh_server, tmp_path):
    empty = gcmkg(fresh_server, "query", "commitments")
    assert empty.returncode == 2 and "no built graph" in empty.stderr

    added = tmp_path / "coastal-declaration.txt"
    shutil.copy(COASTAL, added)
    first = gcmkg(fresh_server, "build", "--quiet", "--add", str(added))
    assert first.returncode == 0, first.stderr
    store = client(fresh_server)
    built = contents(store)
    assert {"gcm", "agenda-2030", "alignment", "inferred", "coastal-declaration"} <= {
        name.removeprefix(str(GRAPH)) for name in built}
    assert not list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                "FILTER(STRSTARTS(STR(?g), \"https://w3id.org/gcmkg/id/staging/\")) } LIMIT 1"))

    again = gcmkg(fresh_server, "build", "--quiet")  # the added declaration is carried over
    assert again.returncode == 0, again.stderr
    assert contents(store) == built

    commitments = gcmkg(fresh_server, "query", "commitments", "--format", "csv")
    assert commitments.returncode == 0, commitments.stderr
    assert "coastal-declaration" in commitments.stdout


def test_a_failed_build_leaves_the_servers_graphs_as_they_were(fresh_server, tmp_path):
    assert gcmkg(fresh_server, "build", "--quiet").returncode == 0
    store = client(fresh_server)
    before = contents(store)
    broken = tmp_path / "broken-declaration.txt"
    broken.write_text("Broken Declaration\n\n1. We commit to act.\n\n1. Again number one.\n", encoding="utf-8")
    failed = gcmkg(fresh_server, "build", "--quiet", "--add", str(broken))
    assert failed.returncode == 2
    assert "broken-declaration.txt:" in failed.stderr
    assert contents(store) == before
    assert gcmkg(fresh_server, "query", "footnotes").returncode == 0  # still a complete build
