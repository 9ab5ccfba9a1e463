"""The 2030 Agenda loader: the UN SDG KOS merged with the 2023 indicator list, its differences, bad input."""

from __future__ import annotations

import collections
import shutil
import warnings

import openpyxl
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, OWL, SKOS

from gcmkg.errors import SourceError
from gcmkg.loaders.registry import default_sources
from gcmkg.loaders.sdg import AGENDA, INDICATOR_FRAMEWORK, load_agenda_2030
from gcmkg.loaders.sdg_indicators import SDG_SOURCES, SHEET, WORKBOOK, read_indicator_framework
from gcmkg.loaders.sdg_kos import KOS_FILE, SCHEME, kos_changes
from gcmkg.ontology.vocab import GCMKG, SDG, SDGO

TARGET_10_7 = ("Facilitate orderly, safe, regular and responsible migration and mobility of people, including "
               "through the implementation of planned and well-managed migration policies")


@pytest.fixture(scope="module")
def g():
    return load_agenda_2030()


@pytest.fixture(scope="module")
def changes():
    return kos_changes()


def current_indicators(g):
    """Indicators the 2023 list has: the ones still under a target (deprecated ones are not)."""
    return {i for i in g.subjects(RDF.type, SDGO.Indicator) if (i, SDGO.isIndicatorOf, None) in g}


def en(g, concept):
    return [str(label) for label in g.objects(concept, SKOS.prefLabel) if label.language == "en"]


def test_agenda_2030_is_a_registered_source():
    assert "agenda-2030" in [source.name for source in default_sources()]


def test_counts_17_goals_169_targets_248_indicator_rows_231_unique_indicators(g):
    goals = set(g.subjects(RDF.type, SDGO.Goal))
    targets = set(g.subjects(RDF.type, SDGO.Target))
    indicators = current_indicators(g)
    pairs = set(g.subject_objects(SDGO.hasIndicator))
    assert (len(goals), len(targets)) == (17, 169)
    assert len(pairs) == 248
    assert pairs == {(t, i) for i, t in g.subject_objects(SDGO.isIndicatorOf)}
    assert len(indicators) == 232  # distinct permanent codes
    repeats_with_own_code = {i for i in indicators
                             if (i, SKOS.related, None) in g and (i, SKOS.editorialNote, None) in g}
    assert [str(i) for i in repeats_with_own_code] == [str(SDG["C130b02"])]
    assert len(indicators) - len(repeats_with_own_code) == 231  # UNSD's count of unique indicators
    shared_code = [i for i in indicators if len(set(g.objects(i, SDGO.isIndicatorOf))) > 1]
    assert len(shared_code) + len(repeats_with_own_code) == 13  # "13 indicators repeat"
    assert sum(len(set(g.objects(i, SDGO.isIndicatorOf))) - 1 for i in shared_code) == 16


def test_workbook_reader_counts_match_the_graph():
    framework = read_indicator_framework()
    assert (len(framework.goals), len(framework.targets), len(framework.rows)) == (17, 169, 248)
    assert (len(framework.rows_by_code), framework.unique_indicator_count) == (232, 231)


def test_target_10_7_has_the_official_wording_of_the_workbook(g):
    assert en(g, SDG["10.7"]) == [TARGET_10_7]
    assert g.value(SDG["10.7"], GCMKG.inDocument) == AGENDA


def test_10c_is_a_target_of_goal_10(g):
    goal, target = SDG["10"], SDG["10.c"]
    assert (goal, SDGO.hasTarget, target) in g and (target, SDGO.isTargetOf, goal) in g
    assert (goal, SKOS.narrower, target) in g and (target, SKOS.broader, goal) in g
    assert Literal("10.c") in set(g.objects(target, SKOS.notation))


def test_indicator_10_7_1_is_its_permanent_code_under_10_7(g):
    indicator = SDG["C100701"]
    assert str(indicator) == "http://metadata.un.org/sdg/C100701"
    notations = set(g.objects(indicator, SKOS.notation))
    assert Literal("10.7.1") in notations
    assert Literal("10.7.1", datatype=SDGO.SDGCodeCompact) in notations
    assert set(g.objects(indicator, SDGO.isIndicatorOf)) == {SDG["10.7"]}
    assert set(g.objects(indicator, SKOS.broader)) == {SDG["10.7"]}
    assert g.value(indicator, GCMKG.inDocument) == INDICATOR_FRAMEWORK


def test_a_repeated_indicator_is_one_concept_under_each_of_its_targets(g):
    for code, targets in {"C200303": ("1.5", "11.5", "13.1"), "C200306": ("4.7", "12.8", "13.3")}.items():
        indicator = SDG[code]
        assert set(g.objects(indicator, SDGO.isIndicatorOf)) == {SDG[t] for t in targets}
        assert all((SDG[t], SDGO.hasIndicator, indicator) in g for t in targets)
        assert len(en(g, indicator)) == 1
    plain = sorted(str(n) for n in g.objects(SDG["C200306"], SKOS.notation) if n.datatype is None)
    assert plain == ["12.8.1", "13.3.1", "4.7.1"]


def test_13b1_repeats_13_2_1_under_its_own_code(g):
    assert (SDG["C130b02"], SKOS.related, SDG["C130203"]) in g
    assert "slight amendment" in str(g.value(SDG["C130b02"], SKOS.editorialNote))


def test_goal_10_has_labels_in_english_spanish_and_french(g):
    labels = {label.language: str(label) for label in g.objects(SDG["10"], SKOS.prefLabel)}
    assert labels == {"en": "Reduce inequality within and among countries",
                      "es": "Reducir la desigualdad en los países y entre ellos",
                      "fr": "Réduire les inégalités dans les pays et d’un pays à l’autre"}


def test_every_concept_has_exactly_one_english_prefLabel_and_at_most_one_per_language(g):
    for concept in set(g.subjects(RDF.type, SKOS.Concept)):
        languages = collections.Counter(label.language for label in g.objects(concept, SKOS.prefLabel))
        assert languages["en"] == 1, concept
        assert max(languages.values()) == 1, concept
        assert all(label.language for label in g.objects(concept, SKOS.prefLabel)), concept


def test_english_prefLabels_of_current_concepts_are_distinct(g):
    current = current_indicators(g) | set(g.subjects(RDF.type, SDGO.Target)) | set(g.subjects(RDF.type, SDGO.Goal))
    labels = collections.Counter(en(g, c)[0] for c in current)
    assert labels.most_common(1)[0][1] == 1


def test_goals_and_targets_have_a_plain_notation_scheme_and_document(g):
    for concept in set(g.subjects(RDF.type, SDGO.Goal)) | set(g.subjects(RDF.type, SDGO.Target)):
        plain = [n for n in g.objects(concept, SKOS.notation) if n.datatype is None]
        assert plain == [Literal(str(concept).rsplit("/", 1)[1])]
        assert (concept, SKOS.inScheme, SCHEME) in g
        assert g.value(concept, GCMKG.inDocument) == AGENDA


def test_each_plain_notation_names_one_current_concept(g):
    deprecated = set(g.subjects(OWL.deprecated, Literal(True)))
    owners = collections.Counter(n for c, n in g.subject_objects(SKOS.notation)
                                 if n.datatype is None and c not in deprecated)
    assert len(owners) == 17 + 169 + 248 and owners.most_common(1)[0][1] == 1


def test_kos_vs_2023_differences_are_counted(changes):
    kinds = collections.Counter(change.kind for change in changes)
    assert kinds == {"deprecated": 31, "new": 31, "typography": 44, "wording": 22, "kos-label": 10, "notation": 1}
    replaced = [c for c in changes if c.kind == "deprecated" and c.replaced_by]
    assert len(replaced) == 26
    without = [c.notation for c in changes if c.kind == "deprecated" and not c.replaced_by]
    assert without == ["1.a.3", "8.9.2", "11.c.1", "13.3.2", "17.6.1"]


def test_deprecated_kos_indicators_leave_the_hierarchy_with_their_replacement(g):
    deprecated = set(g.subjects(OWL.deprecated, Literal(True)))
    assert len(deprecated) == 31
    assert not any((d, SDGO.isIndicatorOf, None) in g or (None, SKOS.narrower, d) in g for d in deprecated)
    assert set(g.objects(SDG["C010a01"], DCTERMS.isReplacedBy)) == {SDG["C010a04"]}
    assert set(g.objects(SDG["C110502"], DCTERMS.isReplacedBy)) == {SDG["C200211"]}
    assert (SDG["C170601"], DCTERMS.isReplacedBy, None) not in g  # 17.6.1 was dropped, 17.6.2 renumbered
    assert SDG["C110c01"] in deprecated and (SDG["11.c"], SDGO.hasIndicator, None) not in g


def test_indicators_new_in_2023_carry_a_change_note(g):
    notes = [str(n) for n in g.objects(SDG["C100703"], SKOS.changeNote)]
    assert notes == ["In the 2023 list as 10.7.3, not in the 2020 KOS."]


def test_changed_wording_keeps_the_kos_text_as_hidden_label(g):
    indicator = SDG["C100702"]
    assert en(g, indicator) == ["Proportion of countries with migration policies that facilitate orderly, safe, "
                                "regular and responsible migration and mobility of people"]
    assert str(g.value(indicator, SKOS.hiddenLabel)).startswith("Number of countries with migration policies")
    notes = [str(n) for n in g.objects(indicator, SKOS.changeNote)]
    assert any(n.startswith("2020 KOS wording differs from the 2023 list") for n in notes)


def test_renumbered_indicator_17_6_1_loses_its_old_notation(g):
    indicator = SDG["C170602"]
    notations = {str(n) for n in g.objects(indicator, SKOS.notation)}
    assert "17.6.1" in notations and "17.6.2" not in notations and "17.06.02" not in notations
    assert "previously listed as 17.6.2" in str(g.value(indicator, SKOS.historyNote))


def test_flattened_footnotes_are_stripped_and_kept_as_notes(g):
    assert en(g, SDG["C100402"]) == ["Redistributive impact of fiscal policy"]
    assert str(g.value(SDG["C100402"], SKOS.scopeNote)).startswith("The Gini Coefficient")
    assert en(g, SDG["13"]) == ["Take urgent action to combat climate change and its impacts"]
    assert "Framework Convention on Climate Change" in str(g.value(SDG["13"], SKOS.scopeNote))
    assert all(not str(label).endswith(("3", "4")) for label in g.objects(SDG["14.6"], SKOS.prefLabel))
    assert "Doha Development Agenda" in str(g.value(SDG["14.6"], SKOS.scopeNote))


def test_target_11c_has_its_note_and_no_indicator(g):
    notes = [str(n) for n in g.objects(SDG["11.c"], SKOS.note) if n.language == "en"]
    assert any(n.startswith("No suitable replacement indicator was proposed") for n in notes)
    assert (SDG["11.c"], SDGO.hasIndicator, None) not in g


def test_kos_label_errors_are_fixed(g):
    assert {label.language: str(label)[:10] for label in g.objects(SDG["12.3"], SKOS.prefLabel)} == {
        "en": "By 2030, h", "es": "De aquí a ", "fr": "D’ici à 20"}


def test_goal_17_headings_are_collections(g):
    systemic = next(c for c in g.subjects(RDF.type, SKOS.Collection) if str(c).endswith("/systemic-issues"))
    data = next(c for c in g.objects(systemic, SKOS.member) if str(c).endswith("/data-monitoring-and-accountability"))
    assert set(g.objects(data, SKOS.member)) == {SDG["17.18"], SDG["17.19"]}


def test_documents_carry_symbol_provenance_and_known_gap(g):
    assert str(g.value(AGENDA, DCTERMS.title)) == "Transforming our world: the 2030 Agenda for Sustainable Development"
    assert (AGENDA, RDF.type, GCMKG.Framework) in g
    assert str(g.value(AGENDA, DCTERMS.identifier)) == "A/RES/70/1"
    assert str(g.value(INDICATOR_FRAMEWORK, DCTERMS.identifier)) == "A/RES/71/313"
    assert len({g.value(f, GCMKG.sha256) for f in g.objects(AGENDA, DCTERMS.source)}) == 3
    assert {str(g.value(s, RDFS.label)) for s in g.objects(AGENDA, DCTERMS.source)} == {
        "loaders/sources/sdg/" + name for name in (KOS_FILE, "sdgs-ontology.ttl", WORKBOOK)}
    assert any("2025 comprehensive review" in str(gap) for gap in g.objects(AGENDA, GCMKG.knownGap))


def test_sparql_in_pyoxigraph_finds_the_ten_targets_of_goal_10(g):
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?notation WHERE {
          <http://metadata.un.org/sdg/10> sdgo:hasTarget ?target .
          ?target skos:notation ?notation . FILTER(DATATYPE(?notation) = <http://www.w3.org/2001/XMLSchema#string>)
        }""")
    notations = sorted(row["notation"].value for row in rows)
    assert notations == ["10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.7", "10.a", "10.b", "10.c"]


# Broken copies of the sources: each must stop the load with a SourceError naming the file.

@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "sdg"
    shutil.copytree(SDG_SOURCES, target)
    return target


def edit_workbook(directory, edit):
    path = directory / WORKBOOK
    with warnings.catch_warnings():  # openpyxl warns about an Excel extension it drops
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path)
    edit(workbook[SHEET] if SHEET in workbook.sheetnames else workbook.active)
    workbook.save(path)


def load_fails(directory, file_name):
    with pytest.raises(SourceError) as caught:
        load_agenda_2030(directory)
    assert caught.value.path.endswith(file_name)
    return caught.value


def test_missing_workbook_is_an_error(copy):
    (copy / WORKBOOK).unlink()
    assert "file not found" in load_fails(copy, WORKBOOK).message


def test_missing_kos_is_an_error(copy):
    (copy / KOS_FILE).unlink()
    assert "file not found" in load_fails(copy, KOS_FILE).message


def test_renamed_sheet_is_an_error(copy):
    edit_workbook(copy, lambda sheet: setattr(sheet, "title", "Sheet1"))
    assert SHEET in load_fails(copy, WORKBOOK).message


def test_changed_header_is_an_error_on_row_3(copy):
    edit_workbook(copy, lambda sheet: sheet.cell(3, 4, "Codes"))
    assert load_fails(copy, WORKBOOK).line == 3


def test_a_removed_indicator_row_is_an_error(copy):
    edit_workbook(copy, lambda sheet: sheet.delete_rows(148))  # 10.7.2
    error = load_fails(copy, WORKBOOK)
    assert "expected 248 indicator rows, found 247" in error.message


def test_a_removed_goal_row_is_an_error_naming_the_row(copy):
    edit_workbook(copy, lambda sheet: sheet.delete_rows(139))  # "Goal 10. ..."
    error = load_fails(copy, WORKBOOK)
    assert error.line == 139 and "target 10.1 is not under goal 10" in error.message


def test_a_truncated_workbook_is_an_error(copy):
    data = (copy / WORKBOOK).read_bytes()
    (copy / WORKBOOK).write_bytes(data[: len(data) // 2])
    assert "truncated" in load_fails(copy, WORKBOOK).message


def test_a_truncated_kos_is_an_error_with_its_line(copy):
    data = (copy / KOS_FILE).read_bytes()
    (copy / KOS_FILE).write_bytes(data[:200_000])
    assert load_fails(copy, KOS_FILE).line is not None
