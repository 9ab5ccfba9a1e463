"""Shared fixtures: one store built from the real sources, made once per test session."""

from __future__ import annotations

import pytest

from gcmkg.graph.build import build
from gcmkg.graph.store import EmbeddedStore

pytest_plugins = ["tests.sparql_servers"]


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory):
    """The path of a store built from the default sources (read it, do not change it)."""
    path = tmp_path_factory.mktemp("built") / "store"
    build(path, progress=False)
    return path


@pytest.fixture(scope="session")
def store(built_store_path) -> EmbeddedStore:
    """The built store, opened read-only."""
    return EmbeddedStore(built_store_path, read_only=True)


def select(store: EmbeddedStore, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT as dicts of plain strings, for short assertions."""
    results = store.query(sparql)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]
