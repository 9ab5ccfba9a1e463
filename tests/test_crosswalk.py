"""The curated crosswalks: complete, quoted from the official texts, and refused with file:line when broken."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import URIRef

from gcmkg.errors import SourceError
from gcmkg.graph.crosswalk import (COMMITMENTS_CSV, OBJECTIVES_CSV, Catalogue, alignments, read_commitments,
                                   read_objectives)
from gcmkg.ontology.vocab import GCMKG, ID, SDG

from .conftest import select

pytest_plugins = ["tests.crosswalk_fixtures"]

PARA = "https://w3id.org/gcmkg/id/doc/imrf-2022-zero-draft/para_"


@pytest.fixture(scope="module")
def catalogue(store) -> Catalogue:
    return Catalogue.of(store)


@pytest.fixture(scope="module")
def objective_rows(catalogue):
    return read_objectives(OBJECTIVES_CSV, catalogue)


@pytest.fixture(scope="module")
def commitment_rows(catalogue):
    return read_commitments(COMMITMENTS_CSV, catalogue)


def objective(n: int) -> URIRef:
    return ID[f"gcm/objective/{n}"]


def test_every_objective_has_a_link(objective_rows):
    assert {row.source for row in objective_rows} == {objective(n) for n in range(1, 24)}


def test_every_framework_is_reached(objective_rows):
    targets = [str(row.target) for row in objective_rows]
    assert any(t.startswith(str(SDG)) for t in targets)
    assert any("/doc/paris-agreement/" in t for t in targets)
    assert any("/sendai/" in t for t in targets)
    assert any("/aaaa/" in t for t in targets)


def test_objective_20_serves_target_10c_for_the_3_per_cent_reason(objective_rows):
    rows = [r for r in objective_rows if r.source == objective(20) and r.target == SDG["10.c"]]
    assert len(rows) == 1 and "3 per cent" in rows[0].reason
    assert any(r.target == ID["doc/aaaa/para_40"] for r in objective_rows if r.source == objective(20))


def test_objective_2_reaches_paris_article_8_and_sendai(objective_rows):
    targets = {r.target for r in objective_rows if r.source == objective(2)}
    assert ID["doc/paris-agreement/art_8__para_1"] in targets
    assert ID["sendai/priority/4"] in targets


def test_every_row_has_a_reason(objective_rows, commitment_rows):
    assert all(row.reason.strip() for row in objective_rows + commitment_rows)


def test_every_recommendation_paragraph_is_decided(store, commitment_rows):
    rows = select(store, """PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT ?p { ?p a gcmkg:Paragraph ; gcmkg:inSection ?s . ?s gcmkg:heading ?h
                    FILTER(STRSTARTS(?h, "Recommendations")) }""")
    recommendations = {URIRef(r["p"]) for r in rows}
    assert len(recommendations) == 20
    assert recommendations == {row.source for row in commitment_rows}


def test_process_paragraphs_advance_nothing_and_46_advances_20(commitment_rows):
    linked = {(str(r.source).removeprefix(PARA), r.target) for r in commitment_rows}
    for number in ("51", "52", "53", "54", "57"):
        assert {t for p, t in linked if p == number} == {None}
    assert ("46", objective(20)) in linked


def test_alignments_are_accepted_crosswalk_links_whose_evidence_is_the_reason(store, objective_rows, commitment_rows):
    links = list(alignments(store))
    assert {(l.basis, l.score, l.accepted) for l in links} == {("crosswalk", 1.0, True)}
    advances = [l for l in links if l.relation == GCMKG.advances]
    assert len(advances) == 20 and len(links) == 65 == len(objective_rows) + 20
    # the reason quotes words, not one span of the source: no offsets (evidence == text[start:end] elsewhere)
    assert all(l.evidence_start is None and l.evidence_end is None for l in links)
    link = next(l for l in advances if str(l.source) == PARA + "46")
    assert link.target == objective(20) and "less than 3 per cent of the amount transferred" in link.evidence


def test_quotations_are_found_in_the_rows_own_texts_first(catalogue):
    node, start, end = catalogue.find_quote("less than 3 per cent", (URIRef(PARA + "46"), SDG["10.c"]))
    assert node == URIRef(PARA + "46")
    assert catalogue.texts[node][0][start:end] == "less than 3 per cent"


def test_enriched_graph_holds_the_crosswalk_triple(evaluated_store):
    rows = select(evaluated_store, f"""PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        SELECT ?evidence {{ <{objective(20)}> gcmkg:alignsWith <{SDG['10.c']}> .
            ?a gcmkg:alignmentSource <{objective(20)}> ; gcmkg:alignmentTarget <{SDG['10.c']}> ;
               gcmkg:basis <https://w3id.org/gcmkg/id/basis/crosswalk> ; gcmkg:evidence ?evidence }}""")
    assert len(rows) == 1 and "3 per cent" in rows[0]["evidence"]


# ---- broken copies are refused with the file and line ------------------------------------------

def broken_copy(tmp_path: Path, source: Path, line: int, new: str | None) -> Path:
    """A copy of ``source`` whose ``line`` (1-based) is replaced by ``new`` (or duplicated if ``None``)."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1:line] = [lines[line - 1]] * 2 if new is None else [new + "\n"]
    path = tmp_path / source.name
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("line, new, message", [
    (3, '24,sdg,10.7,"Objective 24 does not exist"', "unknown objective '24'"),
    (3, '1,sdg,10.99,"no such target"', "unknown sdg element '10.99'"),
    (3, '1,sdg,10.3.1.1,"no such target"', "unknown sdg element"),
    (3, '2,sendai,target h,"Sendai has seven targets"', "unknown sendai element 'target h'"),
    (3, '1,unfccc,art_8,"not a framework of the crosswalk"', "unknown framework 'unfccc'"),
    (3, '1,sdg,10.7,', "the row has no reason"),
    (3, '1,sdg,10.7,"  "', "the row has no reason"),
    (3, '1,sdg,10.7,"Objective 1 “Collect data at the speed of light”"', "which no official text in the graph holds"),
    (3, None, "duplicate row (first on line 3)"),
    (1, "objective,framework,reference,reason", "the header must be"),
])
def test_broken_objectives_csv_is_refused_with_its_line(tmp_path, catalogue, line, new, message):
    path = broken_copy(tmp_path, OBJECTIVES_CSV, line, new)
    with pytest.raises(SourceError) as caught:
        read_objectives(path, catalogue)
    expected_line = 4 if new is None else line
    assert caught.value.line == expected_line and caught.value.path == str(path)
    assert message in str(caught.value) and str(caught.value).startswith(f"{path}:{expected_line}: ")


def test_unknown_element_suggests_the_closest_names(tmp_path, catalogue):
    path = broken_copy(tmp_path, OBJECTIVES_CSV, 3, '1,paris,art_8__para_44,"typo"')
    with pytest.raises(SourceError, match=r"did you mean .*art_8__para_4"):
        read_objectives(path, catalogue)


@pytest.mark.parametrize("new, message", [
    ('99,20,"there is no paragraph 99"', "unknown paragraph '99'"),
    ('38,0,"there is no objective 0"', "unknown objective '0'"),
    ('38,15,', "the row has no reason"),
    ('38,15,"Paragraph 38 “promises free flights”"', "which no official text in the graph holds"),
])
def test_broken_commitments_csv_is_refused_with_its_line(tmp_path, catalogue, new, message):
    path = broken_copy(tmp_path, COMMITMENTS_CSV, 2, new)
    with pytest.raises(SourceError) as caught:
        read_commitments(path, catalogue)
    assert caught.value.line == 2 and message in str(caught.value)


def test_a_broken_crosswalk_stops_the_aligner(tmp_path, store):
    path = broken_copy(tmp_path, OBJECTIVES_CSV, 2, None)
    with pytest.raises(SourceError, match=r"objectives\.csv:3: duplicate row"):
        list(alignments(store, objectives_csv=path))


def test_missing_file_is_a_source_error(tmp_path, catalogue):
    with pytest.raises(SourceError, match="cannot read the crosswalk"):
        read_objectives(tmp_path / "absent.csv", catalogue)


def test_files_are_plain_csv_a_reviewer_can_open(objective_rows):
    with open(OBJECTIVES_CSV, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    assert records[0] == ["objective", "framework", "target", "reason"]
    assert all(len(r) == 4 for r in records) and len(records) - 1 == len(objective_rows)
