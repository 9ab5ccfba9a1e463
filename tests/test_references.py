"""Explicit references: SDG numbers, named instruments, GCM objectives and principles, source annotations."""

from __future__ import annotations

from collections import defaultdict

import pytest

from gcmkg.graph.references import Catalogue, catalogue, find_references
from gcmkg.ontology.vocab import GCMKG, ID, SDG

from .conftest import select as rows

pytest_plugins = ["tests.alignment_fixtures"]

SEED = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/"
FRAMEWORKS = {ID[f"doc/{slug}"] for slug in ("agenda-2030", "aaaa", "paris-agreement", "sendai-framework")}


@pytest.fixture(scope="module")
def cat(enriched) -> Catalogue:
    return catalogue(enriched)


def targets(text: str, cat: Catalogue, **options) -> list:
    return [ref.target for ref in find_references(text, cat, **options)]


def from_node(links, node: str) -> list:
    return [link for link in links if str(link.source) == node]


# ---------------------------------------------------------------------------------------------
# SDG numbers, on synthetic text resolved against the real catalogue

def test_target_and_indicator_resolve_to_the_official_iris(cat):
    text = "Remittances: see target 10.c and indicator 10.7.1."
    refs = find_references(text, cat)
    assert [ref.target for ref in refs] == [SDG["10.c"], SDG["C100701"]]
    assert [ref.basis for ref in refs] == ["citation", "citation"]
    assert all(text[ref.start:ref.end] == ref.words for ref in refs)
    assert refs[0].words == "target 10.c" and refs[1].words == "indicator 10.7.1"


@pytest.mark.parametrize("text, expected", [
    ("SDG 8.8", ["8.8"]),
    ("Goal 16", ["16"]),
    ("SDG 16 and SDG target 5.2", ["16", "5.2"]),
    ("targets 10.7 and 10.c", ["10.7", "10.c"]),
    ("targets 8.7, 10.7 and 16.2", ["8.7", "10.7", "16.2"]),
    ("Sustainable Development Goals 1 and 10", ["1", "10"]),
])
def test_numbered_goals_and_targets(cat, text, expected):
    assert targets(text, cat) == [SDG[n] for n in expected]


@pytest.mark.parametrize("text", [
    "target 99.9", "Goal 18", "indicator 10.7.9", "target 10.7.1",  # no such node, or the wrong shape
    "by 2030 the targets", "targets 2020", "Article 8", "para 13",
])
def test_numbers_that_name_no_sdg_element_make_no_link(cat, text):
    assert targets(text, cat) == []


def test_an_sdg_number_in_a_list_with_an_unknown_one_keeps_the_known_one(cat):
    assert targets("targets 10.c and 99.9", cat) == [SDG["10.c"]]


# ---------------------------------------------------------------------------------------------
# Instruments (from the register), objectives and principles

def test_named_instruments_resolve_through_the_register(cat):
    text = ("the Smuggling of Migrants Protocol, the New York Declaration, General Assembly resolution "
            "73/326, the Glasgow Climate Pact and the Marrakech Compact on Migration")
    assert targets(text, cat) == [ID[f"doc/{slug}"] for slug in (
        "smuggling-protocol", "new-york-declaration", "ga-resolution-73-326", "glasgow-climate-pact", "gcm")]


def test_an_unregistered_resolution_number_makes_no_link(cat):
    assert targets("resolution 12/345", cat) == []


def test_objectives_by_number_only_in_texts_about_the_gcm(cat):
    text = "objectives 2, 5, 6, 12 and 18; objective 24"
    assert targets(text, cat, gcm_terms=True) == [ID[f"gcm/objective/{n}"] for n in (2, 5, 6, 12, 18)]
    assert targets(text, cat) == []  # the other frameworks predate the GCM


def test_a_commitment_naming_an_objective_advances_it(cat):
    [ref] = find_references("We commit to implement objective 23.", cat, gcm_terms=True, commitment=True)
    assert (ref.target, ref.relation, ref.basis) == (ID["gcm/objective/23"], GCMKG.advances, "citation")
    [ref] = find_references("Objective 23 is slow.", cat, gcm_terms=True)
    assert ref.relation == GCMKG.mentions


def test_principles_are_invoked_in_lower_case_and_not_inside_an_instrument_name(cat):
    text = ("the 2030 Agenda for Sustainable Development; the Human Rights Council; "
            "human rights and sustainable development")
    found = {ref.target: ref for ref in find_references(text, cat, gcm_terms=True)}
    assert ID["gcm/principle/human-rights"] in found
    assert found[ID["gcm/principle/sustainable-development"]].start == text.rindex("sustainable development")
    assert found[ID["gcm/principle/human-rights"]].relation == GCMKG.invokes


# ---------------------------------------------------------------------------------------------
# On the real graph

def test_paragraph_46_mentions_the_addis_ababa_action_agenda(links, enriched):
    [link] = [l for l in from_node(links, SEED + "para_46") if l.target == ID["doc/aaaa"]]
    assert (link.basis, link.relation, link.evidence) == ("mention", GCMKG.mentions, "Addis Ababa Action Agenda")
    [row] = rows(enriched, f"SELECT ?t {{ <{SEED}para_46> <{GCMKG.text}> ?t }}")
    assert row["t"][link.evidence_start:link.evidence_end] == "Addis Ababa Action Agenda"


def test_paragraph_53_mentions_all_four_frameworks(links):
    named = {l.target for l in from_node(links, SEED + "para_53") if l.basis == "mention"}
    assert FRAMEWORKS <= named


def test_paragraph_49_mentions_resolution_71_313(links, enriched, cat):
    [row] = rows(enriched, f"SELECT ?t {{ <{SEED}para_49> <{GCMKG.text}> ?t }}")
    found = {ref.words: ref.target for ref in find_references(row["t"], cat, gcm_terms=True)}
    assert found["General Assembly resolution 71/313"] == ID["doc/sdg-indicator-framework"]
    # one record per link: the first of the two names of the indicator framework is quoted
    [link] = [l for l in from_node(links, SEED + "para_49") if l.target == ID["doc/sdg-indicator-framework"]]
    assert link.evidence == "global indicator framework"


def test_paragraph_20_and_the_round_table_headings_name_the_objectives(links):
    para_20 = {l.target for l in from_node(links, SEED + "para_20") if l.relation == GCMKG.mentions}
    assert {ID[f"gcm/objective/{n}"] for n in range(1, 24)} <= para_20
    heading = [l for l in from_node(links, SEED + "sec_2__subsec_3") if "objective" in l.target]
    assert {l.target for l in heading} == {ID[f"gcm/objective/{n}"] for n in (14, 15, 16, 19, 20, 22)}
    assert {l.basis for l in heading} == {"citation"}


def test_source_annotations_become_citations(links):
    cited = {l.target: l for l in from_node(links, SEED + "para_46") if l.relation == GCMKG.cites}
    assert cited[ID["doc/ffd-forum-outcome-2021"]].evidence == "[FFD outcome 2021, para 39]"
    assert {l.basis for l in cited.values()} == {"citation"}


def test_the_gcm_facts_give_objective_20_its_target_and_objective_2_two_frameworks(links):
    assert any(l.source == ID["gcm/objective/20"] and l.target == SDG["10.c"] and l.basis == "citation" for l in links)
    named = {l.target for l in from_node(links, str(ID["gcm/objective/2"])) if l.basis == "mention"}
    assert named == {ID["doc/sendai-framework"], ID["doc/paris-agreement"]}


def test_sdg_texts_name_other_frameworks(links):
    assert any(l.source == SDG["11.b"] and l.target == ID["doc/sendai-framework"] for l in links)


def test_the_paris_agreement_does_not_mention_itself_and_a_part_is_not_repeated_on_its_whole(links):
    paris = [l for l in links if str(l.source).startswith(str(ID["doc/paris-agreement"]))]
    assert paris and all(l.target != ID["doc/paris-agreement"] for l in paris)
    sources = {str(l.source) for l in paris}
    assert not any(s != t and t.startswith(s + "__") for s in sources for t in sources)


def test_every_quoted_evidence_is_the_text_at_its_offsets(enriched):
    prefixes = """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"""
    quoted = rows(enriched, prefixes + """SELECT ?s ?e ?start ?end { ?a a gcmkg:Alignment ;
        gcmkg:alignmentSource ?s ; gcmkg:evidence ?e ; gcmkg:startOffset ?start ; gcmkg:endOffset ?end }""")
    texts = defaultdict(set)
    for row in rows(enriched, prefixes + """SELECT ?s ?text { { ?s gcmkg:text|gcmkg:heading ?text }
            UNION { ?s skos:prefLabel ?text FILTER(LANG(?text) = "en") } }"""):
        texts[row["s"]].add(row["text"])
    assert len(quoted) > 100
    wrong = [q for q in quoted if not any(t[int(q["start"]):int(q["end"])] == q["e"] for t in texts[q["s"]])]
    assert wrong == []
