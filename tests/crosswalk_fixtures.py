"""Fixtures for the crosswalk, similarity and evaluation tests: an enriched store and the benchmark module.

Used through ``pytest_plugins = ["tests.crosswalk_fixtures"]``. The shared built store of
``tests/conftest.py`` is used when the build enriched it; otherwise a store of their own is enriched.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path

import pytest

from gcmkg.graph.align import enrich
from gcmkg.graph.build import build
from gcmkg.graph.store import EmbeddedStore
from gcmkg.ontology.vocab import GRAPH

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "alignment_eval.py"


@pytest.fixture(scope="session")
def evaluated_store(store, tmp_path_factory) -> EmbeddedStore:
    """A store built from the default sources and enriched, opened read-only (do not change it)."""
    if str(GRAPH["alignment"]) in store.graph_names():
        return store
    path = tmp_path_factory.mktemp("crosswalk-enriched") / "store"
    build(path, progress=False)
    writable = EmbeddedStore(path)
    enrich(writable)
    writable.flush()
    del writable
    gc.collect()  # release the write lock before the read-only handle opens the directory
    return EmbeddedStore(path, read_only=True)


@pytest.fixture(scope="session")
def alignment_eval():
    """The benchmark script as a module (``benchmarks/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("alignment_eval", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules["alignment_eval"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module
