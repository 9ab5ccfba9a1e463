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
from typing import Callable, Iterable, Sequence

from rdflib import Graph

from ..ontology.vocab import GRAPH
from .alignments import BASES, Alignment, alignment_graph
from .batch_writer import BatchWriter
from .nquads import TripleCollector
from .store import EmbeddedStore

# aligner modules in order of strength; a missing optional one (not written yet) is skipped
ALIGNERS = ("references", "structure", "crosswalk", "similarity")
OPTIONAL = {"crosswalk", "similarity"}
CHUNK = 20_000  # alignment records turned into N-Quads at a time (about 200,000 triples)


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
        key = (link.source, link.relation, link.target, link.basis, link.method)  # what its IRI is made of
        kept = best.get(key)
        rank = (-link.score, link.evidence_start if link.evidence_start is not None else -1)
        if kept is None or rank < (-kept.score, kept.evidence_start if kept.evidence_start is not None else -1):
            best[key] = link
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
    add_alignments(store, links)
    links = [link for link in links if link.accepted]  # all that inference reads; suggestions are the bulk
    inferred = materialise(store, reasoner=reasoner)
    if reasoner != "rules":  # the rules wrote graph/inferred as they went; rewriting it would double the work
        store.replace_graph(GRAPH["inferred"], inferred)
    counts = {"inferred": len(inferred)}
    add_alignments(store, inference_alignments(store, links))
    counts["alignment"] = graph_size(store, GRAPH["alignment"])
    return counts


def add_alignments(store: EmbeddedStore, links: Sequence[Alignment]) -> None:
    """Add the RDF of ``links`` to ``graph/alignment``, bulk-loaded a chunk of records at a time.

    A corpus of a thousand declarations has over a million records; as one rdflib ``Graph`` they
    would take gigabytes, and rewriting the graph to add the inferred ones would double that.
    """
    writer = BatchWriter(store.oxigraph)
    for start in range(0, len(links), CHUNK):
        triples = TripleCollector()
        alignment_graph(links[start:start + CHUNK], triples)
        writer.add("alignment", triples.nquads(GRAPH["alignment"]))
    writer.flush()


def graph_size(store: EmbeddedStore, graph: str) -> int:
    """How many triples the named graph ``graph`` holds."""
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", union=False)
    return int(next(iter(rows))["n"].value)
