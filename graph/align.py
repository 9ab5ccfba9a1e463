"""The alignment step of the build: run every aligner, keep one record per link, write the derived graphs.

Aligners are modules of this package with ``alignments(store) -> Iterator[Alignment]``: explicit
references, round-table structure, and (when present) the curated crosswalks and the text
similarity suggestions. ``enrich`` writes ``graph/alignment`` and then ``graph/inferred``.

>>> import tempfile
>>> from gcmkg.graph.build import build
>>> from gcmkg.graph.store import EmbeddedStore
>>> path = tempfile.mkdtemp() + "/store"
>>> _ = build(path, progress=False)
>>> counts = enrich(EmbeddedStore(path))
>>> counts["alignment"] > 1000 and counts["inferred"] > 1000
True
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable

from rdflib import Graph

from ..ontology.vocab import GRAPH
from .alignments import BASES, Alignment, alignment_graph
from .store import EmbeddedStore

# aligner modules in order of strength; a missing optional one (not written yet) is skipped
ALIGNERS = ("references", "structure", "crosswalk", "similarity")
OPTIONAL = {"crosswalk", "similarity"}


def aligners() -> list[Callable[[EmbeddedStore], Iterable[Alignment]]]:
    """The ``alignments`` function of every aligner module that exists."""
    found = []
    for name in ALIGNERS:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as error:
            if name in OPTIONAL and error.name == f"{__package__}.{name}":
                continue
            raise
        found.append(module.alignments)
    return found


def deduplicate(links: Iterable[Alignment]) -> list[Alignment]:
    """One record per link (same source, relation, target, basis and method): the best score, then the first words.

    A paragraph that names the 2030 Agenda twice gives one mention, quoting its first occurrence.

    >>> from gcmkg.ontology.vocab import ID, SDG
    >>> a = Alignment(ID["gcm/objective/20"], SDG["10.c"], "citation", 1.0, "demo", "target 10.c", 40, 51)
    >>> b = Alignment(ID["gcm/objective/20"], SDG["10.c"], "citation", 1.0, "demo", "target 10.c", 9, 20)
    >>> [link.evidence_start for link in deduplicate([a, b])]
    [9]
    """
    best: dict[object, Alignment] = {}
    for link in links:
        kept = best.get(link.iri)
        rank = (-link.score, link.evidence_start if link.evidence_start is not None else -1)
        if kept is None or rank < (-kept.score, kept.evidence_start if kept.evidence_start is not None else -1):
            best[link.iri] = link
    return sorted(best.values(), key=lambda l: (BASES.index(l.basis), str(l.source), str(l.target), l.method))


def align(store: EmbeddedStore) -> list[Alignment]:
    """Every alignment the aligners find in the store, deduplicated, strongest basis first."""
    return deduplicate(link for aligner in aligners() for link in aligner(store))


def count_by_basis(links: Iterable[Alignment]) -> dict[str, int]:
    """How many alignment records rest on each basis."""
    counts = dict.fromkeys(BASES, 0)
    for link in links:
        counts[link.basis] += 1
    return counts


def enrich(store: EmbeddedStore, *, reasoner: str = "rules") -> dict[str, int]:
    """Write ``graph/alignment`` and ``graph/inferred`` from the source graphs; return triples per graph.

    ``reasoner`` is ``"rules"`` (SPARQL rules to a fixpoint, no Java) or ``"owl"`` (owlready2 and
    HermiT). Earlier derived graphs are emptied first, so running it twice gives the same graphs.
    """
    from .reason import inference_alignments, materialise  # reason reads what align writes

    store.replace_graph(GRAPH["alignment"], Graph())
    store.replace_graph(GRAPH["inferred"], Graph())
    links = align(store)
    store.replace_graph(GRAPH["alignment"], alignment_graph(links))
    inferred = materialise(store, reasoner=reasoner)
    counts = {"inferred": store.replace_graph(GRAPH["inferred"], inferred)}
    links += inference_alignments(store, links)
    counts["alignment"] = store.replace_graph(GRAPH["alignment"], alignment_graph(links))
    return counts
