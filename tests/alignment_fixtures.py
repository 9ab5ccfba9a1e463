"""Fixtures for the alignment tests: a store built from the real sources and then enriched.

Used by the alignment test modules through ``pytest_plugins = ["tests.alignment_fixtures"]``; the
shared ``tests/conftest.py`` builds the plain store, this adds ``enrich`` on a store of its own.
"""

from __future__ import annotations

import gc

import pytest

from gcmkg.graph.align import align, enrich
from gcmkg.graph.build import build
from gcmkg.graph.store import EmbeddedStore


@pytest.fixture(scope="session")
def enriched_path(tmp_path_factory):
    """The path of a store built from the default sources and enriched (read it, do not change it)."""
    path = tmp_path_factory.mktemp("enriched") / "store"
    build(path, progress=False)
    store = EmbeddedStore(path)
    enrich(store)
    store.flush()
    del store
    gc.collect()  # release the write lock before read-only handles open the same directory
    return path


@pytest.fixture(scope="session")
def enriched(enriched_path) -> EmbeddedStore:
    """The enriched store, opened read-only."""
    return EmbeddedStore(enriched_path, read_only=True)


@pytest.fixture(scope="session")
def links(enriched):
    """The alignment records the aligners find on the real graph (before inference)."""
    return align(enriched)

