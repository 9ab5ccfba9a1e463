"""The alignment evaluation: its metrics on hand-made cases, the gold file, and the figures on the real graph."""

from __future__ import annotations

import json

import pytest

from gcmkg.graph.similarity import framework_of

from .conftest import select

pytest_plugins = ["tests.crosswalk_fixtures"]


@pytest.fixture(scope="module")
def ev(alignment_eval):
    return alignment_eval


def gold(ev, *pairs):
    return [ev.Gold(s, t, label, "hand case") for s, t, label in pairs]


def test_precision_counts_only_judged_links_and_recall_all_positives(ev):
    g = gold(ev, ("p1", "a", 1), ("p1", "b", 1), ("p2", "c", 1), ("p2", "d", 1), ("p1", "x", 0), ("p2", "y", 0))
    figures = ev.precision_recall([("p1", "a"), ("p1", "b"), ("p2", "c"), ("p1", "x"), ("p9", "unjudged")], g)
    assert figures == {"links": 5, "judged": 4, "true_positives": 3, "false_positives": 1,
                       "precision": 0.75, "recall": 0.75}


def test_precision_is_undefined_without_judged_links(ev):
    figures = ev.precision_recall([("p9", "z")], gold(ev, ("p1", "a", 1)))
    assert figures["precision"] is None and figures["recall"] == 0.0


def test_duplicate_predictions_count_once(ev):
    figures = ev.precision_recall([("p1", "a"), ("p1", "a")], gold(ev, ("p1", "a", 1), ("p1", "b", 1)))
    assert (figures["links"], figures["true_positives"], figures["recall"]) == (1, 1, 0.5)


def test_recall_at_k_looks_in_the_targets_framework_only(ev):
    links = [ev.Link("s", "sdg:1", "similarity", 0.9), ev.Link("s", "sdg:2", "similarity", 0.8),
             ev.Link("s", "sdg:3", "similarity", 0.8), ev.Link("s", "paris:1", "similarity", 0.95),
             ev.Link("t", "sdg:3", "similarity", 0.1)]
    fw = lambda target: target.split(":")[0]  # noqa: E731
    ranked = ev.rankings(links, fw)
    assert ranked[("s", "sdg")] == ["sdg:1", "sdg:2", "sdg:3"]  # 0.8 tie: the smaller name first
    g = gold(ev, ("s", "sdg:2", 1), ("s", "sdg:3", 1), ("t", "sdg:3", 1), ("s", "paris:2", 1), ("s", "sdg:1", 0))
    assert ev.recall_at_k(ranked, g, fw, ks=(1, 2, 3)) == {1: 0.25, 2: 0.5, 3: 0.75}


def test_evaluate_reports_every_basis_and_the_groups(ev):
    links = [ev.Link("s", "a", "crosswalk", 1.0), ev.Link("s", "x", "similarity", 0.4),
             ev.Link("s", "a", "similarity", 0.3)]
    g = gold(ev, ("s", "a", 1), ("s", "x", 0))
    figures = ev.evaluate(links, g, lambda t: "f")
    per = figures["per_basis"]
    assert per["crosswalk"]["precision"] == 1.0 and per["similarity"]["precision"] == 0.5
    assert per["all"]["links"] == 2 and per["accepted (all but similarity)"]["recall"] == 1.0
    assert figures["similarity_recall_at_k"] == {"1": 0.0, "3": 1.0, "5": 1.0}


# ---- the gold file ------------------------------------------------------------------------------

def test_gold_file_is_well_formed(ev):
    pairs = ev.read_gold()
    assert len(pairs) >= 40
    assert all(p.reason and p.label in (0, 1) for p in pairs)
    assert sum(p.label == 0 for p in pairs) >= 10  # negatives, so that precision means something
    kinds = {(framework_of(p.source) or "paragraph", framework_of(p.target)) for p in pairs}
    assert {("gcm", "sdg"), ("paragraph", "gcm"), ("paragraph", "sdg"), ("gcm", "paris"), ("gcm", "sendai"),
            ("gcm", "aaaa")} <= kinds


def test_gold_iris_exist_in_a_built_store(ev, store):
    for pair in ev.read_gold():
        for iri in (pair.source, pair.target):
            assert select(store, f"SELECT ?p {{ <{iri}> ?p ?o }} LIMIT 1"), f"{iri} is not in the graph"


@pytest.mark.parametrize("text, message", [
    ("source,target,label,reason\ns,t,2,r\n", "label must be 0 or 1"),
    ("source,target,label,reason\ns,t,1,\n", "has no reason"),
    ("source,target,label,reason\ns,t,1,r\ns,t,0,r\n", ":3: the pair is already judged"),
    ("source,target,label\ns,t,1\n", ":1: the header"),
])
def test_malformed_gold_is_refused_with_its_line(ev, tmp_path, text, message):
    path = tmp_path / "gold.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ev.read_gold(path)


# ---- the real graph -----------------------------------------------------------------------------

def test_figures_on_the_enriched_graph(ev, evaluated_store, tmp_path, capsys):
    figures = ev.evaluate(ev.store_links(evaluated_store), ev.read_gold(), framework_of)
    per = figures["per_basis"]
    assert per["crosswalk"]["links"] == 65 and per["crosswalk"]["false_positives"] == 0
    assert per["similarity"]["links"] > 1000
    at_k = figures["similarity_recall_at_k"]
    assert 0 < at_k["1"] <= at_k["3"] <= at_k["5"] <= 1
    assert all(f["precision"] is None or 0 <= f["precision"] <= 1 for f in per.values())


def test_the_script_prints_a_table_and_writes_json(ev, evaluated_store, tmp_path, capsys):
    out = tmp_path / "eval.json"
    assert ev.main(["--store", str(evaluated_store.path), "--json", str(out)]) == 0
    assert "similarity suggestions: recall@1" in capsys.readouterr().out
    assert set(json.loads(out.read_text())["per_basis"]) >= {"crosswalk", "similarity", "all"}
