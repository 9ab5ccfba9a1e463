"""Fixtures that run a real ``gcmkg serve`` process on 127.0.0.1 and a free port (imported by the server tests).

Only loopback traffic: the servers bind 127.0.0.1 and the tests talk to nothing else.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

GCMKG = str(Path(sys.executable).parent / "gcmkg")
TOKEN = "test-token-3f9a"
LIMITS = ("--timeout", "2", "--max-rows", "1000", "--max-body", "65536", "--workers", "2")


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    """A running server: its base URL, its process, its log file and its store."""

    url: str
    process: subprocess.Popen
    log: Path
    store: Path

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(store: Path, log: Path, *options: str) -> Served:
    """Start ``gcmkg serve`` and wait until ``/health`` answers (or fail with the server's log)."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen([GCMKG, "serve", "--store", str(store), "--port", str(port), *options],
                                   stdout=out, stderr=subprocess.STDOUT)
    served = Served(f"http://127.0.0.1:{port}", process, log, store)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gcmkg serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(served.url + "/health", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    served.stop()
    raise AssertionError(f"gcmkg serve did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(built_store_path, tmp_path_factory):
    """A read-only server on the built store: 2 s time limit, 1000 rows, 64 KiB bodies, 2 workers."""
    served = start_server(built_store_path, tmp_path_factory.mktemp("serve") / "server.log", *LIMITS)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def writable_server(built_store_path, tmp_path_factory):
    """A server with an update token on a copy of the built store (the shared store stays untouched)."""
    folder = tmp_path_factory.mktemp("serve-writable")
    store = folder / "store"
    shutil.copytree(built_store_path, store)
    served = start_server(store, folder / "server.log", *LIMITS, "--update-token", TOKEN)
    yield served
    served.stop()
