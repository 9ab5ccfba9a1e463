"""Reasoning: the SPARQL rules and owlready2/HermiT give the same inferred triples on the real graph."""

from __future__ import annotations

import time

import pytest
from rdflib import Graph, URIRef

from gcmkg.errors import GcmkgError
from gcmkg.graph.align import align, enrich
from gcmkg.graph.alignments import alignment_graph
from gcmkg.graph.build import build
from gcmkg.graph.reason import (asserted, axiom_properties, java_available, materialise, materialise_with_owl,
                                materialise_with_rules)
from gcmkg.graph.store import EmbeddedStore
from gcmkg.ontology import ONTOLOGY_FILE
from gcmkg.ontology.vocab import GCMKG, GRAPH, ID, SDG

pytest_plugins = ["tests.alignment_fixtures"]

SEED = "doc/imrf-2022-zero-draft"
COMPARED = (GCMKG.contributesTo, GCMKG.cites, GCMKG.hasPart, GCMKG.partOf)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    """A store of its own, aligned and not yet reasoned on (as enrich has it), and what each reasoner infers."""
    path = tmp_path_factory.mktemp("reason") / "store"
    build(path, progress=False)
    store = EmbeddedStore(path)
    store.replace_graph(GRAPH["alignment"], alignment_graph(align(store)))
    store.replace_graph(GRAPH["inferred"], Graph())
    started = time.perf_counter()
    rules = materialise_with_rules(store)
    found = {"store": store, "rules": rules, "rules_seconds": time.perf_counter() - started}
    if java_available():
        started = time.perf_counter()
        found["owl"] = materialise_with_owl(store)
        found["owl_seconds"] = time.perf_counter() - started
    return found


def entailed(store: EmbeddedStore, inferred: Graph, prop: URIRef) -> set:
    return set(asserted(store, {prop}).triples((None, prop, None))) | set(inferred.triples((None, prop, None)))


def test_rules_infer_contributes_to_through_the_objective(results):
    rules = results["rules"]
    assert (ID[f"{SEED}/para_32"], GCMKG.contributesTo, SDG["10.c"]) in rules
    assert (ID["gcm/objective/20"], GCMKG.advancedBy, ID[f"{SEED}/para_32"]) in rules


def test_rules_follow_part_of_transitively_and_invert_it(results):
    rules = results["rules"]
    point = ID["doc/paris-agreement/art_8__para_4__point_h"]
    assert (point, GCMKG.partOf, ID["doc/paris-agreement/art_8"]) in rules
    assert (ID["doc/paris-agreement"], GCMKG.hasPart, point) in rules
    assert (ID[f"{SEED}/para_53"], GCMKG.partOf, ID[f"{SEED}/sec_3"]) in rules  # inSection is a partOf
    assert (ID["doc/agenda-2030"], GCMKG.hasPart, SDG["10.c"]) in rules


def test_rules_add_only_what_the_store_lacks(results):
    _, written = axiom_properties(Graph().parse(ONTOLOGY_FILE))
    already = asserted(results["store"], written)
    assert len(results["rules"]) > 1000
    assert not set(results["rules"]) & set(already)


def test_the_cites_chain_is_inferred_where_only_the_citation_is_given(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graph(GRAPH["ontology"], Graph().parse(ONTOLOGY_FILE))
    data = Graph()
    para, citation, cited = ID["doc/demo/para_1"], ID["doc/demo/para_1__cit_1"], ID["doc/gcm"]
    data.add((para, GCMKG.hasCitation, citation))
    data.add((citation, GCMKG.citedDocument, cited))
    store.replace_graph(GRAPH["demo"], data)
    inferred = materialise(store)
    assert (para, GCMKG.cites, cited) in inferred and (citation, GCMKG.citationIn, para) in inferred


@pytest.mark.skipif(not java_available(), reason="the OWL reasoner (HermiT) needs Java: no `java` on PATH")
def test_owl_reasoner_and_rules_agree_on_the_real_graph(results):
    rules, owl, store = results["rules"], results["owl"], results["store"]
    assert set(rules) == set(owl)
    for prop in COMPARED:
        assert entailed(store, rules, prop) == entailed(store, owl, prop), prop
    assert len(entailed(store, owl, GCMKG.contributesTo)) >= 4 and len(entailed(store, owl, GCMKG.cites)) >= 30
    print(f"\nrules {results['rules_seconds']:.1f} s, owl {results['owl_seconds']:.1f} s, {len(rules)} triples")


def test_unknown_reasoner_is_an_error(results):
    with pytest.raises(GcmkgError, match="unknown reasoner"):
        materialise(results["store"], reasoner="magic")


def test_inferred_links_become_inference_alignments_quoting_both_steps(enriched):
    rows = list(enriched.query("""PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?score ?e { ?a gcmkg:basis <https://w3id.org/gcmkg/id/basis/inference> ;
          rdf:predicate gcmkg:contributesTo ; gcmkg:alignmentSource ?s ;
          gcmkg:alignmentTarget <http://metadata.un.org/sdg/10.c> ; gcmkg:score ?score ; gcmkg:evidence ?e }"""))
    found = {row["s"].value.rsplit("/", 1)[1]: (float(row["score"].value), row["e"].value) for row in rows}
    assert {"para_31", "para_32", "para_33", "para_34"} <= set(found)
    score, evidence = found["para_32"]
    assert evidence.startswith("Paragraph 32 advances Objective 20 (structure ")
    assert "Objective 20 aligns with SDG 10.c (citation 1.00)" in evidence
    assert 0.5 <= score < 1.0


def test_enrich_twice_gives_the_same_graphs(results):
    store = results["store"]
    first = enrich(store)
    assert enrich(store) == first and first["inferred"] == len(results["rules"])
