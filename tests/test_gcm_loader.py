"""The GCM graph: 23 objectives with their official titles, 10 guiding principles, and what holds them."""

from __future__ import annotations

import pytest
from rdflib import RDF
from rdflib.namespace import DCTERMS, PROV, SKOS

from gcmkg.loaders.gcm import GCM, OBJECTIVES, PRINCIPLES, load_gcm
from gcmkg.ontology.vocab import GCMKG, ID, SDG

from .conftest import select


@pytest.fixture(scope="module")
def g():
    return load_gcm()


def test_twenty_three_objectives_numbered_1_to_23_in_their_scheme(g):
    objectives = set(g.subjects(RDF.type, GCMKG.Objective))
    assert len(objectives) == 23
    assert {str(g.value(o, SKOS.notation)) for o in objectives} == {str(n) for n in range(1, 24)}
    assert all((o, SKOS.inScheme, OBJECTIVES) in g for o in objectives)


@pytest.mark.parametrize("number, title", [
    (2, "Minimize the adverse drivers and structural factors that compel people to leave their country of origin"),
    (20, "Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"),
    (23, "Strengthen international cooperation and global partnerships for safe, orderly and regular migration"),
])
def test_objective_titles_are_the_official_ones(g, number, title):
    labels = list(g.objects(ID[f"gcm/objective/{number}"], SKOS.prefLabel))
    assert [(str(label), label.language) for label in labels] == [(title, "en")]


def test_objective_n_is_held_in_gcm_paragraph_n_plus_16_and_derived_from_its_footnote(g):
    assert g.value(ID["gcm/objective/1"], GCMKG.heldIn) == ID["doc/gcm/para_17"]
    assert g.value(ID["gcm/objective/20"], GCMKG.heldIn) == ID["doc/gcm/para_36"]
    assert g.value(ID["gcm/objective/23"], GCMKG.heldIn) == ID["doc/gcm/para_39"]
    # objective 20 is listed in footnote 3, under round table 3
    assert g.value(ID["gcm/objective/20"], PROV.wasDerivedFrom) == ID["doc/imrf-2022-zero-draft/fn_3"]


def test_ten_guiding_principles_in_the_order_of_gcm_paragraph_15(g):
    principles = {str(g.value(p, SKOS.notation)): str(g.value(p, SKOS.prefLabel))
                  for p in g.subjects(RDF.type, GCMKG.GuidingPrinciple)}
    assert len(principles) == 10
    assert principles["a"] == "people-centred"
    assert principles["f"] == "human rights"
    assert principles["j"] == "whole-of-society approach"
    assert (ID["gcm/principle/human-rights"], SKOS.inScheme, PRINCIPLES) in g


def test_document_has_its_symbol_and_states_what_is_missing(g):
    assert str(g.value(GCM, DCTERMS.identifier)) == "A/RES/73/195"
    gaps = [str(gap) for gap in g.objects(GCM, GCMKG.knownGap)]
    assert any("No full text of the GCM" in gap for gap in gaps)
    assert not list(g.objects(ID["doc/gcm/para_36"], GCMKG.text))


def test_provenance_facts_objective_20_names_target_10c_and_objective_2_the_frameworks(g):
    assert (ID["gcm/objective/20/action/a"], GCMKG.mentions, SDG["10.c"]) in g
    assert (ID["gcm/objective/20/action/a"], GCMKG.partOf, ID["gcm/objective/20"]) in g
    assert {ID["doc/sendai-framework"], ID["doc/paris-agreement"]} <= set(g.objects(ID["gcm/objective/2"], GCMKG.mentions))


def test_frameworks_are_found_by_their_official_symbols_in_the_built_store(store):
    rows = select(store, """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT DISTINCT ?symbol ?doc WHERE {
          VALUES ?symbol { "A/RES/73/195" "A/RES/70/1" "A/RES/69/313" "A/RES/69/283" "FCCC/CP/2015/10/Add.1" }
          ?doc dcterms:identifier ?symbol ; a gcmkg:Framework . }""")
    assert {row["symbol"]: row["doc"].rsplit("/", 1)[-1] for row in rows} == {
        "A/RES/73/195": "gcm", "A/RES/70/1": "agenda-2030", "A/RES/69/313": "aaaa",
        "A/RES/69/283": "sendai-framework", "FCCC/CP/2015/10/Add.1": "paris-agreement"}
