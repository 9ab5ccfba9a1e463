"""Fixtures for the crosswalk, similarity and evaluation tests: an enriched store and the benchmark module.

Used through ``pytest_plugins = ["tests.crosswalk_fixtures"]``; the store is the shared one of
``tests/conftest.py``, which the build enriched.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from gcmkg.graph.store import EmbeddedStore

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "alignment_eval.py"


@pytest.fixture(scope="session")
def evaluated_store(store) -> EmbeddedStore:
    """The store built from the default sources, which the build enriched (do not change it)."""
    return store


@pytest.fixture(scope="session")
def alignment_eval():
    """The benchmark script as a module (``benchmarks/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("alignment_eval", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules["alignment_eval"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module
