"""Real SPARQL 1.1 servers on 127.0.0.1 for the remote-store tests: the Oxigraph server and Virtuoso.

Registered in ``tests/conftest.py`` through ``pytest_plugins``. Each server starts once per session
on free loopback ports with its data in a tmp dir, and is stopped at the end. A test that must
pass on both asks for ``sparql_server``; one server alone is ``oxigraph_server`` or ``virtuoso_server``:

    def test_answers(sparql_server):
        httpx.get(sparql_server.query_url, params={"query": "ASK {}"}).raise_for_status()

Outside pytest (``benchmarks/remote.py``), ``with oxigraph(folder) as server:`` and
``with virtuoso(folder) as server:`` start and stop one.

Queries see the union of the named graphs as their default graph on both servers. Oxigraph has
no authentication; Virtuoso writes only through its digest-authenticated endpoints, as a user
made here with the ``SPARQL_UPDATE`` role (``dba`` gets a fresh password too).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import httpx
import pytest

from tests.server_process import free_port

START_TIMEOUT = 60.0  # seconds; a fresh Virtuoso database takes about 2 s here, Oxigraph well under 1 s
VIRTUOSO_USER = "gcmkg"

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {data}/virtuoso.db
ErrorLogFile = {data}/virtuoso.log
LockFile = {data}/virtuoso.lck
TransactionFile = {data}/virtuoso.trx
xa_persistent_file = {data}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {data}/virtuoso-temp.db
TransactionFile = {data}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
; ORDER BY with LIMIT/OFFSET beyond this many rows fails (default 10000)
MaxSortedTopRows = 1000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {data}
ServerThreads = 4

[SPARQL]
; the defaults (10000 rows, 60 s, a cost estimate limit) would cut or refuse big answers
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class SparqlServer:
    """Where a running server answers, and the credentials its writes need (None: no auth)."""

    name: str
    base_url: str
    query_url: str
    update_url: str
    gsp_url: str
    user: str | None = None
    password: str | None = None

    @property
    def auth(self) -> httpx.Auth | None:
        """The credentials as httpx auth (Virtuoso asks for Digest), or None."""
        return httpx.DigestAuth(self.user, self.password) if self.user else None


class ServerMissing(RuntimeError):
    """A server's program is not installed (the message says how to install it)."""


class ServerFailed(RuntimeError):
    """A server exited or did not answer in time (the message ends with its log tail)."""


def find_binary(name: str, install_hint: str) -> str:
    """The path of a server's program: this venv's bin first, then PATH."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if not found:
        raise ServerMissing(f"{name} not found; install it with: {install_hint}")
    return found


def log_tail(log: Path, lines: int = 30) -> str:
    """The last lines of a server's log, for failure messages."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"


def answers(url: str) -> bool:
    """Whether a SPARQL query endpoint answers ``ASK {}`` with 200."""
    try:
        return httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def running(name: str, command: list[str], log: Path, ready: Callable[[], bool]) -> Iterator[None]:
    """Run ``command`` until the block ends (terminate, wait, kill); ``ServerFailed`` if it does not start."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not ready():
            if process.poll() is not None:
                raise ServerFailed(f"{name} exited with code {process.returncode}:\n{log_tail(log)}")
            if time.monotonic() > deadline:
                raise ServerFailed(f"{name} did not answer within {START_TIMEOUT:.0f} s:\n{log_tail(log)}")
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph(folder: Path) -> Iterator[SparqlServer]:
    """``oxigraph serve`` on a fresh directory, with the union of the named graphs as default graph."""
    program = find_binary("oxigraph", "pip install 'oxigraph>=0.5,<0.6'")
    base = f"http://127.0.0.1:{free_port()}"
    command = [program, "serve", "--location", str(folder / "data"), "--bind", base.removeprefix("http://"),
               "--union-default-graph"]
    with running("oxigraph serve", command, folder / "server.log", lambda: answers(f"{base}/query")):
        yield SparqlServer("oxigraph", base, f"{base}/query", f"{base}/update", f"{base}/store")


@contextmanager
def virtuoso(data: Path) -> Iterator[SparqlServer]:
    """Virtuoso on a fresh database; writes go to ``/sparql-auth`` and ``/sparql-graph-crud-auth``."""
    program = find_binary("virtuoso-t", "apt-get install virtuoso-opensource")
    isql = find_binary("isql-vt", "apt-get install virtuoso-opensource")
    sql_port, http_port = free_port(), free_port()
    (data / "virtuoso.ini").write_text(VIRTUOSO_INI.format(data=data, sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    log = data / "server.log"
    command = [program, "+configfile", str(data / "virtuoso.ini"), "+foreground"]

    def ready() -> bool:  # the HTTP listener comes up a moment before the SQL one isql needs
        return "Server online at" in log.read_text(errors="replace") and answers(f"{base}/sparql")

    with running("virtuoso-t", command, log, ready):
        password = secrets.token_hex(12)
        setup = (f"DB.DBA.USER_CREATE ('{VIRTUOSO_USER}', '{password}'); "
                 f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\"; "
                 f"USER_SET_PASSWORD ('dba', '{secrets.token_hex(12)}');")
        result = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={setup}"],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:  # isql exits 0 on SQL errors
            raise ServerFailed(f"setting up Virtuoso's users failed:\n{result.stdout}{result.stderr}")
        yield SparqlServer("virtuoso", base, f"{base}/sparql", f"{base}/sparql-auth",
                           f"{base}/sparql-graph-crud-auth", VIRTUOSO_USER, password)


SERVERS = {"oxigraph": oxigraph, "virtuoso": virtuoso}


def serve_for_tests(name: str, folder: Path) -> Iterator[SparqlServer]:
    """A server for a fixture: a missing program skips (fails under CI), a failed start fails."""
    try:
        with SERVERS[name](folder) as server:
            yield server
    except ServerMissing as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing), pytrace=False)
        pytest.skip(str(missing))
    except ServerFailed as failed:
        pytest.fail(str(failed), pytrace=False)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[SparqlServer]:
    """The Oxigraph server, once per session."""
    yield from serve_for_tests("oxigraph", tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator[SparqlServer]:
    """Virtuoso, once per session."""
    yield from serve_for_tests("virtuoso", tmp_path_factory.mktemp("virtuoso"))


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def sparql_server(request) -> SparqlServer:
    """Each real server in turn (test ids ``oxigraph`` and ``virtuoso``)."""
    return request.getfixturevalue(f"{request.param}_server")
