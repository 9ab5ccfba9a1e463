"""``gcmkg trace``: short names, the tree and its JSON, filters, and unknown nodes with suggestions."""

from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from gcmkg.cli import main
from gcmkg.cli_trace import Tracer
from gcmkg.errors import GcmkgError
from gcmkg.graph.labels import Labels
from gcmkg.graph.resolve import Resolver

pytest_plugins = ["tests.alignment_fixtures"]

ID = "https://w3id.org/gcmkg/id/"
SEED = ID + "doc/imrf-2022-zero-draft/"
FRAMEWORKS = {ID + f"doc/{slug}" for slug in ("agenda-2030", "aaaa", "paris-agreement", "sendai-framework")}


@pytest.fixture(scope="module")
def resolver(enriched) -> Resolver:
    return Resolver(Labels(enriched))


def trace(enriched_path, *args: str):
    return CliRunner().invoke(main, ["trace", *args, "--store", str(enriched_path)])


@pytest.mark.parametrize("name, iri", [
    ("para 53", SEED + "para_53"),
    ("Paragraph 53", SEED + "para_53"),
    ("objective 20", ID + "gcm/objective/20"),
    ("Objective 20 action a", ID + "gcm/objective/20/action/a"),
    ("SDG 10.c", "http://metadata.un.org/sdg/10.c"),
    ("target 10.c", "http://metadata.un.org/sdg/10.c"),
    ("sdg:10.c", "http://metadata.un.org/sdg/10.c"),
    ("indicator 10.7.1", "http://metadata.un.org/sdg/C100701"),
    ("SDG 10", "http://metadata.un.org/sdg/10"),
    ("Sendai target a", ID + "sendai/target/a"),
    ("Sendai priority 1", ID + "sendai/priority/1"),
    ("AAAA action area B", ID + "aaaa/action-area/B"),
    ("AAAA para 40", ID + "doc/aaaa/para_40"),
    ("Paris art 8.1", ID + "doc/paris-agreement/art_8__para_1"),
    ("round table 3", SEED + "sec_2__subsec_3"),
    ("footnote 3", SEED + "fn_3"),
    ("Paris Agreement", ID + "doc/paris-agreement"),
    ("Addis Ababa Action Agenda", ID + "doc/aaaa"),
    ("principle human rights", ID + "gcm/principle/human-rights"),
    (SEED + "para_7", SEED + "para_7"),
])
def test_short_names_and_iris_resolve(resolver, name, iri):
    assert resolver.resolve(name) == iri


def test_an_unknown_node_is_an_error_with_the_closest_names(resolver, enriched_path):
    with pytest.raises(GcmkgError, match=r"no node named 'para 530'.*did you mean: para 53"):
        resolver.resolve("para 530")
    result = trace(enriched_path, "objectve 20")
    assert result.exit_code == 2
    assert "did you mean: objective 20" in result.output and "Traceback" not in result.output


def test_trace_para_53_as_a_tree(enriched_path):
    result = trace(enriched_path, "para 53")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Paragraph 53  <" + SEED + "para_53>")
    assert '├── mentions → Paris Agreement  [mention 1.00]  "Paris Agreement" @195-210' in lines
    assert any("via Objective 20: alignsWith → Target 10.c  [citation 1.00]" in line for line in lines)
    assert any("advancedBy → Paragraph 32 (review)  [structure 0.69]" in line for line in lines)


def test_trace_para_53_as_json_names_the_four_frameworks(enriched_path):
    result = trace(enriched_path, "para 53", "--format", "json")
    tree = json.loads(result.output)
    named = {edge["node"] for edge in tree["out"] if edge["relation"] == "mentions"}
    assert FRAMEWORKS <= named
    agenda = next(edge for edge in tree["out"] if edge["node"] == ID + "doc/agenda-2030")
    assert (agenda["start"], agenda["end"], agenda["basis"]) == (119, 158, "mention")
    reaching = [child for child in agenda["children"] if child["node"] == "http://metadata.un.org/sdg/10.c"]
    assert reaching and all(child["via"] == ID + "gcm/objective/20" for child in reaching)
    assert {c["node"] for c in reaching[0]["children"]} >= {SEED + f"para_{n}" for n in (31, 32, 33, 34)}


@pytest.mark.skipif(importlib.util.find_spec("gcmkg.graph.crosswalk") is None,
                    reason="the curated crosswalks (graph/crosswalk.py) are not written yet")
def test_trace_para_53_reaches_elements_of_each_framework(enriched):
    tree = Tracer(enriched).trace(SEED + "para_53")
    reached = {edge["node"]: {c["node"] for c in edge["children"] if c["node"] != edge["node"]}
               for edge in tree["out"] if edge["node"] in FRAMEWORKS}
    assert all(reached[framework] for framework in FRAMEWORKS), reached


def test_filters_by_basis_score_and_framework(enriched):
    tree = Tracer(enriched, bases=("structure",)).trace(ID + "gcm/objective/20")
    assert tree["out"] == [] and {e["basis"] for e in tree["in"]} == {"structure"}
    strong = Tracer(enriched, min_score=0.6).trace(ID + "gcm/objective/20")
    assert all(e["score"] >= 0.6 for e in strong["in"]) and len(strong["in"]) < len(Tracer(enriched).trace(
        ID + "gcm/objective/20")["in"])
    paris = Tracer(enriched, framework=ID + "doc/paris-agreement", bases=("mention",)).trace(SEED + "para_53")
    assert [edge["node"] for edge in paris["out"]] == [ID + "doc/paris-agreement"]


def test_trace_into_a_target_shows_what_reaches_it(enriched_path):
    result = trace(enriched_path, "SDG 10.c", "--basis", "inference", "--basis", "citation")
    assert result.exit_code == 0, result.output
    assert "reached from:" in result.output
    assert "contributesTo ← Paragraph 32  [inference 0.69]" in result.output


def test_a_node_without_links_says_so(enriched_path):
    result = trace(enriched_path, "Sendai target a", "--basis", "structure")
    assert result.exit_code == 0 and "no alignment leads out of or into this node" in result.output
