"""Score the alignment links of a built store against the hand-written gold pairs in ``tests/data``.

Precision and recall per basis (a link counts if its source and target make a gold pair, whatever
its relation), and recall@k of the similarity suggestions (is the gold target among the source's
k best suggestions of the target's framework?). Prints a table and writes JSON; never run as a test.

    python benchmarks/alignment_eval.py                  # build and enrich a store in a temporary folder
    python benchmarks/alignment_eval.py --store PATH     # read a store that was built and enriched
    python benchmarks/alignment_eval.py --json out.json

>>> gold = [Gold("s", "a", 1, "r"), Gold("s", "b", 1, "r"), Gold("s", "x", 0, "r")]
>>> precision_recall({("s", "a"), ("s", "x"), ("s", "z")}, gold)
{'links': 3, 'judged': 2, 'true_positives': 1, 'false_positives': 1, 'precision': 0.5, 'recall': 0.5}
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "alignment-gold.csv"
KS = (1, 3, 5)
LINKS = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
SELECT ?source ?target ?basis ?score { GRAPH <https://w3id.org/gcmkg/graph/alignment> {
  ?a a gcmkg:Alignment ; gcmkg:alignmentSource ?source ; gcmkg:alignmentTarget ?target ;
     gcmkg:basis ?b ; gcmkg:score ?score } BIND(REPLACE(STR(?b), "^.*/", "") AS ?basis) }"""


@dataclass(frozen=True)
class Gold:
    """A judged pair: ``label`` 1 if the source should be linked to the target, 0 if it should not."""

    source: str
    target: str
    label: int
    reason: str


@dataclass(frozen=True)
class Link:
    """An alignment record as the evaluation needs it."""

    source: str
    target: str
    basis: str
    score: float


def read_gold(path: str | Path = GOLD) -> list[Gold]:
    """The gold pairs; a row without a reason, a label other than 0/1 or a repeated pair is an error."""
    pairs, seen = [], set()
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["source", "target", "label", "reason"]:
            raise ValueError(f"{path}:1: the header must be source,target,label,reason")
        for record in reader:
            where = f"{path}:{reader.line_num}"
            if record["label"] not in ("0", "1"):
                raise ValueError(f"{where}: label must be 0 or 1")
            if not (record["reason"] or "").strip():
                raise ValueError(f"{where}: the pair has no reason")
            if (record["source"], record["target"]) in seen:
                raise ValueError(f"{where}: the pair is already judged")
            seen.add((record["source"], record["target"]))
            pairs.append(Gold(record["source"], record["target"], int(record["label"]), record["reason"].strip()))
    return pairs


def precision_recall(predicted: Iterable[tuple[str, str]], gold: list[Gold]) -> dict:
    """Precision over the predicted pairs that the gold judges; recall over the gold positives.

    ``precision`` is ``None`` when no predicted pair is judged, ``recall`` when there are no positives.
    """
    predicted = set(predicted)
    positives = {(g.source, g.target) for g in gold if g.label == 1}
    negatives = {(g.source, g.target) for g in gold if g.label == 0}
    tp, fp = len(predicted & positives), len(predicted & negatives)
    return {"links": len(predicted), "judged": tp + fp, "true_positives": tp, "false_positives": fp,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / len(positives), 4) if positives else None}


def rankings(suggestions: Iterable[Link], framework_of) -> dict[tuple[str, str], list[str]]:
    """Each (source, framework)'s suggested targets, best first (ties: the smaller IRI first).

    >>> rankings([Link("s", "t2", "similarity", 0.5), Link("s", "t1", "similarity", 0.9)], lambda t: "f")
    {('s', 'f'): ['t1', 't2']}
    """
    grouped: dict[tuple[str, str], list[Link]] = {}
    for link in suggestions:
        grouped.setdefault((link.source, framework_of(link.target)), []).append(link)
    return {key: [l.target for l in sorted(links, key=lambda l: (-l.score, l.target))]
            for key, links in sorted(grouped.items())}


def recall_at_k(ranked: dict[tuple[str, str], list[str]], gold: list[Gold], framework_of,
                ks: Iterable[int] = KS) -> dict[int, float | None]:
    """Share of gold positives whose target is among the source's ``k`` best suggestions in its framework.

    >>> gold = [Gold("s", "t1", 1, "r"), Gold("s", "t3", 1, "r"), Gold("s", "t2", 0, "r")]
    >>> recall_at_k({("s", "f"): ["t2", "t1"]}, gold, lambda t: "f", ks=(1, 2))
    {1: 0.0, 2: 0.5}
    """
    positives = [g for g in gold if g.label == 1]
    result = {}
    for k in ks:
        hits = sum(g.target in ranked.get((g.source, framework_of(g.target)), [])[:k] for g in positives)
        result[k] = round(hits / len(positives), 4) if positives else None
    return result


def evaluate(links: list[Link], gold: list[Gold], framework_of) -> dict:
    """Every figure: per basis, for the accepted bases together, for all links; recall@k of the suggestions."""
    bases = sorted({l.basis for l in links})
    groups = {basis: [l for l in links if l.basis == basis] for basis in bases}
    groups["accepted (all but similarity)"] = [l for l in links if l.basis != "similarity"]
    groups["all"] = links
    per_basis = {name: precision_recall(((l.source, l.target) for l in group), gold) for name, group in groups.items()}
    suggestions = [l for l in links if l.basis == "similarity"]
    at_k = recall_at_k(rankings(suggestions, framework_of), gold, framework_of)
    return {"gold_pairs": len(gold), "gold_positives": sum(g.label for g in gold),
            "per_basis": per_basis, "similarity_recall_at_k": {str(k): v for k, v in at_k.items()}}


def store_links(store) -> list[Link]:
    """The alignment records of an enriched store."""
    return [Link(r["source"].value, r["target"].value, r["basis"].value, float(r["score"].value))
            for r in store.query(LINKS)]


def table(figures: dict) -> str:
    """The figures as a plain-text table."""
    from tabulate import tabulate

    rows = [[name, f["links"], f["judged"], f["true_positives"], f["false_positives"], f["precision"], f["recall"]]
            for name, f in figures["per_basis"].items()]
    text = tabulate(rows, headers=["basis", "links", "judged", "TP", "FP", "precision", "recall"], missingval="-")
    at_k = ", ".join(f"recall@{k} {v}" for k, v in figures["similarity_recall_at_k"].items())
    return f"{text}\n\nsimilarity suggestions: {at_k}\n(gold: {figures['gold_pairs']} pairs, {figures['gold_positives']} positive)"


def main(argv: list[str] | None = None) -> int:
    from gcmkg.graph.similarity import framework_of
    from gcmkg.graph.store import EmbeddedStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an enriched store (default: build and enrich one in a temporary folder)")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--json", type=Path, default=Path("alignment-eval.json"), help="where to write the figures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.store:
            store = EmbeddedStore.open_built(args.store)
        else:
            from gcmkg.graph.align import enrich
            from gcmkg.graph.build import build

            path = Path(scratch) / "store"
            build(path, progress=False)
            store = EmbeddedStore(path)
            enrich(store)
        figures = evaluate(store_links(store), read_gold(args.gold), framework_of)
        del store
    print(table(figures))
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
