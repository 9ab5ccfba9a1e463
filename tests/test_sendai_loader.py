"""The Sendai Framework loader on the real facts file: targets, priorities, paragraphs, gaps, SPARQL, bad input."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS, SKOS

from gcmkg.errors import SourceError
from gcmkg.loaders.registry import default_sources
from gcmkg.loaders.sendai import SENDAI, SOURCE, TARGETS, load_sendai
from gcmkg.ontology.vocab import GCMKG, ID

TARGET_A = ("Substantially reduce global disaster mortality by 2030, aiming to lower average per 100,000 global "
            "mortality between 2020-2030 compared with 2005-2015")
PARA_18 = ID["doc/sendai-framework/para_18"]
PARA_20 = ID["doc/sendai-framework/para_20"]


@pytest.fixture(scope="module")
def g():
    return load_sendai()


def test_sendai_framework_is_a_registered_source():
    assert "sendai-framework" in [source.name for source in default_sources()]


def test_seven_targets_a_to_g_held_in_paragraph_18(g):
    targets = sorted(g.subjects(RDF.type, GCMKG.SendaiTarget))
    assert (TARGETS, RDF.type, SKOS.ConceptScheme) in g
    assert [str(t).rsplit("/", 1)[-1] for t in targets] == list("abcdefg")
    for target in targets:
        assert (target, RDF.type, SKOS.Concept) in g
        assert g.value(target, SKOS.inScheme) == TARGETS
        assert g.value(target, GCMKG.heldIn) == PARA_18
        letter = str(target).rsplit("/", 1)[-1]
        assert str(g.value(target, SKOS.notation)) == letter
        assert g.value(target, RDFS.label) == Literal(f"Sendai target {letter}", lang="en")


def test_target_a_has_the_official_wording(g):
    assert g.value(ID["sendai/target/a"], SKOS.prefLabel) == Literal(TARGET_A, lang="en")
    assert str(g.value(ID["sendai/target/g"], SKOS.prefLabel)).startswith(
        "Substantially increase the availability of and access to multi-hazard early warning systems")


def test_four_priorities_held_in_paragraph_20(g):
    priorities = sorted(g.subjects(RDF.type, GCMKG.SendaiPriority))
    assert [str(p).rsplit("/", 1)[-1] for p in priorities] == ["1", "2", "3", "4"]
    assert all(g.value(p, GCMKG.heldIn) == PARA_20 for p in priorities)
    assert all(g.value(p, SKOS.inScheme) == ID["sendai/priorities"] for p in priorities)
    assert g.value(ID["sendai/priority/1"], RDFS.label) == Literal("Sendai priority 1", lang="en")
    assert str(g.value(ID["sendai/priority/4"], SKOS.prefLabel)).startswith(
        "Enhancing disaster preparedness for effective response and to \"Build Back Better\"")


def test_paragraphs_16_to_20_say_what_they_hold_and_have_no_text(g):
    paragraphs = set(g.subjects(RDF.type, GCMKG.Paragraph))
    assert sorted(g.value(p, GCMKG.paragraphNumber).toPython() for p in paragraphs) == [16, 17, 18, 19, 20]
    assert all(g.value(p, GCMKG.inDocument) == SENDAI and g.value(p, GCMKG.partOf) == SENDAI for p in paragraphs)
    assert not any((p, GCMKG.text, None) in g for p in paragraphs)
    assert str(g.value(PARA_18, RDFS.label)) == "Sendai Framework paragraph 18 (the seven global targets)"
    assert "guiding principles" in str(g.value(ID["doc/sendai-framework/para_19"], RDFS.label))


def test_document_dates_symbol_and_known_gaps(g):
    assert (SENDAI, RDF.type, GCMKG.Framework) in g
    assert str(g.value(SENDAI, DCTERMS.title)) == "Sendai Framework for Disaster Risk Reduction 2015-2030"
    assert str(g.value(SENDAI, DCTERMS.identifier)) == "A/RES/69/283"
    assert str(g.value(SENDAI, DCTERMS.issued)) == "2015-03-18"
    assert str(g.value(SENDAI, DCTERMS.date)) == "2015-06-03"
    gaps = " ".join(str(gap) for gap in g.objects(SENDAI, GCMKG.knownGap))
    assert "No full text" in gaps and "38 indicators" in gaps and "13 guiding principles" in gaps
    source = g.value(SENDAI, DCTERMS.source)
    assert str(g.value(source, RDFS.label)) == "loaders/sources/sendai/sendai-framework.yml"


def test_sparql_in_pyoxigraph_finds_the_targets_of_paragraph_18(g):
    store = ox.Store()
    store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query("""
        PREFIX gcmkg: <https://w3id.org/gcmkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?notation WHERE {
          ?paragraph gcmkg:paragraphNumber 18 .
          ?target a gcmkg:SendaiTarget ; gcmkg:heldIn ?paragraph ; skos:notation ?notation .
        } ORDER BY ?notation""")
    assert [row["notation"].value for row in rows] == list("abcdefg")


# Broken copies of the facts file: each must stop the load with a SourceError naming the file and line.

def broken(tmp_path, edit):
    path = tmp_path / "sendai-framework.yml"
    path.write_text(edit(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def refused(path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load_sendai(path)
    assert caught.value.path == str(path)
    return caught.value


def drop_line(starting: str):
    return lambda text: "".join(line for line in text.splitlines(keepends=True) if not line.startswith(starting))


def test_missing_file_is_refused(tmp_path):
    assert "not found" in refused(tmp_path / "nowhere.yml").message


def test_missing_target_letter_is_refused_at_the_next_letter(tmp_path):
    error = refused(broken(tmp_path, drop_line("  c: ")))
    assert (error.line, error.message) == (17, "expected global target 'c', found 'd'")


def test_missing_last_target_is_refused(tmp_path):
    error = refused(broken(tmp_path, drop_line("  g: ")))
    assert error.line == 20 and "expected global target 'g'" in error.message


def test_repeated_target_letter_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("  c: Reduce", "  b: Reduce")))
    assert error.line == 17 and "'b' given twice" in error.message


def test_missing_document_key_is_refused(tmp_path):
    error = refused(broken(tmp_path, drop_line("  targets_paragraph:")))
    assert (error.line, error.message) == (3, "expected the key 'targets_paragraph' under 'document'")


def test_empty_target_wording_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("  d: Substantially reduce disaster damage", "  d: #")))
    assert error.line == 18 and "non-empty text" in error.message


def test_malformed_date_is_refused(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("adopted_on: 2015-03-18", "adopted_on: 18 March 2015")))
    assert error.line == 7 and "YYYY-MM-DD" in error.message


def test_broken_yaml_is_refused_with_its_line(tmp_path):
    error = refused(broken(tmp_path, lambda t: t.replace("priorities:", "priorities: [", 1)))
    assert "not valid YAML" in error.message and error.line is not None
