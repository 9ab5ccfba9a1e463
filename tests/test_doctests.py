"""Every docstring example in the package runs and gives what it shows (the modules by import name)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gcmkg

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(gcmkg.__path__, "gcmkg.")
    if not info.name.endswith("__main__")
)
# the subpackages mapped from the top-level folders (pyproject's package-dir) are walked too
for package in ("gcmkg.loaders", "gcmkg.graph", "gcmkg.ontology", "gcmkg.queries"):
    module = importlib.import_module(package)
    MODULES += sorted(info.name for info in pkgutil.walk_packages(module.__path__, package + "."))


@pytest.mark.parametrize("name", sorted(set(MODULES)))
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.setenv("GCMKG_STORE", str(tmp_path / "store"))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
