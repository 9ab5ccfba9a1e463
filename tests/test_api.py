"""The Python API on the real graph (and on a toy graph for alignment paths known exactly)."""

from __future__ import annotations

import shutil
import sys

import pytest
from rdflib import Graph

import gcmkg
from gcmkg.errors import GcmkgError, QueryError, StoreError
from gcmkg.graph.alignments import BASES
from gcmkg.errors import UnknownNodeError
from gcmkg.graph.rows import Rows

pytest_plugins = ["tests.conftest_api"]

ID = "https://w3id.org/gcmkg/id/"
SEED = ID + "doc/imrf-2022-zero-draft/"


def test_facade_exports_only_the_public_names():
    assert sorted(gcmkg.__all__) == ["KnowledgeGraph", "__version__", "build", "errors", "open"]
    assert issubclass(gcmkg.errors.StoreError, gcmkg.errors.GcmkgError)


def test_open_builds_a_missing_store_and_says_so_on_stderr(built_store_path, tmp_path, capsys, monkeypatch):
    built = []

    def build_by_copying(path, progress):  # the session's build, copied: the same result, no second build
        built.append((path, progress))
        shutil.copytree(built_store_path, path)

    monkeypatch.setattr(gcmkg.api, "build_store", build_by_copying)
    kg = gcmkg.open(tmp_path / "store")
    err = capsys.readouterr().err
    assert built == [(tmp_path / "store", False)]
    assert err.count("\n") == 1 and "building it" in err and str(tmp_path) in err
    assert kg.node("para 53").type == "Commitment"


def test_open_reuses_a_built_store_without_a_word(built_store_path, capsys):
    kg = gcmkg.open(built_store_path)
    assert capsys.readouterr().err == ""
    assert kg.path == built_store_path


def test_open_reads_the_store_named_by_GCMKG_STORE(built_store_path, monkeypatch):
    monkeypatch.setenv("GCMKG_STORE", str(built_store_path))
    assert gcmkg.open().path == built_store_path


def test_build_adds_a_declaration_and_opens_the_result(tmp_path):
    kg = gcmkg.build(tmp_path / "store", add=["tests/data/synthetic-coastal-declaration.txt"])
    assert any("coastal" in name for name in kg.graphs)


def test_a_folder_without_a_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no built store"):
        gcmkg.KnowledgeGraph(tmp_path)


def test_sparql_select_gives_rows_of_python_values(kg):
    rows = kg.sparql("""PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT ?paragraph ?number WHERE { ?paragraph a gcmkg:Commitment ; gcmkg:paragraphNumber ?number }
        ORDER BY ?number""")
    assert isinstance(rows, Rows) and rows.variables == ("paragraph", "number")
    numbers = rows.column("number")
    assert all(isinstance(n, int) for n in numbers) and numbers == sorted(numbers)
    assert rows.to_dicts()[0]["paragraph"].startswith(SEED)


def test_sparql_ask_and_construct(kg):
    assert kg.sparql("ASK { <https://w3id.org/gcmkg/id/gcm/objective/20> ?p ?o }") is True
    graph = kg.sparql("CONSTRUCT { ?o ?p ?v } WHERE { BIND(<https://w3id.org/gcmkg/id/gcm/objective/20> AS ?o) ?o ?p ?v }")
    assert isinstance(graph, Graph) and len(graph) > 3


def test_malformed_sparql_is_a_query_error(kg):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        kg.sparql("SELECT WHERE {")


def test_named_query_binds_a_short_name_as_an_iri(kg):
    rows = kg.query("targets-of-goal", goal="goal 10")
    assert rows.variables == ("target", "notation", "label")  # the parameter echoes are left out
    assert "10.7" in rows.column("notation") and "10.c" in rows.column("notation")


def test_named_query_labels_follow_the_graph_language(built_store_path):
    french = gcmkg.KnowledgeGraph(built_store_path, language="fr").query("targets-of-goal", goal="sdg:10")
    english = gcmkg.KnowledgeGraph(built_store_path).query("targets-of-goal", goal="sdg:10")
    assert french.column("notation") == english.column("notation")
    assert french.column("label") != english.column("label")
    assert any("migratoires" in label for label in french.column("label"))


def test_unknown_named_query_suggests_the_close_ones(kg):
    with pytest.raises(QueryError, match="targets-of-goal"):
        kg.query("targets-of-goals", goal="sdg:10")


def test_missing_parameter_is_a_query_error(kg):
    with pytest.raises(QueryError, match="needs parameter goal"):
        kg.query("targets-of-goal")


def test_rows_to_dicts_are_copies(kg):
    rows = kg.query("targets-of-goal", goal="sdg:10")
    rows.to_dicts()[0]["notation"] = "changed"
    assert rows[0]["notation"] != "changed"
    assert len(rows[:3]) == 3 and isinstance(rows[:3], Rows)


def test_rows_to_dataframe(kg):
    pandas = pytest.importorskip("pandas")
    frame = kg.query("targets-of-goal", goal="sdg:10").to_dataframe()
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == ["target", "notation", "label"]
    assert len(frame) >= 10


def test_rows_to_dataframe_without_pandas_says_how_to_get_it(kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(GcmkgError, match=r"pip install 'gcm-kg\[pandas\]'"):
        kg.query("targets-of-goal", goal="sdg:10").to_dataframe()


@pytest.mark.parametrize("name, iri", [
    ("para 53", SEED + "para_53"),
    ("paragraph 53", SEED + "para_53"),
    ("objective 20", ID + "gcm/objective/20"),
    ("SDG 10.c", "http://metadata.un.org/sdg/10.c"),
    ("target 10.7", "http://metadata.un.org/sdg/10.7"),
    ("goal 10", "http://metadata.un.org/sdg/10"),
    ("indicator 10.7.1", "http://metadata.un.org/sdg/C100701"),
    ("Sendai target a", ID + "sendai/target/a"),
    ("Sendai priority 1", ID + "sendai/priority/1"),
    ("principle human rights", ID + "gcm/principle/human-rights"),
    ("Paris Article 8", ID + "doc/paris-agreement/art_8"),
    ("Article 8.1", ID + "doc/paris-agreement/art_8__para_1"),
    ("  OBJECTIVE   20 ", ID + "gcm/objective/20"),
    ("sdg:10.7", "http://metadata.un.org/sdg/10.7"),
    (ID + "gcm/objective/3", ID + "gcm/objective/3"),
    ("Paris Agreement", ID + "doc/paris-agreement"),
])
def test_short_names_resolve_to_their_node(kg, name, iri):
    assert kg.node(name).iri == iri


def test_unknown_short_name_suggests_close_names(kg):
    with pytest.raises(UnknownNodeError) as raised:
        kg.node("objective 24")
    assert isinstance(raised.value, GcmkgError)
    assert "objective 2" in raised.value.suggestions and "objective 23" in raised.value.suggestions
    assert "did you mean" in str(raised.value)


def test_an_iri_not_in_the_graph_is_unknown(kg):
    with pytest.raises(UnknownNodeError):
        kg.node("https://example.org/not-here")


def test_node_has_type_label_and_text(kg):
    paragraph = kg.node("para 53")
    assert paragraph.type == "Commitment" and "gcmkg:Paragraph" in paragraph.types
    assert paragraph.label == "Paragraph 53"
    assert "2030 Agenda" in paragraph.text and "Sendai" in paragraph.text
    assert paragraph.values("paragraphNumber") == [53]


def test_node_neighbours_are_typed_nodes(kg):
    objective = kg.node("objective 20")
    covering = objective.into("coversObjective")
    assert [n.label.split(" (")[0] for n in covering] == ["Round table 3"]
    assert covering[0].type == "RoundTable" and covering[0].via == "gcmkg:coversObjective"
    assert kg.node("target 10.7").out("sdgo:isTargetOf") == [kg.node("goal 10")]
    assert all(n.via != "rdf:type" for n in objective.out())


def test_unknown_property_is_a_query_error(kg):
    with pytest.raises(QueryError, match="not a gcm-kg property"):
        kg.node("objective 20").out("advancez")


def test_labels_in_another_language_fall_back_to_english(built_store_path):
    french = gcmkg.KnowledgeGraph(built_store_path, language="fr")
    assert french.node("SDG 10.7").label == "Cible 10.7"
    assert french.node("objective 20").label == "Objective 20"  # the GCM is loaded in English only


def test_trace_from_a_commitment_runs_through_objectives(toy):
    paths = toy.trace("Paragraph 7")
    rendered = [str(p) for p in paths]
    assert rendered == [
        "Paragraph 7 -contributesTo [inference 0.80]-> Target 10.c",
        "Paragraph 7 -advances [structure 0.80]-> Objective 20 -alignsWith [crosswalk 1.00]-> Target 10.c",
        "Paragraph 7 -advances [structure 0.50]-> Objective 2 -mentions [mention 1.00]-> Paris Agreement",
        "Paragraph 7 -advances [structure 0.80]-> Objective 20 -alignsWith [similarity 0.60]-> Target 10.c",
    ]  # best score first; a suggestion (similarity) is a path too, filter it out by basis
    chain = paths[1]
    first = chain.steps[0]
    assert (first.basis, first.score, first.evidence) == ("structure", 0.8, "reduce the costs of remittances")
    assert chain.score == pytest.approx(0.8) and paths[3].score == pytest.approx(0.48)
    assert [n.label for n in chain.nodes] == ["Paragraph 7", "Objective 20", "Target 10.c"]


def test_trace_filters_by_basis_score_and_framework(toy):
    assert {s.basis for p in toy.trace("Paragraph 7", basis="structure") for s in p.steps} == {"structure"}
    assert all(p.score >= 0.5 * 0.5 for p in toy.trace("Paragraph 7", min_score=0.7))
    assert [str(p.target.label) for p in toy.trace("Paragraph 7", min_score=0.7)].count("Objective 2") == 0
    paris = toy.trace("Paragraph 7", framework="Paris Agreement")
    assert [p.target.label for p in paris] == ["Paris Agreement"]
    agenda = toy.trace("Paragraph 7", framework="2030 Agenda")
    assert {p.target.label for p in agenda} == {"Target 10.c"} and len(agenda) == 3


def test_trace_into_a_target_comes_back_from_paragraphs(toy):
    paths = toy.trace("SDG 10.c")
    assert all(p.target.label == "Target 10.c" for p in paths)
    # objective 20's own links are the last steps of the paragraphs' paths, not paths of their own
    assert {p.source.label for p in paths} == {"Paragraph 7", "Paragraph 8"}
    assert {len(p.steps) for p in paths if p.source.label == "Paragraph 7"} == {1, 2}
    suggestion = [p for p in paths if p.steps[0].basis == "similarity" and p.source.label == "Paragraph 8"]
    assert suggestion and suggestion[0].steps[0].evidence == "remittances"


def test_trace_of_an_objective_gives_its_links_in_and_out(toy):
    paths = toy.trace("objective 20")
    assert {(p.source.label, p.target.label, len(p.steps)) for p in paths} == {
        ("Objective 20", "Target 10.c", 1), ("Paragraph 7", "Objective 20", 1)}
    assert {p.steps[0].basis for p in paths if p.target.label == "Target 10.c"} == {"crosswalk", "similarity"}


def test_trace_rejects_an_unknown_basis(toy):
    with pytest.raises(QueryError, match="the bases are citation, mention"):
        toy.trace("Paragraph 7", basis="hunch")


def test_trace_on_the_real_graph_reaches_target_10c_from_objective_20(aligned):
    paths = aligned.trace("SDG 10.c")
    assert paths
    for path in paths:
        assert path.target.iri == "http://metadata.un.org/sdg/10.c"
        assert all(step.basis in BASES and 0 <= step.score <= 1 for step in path.steps)
    assert any(step.source.label.startswith("Objective 20") for path in paths for step in path.steps)


def test_trace_of_para_53_names_the_four_frameworks(aligned):
    named = {p.target.iri for p in aligned.trace("para 53", basis="mention")}
    assert {ID + "doc/agenda-2030", ID + "doc/aaaa", ID + "doc/paris-agreement", ID + "doc/sendai-framework"} <= named


def test_plot_needs_a_node_for_a_network(kg):
    with pytest.raises(QueryError, match="needs a node"):
        kg.plot("network")
    with pytest.raises(QueryError, match="the plots are: coverage, alignment, network"):
        kg.plot("pie")
