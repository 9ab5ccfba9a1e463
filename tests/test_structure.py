"""Round-table structure: review paragraphs advance the objectives of their round table, scored by shared words."""

from __future__ import annotations

from collections import defaultdict

import pytest

from gcmkg.graph import structure
from gcmkg.graph.structure import FLOOR, SPAN, content_words, structure_score
from gcmkg.ontology.vocab import GCMKG, ID

pytest_plugins = ["tests.alignment_fixtures"]

SEED = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/"
ROUND_TABLES = {1: ((21, 24), (2, 5, 6, 12, 18)), 2: ((25, 30), (4, 8, 9, 10, 11, 13, 21)),
                3: ((31, 34), (14, 15, 16, 19, 20, 22)), 4: ((35, 37), (1, 3, 7, 17, 23))}


@pytest.fixture(scope="module")
def by_paragraph(enriched) -> dict[int, dict[int, object]]:
    found: dict[int, dict[int, object]] = defaultdict(dict)
    for link in structure.alignments(enriched):
        paragraph = int(str(link.source).rsplit("_", 1)[1])
        found[paragraph][int(str(link.target).rsplit("/", 1)[1])] = link
    return found


def test_the_score_has_a_floor_and_a_ceiling_below_a_citation():
    title = "Provide access to basic services for migrants"
    assert structure_score("Nothing on that here.", title) == (FLOOR, ())
    assert structure_score("Access to basic services", title) == (FLOOR + SPAN, ("access", "basic", "services"))
    assert FLOOR + SPAN < 1.0


def test_content_words_leave_out_what_every_objective_says():
    assert set(content_words("Strengthen the transnational response to smuggling of migrants").values()) == {
        "transnational", "response", "smuggling"}


@pytest.mark.parametrize("table", sorted(ROUND_TABLES))
def test_each_review_paragraph_advances_exactly_the_objectives_of_its_round_table(by_paragraph, table):
    (first, last), objectives = ROUND_TABLES[table]
    for paragraph in range(first, last + 1):
        assert sorted(by_paragraph[paragraph]) == list(objectives), f"paragraph {paragraph}"


def test_round_table_3_paragraphs_advance_objective_20_on_basis_structure(by_paragraph):
    for paragraph in range(31, 35):
        link = by_paragraph[paragraph][20]
        assert (link.basis, link.relation, link.method) == ("structure", GCMKG.advances, "round-table-structure")
        assert FLOOR <= link.score < 1.0
        assert "Round table 3 (objectives 14, 15, 16, 19, 20 and 22)" in link.evidence
    # paragraph 32 speaks of remittances and financial inclusion, 33 does not
    assert by_paragraph[32][20].score > by_paragraph[33][20].score == FLOOR


def test_a_paragraph_scores_highest_for_the_objective_it_is_about(by_paragraph):
    scores = {objective: link.score for objective, link in by_paragraph[33].items()}
    assert max(scores, key=scores.get) == 15  # basic services
    assert max(by_paragraph[29].items(), key=lambda item: item[1].score)[0] == 11  # borders


def test_paragraphs_outside_the_round_tables_advance_nothing_by_structure(by_paragraph):
    assert set(by_paragraph) == set(range(21, 38))


def test_the_structure_links_are_in_the_graph_with_their_direct_link(enriched):
    link = ID["doc/imrf-2022-zero-draft/para_32"], GCMKG.advances, ID["gcm/objective/20"]
    assert bool(enriched.query(f"ASK {{ <{link[0]}> <{link[1]}> <{link[2]}> }}"))
