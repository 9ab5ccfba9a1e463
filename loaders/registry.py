"""The sources a build loads, registered by name: adding a source is adding a loader module.

Each loader module calls ``register`` at import time; ``default_sources`` imports every module
of this package and returns what they registered, in a stable order.

>>> from gcmkg.loaders.registry import default_sources
>>> "imrf-2022-zero-draft" in [source.name for source in default_sources()]
True
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Graph

SOURCES_DIR = Path(__file__).resolve().parent / "sources"


@dataclass(frozen=True)
class Source:
    """A named graph the build fills: ``load()`` returns its triples from the files in ``sources/``."""

    name: str
    load: Callable[[], Graph]
    description: str


_REGISTERED: dict[str, Source] = {}


def register(name: str, description: str) -> Callable[[Callable[[], Graph]], Callable[[], Graph]]:
    """Register the decorated function as the loader of the graph ``name``."""

    def decorate(load: Callable[[], Graph]) -> Callable[[], Graph]:
        _REGISTERED[name] = Source(name, load, description)
        return load

    return decorate


def default_sources() -> list[Source]:
    """Every registered source, sorted by name, after importing all loader modules."""
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        importlib.import_module(f"{__package__}.{module.name}")
    return [_REGISTERED[name] for name in sorted(_REGISTERED)]
