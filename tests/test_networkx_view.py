"""The networkx view: node and edge attributes, the filters, alignment records kept or collapsed."""

from __future__ import annotations

import networkx as nx
import pytest

from gcmkg.errors import QueryError

pytest_plugins = ["tests.conftest_api"]

ID = "https://w3id.org/gcmkg/id/"
SDG = "http://metadata.un.org/sdg/"


@pytest.fixture(scope="module")
def network(kg):
    return kg.to_networkx()


def test_every_node_has_iri_type_label_and_every_attribute_is_a_plain_value(network):
    assert network.number_of_nodes() > 1000
    for node, data in network.nodes(data=True):
        assert data["iri"] == node and data["type"] and data["label"]
        assert all(isinstance(v, (str, float)) for v in data.values()), (node, data)
    for _, _, data in network.edges(data=True):
        assert data["predicate"] and data["graph"]
        assert all(isinstance(v, (str, float)) for v in data.values()), data


def test_nodes_carry_their_text_where_they_have_one(network):
    paragraph = network.nodes[ID + "doc/imrf-2022-zero-draft/para_53"]
    assert paragraph["type"] == "Commitment" and paragraph["text"].startswith("We will further align")
    target = network.nodes[SDG + "10.7"]
    assert target["label"] == "Target 10.7" and "migration" in target["text"]


def test_types_are_attributes_not_edges_and_literals_are_not_nodes(network):
    assert not any(key == "rdf:type" for _, _, key in network.edges(keys=True))
    assert all(not node.startswith('"') for node in network)


def test_the_ontology_and_build_graphs_are_left_out_by_default(network, kg):
    graphs = {g for _, _, data in network.edges(data=True) for g in data["graph"].split()}
    assert "ontology" not in graphs and "build" not in graphs
    assert "https://w3id.org/gcmkg/ontology#Paragraph" not in network
    with_ontology = kg.to_networkx(graphs=["ontology"])
    assert "https://w3id.org/gcmkg/ontology#Paragraph" in with_ontology


def test_graphs_keep_only_their_triples(kg):
    gcm = kg.to_networkx(graphs=["gcm"])
    assert {data["graph"] for _, _, data in gcm.edges(data=True)} == {"gcm"}
    assert ID + "gcm/objective/20" in gcm and SDG + "10.7" not in gcm


def test_unknown_graph_lists_the_known_ones(kg):
    with pytest.raises(QueryError, match="the graphs are: .*agenda-2030"):
        kg.to_networkx(graphs=["agenda-2031"])


def test_node_types_keep_those_nodes_and_the_edges_between_them(kg):
    g = kg.to_networkx(node_types=["Goal", "sdgo:Target"])
    assert {data["type"] for _, data in g.nodes(data=True)} == {"Goal", "Target"}
    assert g.has_edge(SDG + "10.7", SDG + "10", key="sdgo:isTargetOf")


def test_predicates_keep_only_those_edges(kg):
    g = kg.to_networkx(predicates=["coversObjective", "skos:broader"])
    assert {key for _, _, key in g.edges(keys=True)} == {"gcmkg:coversObjective", "skos:broader"}
    round_table_3 = ID + "doc/imrf-2022-zero-draft/sec_2__subsec_3"
    assert g.has_edge(round_table_3, ID + "gcm/objective/20", key="gcmkg:coversObjective")


def test_alignment_records_are_nodes_unless_collapsed(toy):
    records = toy.to_networkx()
    alignments = [n for n, data in records.nodes(data=True) if data["type"] == "Alignment"]
    assert len(alignments) == 7
    direct = records.get_edge_data(ID + "gcm/objective/20", SDG + "10.c")["gcmkg:alignsWith"]
    assert (direct["basis"], direct["score"], direct["bases"]) == ("crosswalk", 1.0, "crosswalk similarity")
    collapsed = toy.to_networkx(collapse_alignments=True)
    assert not any(data["type"] in ("Alignment", "AlignmentBasis") for _, data in collapsed.nodes(data=True))
    assert not any(key in ("gcmkg:alignmentSource", "prov:wasGeneratedBy") for *_, key in collapsed.edges(keys=True))


def test_collapsed_records_are_weighted_edges_suggestions_included(toy):
    g = toy.to_networkx(collapse_alignments=True)
    suggestion = g.get_edge_data(ID + "doc/toy/para_8", SDG + "10.c")["gcmkg:alignsWith"]
    assert (suggestion["basis"], suggestion["weight"], suggestion["evidence"]) == ("similarity", 0.4, "remittances")
    advances = g.get_edge_data(ID + "doc/toy/para_7", ID + "gcm/objective/20")["gcmkg:advances"]
    assert advances["score"] == 0.8 and advances["evidence"] == "reduce the costs of remittances"


def test_shortest_path_from_a_commitment_to_an_sdg_target(toy):
    g = toy.to_networkx(collapse_alignments=True, predicates=["advances", "alignsWith"])
    accepted = nx.subgraph_view(g, filter_edge=lambda u, v, k: g.edges[u, v, k]["basis"] != "similarity")
    path = nx.shortest_path(accepted, ID + "doc/toy/para_7", SDG + "10.c")
    assert [g.nodes[n]["label"] for n in path] == ["Paragraph 7", "Objective 20", "Target 10.c"]


def test_real_graph_with_alignments_links_objective_20_to_target_10c(aligned):
    g = aligned.to_networkx(collapse_alignments=True)
    links = g.get_edge_data(ID + "gcm/objective/20", SDG + "10.c") or {}
    action = g.get_edge_data(ID + "gcm/objective/20/action/a", SDG + "10.c") or {}
    found = [data for data in [*links.values(), *action.values()] if data.get("basis")]
    assert found and all(0 < data["weight"] <= 1 for data in found)
