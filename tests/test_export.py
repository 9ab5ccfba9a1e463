"""Exports read back to what the store holds; failures leave nothing behind; the CLI says what went wrong."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from gcmkg.cli import main
from gcmkg.graph import export as export_module
from gcmkg.errors import ExportError
from gcmkg.graph.export import EXPORTERS, ExportSource
from gcmkg.graph.terms import to_rdflib
from gcmkg.ontology import CONTEXT_FILE
from gcmkg.ontology.vocab import GRAPH

pytest_plugins = ["tests.conftest_api"]

UNION_FORMATS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}
DATASET_FORMATS = {"nquads": "nquads", "trig": "trig"}


def _plain(term):
    """xsd:string literals as plain ones: the same RDF 1.1 term, written two ways by rdflib."""
    term = to_rdflib(term)
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term


def stored_graph(store, graphs: list[str]) -> Graph:
    """The union of the named graphs, as rdflib reads it."""
    union = Graph()
    for name in graphs:
        for quad in store.quads(str(GRAPH[name]) if "://" not in name else name):
            union.add((_plain(quad.subject), _plain(quad.predicate), _plain(quad.object)))
    return union


def same_triples(a: Graph, b: Graph) -> bool:
    """Isomorphic: the ground triples equal, and the few with blank nodes (OWL lists) isomorphic."""
    def split(graph):
        ground, blank = set(), Graph()
        for triple in graph:
            (blank.add(triple) if any(isinstance(t, BNode) for t in triple) else ground.add(triple))
        return ground, blank
    (ground_a, blank_a), (ground_b, blank_b) = split(a), split(b)
    return len(a) == len(b) and ground_a == ground_b and isomorphic(blank_a, blank_b)


def same_quads(a: list[ox.Quad], b: list[ox.Quad]) -> bool:
    """The same as ``same_triples`` on pyoxigraph quads of one graph (no conversion of the ground ones)."""
    def blank(quad):
        return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)

    def rdflib_graph(quads):
        graph = Graph()
        for q in quads:
            graph.add((_plain(q.subject), _plain(q.predicate), _plain(q.object)))
        return graph
    ground_a, ground_b = {q for q in a if not blank(q)}, {q for q in b if not blank(q)}
    return (len(set(a)) == len(set(b)) and ground_a == ground_b
            and isomorphic(rdflib_graph(q for q in a if blank(q)), rdflib_graph(q for q in b if blank(q))))


@pytest.fixture(scope="module")
def everything(kg) -> Graph:
    return stored_graph(kg.store, kg.store.graph_names())


def edge_list(network) -> list:
    return sorted((u, v, tuple(sorted((k, val) for k, val in data.items() if k not in ("id", "key"))))
                  for u, v, data in network.edges(data=True))


@pytest.mark.parametrize("fmt", sorted(UNION_FORMATS))
def test_default_graph_formats_read_back_to_the_union_of_every_graph(kg, everything, tmp_path, fmt):
    path = tmp_path / f"graph{EXPORTERS[fmt].suffix}"
    report = kg.export(path, fmt)
    assert report.size == path.stat().st_size > 100_000
    back = Graph().parse(path, format=UNION_FORMATS[fmt])
    assert same_triples(back, everything)


@pytest.mark.parametrize("fmt", sorted(UNION_FORMATS))
def test_chosen_graphs_export_their_union_only(kg, tmp_path, fmt):
    path = tmp_path / f"two{EXPORTERS[fmt].suffix}"
    kg.export(path, fmt, graphs=["gcm", "sendai-framework"])
    back = Graph().parse(path, format=UNION_FORMATS[fmt])
    assert same_triples(back, stored_graph(kg.store, ["gcm", "sendai-framework"]))


@pytest.mark.parametrize("fmt", sorted(DATASET_FORMATS))
def test_quad_formats_keep_every_named_graph(kg, tmp_path, fmt):
    path = tmp_path / f"graph{EXPORTERS[fmt].suffix}"
    kg.export(path, fmt)
    back = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))
    names = kg.store.graph_names()
    assert {q.graph_name.value for q in back} == set(names)
    for name in names:
        assert same_quads(list(back.quads_for_graph_name(ox.NamedNode(name))), list(kg.store.quads(name))), name


def test_trig_reads_back_in_rdflib_too(kg, tmp_path):
    path = tmp_path / "graph.trig"
    kg.export(path, graphs=["gcm", "paris-agreement"])
    back = Dataset()
    back.parse(path, format="trig")
    for name in ("gcm", "paris-agreement"):
        assert same_triples(back.graph(URIRef(str(GRAPH[name]))), stored_graph(kg.store, [name]))


@pytest.mark.parametrize("fmt", sorted(DATASET_FORMATS))
def test_quad_formats_with_chosen_graphs_read_back_in_pyoxigraph(kg, tmp_path, fmt):
    path = tmp_path / f"two{EXPORTERS[fmt].suffix}"
    kg.export(path, fmt, graphs=["aaaa", "gcm"])
    back = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))
    assert {q.graph_name.value for q in back} == {str(GRAPH["aaaa"]), str(GRAPH["gcm"])}
    for name in ("aaaa", "gcm"):
        graph = str(GRAPH[name])
        assert same_quads(list(back.quads_for_graph_name(ox.NamedNode(graph))), list(kg.store.quads(graph)))


def test_jsonld_is_compacted_with_the_shipped_context(kg, tmp_path):
    assert CONTEXT_FILE.exists()
    path = tmp_path / "gcm.jsonld"
    kg.export(path, graphs=["gcm"])
    document = json.loads(path.read_text(encoding="utf-8"))
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert document["@context"]["gcmkg"] == context["gcmkg"]
    objective = next(n for n in document["@graph"] if n["@id"].endswith("/gcm/objective/20"))
    assert "Objective" in objective["@type"] and "https://w3id.org/gcmkg/ontology#Objective" not in path.read_text()


@pytest.mark.parametrize("fmt, read", [("graphml", lambda p: nx.read_graphml(p, force_multigraph=True)),
                                       ("gexf", nx.read_gexf)])
def test_network_formats_read_back_with_the_same_nodes_edges_and_attributes(toy, kg, tmp_path, fmt, read):
    for graph in (toy, kg):
        path = tmp_path / f"{fmt}-{len(graph.store)}{EXPORTERS[fmt].suffix}"
        graph.export(path, fmt)
        network, back = graph.to_networkx(), read(str(path))
        assert back.is_directed()  # GEXF reads back a multigraph only when it has parallel edges
        assert dict(back.nodes(data=True)) == dict(network.nodes(data=True))
        assert edge_list(back) == edge_list(network)


def test_network_exports_can_collapse_alignment_records_into_weighted_edges(toy, tmp_path):
    toy.export(tmp_path / "toy.graphml", collapse_alignments=True)
    back = nx.read_graphml(tmp_path / "toy.graphml", force_multigraph=True)
    assert "Alignment" not in {kind for _, kind in back.nodes(data="type")}
    assert edge_list(back) == edge_list(toy.to_networkx(collapse_alignments=True))
    weights = {(u.rsplit("/", 1)[-1], v.rsplit("/", 1)[-1]): w for u, v, w in back.edges(data="weight") if w}
    assert weights[("para_8", "10.c")] == 0.4 and weights[("20", "10.c")] == 1.0


def test_csv_writes_nodes_and_edges_into_a_folder(toy, tmp_path):
    report = toy.export(tmp_path / "csv", "csv")
    assert [f.name for f in report.files] == ["edges.csv", "nodes.csv"]
    network = toy.to_networkx()
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8") as rows:
        nodes = list(csv.DictReader(rows))
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8") as rows:
        edges = list(csv.DictReader(rows))
    assert {n["id"] for n in nodes} == set(network) and len(edges) == network.number_of_edges()
    advances = [e for e in edges if e["predicate"] == "gcmkg:advances" and e["source"].endswith("para_7")]
    assert {(e["basis"], e["score"]) for e in advances} == {("structure", "0.8"), ("structure", "0.5")}


def test_cytoscape_elements(toy, tmp_path):
    toy.export(tmp_path / "toy.cyjs")
    elements = json.loads((tmp_path / "toy.cyjs").read_text(encoding="utf-8"))["elements"]
    network = toy.to_networkx()
    assert {n["data"]["id"] for n in elements["nodes"]} == set(network)
    assert len(elements["edges"]) == network.number_of_edges()
    assert all({"id", "source", "target", "predicate"} <= set(e["data"]) for e in elements["edges"])


def test_unknown_format_lists_the_known_ones(kg, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xlsx'; the formats are: turtle, ntriples"):
        kg.export(tmp_path / "graph.xlsx", "xlsx")
    with pytest.raises(ExportError, match="cannot tell the format from 'graph.xlsx'"):
        kg.export(tmp_path / "graph.xlsx")


def test_format_is_guessed_from_the_suffix(kg, tmp_path):
    assert kg.export(tmp_path / "g.nt", graphs=["gcm"]).format == "ntriples"
    assert kg.export(tmp_path / "g.gexf", graphs=["gcm"]).format == "gexf"


def test_an_unwritable_path_is_one_export_error(kg, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        kg.export(tmp_path / "a-file" / "graph.ttl")
    (tmp_path / "folder").mkdir()
    with pytest.raises(ExportError, match="it is a folder"):
        kg.export(tmp_path / "folder", "turtle")
    with pytest.raises(ExportError, match="this format writes a folder"):
        kg.export(tmp_path / "a-file", "csv")


@pytest.mark.parametrize("interruption", [RuntimeError("disk gone"), KeyboardInterrupt()])
def test_an_export_interrupted_halfway_leaves_nothing_under_the_final_name(kg, tmp_path, monkeypatch, interruption):
    streamed, original = [], ExportSource.quads

    def failing_quads(self):
        for count, quad in enumerate(original(self)):
            if count == 5000:
                raise interruption
            streamed.append(quad)
            yield quad

    monkeypatch.setattr(ExportSource, "quads", failing_quads)
    with pytest.raises(type(interruption)):
        kg.export(tmp_path / "graph.nq", "nquads")
    assert len(streamed) == 5000  # the writer was halfway through
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_keeps_the_previous_file(kg, tmp_path, monkeypatch):
    path = tmp_path / "graph.cyjs"
    path.write_text("the export of yesterday")

    def half_written(source, written):
        written.write_text('{"elements": {"nodes": [')
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(EXPORTERS, "cytoscape", EXPORTERS["cytoscape"].__class__(
        "cytoscape", ".cyjs", "failing", half_written))
    with pytest.raises(ExportError, match="No space left on device"):
        kg.export(path, "cytoscape")
    assert path.read_text() == "the export of yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.cyjs"]


def test_a_failed_folder_export_leaves_no_folder(toy, tmp_path, monkeypatch):
    def half_written(source, folder):
        (folder / "nodes.csv").write_text("id\n")
        raise RuntimeError("crash")

    monkeypatch.setitem(EXPORTERS, "csv", EXPORTERS["csv"].__class__("csv", "", "failing", half_written, folder=True))
    with pytest.raises(RuntimeError):
        toy.export(tmp_path / "out", "csv")
    assert list(tmp_path.iterdir()) == []


def test_exports_are_ordinary_files(kg, tmp_path):
    path = tmp_path / "gcm.ttl"
    kg.export(path, graphs=["gcm"])
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_cli_export_writes_the_file(built_store_path, tmp_path):
    result = CliRunner().invoke(main, ["export", "--store", str(built_store_path), "-f", "trig",
                                       "-o", str(tmp_path / "g.trig"), "--graph", "gcm", "--graph", "aaaa"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "trig" in result.output
    back = Dataset()
    back.parse(tmp_path / "g.trig", format="trig")
    assert {str(g.identifier) for g in back.graphs() if len(g)} == {str(GRAPH["gcm"]), str(GRAPH["aaaa"])}


@pytest.mark.parametrize("args, message", [
    (["-f", "xlsx", "-o", "{tmp}/g.xlsx"], "unknown export format 'xlsx'; the formats are: turtle"),
    (["-o", "{tmp}/a-file/g.ttl"], "is a file, not a folder"),
    (["-o", "{tmp}/g.ttl", "--graph", "nope"], "no graph named 'nope'"),
])
def test_cli_export_errors_are_one_line_and_exit_2(built_store_path, tmp_path, args, message):
    (tmp_path / "a-file").write_text("x")
    result = CliRunner().invoke(main, ["export", "--store", str(built_store_path),
                                       *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_every_registered_format_has_a_distinct_suffix_and_names_ignore_case():
    suffixes = [e.suffix for e in EXPORTERS.values() if e.suffix]
    assert len(suffixes) == len(set(suffixes))
    assert export_module.find_exporter("TTL", Path("x")).name == "turtle"
    assert export_module.find_exporter("json-ld", Path("x")).name == "jsonld"
