"""Fixtures for the alignment tests: a store built from the real sources and then enriched.

Used by the alignment test modules through ``pytest_plugins = ["tests.alignment_fixtures"]``; the
store is the one ``tests/conftest.py`` builds, since a build runs ``enrich`` after the sources.
"""

from __future__ import annotations

import pytest

from gcmkg.graph.align import align
from gcmkg.graph.store import EmbeddedStore


@pytest.fixture(scope="session")
def enriched_path(built_store_path):
    """The built store's path: the build itself derives graph/alignment and graph/inferred."""
    return built_store_path


@pytest.fixture(scope="session")
def enriched(store) -> EmbeddedStore:
    """The built (and so enriched) store, opened read-only."""
    return store


@pytest.fixture(scope="session")
def links(enriched):
    """The alignment records the aligners find on the real graph (before inference)."""
    return align(enriched)

