"""Similarity suggestions: the right candidates on real paragraphs, scores in 0..1, never accepted, deterministic."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import URIRef

from gcmkg.graph.similarity import Passage, alignments, analyse, framework_of, rank
from gcmkg.ontology.vocab import GCMKG, ID, SDG

PARA = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_"


@pytest.fixture(scope="module")
def suggestions(store):
    return list(alignments(store))


def best(suggestions, source: str, framework: str) -> list[URIRef]:
    """The suggested targets of one source in one framework, best first."""
    found = [l for l in suggestions if str(l.source) == source and framework_of(l.target) == framework]
    return [l.target for l in sorted(found, key=lambda l: (-l.score, str(l.target)))]


def test_paragraph_46_is_closest_to_target_10c(suggestions):
    assert best(suggestions, PARA + "46", "sdg")[0] == SDG["10.c"]
    assert best(suggestions, PARA + "46", "gcm")[0] == ID["gcm/objective/20"]
    assert best(suggestions, PARA + "46", "aaaa")[0] == ID["doc/aaaa/para_40"]


def test_paragraph_44_is_closest_to_legal_identity(suggestions):
    assert best(suggestions, PARA + "44", "sdg")[0] == SDG["16.9"]
    assert best(suggestions, PARA + "44", "gcm")[0] == ID["gcm/objective/4"]


def test_objective_4_is_closest_to_target_16_9(suggestions):
    assert best(suggestions, str(ID["gcm/objective/4"]), "sdg")[0] == SDG["16.9"]


def test_scores_are_in_0_1_and_suggestions_are_never_accepted(suggestions):
    assert suggestions
    assert all(0.0 < l.score <= 1.0 for l in suggestions)
    assert {(l.basis, l.method, l.accepted) for l in suggestions} == {("similarity", "tfidf", False)}
    assert all(l.evidence.startswith("shared terms: ") for l in suggestions)


def test_at_most_k_per_source_and_framework(store):
    per_group = Counter((l.source, framework_of(l.target)) for l in alignments(store, k=2))
    assert per_group and max(per_group.values()) == 2


def test_every_paragraph_and_objective_gets_suggestions_in_every_framework(suggestions):
    groups = {(str(l.source), framework_of(l.target)) for l in suggestions}
    objectives = {str(ID[f"gcm/objective/{n}"]) for n in range(1, 24)}
    assert {s for s, f in groups if f == "sdg"} >= objectives
    assert {(PARA + "53", f) for f in ("gcm", "sdg", "paris", "sendai", "aaaa")} <= groups


def test_objectives_get_no_objective_suggestions_and_paragraphs_advance(suggestions):
    to_objectives = [l for l in suggestions if framework_of(l.target) == "gcm"]
    assert all(str(l.source).startswith(PARA) for l in to_objectives)
    assert {l.relation for l in to_objectives} == {GCMKG.advances}
    assert {l.relation for l in suggestions if framework_of(l.target) != "gcm"} == {GCMKG.alignsWith}


def test_the_same_store_gives_the_same_suggestions(store, suggestions):
    assert list(alignments(store)) == suggestions


def test_evidence_names_terms_both_texts_hold():
    query = Passage(URIRef("urn:q"), "q", "reduce the transaction costs of remittances")
    candidates = [Passage(URIRef("urn:a"), "sdg", "transaction costs of migrant remittances"),
                  Passage(URIRef("urn:b"), "sdg", "legal identity for all"),
                  Passage(URIRef("urn:c"), "paris", "remittances and legal identity")]
    ranked = rank([query], candidates, k=5)
    assert [(str(c.node), terms) for _, c, _, terms in ranked] == [
        ("urn:c", ["remittances"]),
        ("urn:a", ["costs", "transaction", "transaction costs", "remittances"])]  # not "costs remittances": "migrant" parts them


def test_ties_go_to_the_smaller_iri_and_zero_scores_are_dropped():
    query = Passage(URIRef("urn:q"), "q", "early warning")
    candidates = [Passage(URIRef("urn:b"), "x", "early warning"), Passage(URIRef("urn:a"), "x", "early warning"),
                  Passage(URIRef("urn:z"), "x", "something else")]
    assert [str(c.node) for _, c, _, _ in rank([query], candidates, k=5)] == ["urn:a", "urn:b"]


def test_analysis_drops_stop_words_and_generic_verbs():
    assert analyse("We will promote the recognition of skills") == ["recogni", "skill", "recogni skill"]
